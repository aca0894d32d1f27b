"""An email whose context is plain values is rendered by the delivery task, after the commit,
not by the work that asked for it; one with other values is rendered at once. Emails rendered
once for several recipients have their MIME built once too, and each is still its own message."""

import json
import logging
from email import message_from_bytes
from unittest import mock

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.mail import message as django_message
from django.core.mail.backends.base import BaseEmailBackend

from coaching import emails
from coaching.core import notification_kinds
from coaching.notifications import Note, notify

pytestmark = pytest.mark.django_db


def test_a_missed_session_email_waits_for_the_task_to_be_rendered(
    org, client_user, django_capture_on_commit_callbacks, monkeypatch
):
    rendered = []
    real = emails.render
    monkeypatch.setattr(emails, "render", lambda *args: rendered.append(args) or real(*args))
    note = Note(
        user=client_user,
        text="No session logged for Tuesday. What got in the way?",
        url="/o/x/today/",
        email={"url": "/o/x/today/", "preferences_link": "https://example.test/prefs"},
    )

    with django_capture_on_commit_callbacks(execute=True):
        notify(org, notification_kinds.MISSED_SESSION, [note])
        assert rendered == []  # nothing rendered before the commit

    assert len(rendered) == 1
    (message,) = mail.outbox
    assert "No session logged for Tuesday" in message.body
    assert "https://example.test/prefs" in message.body


def test_a_payload_left_to_render_travels_as_json():
    payload = emails.to_render("missed_session", "a@example.test", {"text": "Hi", "n": 2})

    assert json.loads(json.dumps(payload)) == payload


def test_a_context_with_other_values_is_not_plain():
    assert emails.plain({"text": "Hi", "count": 3, "done": True, "link": None})
    assert not emails.plain({"text": "Hi", "when": object()})


def test_delivering_a_payload_left_to_render_sends_the_rendered_email():
    sent = emails.deliver(
        [
            emails.to_render(
                "missed_session",
                "a@example.test",
                {"text": "No session logged for Friday.", "link": "https://example.test/l"},
            )
        ]
    )

    assert sent == 1
    assert mail.outbox[0].to == ["a@example.test"]
    assert "No session logged for Friday." in mail.outbox[0].body
    assert mail.outbox[0].alternatives  # the HTML part


def test_emails_with_the_same_template_and_context_are_rendered_once_and_sent_to_each(
    monkeypatch,
):
    rendered = []
    real = emails.render
    monkeypatch.setattr(emails, "render", lambda *args: rendered.append(args) or real(*args))
    context = {"text": "No session logged for Tuesday.", "url": "/o/x/today/"}
    other = {**context, "url": "/o/y/today/"}

    sent = emails.deliver(
        [
            emails.to_render("missed_session", "a@example.test", context),
            emails.to_render("missed_session", "b@example.test", context),
            emails.to_render("missed_session", "c@example.test", other),
        ]
    )

    assert sent == 3
    assert len(rendered) == 2
    assert [message.to for message in mail.outbox] == [
        ["a@example.test"],
        ["b@example.test"],
        ["c@example.test"],
    ]
    assert mail.outbox[0].body == mail.outbox[1].body


# A red flag: its subject, text and HTML carry the name, and the summary makes a line longer than
# an email's 998-byte limit (so the text is quoted-printable).
SAME = {
    "name": "Zoë Brontë",
    "summary": "knee pain — " + "sharp on the stairs, worse after the long run; " * 30,
    "link": "https://spotter.example/o/northside/queue/",
}
RECIPIENTS = ["a@example.test", "Zoë Coach <zoe@example.test>", "c@example.test"]


def sent_by_file(settings, tmp_path, payloads) -> list[bytes]:
    """Deliver through Django's file backend: each message's bytes, as a backend sends them."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    assert emails.deliver(payloads) == len(payloads)
    (written,) = tmp_path.iterdir()
    return written.read_bytes().split(b"\n" + b"-" * 79 + b"\n")[:-1]


def as_django_builds(name: str, to: str, context: dict) -> bytes:
    """The bytes Django's own EmailMultiAlternatives builds for an email rendered for ``to``."""
    payload = emails.render(name, to, context)
    email = EmailMultiAlternatives(payload["subject"], payload["text"], to=payload["to"])
    email.attach_alternative(payload["html"], "text/html")
    return email.message().as_bytes()


def without_date_and_message_id(raw: bytes) -> bytes:
    """A message's bytes without its Date and Message-ID lines, its multipart boundary (drawn at
    random for each message) named alike."""
    boundary = message_from_bytes(raw).get_boundary().encode()
    lines = raw.split(b"\n")
    kept = [line for line in lines if not line.startswith((b"Date: ", b"Message-ID: "))]
    assert len(lines) - len(kept) == 2
    return b"\n".join(kept).replace(boundary, b"BOUNDARY")


