"""A client cannot upgrade their own tier for free: a dearer tier waits until it is paid (Stripe
Checkout, or the owner marking the payment), a cheaper one starts with the next period; both are
shown, pending, to the client and the owner."""

import json
import time
from datetime import timedelta
from urllib.parse import parse_qs

import pytest
from django.utils import timezone

from billing import gateway
from billing.core.tier_change import NEXT_PERIOD, NOW, ON_PAYMENT, tier_change_timing
from billing.models import Subscription, TierChange
from tests.billing.test_stripe import FakeStripeHTTP, post, signed
from tests.factories import TierFactory

pytestmark = pytest.mark.django_db

MOMENT = timezone.now()


def subscription_url(org, client_record, suffix=""):
    return f"/api/v1/orgs/{org.slug}/clients/{client_record.pk}/subscription/{suffix}"


@pytest.fixture
def premium(org):
    return TierFactory(organization=org, name="Premium", monthly_price=199)


@pytest.fixture
def basic(org):
    return TierFactory(organization=org, name="Basic", monthly_price=29)


@pytest.fixture
def paid_subscription(subscription):
    Subscription.unscoped.filter(pk=subscription.pk).update(
        status="active", current_period_end=timezone.now() + timedelta(days=20)
    )
    subscription.refresh_from_db()
    return subscription


# -- the rule -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "new", "period_end", "timing"),
    [
        (79, 199, MOMENT + timedelta(days=20), ON_PAYMENT),
        (79, 199, None, ON_PAYMENT),
        (79, 29, MOMENT + timedelta(days=20), NEXT_PERIOD),
        (79, 29, None, NOW),
        (79, 29, MOMENT - timedelta(days=1), NOW),
        (79, 79, MOMENT + timedelta(days=20), NOW),
    ],
)
def test_when_a_clients_tier_change_takes_effect(current, new, period_end, timing):
    assert tier_change_timing(current, new, period_end, MOMENT) == timing


# -- the client asks ------------------------------------------------------------------------------


def test_a_client_choosing_a_dearer_tier_stays_on_theirs_until_it_is_paid(
    api, org, client_user, client_record, paid_subscription, premium
):
    response = api(client_user).post(
        subscription_url(org, client_record), {"tier": premium.id}, format="json"
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["tier"], body["status"], body["price_charged"]) == (
        paid_subscription.tier_id,
        "active",
        79.0,
    )
    assert (body["pending_tier"], body["pending_starts"]) == (premium.id, "on_payment")
    assert not TierChange.unscoped.filter(to_tier=premium).exists()


def test_marking_the_payment_moves_the_client_to_the_dearer_tier_at_its_price(
    api, org, owner, client_user, client_record, paid_subscription, premium
):
    api(client_user).post(subscription_url(org, client_record), {"tier": premium.id}, format="json")

    response = api(owner).post(
        subscription_url(org, client_record, "mark-paid/"), {}, format="json"
    )

    body = response.json()
    assert (body["tier"], body["price_charged"], body["pending_tier"]) == (premium.id, 199.0, None)
    change = TierChange.unscoped.get(to_tier=premium)
    assert change.changed_by == client_user


def test_a_cheaper_tier_starts_with_the_next_period(
    api, org, owner, client_user, client_record, paid_subscription, basic
):
    response = api(client_user).post(
        subscription_url(org, client_record), {"tier": basic.id}, format="json"
    )

    body = response.json()
    assert (body["tier"], body["pending_tier"], body["pending_starts"]) == (
        paid_subscription.tier_id,
        basic.id,
        "next_period",
    )
    paid = api(owner).post(subscription_url(org, client_record, "mark-paid/"), {}, format="json")
    assert (paid.json()["tier"], paid.json()["price_charged"]) == (basic.id, 29.0)


def test_choosing_the_current_tier_again_cancels_a_pending_change(
    api, org, client_user, client_record, paid_subscription, premium
):
    url = subscription_url(org, client_record)
    api(client_user).post(url, {"tier": premium.id}, format="json")

    response = api(client_user).post(url, {"tier": paid_subscription.tier_id}, format="json")

    assert response.json()["pending_tier"] is None


def test_staff_may_move_a_client_at_once(
    api, org, owner, client_record, paid_subscription, premium
):
    response = api(owner).post(
        subscription_url(org, client_record), {"tier": premium.id}, format="json"
    )

    assert (response.json()["tier"], response.json()["pending_tier"]) == (premium.id, None)


