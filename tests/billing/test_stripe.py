"""Stripe: real signature checks with a test secret; HTTP faked at the stripe library's edge."""

import hashlib
import hmac
import json
import time
from urllib.parse import parse_qs

import pytest
import stripe

from billing import gateway
from billing.models import StripeEvent, Subscription, Tier
from coaching.models import Client

pytestmark = pytest.mark.django_db

SECRET = "whsec_test_secret"
WEBHOOK = "/api/v1/billing/stripe/webhook/"


def signed(payload: bytes, secret: str = SECRET, timestamp: int | None = None) -> str:
    timestamp = timestamp or int(time.time())
    signature = hmac.new(
        secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256
    ).hexdigest()
    return f"t={timestamp},v1={signature}"


def event(event_id: str, kind: str, obj: dict) -> bytes:
    return json.dumps(
        {"id": event_id, "object": "event", "type": kind, "data": {"object": obj}}
    ).encode()


def post(anonymous, payload: bytes, signature: str | None):
    headers = {"HTTP_STRIPE_SIGNATURE": signature} if signature else {}
    return anonymous.generic("POST", WEBHOOK, payload, content_type="application/json", **headers)


@pytest.fixture(autouse=True)
def webhook_secret(settings):
    settings.STRIPE_WEBHOOK_SECRET = SECRET


def checkout_completed(subscription, event_id="evt_checkout"):
    return event(
        event_id,
        "checkout.session.completed",
        {
            "object": "checkout.session",
            "customer": "cus_1",
            "subscription": "sub_1",
            "metadata": {
                "organization_id": str(subscription.organization_id),
                "client_id": str(subscription.client_id),
            },
        },
    )


def test_a_signed_checkout_completion_activates_the_subscription(anonymous, subscription):
    payload = checkout_completed(subscription)

    response = post(anonymous, payload, signed(payload))

    assert response.status_code == 200
    subscription.refresh_from_db()
    assert (subscription.status, subscription.stripe_subscription_id) == ("active", "sub_1")


def test_a_missing_signature_is_400_and_changes_nothing(anonymous, subscription):
    response = post(anonymous, checkout_completed(subscription), None)

    assert response.status_code == 400
    assert not StripeEvent.objects.exists()


def test_a_signature_made_with_another_secret_is_400(anonymous, subscription):
    payload = checkout_completed(subscription)

    response = post(anonymous, payload, signed(payload, secret="whsec_wrong"))

    assert response.status_code == 400
    subscription.refresh_from_db()
    assert subscription.status == "trialing"


def test_a_tampered_payload_is_400(anonymous, subscription):
    payload = checkout_completed(subscription)
    signature = signed(payload)

    response = post(anonymous, payload.replace(b"sub_1", b"sub_2"), signature)

    assert response.status_code == 400


def test_an_old_signature_is_400(anonymous, subscription):
    payload = checkout_completed(subscription)

    response = post(anonymous, payload, signed(payload, timestamp=int(time.time()) - 3600))

    assert response.status_code == 400


def test_the_secret_is_checked_even_without_a_stripe_key(anonymous, subscription, settings):
    settings.STRIPE_SECRET_KEY = ""
    payload = checkout_completed(subscription)

    assert post(anonymous, payload, "t=1,v1=bogus").status_code == 400
    assert post(anonymous, payload, signed(payload)).status_code == 200


def test_an_event_type_spotter_does_not_use_is_acknowledged(anonymous, db):
    payload = event("evt_other", "customer.created", {"object": "customer", "id": "cus_9"})

    response = post(anonymous, payload, signed(payload))

    assert response.status_code == 200
    assert response.json()["applied"] is False


def test_a_replayed_event_is_acknowledged_and_not_applied_again(anonymous, subscription):
    first = checkout_completed(subscription, "evt_once")
    post(anonymous, first, signed(first))
    Subscription.unscoped.filter(pk=subscription.pk).update(status="canceled")

    response = post(anonymous, first, signed(first))

    assert response.status_code == 200
    assert response.json()["applied"] is False
    subscription.refresh_from_db()
    assert subscription.status == "canceled"
    assert StripeEvent.objects.filter(event_id="evt_once").count() == 1


