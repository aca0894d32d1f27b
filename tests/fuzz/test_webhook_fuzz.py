"""The Stripe webhook fuzzed: correctly signed bodies of random shape (events of every handled
type with random objects, and plain JSON) are never a server error and never half-applied."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from billing.core.stripe_events import HANDLED_EVENTS, STRIPE_STATUS
from billing.models import Subscription
from tests.billing.test_stripe import post, signed
from tests.factories import SubscriptionFactory

EXAMPLES = int(os.environ.get("SPOTTER_WEBHOOK_FUZZ_EXAMPLES", "150"))

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
ids = st.sampled_from(["1", "2", "999", "abc", "-1", "99999999999999999999999", ""]) | json_values
stripe_ids = st.sampled_from(["sub_1", "sub_2", "cus_1", "x" * 300]) | json_values
times = st.integers(min_value=-(10**20), max_value=10**20) | json_values
objects = st.fixed_dictionaries(
    {},
    optional={
        "object": st.sampled_from(["subscription", "invoice", "checkout.session"]) | json_values,
        "id": stripe_ids,
        "subscription": stripe_ids,
        "customer": stripe_ids,
        "status": st.sampled_from(sorted(STRIPE_STATUS)) | json_values,
        "current_period_end": times,
        "attempt_count": times,
        "metadata": st.fixed_dictionaries(
            {}, optional={"client_id": ids, "organization_id": ids, "tier_id": ids}
        )
        | json_values,
        "lines": st.fixed_dictionaries(
            {
                "data": st.lists(
                    st.fixed_dictionaries({"period": st.fixed_dictionaries({"end": times})})
                )
            }
        )
        | json_values,
        "items": st.fixed_dictionaries(
            {"data": st.lists(st.fixed_dictionaries({"current_period_end": times}))}
        )
        | json_values,
        "parent": json_values,
        "subscription_details": json_values,
    },
)
events = st.fixed_dictionaries(
    {},
    optional={
        "id": st.text(min_size=1, max_size=40) | json_values,
        "type": st.sampled_from([*HANDLED_EVENTS, "customer.created"]) | json_values,
        "created": times,
        "data": st.fixed_dictionaries({"object": objects | json_values}) | json_values,
    },
)
bodies = events | json_values


@pytest.fixture
def webhook_world(settings, org, client_record):
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test_secret"
    settings.STRIPE_SECRET_KEY = ""
    subscription = SubscriptionFactory(client=client_record, organization=org)
    Subscription.unscoped.filter(pk=subscription.pk).update(stripe_subscription_id="sub_1")
    return subscription


@pytest.mark.django_db
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(body=bodies)
def test_signed_webhooks_of_any_shape_are_never_a_server_error(anonymous, webhook_world, body):
    payload = json.dumps(body).encode()

    response = post(anonymous, payload, signed(payload))

    assert response.status_code in (200, 400), (body, response.content[:300])
    assert response["Content-Type"] == "application/json"
    subscription = Subscription.unscoped.get(pk=webhook_world.pk)
    assert subscription.status in {"trialing", "active", "past_due", "canceled"}
    assert len(subscription.stripe_customer_id) <= 64
    assert len(subscription.last_payment_error) <= 255
