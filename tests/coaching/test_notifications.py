"""The one notification service: the in-app notice now, its email after commit, per-kind
opt-outs, and what must arrive whatever a person chose."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client as Browser

from coaching.core import notification_kinds as kinds
from coaching.models import EmailOptOut, Notification
from coaching.notifications import Note, email_address, notify
from coaching.tenancy import tenant_scope

pytestmark = pytest.mark.django_db

REMINDER_EMAIL = {"url": "/o/northside/app/", "preferences_link": "http://x/prefs"}


def send(org, kind, user, email=REMINDER_EMAIL, text="Planned for today: Legs."):
    with tenant_scope(org):
        return notify(org, kind, [Note(user=user, text=text, url="/o/northside/app/", email=email)])


def test_the_notice_is_recorded_at_once_and_the_email_waits_for_the_commit(
    org, client_record, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(org, kinds.SESSION_REMINDER, client_record.user)
        assert Notification.unscoped.get().kind == "session_reminder"
        assert not mail.outbox

    (email,) = mail.outbox
    assert email.subject == "Today's planned session"
    assert email.to == ["client@north.test"]
    assert email.alternatives[0][1] == "text/html"


def test_a_rolled_back_notice_sends_no_email(
    org, client_record, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                send(org, kinds.SESSION_REMINDER, client_record.user)
                raise RuntimeError("the night failed")
        except RuntimeError:
            pass

    assert not mail.outbox
    assert not Notification.unscoped.exists()


def test_an_opted_out_kind_records_the_notice_but_sends_no_email(
    org, client_record, django_capture_on_commit_callbacks
):
    EmailOptOut.unscoped.create(organization=org, user=client_record.user, kind="session_reminder")

    with django_capture_on_commit_callbacks(execute=True):
        queued = send(org, kinds.SESSION_REMINDER, client_record.user)

    assert queued == 0
    assert not mail.outbox
    assert Notification.unscoped.filter(user=client_record.user).exists()


def test_an_opt_out_of_one_kind_leaves_the_others(
    org, client_record, django_capture_on_commit_callbacks
):
    EmailOptOut.unscoped.create(organization=org, user=client_record.user, kind="missed_session")

    with django_capture_on_commit_callbacks(execute=True):
        send(org, kinds.SESSION_REMINDER, client_record.user)

    assert len(mail.outbox) == 1


def test_a_red_flag_alert_reaches_the_coach_even_if_they_tried_to_turn_it_off(
    org, coach, django_capture_on_commit_callbacks
):
    EmailOptOut.unscoped.create(organization=org, user=coach, kind="red_flag")

    with django_capture_on_commit_callbacks(execute=True):
        send(
            org,
            kinds.RED_FLAG,
            coach,
            email={"name": "Ana", "summary": "chest pain", "url": "/o/northside/coach/"},
        )

    (email,) = mail.outbox
    assert email.subject == "Red flag: Ana needs a person now"
    assert "http://127.0.0.1:8000/o/northside/coach/" in email.body


def test_an_in_app_only_kind_sends_no_email(org, coach, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send(org, kinds.COACH_FLAG, coach, email=None, text="Robin flagged Ana (yellow).")

    assert not mail.outbox
    assert Notification.unscoped.get().kind == "coach_flag"


def test_an_unknown_kind_is_refused_before_anything_is_written(org, coach):
    with pytest.raises(ValueError, match="unknown notification kind"):
        send(org, "birthday", coach)

    assert not Notification.unscoped.exists()


@pytest.mark.parametrize(
    ("key", "opted_out", "emailed"),
    [
        ("session_reminder", set(), True),
        ("session_reminder", {"session_reminder"}, False),
        ("messages", {"session_reminder"}, True),
        ("red_flag", {"red_flag"}, True),
        ("invitation", {"invitation"}, True),
        ("password_reset", {"password_reset"}, True),
        ("coach_reply", set(), False),
    ],
)
def test_email_allowed_follows_the_opt_outs_except_for_what_must_arrive(key, opted_out, emailed):
    assert kinds.email_allowed(key, opted_out) is emailed


def test_clients_may_turn_off_their_optional_emails_but_not_the_mandatory_ones():
    client_keys = {k.key for k in kinds.opt_out_kinds(kinds.CLIENT)}
    staff_keys = {k.key for k in kinds.opt_out_kinds(kinds.STAFF)}

    assert client_keys == {"messages", "session_reminder", "missed_session"}
    assert staff_keys == {"client_messages"}
    assert not {"red_flag", "invitation", "password_reset"} & (client_keys | staff_keys)


def test_a_digest_is_due_only_once_the_interval_has_passed():

    now = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
    interval = timedelta(minutes=15)

    assert kinds.digest_due(None, now, interval)
    assert not kinds.digest_due(now - timedelta(minutes=14), now, interval)
    assert kinds.digest_due(now - timedelta(minutes=15), now, interval)


def browser(user) -> Browser:
    page = Browser()
    page.force_login(user)
    return page


def test_a_client_turns_off_reminder_emails_on_the_preferences_page(org, client_record):
    page = browser(client_record.user)

    html = page.get("/o/northside/settings/notifications/").content.decode()
    response = page.post(
        "/o/northside/settings/notifications/", {"email": ["messages", "missed_session"]}
    )

    assert "Morning reminder of a planned session" in html
    assert "Invitations to join" in html  # listed as always sent
    assert response.status_code == 302
    assert list(EmailOptOut.unscoped.values_list("kind", flat=True)) == ["session_reminder"]


def test_turning_an_email_back_on_removes_the_opt_out(org, client_record):
    EmailOptOut.unscoped.create(organization=org, user=client_record.user, kind="messages")

    browser(client_record.user).post(
        "/o/northside/settings/notifications/",
        {"email": ["messages", "session_reminder", "missed_session"]},
    )

    assert not EmailOptOut.unscoped.exists()


def test_a_coach_sees_red_flag_alerts_as_always_sent_and_may_turn_off_message_emails(org, coach):
    page = browser(coach)

    html = page.get("/o/northside/settings/notifications/").content.decode()
    page.post("/o/northside/settings/notifications/", {})

    assert "Red-flag alerts about your clients" in html
    assert 'value="red_flag"' not in html
    assert list(EmailOptOut.unscoped.values_list("kind", flat=True)) == ["client_messages"]


def test_a_client_cannot_opt_out_of_a_kind_that_must_arrive(org, client_record):
    browser(client_record.user).post(
        "/o/northside/settings/notifications/",
        {"email": ["messages", "session_reminder", "missed_session"], "bogus": "invitation"},
    )

    assert not EmailOptOut.unscoped.filter(kind="invitation").exists()


def test_only_a_kind_that_must_arrive_may_be_emailed_to_a_bare_address():

    with pytest.raises(ValueError, match="may be turned off"):
        email_address("messages", "someone@example.test", {})
