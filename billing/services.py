"""Billing writes: subscriptions, manual payments, Stripe events. Each one transaction."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from django.db import transaction
from django.utils import timezone

from billing import gateway
from billing.core import stripe_events, tier_change
from billing.models import (
    MANUAL_PERIOD,
    ManualPayment,
    StripeEvent,
    Subscription,
    SubscriptionStatus,
    Tier,
    TierChange,
)
from coaching.models import Organization
from coaching.tenancy import stripe_subscription_scope, tenant_scope

log = logging.getLogger(__name__)


def tier_of(client) -> Tier | None:
    """The client's current tier, or None (no subscription yet)."""
    subscription = Subscription.unscoped.select_related("tier").filter(client=client).first()
    return subscription.tier if subscription else None


@transaction.atomic
def choose_tier(client, tier: Tier, *, by) -> Subscription:
    """Put a client on a tier (first time or a change), recording who changed it and when.

    The price charged follows the client's risk segment. When the client asks themself, a
    dearer tier waits for its payment and a cheaper one for the next period
    (``billing.core.tier_change``); it is kept as the subscription's pending change until then.
    Choosing the current tier again cancels a pending change.
    """
    price = tier.price_for_risk(client.risk)
    subscription = Subscription.objects.select_for_update().filter(client=client).first()
    if subscription is None:
        subscription = Subscription.objects.create(
            organization=client.organization,
            client=client,
            tier=tier,
            price_charged=price.total,
            currency=tier.currency,
        )
        TierChange.objects.create(
            organization=client.organization,
            subscription=subscription,
            from_tier=None,
            to_tier=tier,
            changed_by=by,
        )
        return subscription
    had_next_period_change = subscription.pending_starts == tier_change.NEXT_PERIOD
    if subscription.tier_id == tier.id:
        if subscription.pending_tier_id is not None:
            _clear_pending(subscription)
            if had_next_period_change:
                _price_stripe_from_next_period(subscription, subscription.tier, client)
        return subscription
    timing = tier_change.NOW
    if by is not None and by.pk == client.user_id:
        timing = tier_change.tier_change_timing(
            subscription.price_charged, price.total, subscription.current_period_end, timezone.now()
        )
    if timing == tier_change.NOW:
        _move(subscription, tier, by)
        return subscription
    subscription.pending_tier = tier
    subscription.pending_starts = timing
    subscription.pending_requested_by = by
    subscription.pending_requested_at = timezone.now()
    subscription.save(update_fields=[*PENDING_FIELDS, "updated_at"])
    if timing == tier_change.NEXT_PERIOD:
        _price_stripe_from_next_period(subscription, tier, client)
    elif had_next_period_change:
        _price_stripe_from_next_period(subscription, subscription.tier, client)
    return subscription


PENDING_FIELDS = ["pending_tier", "pending_starts", "pending_requested_by", "pending_requested_at"]
PRICE_CHANGE_FIELDS = ["grandfathered_price", "next_price", "next_price_from"]


def _clear_pending(subscription: Subscription) -> None:
    subscription.pending_tier = None
    subscription.pending_starts = ""
    subscription.pending_requested_by = None
    subscription.pending_requested_at = None
    subscription.save(update_fields=[*PENDING_FIELDS, "updated_at"])


def _move(subscription: Subscription, tier: Tier, by) -> None:
    """The subscription is on ``tier`` from now, at the client's price for it."""
    TierChange.objects.create(
        organization=subscription.organization,
        subscription=subscription,
        from_tier_id=subscription.tier_id,
        to_tier=tier,
        changed_by=by,
    )
    subscription.tier = tier
    subscription.price_charged = tier.price_for_risk(subscription.client.risk).total
    subscription.currency = tier.currency
    subscription.pending_tier = None
    subscription.pending_starts = ""
    subscription.pending_requested_by = None
    subscription.pending_requested_at = None
    # A kept (or coming) price belonged to the old tier.
    subscription.grandfathered_price = None
    subscription.next_price = None
    subscription.next_price_from = None
    subscription.save(
        update_fields=[
            "tier",
            "price_charged",
            "currency",
            *PENDING_FIELDS,
            *PRICE_CHANGE_FIELDS,
            "updated_at",
        ]
    )


def apply_pending_change(subscription: Subscription) -> bool:
    """Carry out the subscription's pending tier change (it is paid for, or its period came)."""
    if subscription.pending_tier_id is None:
        return False
    _move(subscription, subscription.pending_tier, subscription.pending_requested_by)
    return True


