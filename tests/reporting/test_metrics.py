from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import ClientFactory, ReviewItemFactory, SubscriptionFactory, TierFactory
from triage.models import AdherenceScore

pytestmark = pytest.mark.django_db


def url(org):
    return f"/api/v1/orgs/{org.slug}/metrics/"


def test_an_empty_business_has_zero_revenue_and_no_rates(api, org, owner):
    body = api(owner).get(url(org)).json()

    assert body["mrr"] == 0
    assert body["active_clients"] == 0
    assert body["adherence_28d"] is None
    assert body["sla_met_rate"] is None
    assert body["retention_90d"] is None
    assert body["open_reviews"] == 0


def test_mrr_counts_active_and_past_due_subscriptions_but_not_trials(api, org, owner):
    tier = TierFactory(organization=org, name="Hybrid")
    SubscriptionFactory(
        client=ClientFactory(organization=org), tier=tier, status="active", price_charged=100
    )
    SubscriptionFactory(
        client=ClientFactory(organization=org), tier=tier, status="past_due", price_charged=50
    )
    SubscriptionFactory(
        client=ClientFactory(organization=org), tier=tier, status="trialing", price_charged=70
    )

    body = api(owner).get(url(org)).json()

    assert body["mrr"] == 150.0
    assert body["clients_by_tier"] == [
        {
            "tier": tier.id,
            "name": "Hybrid",
            "service_model": "assisted_hybrid",
            "clients": 2,
            "mrr": 150.0,
        }
    ]


def test_another_organizations_revenue_is_not_counted(api, org, other_org, owner):
    tier = TierFactory(organization=other_org)
    SubscriptionFactory(client=ClientFactory(organization=other_org), tier=tier, status="active")

    assert api(owner).get(url(org)).json()["mrr"] == 0


def test_adherence_is_the_mean_of_each_clients_latest_score(api, org, owner):
    today = timezone.localdate()
    for completion_then, completion_now in [(0.1, 0.8), (0.9, 0.6)]:
        client = ClientFactory(organization=org)
        AdherenceScore.unscoped.create(
            organization=org,
            client=client,
            date=today - timedelta(days=1),
            level="green",
            completion_28d=completion_then,
        )
        AdherenceScore.unscoped.create(
            organization=org,
            client=client,
            date=today,
            level="green",
            completion_28d=completion_now,
        )

    assert api(owner).get(url(org)).json()["adherence_28d"] == 0.7


def test_sla_met_rate_is_the_share_of_items_resolved_in_time(api, org, owner, client_record):
    now = timezone.now()
    for minutes_late, kind in [(-30, "a"), (-5, "b"), (20, "c")]:
        ReviewItemFactory(
            organization=org,
            client=client_record,
            level="yellow",
            reason_kind=kind,
            source="checkin",
            due_at=now - timedelta(hours=1),
            status="resolved",
            resolved_at=now - timedelta(hours=1) + timedelta(minutes=minutes_late),
        )

    body = api(owner).get(url(org)).json()

    assert body["sla_met_rate"] == round(2 / 3, 4)


def test_retention_counts_clients_who_joined_over_90_days_ago_and_stayed(api, org, owner):
    long_ago = timezone.now() - timedelta(days=120)
    ClientFactory(organization=org, created_at=long_ago)
    ClientFactory(organization=org, created_at=long_ago, status="archived")
    ClientFactory(organization=org)

    assert api(owner).get(url(org)).json()["retention_90d"] == 0.5


def test_the_owner_home_shows_the_figures(client, org, owner):
    TierFactory(organization=org, name="Hybrid")
    client.force_login(owner)

    response = client.get("/o/northside/owner/")

    assert b"monthly recurring revenue" in response.content
    assert b"Hybrid" in response.content
