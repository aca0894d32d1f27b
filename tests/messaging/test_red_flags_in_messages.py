"""A client's message is read for red flags like a check-in: it must not wait for the tier's
answer time."""

import pytest
from django.core import mail

from coaching.models import Client
from tests.messaging.conftest import say
from triage.models import ReviewItem

pytestmark = pytest.mark.django_db


def test_a_message_describing_chest_pain_opens_a_red_item_and_alerts_the_coach(
    org, coach, client_record, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        say(client_record, client_record.user, "client", "Had chest pain on the stairs last night")

    item = ReviewItem.unscoped.get()
    assert (item.level, item.source, item.status) == ("red", "message", "open")
    assert (item.due_at - item.created_at).total_seconds() <= 3600
    assert Client.unscoped.get(pk=client_record.pk).automation_hold
    assert any(m.subject.startswith("Red flag:") and m.to == [coach.email] for m in mail.outbox)


def test_a_negated_symptom_raises_nothing(org, client_record):
    say(client_record, client_record.user, "client", "No chest pain, just tired legs")

    assert not ReviewItem.unscoped.exists()


def test_a_coachs_message_is_not_read_for_the_clients_red_flags(org, coach, client_record):
    say(client_record, coach, "coach", "If you ever feel chest pain, stop and tell me at once.")

    assert not ReviewItem.unscoped.exists()
