"""``billing.review.review_decisions_for``: the tier's answer for many clients at once."""

from datetime import UTC, datetime

import pytest

from billing.review import review_decision, review_decisions_for
from tests.factories import ClientFactory, SubscriptionFactory, TierFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)


def client_on(org, service_model=None, **client_fields):
    client = ClientFactory(organization=org, **client_fields)
    if service_model:
        SubscriptionFactory(
            client=client, tier=TierFactory(organization=org, service_model=service_model)
        )
    return client


@pytest.mark.parametrize("kind", ["progression", "deload", "substitution", "schedule_change"])
@pytest.mark.parametrize("level", ["green", "yellow", "red"])
def test_it_answers_as_review_decision_does_for_each_client(org, kind, level):
    clients = [
        client_on(org, "ai_self_guided"),
        client_on(org, "concierge"),
        client_on(org),
        client_on(org, "ai_first_escalation", automation_hold=True),
    ]

    decide = review_decisions_for(clients, NOW)

    for client in clients:
        assert decide(client, kind, level) == review_decision(client, kind, level, NOW)


def test_it_reads_every_tier_in_one_query(org, django_assert_num_queries):
    clients = [client_on(org, "ai_self_guided") for _ in range(5)]

    with django_assert_num_queries(1):
        decide = review_decisions_for(clients, NOW)
        for client in clients:
            decide(client, "progression", "green")


def test_a_change_the_coach_decides_waits_for_review_where_the_tier_would_apply_it(org):
    client = client_on(org, "ai_self_guided")  # routine kinds auto-apply at green
    decide = review_decisions_for([client], NOW)

    assert decide(client, "schedule_change", "green").action == "auto_apply"
    answer = decide(client, "schedule_change", "green", coach_decides=True)
    assert answer.action == "review"
    assert answer.due_at == datetime(2026, 11, 23, 3, 0, tzinfo=UTC)  # 72 h


def test_a_change_the_coach_decides_is_still_held_for_a_client_on_hold(org):
    client = client_on(org, "ai_self_guided", automation_hold=True)

    answer = review_decisions_for([client], NOW)(client, "schedule_change", "green", True)

    assert answer.action == "hold"
