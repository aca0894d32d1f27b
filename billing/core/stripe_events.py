"""Reading Stripe events: what a verified webhook body says, in Spotter's terms. Pure, no Django.

A signed body is still checked for shape (``read_event`` raises ``MalformedEvent`` naming the
part that is wrong), and what Spotter takes from its object is read defensively
(``facts_of``): a value of the wrong type or out of range is ignored, never stored. Stripe
delivers events late and out of order, so each carries its ``created`` time and an event older
than the last one applied to a subscription changes nothing (``is_older``). With a Stripe key the
subscription's state is read back from Stripe (``SubscriptionState``) and wins over the event's.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, TypeGuard

from coaching.core.bodylimits import json_body_problem

HANDLED_EVENTS = (
    "checkout.session.completed",
    "customer.subscription.updated",
    "customer.subscription.deleted",
    "invoice.paid",
    "invoice.payment_failed",
)
# Stripe's subscription statuses, as Spotter's.
STRIPE_STATUS = {
    "trialing": "trialing",
    "active": "active",
    "past_due": "past_due",
    "unpaid": "past_due",
    "incomplete": "past_due",
    "canceled": "canceled",
    "incomplete_expired": "canceled",
}
MAX_EVENT_ID = 255  # StripeEvent.event_id
MAX_TYPE = 100  # StripeEvent.type
MAX_STRIPE_ID = 64  # Subscription.stripe_customer_id, stripe_subscription_id
MAX_ATTEMPTS = 1000
# Times Spotter accepts from Stripe: 2000-01-01 to 2100-01-01 (10^20 would overflow a date).
EARLIEST_TIME = 946_684_800
LATEST_TIME = 4_102_444_800
MAX_DATABASE_ID = 2**63 - 1


class MalformedEvent(ValueError):
    """A signed body that is not a usable Stripe event; ``field`` names what is wrong."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class StripeEvent:
    id: str
    type: str
    created: int | None
    object: dict[str, Any]


def read_event(data: Any) -> StripeEvent:
    """The event in a verified body, or ``MalformedEvent`` naming the part that is wrong."""
    if not isinstance(data, dict):
        raise MalformedEvent("event", "A Stripe event is a JSON object.")
    problem = json_body_problem(data)
    if problem is not None:
        field, message = problem
        raise MalformedEvent(field, message)
    event_id = data.get("id")
    if not isinstance(event_id, str) or not event_id or len(event_id) > MAX_EVENT_ID:
        raise MalformedEvent("id", f"An event id is text of 1 to {MAX_EVENT_ID} characters.")
    kind = data.get("type")
    if not isinstance(kind, str) or not kind or len(kind) > MAX_TYPE:
        raise MalformedEvent("type", f"An event type is text of 1 to {MAX_TYPE} characters.")
    created = data.get("created")
    if created is not None and (not _is_int(created) or not 0 <= created <= LATEST_TIME):
        raise MalformedEvent("created", "The event's time is a number of seconds.")
    payload = data.get("data")
    if not isinstance(payload, dict):
        raise MalformedEvent("data", "An event carries its object in data.")
    obj = payload.get("object")
    if not isinstance(obj, dict):
        raise MalformedEvent("data.object", "The event's object is a JSON object.")
    return StripeEvent(id=event_id, type=kind, created=created, object=obj)


@dataclass(frozen=True)
class Facts:
    """What Spotter takes from an event, each None when the event does not say it usably."""

    kind: str
    status: str | None = None  # Spotter's status
    period_end: int | None = None  # seconds since the epoch
    customer_id: str | None = None
    subscription_id: str | None = None
    attempt_count: int | None = None
    tier_id: int | None = None


def facts_of(event: StripeEvent) -> Facts:
    """The facts of a handled event's object, read defensively (wrong types are ignored)."""
    obj = event.object
    kind = event.type
    if kind == "checkout.session.completed":
        return Facts(
            kind,
            status="active",
            customer_id=_stripe_id(obj.get("customer")),
            subscription_id=_stripe_id(obj.get("subscription")),
            tier_id=_database_id(_dig(obj, "metadata", "tier_id")),
        )
    if kind in ("customer.subscription.updated", "customer.subscription.deleted"):
        stripe_status = "canceled" if kind.endswith("deleted") else obj.get("status")
        return Facts(
            kind,
            status=_status(stripe_status),
            period_end=_time(obj.get("current_period_end"))
            or _time(_dig(obj, "items", "data", 0, "current_period_end")),
            subscription_id=_stripe_id(obj.get("id")),
        )
    if kind == "invoice.paid":
        return Facts(
            kind,
            status="active",
            period_end=_time(_dig(obj, "lines", "data", 0, "period", "end")),
            subscription_id=_stripe_id(obj.get("subscription")),
        )
    if kind == "invoice.payment_failed":
        attempts = obj.get("attempt_count")
        return Facts(
            kind,
            status="past_due",
            attempt_count=attempts if _is_int(attempts) and 0 < attempts <= MAX_ATTEMPTS else None,
            subscription_id=_stripe_id(obj.get("subscription")),
        )
    return Facts(kind)


