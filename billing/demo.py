"""Demo tiers and subscriptions: three service models, clients spread across them."""

from billing.core.presets import preset
from billing.models import Subscription, Tier
from billing.services import choose_tier, mark_paid

DEMO_TIERS = [
    ("Autopilot", "ai_first_escalation", "49.00"),
    ("Hybrid", "assisted_hybrid", "99.00"),
    ("Premium", "human_in_loop_premium", "249.00"),
]


def seed_billing(organization, owner, clients) -> list[Tier]:
    """Tiers from presets; every client on one; most paid, one with a payment problem."""
    tiers = []
    for name, model, price in DEMO_TIERS:
        defaults = preset(model)
        tier, _ = Tier.objects.get_or_create(
            name=name,
            defaults={
                "organization": organization,
                "service_model": model,
                "monthly_price": price,
                "review_policy": defaults["review_policy"],
                "response_hours": defaults["response_hours"],
                "features": defaults["features"],
                "surcharge_moderate": defaults["risk_surcharge"]["moderate"],
                "surcharge_high": defaults["risk_surcharge"]["high"],
            },
        )
        tiers.append(tier)
    for index, client in enumerate(clients):
        if Subscription.objects.filter(client=client).exists():
            continue
        subscription = choose_tier(client, tiers[index % len(tiers)], by=owner)
        if index % 7 == 3:
            Subscription.objects.filter(pk=subscription.pk).update(
                status="past_due", last_payment_error="Payment failed (attempt 1)."
            )
        else:
            mark_paid(subscription, by=owner, note="Demo payment")
    return tiers