# -- pages ----------------------------------------------------------------------------------------


def test_the_client_sees_the_change_waiting_for_payment(
    client, org, client_user, client_record, paid_subscription, premium
):
    client.force_login(client_user)

    client.post(f"/o/{org.slug}/app/plans/{premium.id}/choose/")
    page = client.get(f"/o/{org.slug}/app/plans/").content.decode()

    assert "Premium" in page and "waiting for payment" in page
    assert Subscription.unscoped.get(pk=paid_subscription.pk).tier_id == paid_subscription.tier_id


def test_the_owner_sees_pending_changes_on_the_subscriptions_page(
    client, api, org, owner, client_user, client_record, paid_subscription, basic
):
    api(client_user).post(subscription_url(org, client_record), {"tier": basic.id}, format="json")
    client.force_login(owner)

    page = client.get(f"/o/{org.slug}/owner/subscriptions/").content.decode()

    assert "Basic" in page and "next period" in page


# -- Stripe ---------------------------------------------------------------------------------------


class FakeStripeWithSubscriptions(FakeStripeHTTP):
    def request(self, method, url, headers, post_data=None, *, _usage=None):
        path = url.split("stripe.com")[-1]
        if path.startswith("/v1/subscriptions/"):
            form = {k: v[0] for k, v in parse_qs(post_data or "").items()}
            self.calls.append((method, path, form))
            body = {
                "id": path.rsplit("/", 1)[-1],
                "object": "subscription",
                "status": "active",
                "items": {
                    "object": "list",
                    "data": [{"id": "si_1", "object": "subscription_item"}],
                },
            }
            return json.dumps(body), 200, {}
        return super().request(method, url, headers, post_data, _usage=_usage)


@pytest.fixture
def fake_stripe(monkeypatch, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test_secret"
    fake = FakeStripeWithSubscriptions()
    monkeypatch.setattr(gateway, "HTTP_CLIENT", fake)
    return fake


def test_checkout_charges_the_pending_dearer_tier_and_completing_it_moves_the_client(
    api,
    anonymous,
    org,
    client_user,
    client_record,
    paid_subscription,
    premium,
    fake_stripe,
    django_capture_on_commit_callbacks,
):
    Subscription.unscoped.filter(pk=paid_subscription.pk).update(stripe_subscription_id="sub_old")
    api(client_user).post(subscription_url(org, client_record), {"tier": premium.id}, format="json")

    api(client_user).post(subscription_url(org, client_record, "checkout/"))

    checkout = next(form for _, path, form in fake_stripe.calls if path == "/v1/checkout/sessions")
    assert checkout["line_items[0][price_data][unit_amount]"] == "19900"
    assert checkout["metadata[tier_id]"] == str(premium.id)
    payload = json.dumps(
        {
            "id": "evt_upgrade",
            "type": "checkout.session.completed",
            "created": int(time.time()),
            "data": {
                "object": {
                    "object": "checkout.session",
                    "customer": "cus_1",
                    "subscription": "sub_new",
                    "metadata": {
                        k[9:-1]: v for k, v in checkout.items() if k.startswith("metadata[")
                    },
                }
            },
        }
    ).encode()
    with django_capture_on_commit_callbacks(execute=True):
        assert post(anonymous, payload, signed(payload)).status_code == 200
    subscription = Subscription.unscoped.get(pk=paid_subscription.pk)
    assert (subscription.tier, subscription.pending_tier, subscription.stripe_subscription_id) == (
        premium,
        None,
        "sub_new",
    )
    assert ("delete", "/v1/subscriptions/sub_old", {}) in fake_stripe.calls


def test_a_cheaper_tier_changes_the_stripe_price_from_the_next_period_without_proration(
    api, org, client_user, client_record, paid_subscription, basic, fake_stripe
):
    Subscription.unscoped.filter(pk=paid_subscription.pk).update(stripe_subscription_id="sub_1")
    basic.stripe_product_id = "prod_basic"
    basic.save()

    api(client_user).post(subscription_url(org, client_record), {"tier": basic.id}, format="json")

    update = next(
        form
        for method, path, form in fake_stripe.calls
        if method == "post" and path == "/v1/subscriptions/sub_1"
    )
    assert update["proration_behavior"] == "none"
    assert update["items[0][id]"] == "si_1"
    assert update["items[0][price_data][unit_amount]"] == "2900"
