"""Emails about new messages: after commit, at once without a worker, otherwise one digest per
person at most every 15 minutes, with a link, and never to someone who turned them off."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from coaching.models import EmailOptOut
from coaching.tenancy import tenant_scope
from messaging import services, tasks
from tests.factories import ClientFactory, MembershipFactory
from tests.messaging.conftest import say

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_a_worker(monkeypatch):
    """Tasks go to a worker (REDIS_URL set): messages wait for the beat's digest."""
    monkeypatch.setattr(tasks, "run_in_process", lambda: False)


def digest(org, at):
    with tenant_scope(org):
        return services.email_new_messages(org, now=at)


def test_without_a_worker_a_clients_message_emails_their_coach_once_it_commits(
    org, coach, client_record, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://127.0.0.1:8123"
    with django_capture_on_commit_callbacks(execute=True):
        say(client_record, client_record.user, "client", "My knee is fine again")
        assert not mail.outbox  # nothing before the commit

    (email,) = mail.outbox
    assert email.to == ["coach@north.test"]
    assert client_record.user.display_name in email.subject
    assert "My knee is fine again" in email.body
    link = f"http://127.0.0.1:8123/o/northside/coach/clients/{client_record.pk}/messages/"
    assert link in email.body
    assert link in email.alternatives[0][0]


def test_without_a_worker_each_message_emails_at_once(
    org, coach, client_record, django_capture_on_commit_callbacks
):
    for text in ("One", "Two"):
        with django_capture_on_commit_callbacks(execute=True):
            say(client_record, coach, "coach", text)

    assert [m.to for m in mail.outbox] == [["client@north.test"], ["client@north.test"]]
    assert "/o/northside/app/messages/" in mail.outbox[1].body


def test_a_message_in_a_rolled_back_transaction_emails_nobody(
    org, coach, client_record, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                say(client_record, coach, "coach", "Never sent")
                raise RuntimeError("the request failed")
        except RuntimeError:
            pass

    assert not mail.outbox


def test_someone_who_turned_message_emails_off_gets_none_but_still_sees_the_message(
    org, coach, client_record, django_capture_on_commit_callbacks
):
    EmailOptOut.unscoped.create(organization=org, user=client_record.user, kind="messages")

    with django_capture_on_commit_callbacks(execute=True):
        say(client_record, coach, "coach", "Quiet please")

    assert not mail.outbox
    with tenant_scope(org):
        assert services.unread_count(client_record.user, "client") == 1


def test_with_a_worker_messages_wait_for_the_digest_and_go_as_one_email(
    org, coach, client_record, with_a_worker, django_capture_on_commit_callbacks
):
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        say(client_record, coach, "coach", "First thought")
        say(client_record, coach, "coach", "Second thought")
    assert not mail.outbox

    with django_capture_on_commit_callbacks(execute=True):
        assert digest(org, now) == 1

    (email,) = mail.outbox
    assert email.subject == f"2 new messages from {coach.display_name}"
    assert "Second thought" in email.body
    assert "at most one of these emails every 15 minutes" in email.body


def test_a_person_is_emailed_at_most_once_per_15_minutes(
    org, coach, client_record, with_a_worker, django_capture_on_commit_callbacks
):
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        say(client_record, client_record.user, "client", "Hello")
        digest(org, now)
        say(client_record, client_record.user, "client", "Are you there?")
        digest(org, now + timedelta(minutes=14))
    assert len(mail.outbox) == 1

    with django_capture_on_commit_callbacks(execute=True):
        digest(org, now + timedelta(minutes=15))

    assert len(mail.outbox) == 2
    assert "Are you there?" in mail.outbox[1].body
    assert "Hello" not in mail.outbox[1].body


def test_a_message_read_before_the_digest_is_not_emailed(
    org, coach, client_record, with_a_worker, django_capture_on_commit_callbacks
):
    message = say(client_record, coach, "coach", "Read it in the app")
    with tenant_scope(org):
        services.mark_read(services.thread_for(client_record), "client", message.pk)

    with django_capture_on_commit_callbacks(execute=True):
        assert digest(org, timezone.now()) == 0

    assert not mail.outbox


def test_a_coach_gets_one_digest_for_several_clients(
    org, coach, client_record, with_a_worker, django_capture_on_commit_callbacks
):
    other = ClientFactory(organization=org, coach=coach, user__name="Bea Bloggs")
    say(client_record, client_record.user, "client", "From the first")
    say(other, other.user, "client", "From Bea")

    with django_capture_on_commit_callbacks(execute=True):
        digest(org, timezone.now())

    (email,) = mail.outbox
    assert email.subject == "New messages from 2 clients"
    assert "From the first" in email.body and "From Bea" in email.body


def test_a_client_without_a_coach_is_heard_by_the_owners(
    org, owner, with_a_worker, django_capture_on_commit_callbacks
):
    unassigned = ClientFactory(organization=org, coach=None)
    say(unassigned, unassigned.user, "client", "Hello?")

    with django_capture_on_commit_callbacks(execute=True):
        digest(org, timezone.now())

    assert [m.to for m in mail.outbox] == [["owner@north.test"]]


def test_a_colleagues_message_is_news_to_the_client_not_to_the_team(
    org, coach, client_record, with_a_worker, django_capture_on_commit_callbacks
):
    colleague = MembershipFactory(organization=org, role="coach").user
    say(client_record, colleague, "coach", "Covering for your coach this week")

    with django_capture_on_commit_callbacks(execute=True):
        digest(org, timezone.now())

    assert [m.to for m in mail.outbox] == [["client@north.test"]]


def test_the_beat_starts_a_digest_only_for_organizations_with_news(
    org, other_org, coach, client_record, with_a_worker, django_capture_on_commit_callbacks
):
    say(client_record, coach, "coach", "News")

    with django_capture_on_commit_callbacks(execute=True):
        started = tasks.digest_fanout()

    assert started == [org.pk]
    assert [m.to for m in mail.outbox] == [["client@north.test"]]
