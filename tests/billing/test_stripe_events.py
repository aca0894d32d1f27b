"""The pure reading of Stripe events (billing.core.stripe_events)."""

import pytest

from billing.core.stripe_events import (
    Facts,
    MalformedEvent,
    StripeEvent,
    SubscriptionState,
    facts_of,
    is_older,
    lookup_view,
    read_event,
    state_of,
    subscription_changes,
    with_state,
)

T = 1_750_000_000


def event(kind, obj, created=T):
    return StripeEvent(id="evt_1", type=kind, created=created, object=obj)


@pytest.mark.parametrize(
    ("created", "last", "older"),
    [(T - 1, T, True), (T, T, False), (T + 1, T, False), (None, T, False), (T, None, False)],
)
def test_an_event_is_older_only_when_both_times_are_known_and_it_came_first(created, last, older):
    assert is_older(created, last) is older


def test_a_deletion_is_canceled_with_its_period_end_from_the_items():
    obj = {"id": "sub_1", "items": {"data": [{"current_period_end": T}]}}

    assert facts_of(event("customer.subscription.deleted", obj)) == Facts(
        "customer.subscription.deleted", status="canceled", period_end=T, subscription_id="sub_1"
    )


@pytest.mark.parametrize(
    "obj",
    [
        {"id": "sub_1", "status": ["active"], "current_period_end": 10**20},
        {"id": "sub_1", "status": "dancing", "current_period_end": "soon"},
        {"id": "sub_1", "items": {"data": "x"}, "current_period_end": True},
    ],
)
def test_values_of_the_wrong_type_or_range_are_ignored(obj):
    facts = facts_of(event("customer.subscription.updated", obj))

    assert (facts.status, facts.period_end) == (None, None)


def test_a_failed_payment_says_which_attempt():
    facts = facts_of(event("invoice.payment_failed", {"subscription": "sub_1", "attempt_count": 2}))

    assert subscription_changes(facts) == {
        "status": "past_due",
        "last_payment_error": "Payment failed (attempt 2).",
    }


def test_stripes_own_state_wins_over_the_event():
    facts = facts_of(event("invoice.payment_failed", {"subscription": "sub_1"}))

    changes = subscription_changes(with_state(facts, SubscriptionState("active", T)))

    assert changes == {"status": "active", "current_period_end": T, "last_payment_error": ""}


def test_the_state_read_back_maps_stripes_statuses():
    assert state_of({"status": "unpaid", "current_period_end": T}) == SubscriptionState(
        "past_due", T
    )


@pytest.mark.parametrize(
    ("metadata", "clean"),
    [
        ({"client_id": "12", "organization_id": 3}, {"client_id": "12", "organization_id": "3"}),
        ({"client_id": "abc", "organization_id": "1"}, {"organization_id": "1"}),
        ({"client_id": "9" * 30}, {}),
        ({"client_id": "-1", "organization_id": True}, {}),
        ("not a dict", {}),
    ],
)
def test_the_lookup_sees_only_whole_number_ids(metadata, clean):
    assert lookup_view({"object": "checkout.session", "metadata": metadata})["metadata"] == clean


def test_the_lookup_sees_stripe_ids_only_as_short_text():
    view = lookup_view({"object": "invoice", "subscription": {"id": "sub_1"}, "id": "x" * 100})

    assert "subscription" not in view and "id" not in view


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ([], "event"),
        ({"type": "x", "data": {"object": {}}}, "id"),
        ({"id": "e", "data": {"object": {}}}, "type"),
        ({"id": "e", "type": "x", "created": -1, "data": {"object": {}}}, "created"),
        ({"id": "e", "type": "x", "created": 10**20, "data": {"object": {}}}, "created"),
        ({"id": "e", "type": "x", "data": []}, "data"),
        ({"id": "e", "type": "x", "data": {"object": None}}, "data.object"),
        ({"id": "e", "type": "x", "data": {"object": {"a": float("inf")}}}, "data"),
    ],
)
def test_a_malformed_event_names_what_is_wrong(data, field):
    with pytest.raises(MalformedEvent) as raised:
        read_event(data)

    assert raised.value.field == field


def test_a_well_formed_event_is_read():
    assert read_event(
        {"id": "evt_1", "type": "invoice.paid", "created": T, "data": {"object": {"a": 1}}}
    ) == StripeEvent("evt_1", "invoice.paid", T, {"a": 1})
