"""Money in the billing API: Decimal from the database to the response, written as JSON numbers
(CONTRACT: numbers, also for decimal fields), exact to the cent."""

import json
from decimal import Decimal

import pytest

from billing.core.presets import PRESETS
from billing.models import Subscription
from coaching.models import Client
from tests.factories import SubscriptionFactory, TierFactory

pytestmark = pytest.mark.django_db


def raw(response) -> dict:
    """The body as sent, its numbers read as Decimal (what a careful client does)."""
    return json.loads(response.content, parse_float=Decimal)


def test_a_price_in_cents_adds_up_to_the_cent_and_is_sent_as_numbers(
    api, org, coach, client_record
):
    tier = TierFactory(
        organization=org, monthly_price=Decimal("0.10"), surcharge_moderate=Decimal("0.20")
    )
    SubscriptionFactory(client=client_record, tier=tier, price_charged=Decimal("0.30"))
    Client.unscoped.filter(pk=client_record.pk).update(risk="moderate")

    response = api(coach).get(f"/api/v1/orgs/{org.slug}/clients/{client_record.pk}/price/")

    body = raw(response)
    assert (body["base"], body["surcharge"], body["total"]) == (
        Decimal("0.1"),
        Decimal("0.2"),
        Decimal("0.3"),
    )
    assert b'"total":0.3' in response.content.replace(b" ", b"")


def test_a_tiers_price_and_surcharges_are_numbers(api, org, owner):
    tier = TierFactory(
        organization=org,
        monthly_price=Decimal("79.99"),
        surcharge_moderate=Decimal("15.10"),
        surcharge_high=Decimal("35.05"),
    )

    body = raw(api(owner).get(f"/api/v1/orgs/{org.slug}/tiers/{tier.pk}/"))

    assert body["monthly_price"] == Decimal("79.99")
    assert body["risk_surcharge"] == {"moderate": Decimal("15.1"), "high": Decimal("35.05")}


def test_the_presets_prices_are_numbers(api, org, owner):
    body = raw(api(owner).get(f"/api/v1/orgs/{org.slug}/tier-presets/"))

    for model, preset in PRESETS.items():
        assert body[model]["monthly_price"] == preset["monthly_price"]
        assert body[model]["risk_surcharge"] == preset["risk_surcharge"]


def test_a_pending_tiers_price_is_a_number(api, org, owner, client_record):
    subscription = SubscriptionFactory(client=client_record)
    pending = TierFactory(organization=org, monthly_price=Decimal("109.95"))
    Subscription.unscoped.filter(pk=subscription.pk).update(
        pending_tier=pending, pending_starts="next_period"
    )

    body = raw(api(owner).get(f"/api/v1/orgs/{org.slug}/subscriptions/"))

    assert body["results"][0]["pending_price"] == Decimal("109.95")
