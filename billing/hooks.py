"""How billing plugs into coaching without coaching importing billing."""

from django.db.models import OuterRef, Subquery

from billing.models import Subscription, Tier
from billing.services import choose_tier, tier_of
from coaching.formatting import money


def tier_annotations(sender, queryset, **kwargs) -> dict:
    """Client lists: each client's tier and subscription status (one subquery each)."""
    subscriptions = Subscription.unscoped.filter(client=OuterRef("pk"))
    return {
        "tier_id_annotation": Subquery(subscriptions.values("tier_id")[:1]),
        "subscription_status_annotation": Subquery(subscriptions.values("status")[:1]),
    }


def tier_exists(sender, organization, tier_id: int, **kwargs) -> bool:

    return Tier.unscoped.filter(organization=organization, pk=tier_id, active=True).exists()


def tier_choices(sender, organization, **kwargs) -> list[tuple[int, str]]:

    return [
        (tier.id, f"{tier.name} ({money(tier.monthly_price, tier.currency)}/month)")
        for tier in Tier.unscoped.filter(organization=organization, active=True).order_by(
            "monthly_price", "name"
        )
    ]


def subscribe_invited_client(sender, invitation, membership, client, **kwargs):
    """A client invited with a tier starts on it."""

    if client is None or not invitation.tier_id:
        return
    tier = Tier.objects.filter(pk=invitation.tier_id).first()
    if tier is not None:
        choose_tier(client, tier, by=invitation.invited_by)


def price_impact(sender, client, risk, **kwargs):
    """What the client's risk does to their price on their tier (None without a tier)."""

    tier = tier_of(client)
    if tier is None:
        return None
    price = tier.price_for_risk(risk)
    return {
        "tier": tier.id,
        "tier_name": tier.name,
        "base": float(price.base),
        "surcharge": float(price.surcharge),
        "total": float(price.total),
        "currency": tier.currency,
    }


def reprice_after_intake(sender, intake, client, **kwargs):
    """An approved intake's risk segment feeds the price the client is charged."""

    subscription = Subscription.objects.select_related("tier").filter(client=client).first()
    if subscription is not None:
        subscription.price_charged = subscription.price_for_risk(client.risk).total
        subscription.save(update_fields=["price_charged", "updated_at"])