def test_a_failed_payment_marks_the_subscription_past_due_for_the_coach(
    anonymous, api, org, coach, subscription
):
    Subscription.unscoped.filter(pk=subscription.pk).update(stripe_subscription_id="sub_1")
    payload = event(
        "evt_fail",
        "invoice.payment_failed",
        {
            "object": "invoice",
            "subscription": "sub_1",
            "attempt_count": 2,
        },
    )

    post(anonymous, payload, signed(payload))

    subscription.refresh_from_db()
    assert subscription.status == "past_due"
    assert "attempt 2" in subscription.last_payment_error
    assert subscription.client.status == "active"  # training is not silently stopped


def test_a_paid_invoice_sets_the_period_end(anonymous, subscription):
    Subscription.unscoped.filter(pk=subscription.pk).update(stripe_subscription_id="sub_1")
    payload = event(
        "evt_paid",
        "invoice.paid",
        {
            "object": "invoice",
            "subscription": "sub_1",
            "lines": {"data": [{"period": {"end": 1893456000}}]},
        },
    )

    post(anonymous, payload, signed(payload))

    subscription.refresh_from_db()
    assert subscription.status == "active"
    assert subscription.current_period_end.year == 2030


def test_a_deleted_stripe_subscription_cancels(anonymous, subscription):
    Subscription.unscoped.filter(pk=subscription.pk).update(stripe_subscription_id="sub_1")
    payload = event(
        "evt_del",
        "customer.subscription.deleted",
        {
            "object": "subscription",
            "id": "sub_1",
            "status": "canceled",
        },
    )

    post(anonymous, payload, signed(payload))

    subscription.refresh_from_db()
    assert subscription.status == "canceled"


class FakeStripeHTTP(stripe.HTTPClient):
    """Answers the Stripe API calls Spotter makes, and remembers them."""

    name = "fake"

    def __init__(self):
        super().__init__()
        self.calls = []

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        form = {k: v[0] for k, v in parse_qs(post_data or "").items()}
        self.calls.append((method, url.split("stripe.com")[-1], form))
        path = url.split("stripe.com")[-1]
        if path.startswith("/v1/products"):
            body = {"id": "prod_1", "object": "product"}
        elif path.startswith("/v1/prices"):
            body = {"id": "price_1", "object": "price", "unit_amount": 7900, "currency": "usd"}
        elif path.startswith("/v1/checkout/sessions"):
            body = {"id": "cs_1", "object": "checkout.session", "url": "https://checkout.test/cs_1"}
        elif path.startswith("/v1/billing_portal/sessions"):
            body = {
                "id": "bps_1",
                "object": "billing_portal.session",
                "url": "https://portal.test/1",
            }
        else:
            return json.dumps({"error": {"message": "unknown"}}), 404, {}
        return json.dumps(body), 200, {}

    def close(self):
        pass


@pytest.fixture
def fake_stripe(monkeypatch, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    fake = FakeStripeHTTP()
    monkeypatch.setattr(gateway, "HTTP_CLIENT", fake)
    return fake


def test_checkout_charges_the_price_with_the_risk_surcharge(
    api, org, client_user, client_record, subscription, fake_stripe
):

    Client.unscoped.filter(pk=client_record.pk).update(risk="moderate")

    response = api(client_user).post(
        f"/api/v1/orgs/{org.slug}/clients/{client_record.pk}/subscription/checkout/"
    )

    assert response.status_code == 200
    assert response.json() == {"checkout_url": "https://checkout.test/cs_1"}
    checkout = next(form for _, path, form in fake_stripe.calls if path == "/v1/checkout/sessions")
    assert checkout["line_items[0][price_data][unit_amount]"] == "9400"
    assert checkout["metadata[client_id]"] == str(client_record.pk)


def test_saving_a_tier_creates_its_stripe_product_when_a_key_is_set(
    api, org, owner, fake_stripe, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api(owner).post(
            f"/api/v1/orgs/{org.slug}/tiers/",
            {"name": "Stripe tier", "service_model": "concierge", "monthly_price": 79},
            format="json",
        )

    tier = Tier.unscoped.get(pk=response.json()["id"])
    assert (tier.stripe_product_id, tier.stripe_price_id) == ("prod_1", "price_1")


def test_the_portal_link_needs_a_stripe_customer(
    api, org, client_user, client_record, subscription, fake_stripe
):
    url = f"/api/v1/orgs/{org.slug}/clients/{client_record.pk}/subscription/portal/"
    assert api(client_user).post(url).status_code == 409

    Subscription.unscoped.filter(pk=subscription.pk).update(stripe_customer_id="cus_1")

    assert api(client_user).post(url).json() == {"portal_url": "https://portal.test/1"}
