"""An owner's change of a tier's price, carried out (the rules are ``billing.core.price_change``):
a new price version, existing clients moved from their next period with a notice or kept on
their price, and Stripe's prices versioned to match. Runs in the caller's tenant scope."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import formats, timezone

from billing import gateway
from billing.core.price_change import (
    EXISTING_TOO,
    NEW_ONLY,
    change_for_existing_client,
    own_price_line,
    price_notice,
)
from billing.models import Subscription, SubscriptionStatus, Tier, TierPrice
from billing.signals import price_change_announced
from coaching.core.localtime import local_day
from coaching.formatting import money

SUBSCRIPTION_FIELDS = ["price_charged", "grandfathered_price", "next_price", "next_price_from"]


def current_subscriptions(tier: Tier):
    """The tier's clients who pay or will pay: everyone not canceled."""
    return Subscription.objects.filter(tier=tier).exclude(status=SubscriptionStatus.CANCELED)


def _day_words(moment: datetime, zone_name: str) -> str:
    return formats.date_format(local_day(moment, zone_name), "j F Y")


@transaction.atomic
def change_tier_price(
    tier: Tier, new_price: Decimal, *, applies_to: str, by, now: datetime | None = None
) -> TierPrice | None:
    """Set the tier's new monthly price. ``EXISTING_TOO``: each client on it pays the new price
    (plus their surcharge) from their next period, or now without a paid period running, and
    gets a notice in their thread. ``NEW_ONLY``: each keeps the base price they have. Returns
    the new price version; None when the price did not change."""
    if applies_to not in (EXISTING_TOO, NEW_ONLY):
        raise ValueError(f"applies_to must be {EXISTING_TOO} or {NEW_ONLY}, not {applies_to!r}")
    new_price = Decimal(new_price).quantize(Decimal("0.01"))
    tier = Tier.objects.select_for_update().get(pk=tier.pk)
    old_price = tier.monthly_price
    if new_price == old_price:
        return None
    now = now or timezone.now()
    subscriptions = list(
        current_subscriptions(tier).select_for_update().select_related("client__user")
    )
    tier.monthly_price = new_price
    tier.save(update_fields=["monthly_price", "updated_at"])
    version = TierPrice.objects.create(
        organization=tier.organization,
        tier=tier,
        monthly_price=new_price,
        previous_price=old_price,
        currency=tier.currency,
        applies_to=applies_to,
        changed_by=by,
        created_at=now,
    )
    for subscription in subscriptions:
        subscription.tier = tier
        if applies_to == NEW_ONLY:
            _keep_price(subscription, old_price)
        else:
            _move_to_new_price(subscription, tier, by, now)
        subscription.save(update_fields=[*SUBSCRIPTION_FIELDS, "updated_at"])
    moving = len(subscriptions) if applies_to == EXISTING_TOO else 0
    TierPrice.objects.filter(pk=version.pk).update(
        clients_moving=moving, clients_keeping=len(subscriptions) - moving
    )
    version.clients_moving, version.clients_keeping = moving, len(subscriptions) - moving
    if gateway.is_configured():
        from billing.tasks import apply_price_change

        organization_id, version_id = tier.organization_id, version.pk
        transaction.on_commit(lambda: apply_price_change.delay(organization_id, version_id))
    return version


def _keep_price(subscription: Subscription, old_price: Decimal) -> None:
    """The client keeps the base they pay (an earlier kept price stays); a price that was
    coming to them from an earlier change is called off."""
    if subscription.grandfathered_price is None:
        subscription.grandfathered_price = old_price
    subscription.next_price = None
    subscription.next_price_from = None


def _move_to_new_price(subscription: Subscription, tier: Tier, by, now: datetime) -> None:
    client = subscription.client
    surcharge = tier.price_for_risk(client.risk).surcharge
    change = change_for_existing_client(
        tier.monthly_price, surcharge, subscription.current_period_end, now
    )
    old_total = subscription.price_charged
    subscription.grandfathered_price = None
    if change.now:
        subscription.price_charged = change.new_total
        subscription.next_price = None
        subscription.next_price_from = None
    else:
        subscription.next_price = change.new_total
        subscription.next_price_from = change.starts_at
    if change.new_total == old_total:
        return  # the client's own price does not move: nothing to announce
    text = price_notice(
        first_name=client.user.display_name.split()[0],
        tier_name=tier.name,
        old_total=money(old_total, tier.currency),
        new_total=money(change.new_total, tier.currency),
        starts_on=None if change.now else _day_words(change.starts_at, client.zone_name),
    )
    price_change_announced.send(sender=Subscription, subscription=subscription, text=text, by=by)


def apply_next_price(subscription: Subscription, period_start: datetime) -> bool:
    """A new period starts at ``period_start``: a coming price whose day has come is charged
    from now on (the caller saves)."""
    if subscription.next_price is None:
        return False
    if subscription.next_price_from is not None and subscription.next_price_from > period_start:
        return False
    subscription.price_charged = subscription.next_price
    subscription.next_price = None
    subscription.next_price_from = None
    return True


def price_line(subscription: Subscription, client) -> str:
    """What the client reads about their plan and price."""
    tier = subscription.tier
    currency = subscription.currency or tier.currency
    next_from = None
    if subscription.next_price is not None and subscription.next_price_from is not None:
        next_from = _day_words(subscription.next_price_from, client.zone_name)
    return own_price_line(
        tier_name=tier.name,
        charged=money(subscription.price_charged, currency),
        list_price=money(tier.price_for_risk(client.risk).total, tier.currency),
        grandfathered=subscription.grandfathered_price is not None,
        next_price=money(subscription.next_price, currency)
        if subscription.next_price is not None
        else None,
        next_from=next_from,
    )


def sync_price_version(version: TierPrice) -> None:
    """With Stripe: a new Price for the tier's new amount (the old Price stays, for the
    subscriptions that keep it), recorded on the version; clients moving to the new price are
    charged it from their next renewal, the new Price itself where they pay no surcharge."""
    from billing.services import sync_tier_to_stripe

    tier = Tier.objects.get(pk=version.tier_id)
    sync_tier_to_stripe(tier)
    tier.refresh_from_db(fields=["stripe_product_id", "stripe_price_id"])
    TierPrice.objects.filter(pk=version.pk).update(stripe_price_id=tier.stripe_price_id)
    if version.applies_to != EXISTING_TOO:
        return
    for subscription in (
        current_subscriptions(tier).exclude(stripe_subscription_id="").select_related("client")
    ):
        price = tier.price_for_risk(subscription.client.risk)
        gateway.change_price_at_renewal(
            subscription.stripe_subscription_id,
            product_id=tier.stripe_product_id,
            amount_cents=price.total_cents,
            currency=tier.currency,
            price_id=tier.stripe_price_id if not price.surcharge else None,
        )