def _price_stripe_from_next_period(subscription: Subscription, tier: Tier, client) -> None:
    """With Stripe, charge ``tier``'s price from the next renewal on, without proration."""
    if not gateway.is_configured() or not subscription.stripe_subscription_id:
        return
    if not tier.stripe_product_id:
        sync_tier_to_stripe(tier)
        tier.refresh_from_db()
    gateway.change_price_at_renewal(
        subscription.stripe_subscription_id,
        product_id=tier.stripe_product_id,
        amount_cents=tier.price_for_risk(client.risk).total_cents,
        currency=tier.currency,
    )


@transaction.atomic
def mark_paid(subscription: Subscription, *, by, note: str = "") -> ManualPayment:
    """Manual mode: the owner records a month's payment; the subscription becomes active.

    A pending tier change is carried out first, so the payment is for the tier it pays for:
    the dearer tier the client asked for, or the cheaper one the next period starts on."""
    from billing.price_changes import apply_next_price

    apply_pending_change(subscription)
    now = timezone.now()
    start = max(subscription.current_period_end or now, now)
    if apply_next_price(subscription, start):  # the new period pays the tier's new price
        subscription.save(update_fields=[*PRICE_CHANGE_FIELDS, "price_charged", "updated_at"])
    period_end = start + MANUAL_PERIOD
    payment = ManualPayment.objects.create(
        organization=subscription.organization,
        subscription=subscription,
        amount=subscription.price_charged,
        currency=subscription.currency,
        period_end=period_end,
        marked_by=by,
        note=note,
    )
    subscription.status = SubscriptionStatus.ACTIVE
    subscription.current_period_end = period_end
    subscription.last_payment_error = ""
    subscription.save(
        update_fields=["status", "current_period_end", "last_payment_error", "updated_at"]
    )
    return payment


def sync_tier_to_stripe(tier: Tier) -> None:
    """Create or update the tier's Stripe product and monthly price (needs a Stripe key)."""
    product = gateway.sync_product(
        name=f"{tier.organization.name} — {tier.name}",
        product_id=tier.stripe_product_id,
        price_id=tier.stripe_price_id,
        amount_cents=tier.price_for_risk("low").total_cents,
        currency=tier.currency,
        metadata={"organization_id": str(tier.organization_id), "tier_id": str(tier.id)},
    )
    Tier.objects.filter(pk=tier.pk).update(
        stripe_product_id=product.product_id, stripe_price_id=product.price_id
    )


def start_checkout(organization, client, subscription: Subscription) -> str:
    """A Stripe Checkout link for this client's tier at their risk-adjusted price."""
    from django.conf import settings
    from django.urls import reverse

    # A dearer tier the client asked for is what this checkout pays for.
    tier = subscription.tier
    if subscription.pending_starts == tier_change.ON_PAYMENT and subscription.pending_tier:
        tier = subscription.pending_tier
    if not tier.stripe_product_id:
        sync_tier_to_stripe(tier)
        tier.refresh_from_db()
    price = tier.price_for_risk(client.risk)
    return gateway.create_checkout_session(
        product_id=tier.stripe_product_id,
        amount_cents=price.total_cents,
        currency=tier.currency,
        customer_email=client.user.email,
        success_url=settings.SITE_URL
        + reverse("client_plans", args=[organization.slug])
        + "?checkout=done",
        cancel_url=settings.SITE_URL + reverse("client_plans", args=[organization.slug]),
        metadata={
            "organization_id": str(organization.id),
            "client_id": str(client.id),
            "tier_id": str(tier.id),
        },
    )


# Stripe webhooks -----------------------------------------------------------------------------

# Spotter's status for each of Stripe's, and the event types Spotter applies (billing.core.stripe_events).
STRIPE_STATUS = stripe_events.STRIPE_STATUS
HANDLED_EVENTS = stripe_events.HANDLED_EVENTS


def _timestamp(value) -> datetime | None:
    return datetime.fromtimestamp(int(value), tz=UTC) if value else None


def _subscription_for(obj: dict) -> Subscription | None:
    """Find the subscription an event is about: by Stripe id, else by the metadata we sent."""
    stripe_id = obj.get("subscription") if obj.get("object") != "subscription" else obj.get("id")
    metadata = obj.get("metadata") or {}
    if not metadata and obj.get("object") == "invoice":
        details = obj.get("subscription_details") or (obj.get("parent") or {}).get(
            "subscription_details"
        )
        metadata = (details or {}).get("metadata") or {}
        stripe_id = stripe_id or (details or {}).get("subscription")
    # Stripe events carry no organization. Row-level security shows the one subscription the
    # (verified) event names by Stripe's id; else the metadata we sent names the organization.
    found = None
    if stripe_id:
        with stripe_subscription_scope(stripe_id):
            found = (
                Subscription.unscoped.select_related("organization")
                .filter(stripe_subscription_id=stripe_id)
                .first()
            )
    if found is None and metadata.get("client_id"):
        organization = Organization.objects.filter(pk=metadata.get("organization_id")).first()
        if organization is not None:
            with tenant_scope(organization):
                found = (
                    Subscription.objects.select_related("organization")
                    .filter(client_id=metadata["client_id"])
                    .first()
                )
    return found


