"""Signed webhook bodies of any shape: refused with a 400 naming what is wrong, or acknowledged
and ignored; never a server error and never a half-applied event."""

import json
import time

import pytest

from billing.models import StripeEvent, Subscription
from tests.billing.test_stripe import post, signed

pytestmark = pytest.mark.django_db

SECRET = "whsec_test_secret"


@pytest.fixture(autouse=True)
def webhook_secret(settings):
    settings.STRIPE_WEBHOOK_SECRET = SECRET


def deliver(anonymous, body):
    payload = body if isinstance(body, bytes) else json.dumps(body).encode()
    return post(anonymous, payload, signed(payload))


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ([{"id": "evt_1"}], "event"),
        ("just a string", "event"),
        ({"type": "invoice.paid", "data": {"object": {}}}, "id"),
        ({"id": 12, "type": "invoice.paid", "data": {"object": {}}}, "id"),
        ({"id": "evt_1", "type": "invoice.paid"}, "data"),
        ({"id": "evt_1", "type": "invoice.paid", "data": "x"}, "data"),
        ({"id": "evt_1", "type": "invoice.paid", "data": {"object": "sub_1"}}, "data.object"),
        ({"id": "evt_1", "type": ["invoice.paid"], "data": {"object": {}}}, "type"),
        (
            {"id": "evt_1", "type": "invoice.paid", "created": "soon", "data": {"object": {}}},
            "created",
        ),
        ({"id": "e" * 300, "type": "invoice.paid", "data": {"object": {}}}, "id"),
        ({"id": "evt_\x00", "type": "invoice.paid", "data": {"object": {}}}, "id"),
    ],
)
def test_a_malformed_event_is_400_naming_what_is_wrong_and_records_nothing(
    anonymous, db, body, field
):
    response = deliver(anonymous, body)

    assert response.status_code == 400
    assert field in response.json()
    assert not StripeEvent.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        b'{"id": "evt_1", "type": "invoice.paid", "data": {"object": '
        + b"[" * 50_000
        + b"]" * 50_000
        + b"}}",
        b'{"id": "evt_1", "type": "invoice.paid", "created": 1e999, "data": {"object": {}}}',
        b"\xff\xfe not text",
        b"{not json",
    ],
    ids=["deep", "infinite", "not utf-8", "not json"],
)
def test_a_body_that_is_not_a_usable_json_event_is_400(anonymous, db, payload):
    response = deliver(anonymous, payload)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"


@pytest.fixture
def stripe_subscription(subscription):
    Subscription.unscoped.filter(pk=subscription.pk).update(
        stripe_subscription_id="sub_1", status="active"
    )
    return subscription


def test_a_period_end_of_ten_to_the_twentieth_is_ignored_not_a_crash(
    anonymous, stripe_subscription
):
    body = {
        "id": "evt_far",
        "type": "customer.subscription.updated",
        "created": int(time.time()),
        "data": {
            "object": {
                "object": "subscription",
                "id": "sub_1",
                "status": "past_due",
                "current_period_end": 10**20,
            }
        },
    }

    response = deliver(anonymous, body)

    assert response.status_code == 200
    stripe_subscription.refresh_from_db()
    assert stripe_subscription.status == "past_due"
    assert stripe_subscription.current_period_end is None


@pytest.mark.parametrize(
    "metadata",
    [
        {"client_id": "abc", "organization_id": "1"},
        {"client_id": "99999999999999999999999", "organization_id": "1"},
        {"client_id": ["1"], "organization_id": {"x": 1}},
        "not a dict",
    ],
)
def test_metadata_that_names_no_client_is_acknowledged_and_ignored(
    anonymous, stripe_subscription, metadata
):
    body = {
        "id": "evt_meta",
        "type": "checkout.session.completed",
        "data": {"object": {"object": "checkout.session", "metadata": metadata}},
    }

    response = deliver(anonymous, body)

    assert response.status_code == 200
    assert response.json()["applied"] is False
    assert StripeEvent.objects.get(event_id="evt_meta").note == "no matching subscription"


@pytest.mark.parametrize(
    "obj",
    [
        {"object": "subscription", "id": "sub_1", "status": ["active"], "items": []},
        {"object": "subscription", "id": "sub_1", "status": "active", "items": {"data": "x"}},
        {"object": "subscription", "id": {"nested": True}, "status": "active"},
        {"object": "subscription", "id": "sub_1", "current_period_end": "tomorrow"},
        {"object": "subscription", "id": "s" * 5000, "status": "active"},
    ],
)
def test_odd_subscription_objects_are_never_a_server_error(anonymous, stripe_subscription, obj):
    body = {"id": "evt_odd", "type": "customer.subscription.updated", "data": {"object": obj}}

    response = deliver(anonymous, body)

    assert response.status_code in (200, 400)
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    "obj",
    [
        {"object": "invoice", "subscription": "sub_1", "attempt_count": 10**30},
        {"object": "invoice", "subscription": "sub_1", "lines": {"data": [{"period": "x"}]}},
        {"object": "invoice", "subscription": "sub_1", "lines": []},
        {"object": "checkout.session", "subscription": "sub_1", "customer": "c" * 500},
        {"object": "checkout.session", "subscription": "sub_1", "customer": {"id": "cus_1"}},
    ],
)
@pytest.mark.parametrize(
    "kind", ["invoice.payment_failed", "invoice.paid", "checkout.session.completed"]
)
def test_odd_invoice_and_checkout_objects_are_never_a_server_error(
    anonymous, stripe_subscription, obj, kind
):
    body = {"id": "evt_odd", "type": kind, "data": {"object": obj}}

    response = deliver(anonymous, body)

    assert response.status_code in (200, 400)
    subscription = Subscription.unscoped.get(pk=stripe_subscription.pk)
    assert len(subscription.stripe_customer_id) <= 64
    assert len(subscription.last_payment_error) <= 255