@dataclass(frozen=True)
class SubscriptionState:
    """A subscription as Stripe has it now (read back with a key)."""

    status: str | None
    period_end: int | None


def state_of(subscription: Any) -> SubscriptionState:
    """The state in a subscription object read from Stripe's API (as a plain dict)."""
    if not isinstance(subscription, dict):
        return SubscriptionState(None, None)
    return SubscriptionState(
        status=_status(subscription.get("status")),
        period_end=_time(subscription.get("current_period_end"))
        or _time(_dig(subscription, "items", "data", 0, "current_period_end")),
    )


def with_state(facts: Facts, state: SubscriptionState) -> Facts:
    """The event's facts with Stripe's current status and period in place of the event's."""
    return replace(
        facts,
        status=state.status or facts.status,
        period_end=state.period_end or facts.period_end,
    )


def subscription_changes(facts: Facts) -> dict[str, Any]:
    """The subscription fields an event sets (period end as seconds since the epoch)."""
    changes: dict[str, Any] = {}
    if facts.status is not None:
        changes["status"] = facts.status
    if facts.period_end is not None:
        changes["current_period_end"] = facts.period_end
    if facts.kind == "checkout.session.completed":
        changes["stripe_customer_id"] = facts.customer_id or ""
        changes["stripe_subscription_id"] = facts.subscription_id or ""
    if facts.status == "active" and facts.kind != "customer.subscription.updated":
        changes["last_payment_error"] = ""
    if facts.kind == "invoice.payment_failed" and facts.status == "past_due":
        attempt = f" (attempt {facts.attempt_count})" if facts.attempt_count else ""
        changes["last_payment_error"] = f"Payment failed{attempt}."
    return changes


def is_older(created: int | None, last_applied: int | None) -> bool:
    """Whether an event happened before the last one applied to the same subscription (then it
    must not undo it). Events without a time are applied in arrival order."""
    return created is not None and last_applied is not None and created < last_applied


def lookup_view(obj: dict[str, Any]) -> dict[str, Any]:
    """The event's object with only usable ids where the subscription lookup reads them (Stripe
    ids as short text, Spotter ids as whole numbers); anything else is dropped, so a lookup
    finds nothing instead of failing."""
    view: dict[str, Any] = {
        "object": obj.get("object") if isinstance(obj.get("object"), str) else None
    }
    for key in ("id", "subscription"):
        stripe_id = _stripe_id(obj.get(key))
        if stripe_id:
            view[key] = stripe_id
    view["metadata"] = _clean_metadata(obj.get("metadata"))
    details = obj.get("subscription_details")
    parent_details = _dig(obj, "parent", "subscription_details")
    for name, found in (("subscription_details", details), ("parent", parent_details)):
        if isinstance(found, dict):
            clean = {
                "metadata": _clean_metadata(found.get("metadata")),
                "subscription": _stripe_id(found.get("subscription")),
            }
            view[name] = (
                clean if name == "subscription_details" else {"subscription_details": clean}
            )
    return view


def _clean_metadata(metadata: Any) -> dict[str, Any]:
    if not isinstance(metadata, dict):
        return {}
    clean = {}
    for key in ("client_id", "organization_id", "tier_id"):
        value = _database_id(metadata.get(key))
        if value is not None:
            clean[key] = str(value)
    return clean


def _dig(value: Any, *path: str | int) -> Any:
    for step in path:
        if isinstance(step, int):
            if not isinstance(value, list) or len(value) <= step:
                return None
        elif not isinstance(value, dict):
            return None
        value = value[step] if isinstance(step, int) else value.get(step)
    return value


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _time(value: Any) -> int | None:
    return value if _is_int(value) and EARLIEST_TIME <= value <= LATEST_TIME else None


def _status(value: Any) -> str | None:
    return STRIPE_STATUS.get(value) if isinstance(value, str) else None


def _stripe_id(value: Any) -> str | None:
    if isinstance(value, str) and 0 < len(value) <= MAX_STRIPE_ID:
        return value
    return None


def _database_id(value: Any) -> int | None:
    if _is_int(value):
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdigit():
        number = int(value)
    else:
        return None
    return number if 0 < number <= MAX_DATABASE_ID else None