def _apply(event: stripe_events.StripeEvent) -> str:
    """Apply a handled event to its subscription, unless a newer one was applied already; with
    a Stripe key, the status and period are read back from Stripe rather than trusted."""
    facts = stripe_events.facts_of(event)
    subscription = _subscription_for(stripe_events.lookup_view(event.object))
    if subscription is None:
        return "no matching subscription"
    last_applied = subscription.stripe_event_at
    if stripe_events.is_older(event.created, last_applied and int(last_applied.timestamp())):
        return "ignored: older than the last event applied to this subscription"
    stripe_id = facts.subscription_id or subscription.stripe_subscription_id
    if gateway.is_configured() and stripe_id:
        facts = stripe_events.with_state(facts, gateway.subscription_state(stripe_id))
    changes = stripe_events.subscription_changes(facts)
    if "current_period_end" in changes:
        changes["current_period_end"] = _timestamp(changes["current_period_end"])
    if event.created is not None:
        changes["stripe_event_at"] = _timestamp(event.created)
    previous_stripe_id = subscription.stripe_subscription_id
    previous_period_end = subscription.current_period_end
    with tenant_scope(subscription.organization):
        for field, value in changes.items():
            setattr(subscription, field, value)
        subscription.save(update_fields=[*changes, "updated_at"])
        _start_next_price(subscription, previous_period_end)
        if _pays_for_pending_change(facts, subscription, previous_period_end):
            apply_pending_change(subscription)
            replaced = (
                previous_stripe_id and previous_stripe_id != subscription.stripe_subscription_id
            )
            if replaced:
                transaction.on_commit(lambda: _cancel_replaced(previous_stripe_id))
    return "applied"


def _start_next_price(subscription: Subscription, previous_period_end) -> None:
    """A renewal moved the period on: a new tier price waiting for it is charged from now."""
    from billing.price_changes import apply_next_price

    new_end = subscription.current_period_end
    if subscription.next_price is None or new_end is None:
        return
    if previous_period_end is not None and new_end <= previous_period_end:
        return
    if apply_next_price(subscription, previous_period_end or timezone.now()):
        subscription.save(update_fields=[*PRICE_CHANGE_FIELDS, "price_charged", "updated_at"])


def _pays_for_pending_change(facts, subscription: Subscription, previous_period_end) -> bool:
    """A checkout for the pending dearer tier completed, or a new period of a subscription with
    a change waiting for it was paid."""
    if subscription.pending_tier_id is None:
        return False
    if facts.kind == "checkout.session.completed":
        return (
            subscription.pending_starts == tier_change.ON_PAYMENT
            and facts.tier_id == subscription.pending_tier_id
        )
    if facts.kind == "invoice.paid" and subscription.pending_starts == tier_change.NEXT_PERIOD:
        new_end = subscription.current_period_end
        return bool(new_end and (previous_period_end is None or new_end > previous_period_end))
    return False


def _cancel_replaced(stripe_subscription_id: str) -> None:
    """The client paid for a new tier with a new Stripe subscription: end the old one."""
    try:
        gateway.cancel_subscription(stripe_subscription_id)
    except gateway.ProviderError:
        log.exception(
            "could not cancel the replaced Stripe subscription %s", stripe_subscription_id
        )


def handle_stripe_event(event: stripe_events.StripeEvent) -> tuple[bool, str]:
    """Apply a verified event once. Returns (newly_applied, note); a replay is not applied.
    Raises ``gateway.ProviderError`` (and records nothing) when Stripe cannot be read back."""
    with transaction.atomic():
        record, created = StripeEvent.objects.get_or_create(
            event_id=event.id, defaults={"type": event.type}
        )
        if not created:
            return False, "already processed"
        if event.type not in HANDLED_EVENTS:
            record.note = "ignored: type not used by Spotter"
            record.save(update_fields=["note"])
            return False, record.note
        note = _apply(event)
        record.applied = note == "applied"
        record.note = note
        record.save(update_fields=["applied", "note"])
        return record.applied, note
