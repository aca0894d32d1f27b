"""Tiers (what a price buys), subscriptions, and the Stripe events seen."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from billing.core.policy import ReviewPolicy
from billing.core.presets import PRESETS, SERVICE_MODELS
from billing.core.price_change import APPLIES_TO_CHOICES
from billing.core.pricing import Price, price_for
from billing.core.tier_change import PENDING_CHOICES
from coaching.tenancy import TenantModel

# What a client reads about a tier, in the owner's words.
MAX_DESCRIPTION_LENGTH = 2000

SERVICE_MODEL_CHOICES = [(m, PRESETS[m]["label"]) for m in SERVICE_MODELS]


class Tier(TenantModel):
    """A price and what it buys: how much of the AI's work a coach reviews, and how fast."""

    name = models.CharField(max_length=80)
    service_model = models.CharField(max_length=32, choices=SERVICE_MODEL_CHOICES)
    description = models.TextField(blank=True)
    monthly_price = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    currency = models.CharField(max_length=3, default="usd")
    # {"auto_apply": {"green": [kinds], "yellow": [kinds]}, "review_cadence": str, ...}
    review_policy = models.JSONField(default=dict)
    # {"yellow": hours, "routine": hours}; red is the same everywhere (policy.RED_RESPONSE_HOURS)
    response_hours = models.JSONField(default=dict)
    # {"messaging": bool, "form_feedback": bool, "live_calls_per_month": int}
    features = models.JSONField(default=dict)
    surcharge_moderate = models.DecimalField(
        max_digits=10, decimal_places=2, default=0, validators=[MinValueValidator(Decimal("0"))]
    )
    surcharge_high = models.DecimalField(
        max_digits=10, decimal_places=2, default=0, validators=[MinValueValidator(Decimal("0"))]
    )
    active = models.BooleanField(default=True)
    stripe_product_id = models.CharField(max_length=64, blank=True)
    stripe_price_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["monthly_price", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="tier_name_per_org")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def risk_surcharge(self) -> dict:
        return {"moderate": self.surcharge_moderate, "high": self.surcharge_high}

    @property
    def policy(self) -> ReviewPolicy:
        return ReviewPolicy.from_tier_fields(
            self.review_policy, self.response_hours, source=f"tier {self.name}"
        )

    @property
    def preset(self) -> dict:
        return PRESETS[self.service_model]

    def price_for_risk(self, risk: str | None) -> Price:
        return price_for(self.monthly_price, self.surcharge_moderate, self.surcharge_high, risk)


class SubscriptionStatus(models.TextChoices):
    TRIALING = "trialing", "Trialing"
    ACTIVE = "active", "Active"
    PAST_DUE = "past_due", "Payment problem"
    CANCELED = "canceled", "Canceled"


class Subscription(TenantModel):
    """A client's tier and payment state. One per client; tier changes are recorded."""

    # One per client, kept unique with the organization (a rule Citus can enforce per shard);
    # a foreign key rather than a one-to-one, whose unique index on client alone it could not.
    client = models.ForeignKey(
        "coaching.Client", on_delete=models.CASCADE, related_name="subscription"
    )
    tier = models.ForeignKey(Tier, on_delete=models.PROTECT, related_name="subscriptions")
    status = models.CharField(
        max_length=10, choices=SubscriptionStatus.choices, default=SubscriptionStatus.TRIALING
    )
    current_period_end = models.DateTimeField(null=True, blank=True)
    price_charged = models.DecimalField(max_digits=10, decimal_places=2, default=0)
    currency = models.CharField(max_length=3, default="usd")
    stripe_customer_id = models.CharField(max_length=64, blank=True)
    stripe_subscription_id = models.CharField(max_length=64, blank=True, db_index=True)
    last_payment_error = models.CharField(max_length=255, blank=True)
    # A tier the client asked for that is not theirs yet (billing.core.tier_change): a dearer one
    # waits for its payment, a cheaper one for the next period.
    pending_tier = models.ForeignKey(
        Tier, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pending_starts = models.CharField(max_length=12, choices=PENDING_CHOICES, blank=True)
    pending_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pending_requested_at = models.DateTimeField(null=True, blank=True)
    # The tier's base price this client keeps after the owner raised or lowered it for new
    # clients only (billing.core.price_change.NEW_ONLY); null: the client follows the tier's price.
    grandfathered_price = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True
    )
    # A new price for existing clients that starts with the next period (EXISTING_TOO).
    next_price = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    next_price_from = models.DateTimeField(null=True, blank=True)
    # Stripe's time of the last event applied to this subscription: an older event arriving
    # later (Stripe does not promise order) must not undo it.
    stripe_event_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["organization", "status"], name="subscription_org_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "client"], name="subscription_once_per_client"
            )
        ]

    def __str__(self) -> str:
        return f"{self.client} on {self.tier} ({self.status})"

    def price_for_risk(self, risk: str | None) -> Price:
        """This client's price on their tier: the tier's, or the base they kept."""
        base = (
            self.tier.monthly_price
            if self.grandfathered_price is None
            else self.grandfathered_price
        )
        return price_for(base, self.tier.surcharge_moderate, self.tier.surcharge_high, risk)


class TierPrice(TenantModel):
    """One price of a tier over time: the versions an owner set, who set it, whether existing
    clients moved to it, and its Stripe Price (old ones are kept for the clients who keep them)."""

    tier = models.ForeignKey(Tier, on_delete=models.CASCADE, related_name="prices")
    monthly_price = models.DecimalField(max_digits=10, decimal_places=2)
    previous_price = models.DecimalField(max_digits=10, decimal_places=2)
    currency = models.CharField(max_length=3)
    applies_to = models.CharField(max_length=12, choices=APPLIES_TO_CHOICES)
    clients_moving = models.PositiveIntegerField(default=0)
    clients_keeping = models.PositiveIntegerField(default=0)
    stripe_price_id = models.CharField(max_length=64, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]


class TierChange(TenantModel):
    """A client moved from one tier to another (or got their first), by whom and when."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="changes")
    from_tier = models.ForeignKey(
        Tier, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_tier = models.ForeignKey(Tier, on_delete=models.PROTECT, related_name="+")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at"]


class ManualPayment(TenantModel):
    """Manual mode: an owner recorded a payment by hand."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="manual_payments"
    )
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    currency = models.CharField(max_length=3)
    period_end = models.DateTimeField()
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-marked_at"]


MANUAL_PERIOD = timedelta(days=30)


class StripeEvent(models.Model):
    """Every Stripe event id seen, so a replay is acknowledged and not applied again."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    received_at = models.DateTimeField(default=timezone.now)
    applied = models.BooleanField(default=False)
    note = models.CharField(max_length=255, blank=True)

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"