def without_message_id(raw: bytes) -> bytes:
    return b"\n".join(line for line in raw.split(b"\n") if not line.startswith(b"Message-ID: "))


def test_emails_sharing_content_are_sent_one_per_recipient_each_with_a_unique_message_id(
    settings, tmp_path
):
    sent = sent_by_file(
        settings, tmp_path, [emails.to_render("red_flag", to, SAME) for to in RECIPIENTS]
    )

    parsed = [message_from_bytes(raw) for raw in sent]
    assert [message.get_all("To") for message in parsed] == [
        ["a@example.test"],
        ["=?utf-8?q?Zo=C3=AB_Coach?= <zoe@example.test>"],
        ["c@example.test"],
    ]
    assert all(message["Date"] for message in parsed)
    assert not any(message["Cc"] or message["Bcc"] for message in parsed)
    assert len({message["Message-ID"] for message in parsed}) == len(RECIPIENTS)


@pytest.mark.parametrize(
    ("context", "encoding"),
    [(SAME, b"quoted-printable"), ({**SAME, "summary": "knee pain — sharp"}, b"8bit")],
    ids=["long lines", "short lines"],
)
def test_each_email_sharing_content_is_what_django_builds_but_for_date_and_message_id(
    settings, tmp_path, context, encoding
):
    sent = sent_by_file(
        settings, tmp_path, [emails.to_render("red_flag", to, context) for to in RECIPIENTS]
    )

    # Django's encodings are taken: an encoded subject; quoted-printable text for long lines.
    assert b"\nSubject: =?utf-8?" in sent[0]
    assert b"Content-Transfer-Encoding: " + encoding in sent[0]
    for raw, to in zip(sent, RECIPIENTS, strict=True):
        expected = as_django_builds("red_flag", to, context)
        assert without_date_and_message_id(raw) == without_date_and_message_id(expected)


def test_building_one_email_of_a_group_leaves_the_others_messages_as_they_were():
    same = emails.SameContent()
    group = [
        emails.SameContentEmail("Zoë — hi", "Text — Zoë", to=[to], same=same) for to in RECIPIENTS
    ]
    for email in group:
        email.attach_alternative("<p>Zoë — hi</p>", "text/html")

    # All built before any is sent (sending gives a message a boundary, and so headers of its own).
    built = [email.message() for email in group]

    assert [message["To"] for message in built] == [
        "a@example.test",
        "=?utf-8?q?Zo=C3=AB_Coach?= <zoe@example.test>",
        "c@example.test",
    ]
    assert len({message["Message-ID"] for message in built}) == len(RECIPIENTS)
    assert [len(message.items()) for message in built] == [7, 7, 7]


def test_the_mime_parts_of_fifty_emails_sharing_content_are_built_once():
    payloads = [emails.to_render("red_flag", f"c{i}@example.test", SAME) for i in range(50)]

    with mock.patch.object(
        django_message, "SafeMIMEText", wraps=django_message.SafeMIMEText
    ) as text_parts:
        sent = emails.deliver(payloads)

    assert sent == 50
    assert text_parts.call_count == 2  # the text and the HTML, once


def test_cc_reply_to_and_extra_headers_of_a_group_are_set_as_django_sets_them():
    same = emails.SameContent()
    fields = {
        "cc": ["coach@example.test"],
        "reply_to": ["Zoë Coach <zoe@example.test>"],
        "headers": {"X-Kind": "red flag — Zoë", "Date": "Tue, 04 Mar 2025 06:00:00 -0000"},
    }
    group = [
        emails.SameContentEmail("Hi", "Text", to=[to], same=same, **fields) for to in RECIPIENTS
    ]
    built = [email.message().as_bytes() for email in group]

    for raw, to in zip(built, RECIPIENTS, strict=True):
        django = EmailMultiAlternatives("Hi", "Text", to=[to], **fields).message().as_bytes()
        assert b"Date: Tue, 04 Mar 2025 06:00:00 -0000" in raw
        assert without_message_id(raw) == without_message_id(django)


def test_payloads_rendered_at_once_are_still_sent_each_to_its_own_recipient(settings, tmp_path):
    sent = sent_by_file(
        settings, tmp_path, [emails.render("red_flag", to, SAME) for to in RECIPIENTS]
    )

    for raw, to in zip(sent, RECIPIENTS, strict=True):
        expected = as_django_builds("red_flag", to, SAME)
        assert without_date_and_message_id(raw) == without_date_and_message_id(expected)


class Outage(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("no mail server")


def test_a_mail_outage_is_logged_and_nothing_is_counted_as_sent(settings, caplog):
    settings.EMAIL_BACKEND = f"{__name__}.Outage"

    with caplog.at_level(logging.ERROR, logger="coaching.emails"):
        sent = emails.deliver([emails.to_render("red_flag", to, SAME) for to in RECIPIENTS])

    assert sent == 0
    assert "could not send 3 email(s)" in caplog.text
