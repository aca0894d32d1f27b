"""Stripe may deliver events late and out of order: an older event never undoes a newer one
(Spotter keeps the time of the last event applied per subscription), and with a Stripe key the
subscription's state is read back from Stripe instead of trusted from the event."""

import json
import time

import pytest
import stripe

from billing import gateway
from billing.models import StripeEvent, Subscription
from tests.billing.test_stripe import FakeStripeHTTP, post, signed

pytestmark = pytest.mark.django_db

SECRET = "whsec_test_secret"
NOW = int(time.time())


@pytest.fixture(autouse=True)
def webhook_secret(settings):
    settings.STRIPE_WEBHOOK_SECRET = SECRET


@pytest.fixture
def stripe_subscription(subscription):
    Subscription.unscoped.filter(pk=subscription.pk).update(
        stripe_subscription_id="sub_1", status="active"
    )
    return subscription


def event(event_id, kind, obj, created):
    return json.dumps(
        {
            "id": event_id,
            "object": "event",
            "type": kind,
            "created": created,
            "data": {"object": obj},
        }
    ).encode()


def deliver(anonymous, payload):
    response = post(anonymous, payload, signed(payload))
    assert response.status_code == 200, response.content
    return response.json()


def subscription_event(event_id, kind, status, created, period_end=None):
    obj = {"object": "subscription", "id": "sub_1", "status": status}
    if period_end:
        obj["current_period_end"] = period_end
    return event(event_id, kind, obj, created)


def invoice_event(event_id, kind, created):
    obj = {"object": "invoice", "subscription": "sub_1", "attempt_count": 1}
    return event(event_id, kind, obj, created)


def status_of(subscription):
    subscription.refresh_from_db()
    return subscription.status


def test_an_older_update_after_the_deletion_does_not_revive_the_subscription(
    anonymous, stripe_subscription
):
    deliver(
        anonymous, subscription_event("evt_del", "customer.subscription.deleted", "canceled", NOW)
    )

    answer = deliver(
        anonymous,
        subscription_event("evt_upd", "customer.subscription.updated", "active", NOW - 60),
    )

    assert status_of(stripe_subscription) == "canceled"
    assert answer["applied"] is False
    assert "older" in StripeEvent.objects.get(event_id="evt_upd").note


def test_an_older_failed_payment_after_a_paid_invoice_leaves_it_active(
    anonymous, stripe_subscription
):
    deliver(anonymous, invoice_event("evt_paid", "invoice.paid", NOW))

    deliver(anonymous, invoice_event("evt_failed", "invoice.payment_failed", NOW - 60))

    assert status_of(stripe_subscription) == "active"
    stripe_subscription.refresh_from_db()
    assert stripe_subscription.last_payment_error == ""


def test_events_in_order_are_all_applied(anonymous, stripe_subscription):
    deliver(anonymous, invoice_event("evt_failed", "invoice.payment_failed", NOW - 60))
    assert status_of(stripe_subscription) == "past_due"

    deliver(anonymous, invoice_event("evt_paid", "invoice.paid", NOW))

    assert status_of(stripe_subscription) == "active"


def test_an_update_then_a_deletion_in_order_cancels(anonymous, stripe_subscription):
    deliver(
        anonymous,
        subscription_event("evt_upd", "customer.subscription.updated", "active", NOW - 60),
    )

    deliver(
        anonymous, subscription_event("evt_del", "customer.subscription.deleted", "canceled", NOW)
    )

    assert status_of(stripe_subscription) == "canceled"


def test_the_time_of_the_last_event_applied_is_kept(anonymous, stripe_subscription):
    deliver(anonymous, invoice_event("evt_paid", "invoice.paid", NOW))

    stripe_subscription.refresh_from_db()
    assert int(stripe_subscription.stripe_event_at.timestamp()) == NOW


class StripeSaysCanceled(FakeStripeHTTP):
    """Stripe's own record of sub_1: canceled, whatever a late event claims."""

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        path = url.split("stripe.com")[-1]
        if method == "get" and path.startswith("/v1/subscriptions/sub_1"):
            self.calls.append((method, path, {}))
            body = {
                "id": "sub_1",
                "object": "subscription",
                "status": "canceled",
                "items": {"object": "list", "data": [{"current_period_end": NOW + 86_400}]},
            }
            return json.dumps(body), 200, {}
        return super().request(method, url, headers, post_data, _usage=_usage)


@pytest.fixture
def stripe_says_canceled(monkeypatch, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    fake = StripeSaysCanceled()
    monkeypatch.setattr(gateway, "HTTP_CLIENT", fake)
    return fake


def test_with_a_key_the_subscription_is_read_back_from_stripe(
    anonymous, stripe_subscription, stripe_says_canceled
):
    deliver(
        anonymous,
        subscription_event("evt_upd", "customer.subscription.updated", "active", NOW),
    )

    assert status_of(stripe_subscription) == "canceled"
    assert ("get", "/v1/subscriptions/sub_1", {}) in stripe_says_canceled.calls
    stripe_subscription.refresh_from_db()
    assert int(stripe_subscription.current_period_end.timestamp()) == NOW + 86_400


def test_with_a_key_a_paid_invoice_applies_what_stripe_says_now(
    anonymous, stripe_subscription, stripe_says_canceled
):
    deliver(anonymous, invoice_event("evt_paid", "invoice.paid", NOW))

    assert status_of(stripe_subscription) == "canceled"


class StripeUnreachable(FakeStripeHTTP):
    def request(self, method, url, headers, post_data=None, *, _usage=None):
        raise stripe.APIConnectionError("no route to Stripe")


def test_when_stripe_cannot_be_read_back_the_event_is_refused_for_a_retry(
    anonymous, stripe_subscription, monkeypatch, settings
):
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    monkeypatch.setattr(gateway, "HTTP_CLIENT", StripeUnreachable())
    payload = subscription_event("evt_upd", "customer.subscription.updated", "past_due", NOW)

    response = post(anonymous, payload, signed(payload))

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert not StripeEvent.objects.filter(event_id="evt_upd").exists()
    assert status_of(stripe_subscription) == "active"
