"""Billing writes: subscriptions, manual payments, Stripe events. Each one transaction."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from django.db import transaction
from django.utils import timezone

from billing import gateway
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

    The price charged follows the client's risk segment. Choosing the current tier again
    changes nothing.
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
    if subscription.tier_id == tier.id:
        return subscription
    TierChange.objects.create(
        organization=client.organization,
        subscription=subscription,
        from_tier_id=subscription.tier_id,
        to_tier=tier,
        changed_by=by,
    )
    subscription.tier = tier
    subscription.price_charged = price.total
    subscription.currency = tier.currency
    subscription.save(update_fields=["tier", "price_charged", "currency", "updated_at"])
    return subscription


@transaction.atomic
def mark_paid(subscription: Subscription, *, by, note: str = "") -> ManualPayment:
    """Manual mode: the owner records a month's payment; the subscription becomes active."""
    now = timezone.now()
    start = max(subscription.current_period_end or now, now)
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

    tier = subscription.tier
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

STRIPE_STATUS = {
    "trialing": SubscriptionStatus.TRIALING,
    "active": SubscriptionStatus.ACTIVE,
    "past_due": SubscriptionStatus.PAST_DUE,
    "unpaid": SubscriptionStatus.PAST_DUE,
    "incomplete": SubscriptionStatus.PAST_DUE,
    "canceled": SubscriptionStatus.CANCELED,
    "incomplete_expired": SubscriptionStatus.CANCELED,
}
HANDLED_EVENTS = (
    "checkout.session.completed",
    "customer.subscription.updated",
    "customer.subscription.deleted",
    "invoice.paid",
    "invoice.payment_failed",
)


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


def _apply(event: dict) -> str:
    kind = event["type"]
    obj = event["data"]["object"]
    subscription = _subscription_for(obj)
    if subscription is None:
        return "no matching subscription"
    with tenant_scope(subscription.organization):
        fields = ["updated_at"]
        if kind == "checkout.session.completed":
            subscription.stripe_customer_id = obj.get("customer") or ""
            subscription.stripe_subscription_id = obj.get("subscription") or ""
            subscription.status = SubscriptionStatus.ACTIVE
            subscription.last_payment_error = ""
            fields += [
                "stripe_customer_id",
                "stripe_subscription_id",
                "status",
                "last_payment_error",
            ]
        elif kind in ("customer.subscription.updated", "customer.subscription.deleted"):
            status = "canceled" if kind.endswith("deleted") else obj.get("status", "")
            subscription.status = STRIPE_STATUS.get(status, subscription.status)
            period_end = obj.get("current_period_end") or (
                ((obj.get("items") or {}).get("data") or [{}])[0].get("current_period_end")
            )
            if period_end:
                subscription.current_period_end = _timestamp(period_end)
                fields.append("current_period_end")
            fields.append("status")
        elif kind == "invoice.paid":
            subscription.status = SubscriptionStatus.ACTIVE
            subscription.last_payment_error = ""
            line_end = (
                ((obj.get("lines") or {}).get("data") or [{}])[0].get("period", {}).get("end")
            )
            if line_end:
                subscription.current_period_end = _timestamp(line_end)
                fields.append("current_period_end")
            fields += ["status", "last_payment_error"]
        elif kind == "invoice.payment_failed":
            # The client keeps training; the coach sees the payment problem.
            subscription.status = SubscriptionStatus.PAST_DUE
            attempt = obj.get("attempt_count")
            subscription.last_payment_error = (
                f"Payment failed{f' (attempt {attempt})' if attempt else ''}."
            )
            fields += ["status", "last_payment_error"]
        subscription.save(update_fields=fields)
    return "applied"


def handle_stripe_event(event: dict) -> tuple[bool, str]:
    """Apply a verified event once. Returns (newly_applied, note); a replay is not applied."""
    with transaction.atomic():
        record, created = StripeEvent.objects.get_or_create(
            event_id=event["id"], defaults={"type": event.get("type", "")}
        )
        if not created:
            return False, "already processed"
        if event.get("type") not in HANDLED_EVENTS:
            record.note = "ignored: type not used by Spotter"
            record.save(update_fields=["note"])
            return False, record.note
        note = _apply(event)
        record.applied = note == "applied"
        record.note = note
        record.save(update_fields=["applied", "note"])
        return record.applied, note
