"""Message response time: a client's message to the team's first answer (an owner figure
beside ``sla_met_rate``, which keeps meaning review items)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from reporting.core.rules import message_response
from tests.factories import SubscriptionFactory, TierFactory
from tests.messaging.conftest import say

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NOW = T0 + timedelta(days=3)


def h(hours):
    return T0 + timedelta(hours=hours)


def figure(threads, already=(), promised=None, default=24):
    return message_response(threads, set(already), promised or {}, default, NOW)


def test_a_wait_runs_from_the_first_unanswered_client_message_to_the_next_team_message():
    result = figure({1: [(True, h(0)), (True, h(1)), (False, h(4)), (False, h(5))]})

    assert (result["answered"], result["median_hours"]) == (1, 4.0)


def test_each_new_question_after_an_answer_is_its_own_wait():
    result = figure({1: [(True, h(0)), (False, h(2)), (True, h(10)), (False, h(16))]})

    assert (result["answered"], result["median_hours"]) == (2, 4.0)


def test_the_team_writing_first_starts_no_wait():
    assert figure({1: [(False, h(0)), (False, h(1))]})["answered"] == 0


def test_waits_are_held_to_each_threads_promise():
    result = figure(
        {1: [(True, h(0)), (False, h(10))], 2: [(True, h(0)), (False, h(10))]},
        promised={1: 12, 2: 4},
    )

    assert result["within_promise_rate"] == 0.5


def test_an_unanswered_message_is_waiting_and_late_once_past_the_promise():
    result = figure(
        {1: [(True, NOW - timedelta(hours=30))], 2: [(True, NOW - timedelta(hours=2))]},
        default=24,
    )

    assert (result["waiting"], result["waiting_overdue"], result["answered"]) == (2, 1, 0)
    assert result["median_hours"] is None and result["within_promise_rate"] is None


def test_a_wait_that_began_before_the_window_is_not_counted_but_its_answer_ends_it():
    result = figure({1: [(True, h(1)), (False, h(5)), (True, h(6)), (False, h(8))]}, already={1})

    assert (result["answered"], result["median_hours"]) == (1, 2.0)


@pytest.mark.django_db
def test_the_owner_reads_the_message_response_time_beside_the_review_sla(
    api, org, owner, coach, client_record
):

    SubscriptionFactory(client=client_record, tier=TierFactory(organization=org))
    start = timezone.now() - timedelta(days=2)
    say(client_record, client_record.user, "client", "Question", now=start)
    say(client_record, coach, "coach", "Answer", now=start + timedelta(hours=6))

    body = api(owner).get(f"/api/v1/orgs/{org.slug}/metrics/").json()

    assert body["message_response"] == {
        "answered": 1,
        "median_hours": 6.0,
        "within_promise_rate": 1.0,
        "waiting": 0,
        "waiting_overdue": 0,
    }
    assert "sla_met_rate" in body
