"""An email whose context is plain values is rendered by the delivery task, after the commit,
not by the work that asked for it; one with other values is rendered at once."""

import json

import pytest
from django.core import mail

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
