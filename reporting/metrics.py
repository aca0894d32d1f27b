"""Business metrics for an owner, computed set-wise: a fixed number of queries however many
clients. The brief: "track retention, adherence, response time, escalation accuracy, and
client satisfaction, not just monthly recurring revenue".

Definitions (each a sentence an owner can check):
- mrr: the monthly price charged of every subscription that is active or past due (a failed
  payment is revenue at risk, not yet lost).
- active_clients: clients whose status is active.
- clients_by_tier: for each tier, its active clients and their MRR.
- adherence_28d: the mean 28-day completion of active clients' latest nightly scores.
- sla_met_rate: of review items resolved in the last 90 days, the share resolved by their due time.
- open_reviews: review items still open (and how many of them are red, and overdue).
- retention_90d: of clients who joined more than 90 days ago, the share not archived.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Avg, Count, F, OuterRef, Q, Subquery, Sum
from django.utils import timezone

from billing.models import Subscription, SubscriptionStatus, Tier
from coaching.models import Client
from triage.models import AdherenceScore, ReviewItem

REVENUE_STATUSES = (SubscriptionStatus.ACTIVE, SubscriptionStatus.PAST_DUE)
SLA_WINDOW_DAYS = 90
RETENTION_DAYS = 90


def _rate(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def business_metrics(now=None) -> dict:
    """The owner's figures for the organization in scope."""
    now = now or timezone.now()
    revenue = Subscription.objects.filter(status__in=REVENUE_STATUSES)
    mrr = revenue.aggregate(total=Sum("price_charged"))["total"] or 0
    by_tier = {
        row["tier_id"]: row
        for row in revenue.filter(client__status="active")
        .values("tier_id")
        .annotate(clients=Count("id"), mrr=Sum("price_charged"))
    }
    tiers = [
        {
            "tier": tier.id,
            "name": tier.name,
            "service_model": tier.service_model,
            "clients": by_tier.get(tier.id, {}).get("clients", 0),
            "mrr": float(by_tier.get(tier.id, {}).get("mrr") or 0),
        }
        for tier in Tier.objects.order_by("monthly_price", "name")
    ]
    clients = Client.objects.aggregate(
        active=Count("id", filter=Q(status="active")),
        joined_before=Count("id", filter=Q(created_at__lte=now - timedelta(days=RETENTION_DAYS))),
        retained=Count(
            "id",
            filter=Q(created_at__lte=now - timedelta(days=RETENTION_DAYS)) & ~Q(status="archived"),
        ),
    )
    latest_score = AdherenceScore.objects.filter(client=OuterRef("client")).order_by("-date")
    adherence = AdherenceScore.objects.filter(
        client__status="active", id=Subquery(latest_score.values("id")[:1])
    ).aggregate(mean=Avg("completion_28d"))["mean"]
    resolved = ReviewItem.objects.filter(
        status="resolved", resolved_at__gte=now - timedelta(days=SLA_WINDOW_DAYS)
    ).aggregate(
        total=Count("id"),
        on_time=Count("id", filter=Q(resolved_at__lte=F("due_at"))),
        red_total=Count("id", filter=Q(level="red")),
        red_on_time=Count("id", filter=Q(level="red", resolved_at__lte=F("due_at"))),
    )
    open_items = ReviewItem.objects.filter(status="open").aggregate(
        total=Count("id"),
        red=Count("id", filter=Q(level="red")),
        overdue=Count("id", filter=Q(due_at__lt=now)),
    )
    return {
        "mrr": float(mrr),
        "active_clients": clients["active"],
        "clients_by_tier": tiers,
        "adherence_28d": round(adherence, 4) if adherence is not None else None,
        "sla_met_rate": _rate(resolved["on_time"], resolved["total"]),
        "sla_met_rate_red": _rate(resolved["red_on_time"], resolved["red_total"]),
        "open_reviews": open_items["total"],
        "open_reviews_red": open_items["red"],
        "open_reviews_overdue": open_items["overdue"],
        "retention_90d": _rate(clients["retained"], clients["joined_before"]),
        "currency": Tier.objects.values_list("currency", flat=True).first() or "usd",
    }
