"""Business metrics for an owner, computed set-wise and cached per organization per day.

The brief: "track retention, adherence, response time, escalation accuracy, and client
satisfaction, not just monthly recurring revenue … evaluate whether AI recommendations are
reducing coach workload without reducing outcomes."

Every figure is a fixed number of grouped queries however many clients, items or check-ins there
are (the decisions about what they mean live in ``reporting.core.rules``). Definitions:
- mrr: the monthly price charged of every subscription that is active or past due (a failed
  payment is revenue at risk, not yet lost).
- active_clients: clients whose status is active.
- clients_by_tier: for each tier, its active clients and their MRR.
- adherence_28d: the mean 28-day completion of active clients' latest nightly scores.
- sla_met_rate: of review items resolved in the last 90 days, the share resolved by their due
  time; sla_by_level splits it by red and yellow.
- open_reviews: review items still open (and how many of them are red, and overdue).
- retention_90d: of clients who joined more than 90 days ago, the share not archived.
- escalation_accuracy, override_rate, weekly_replies, satisfaction, coach_load: over the last 28
  days, as ``reporting.core.rules`` defines them (weekly_replies: the weekly check-in drafts sent as
  drafted, edited or escalated; override_rate keeps its meaning, AI recommendations).
- message_response: over the last 28 days, client message to the team's first answer (median
  hours, share within the tier's promised response time, waits still open); see
  ``reporting.core.rules.message_response``. ``sla_met_rate`` stays about review items.
- workload_and_outcomes: the brief's question (is the AI taking work off coaches without
  hurting outcomes?) answered from the series, as ``reporting.core.rules`` defines it.
- series: one point per week (Monday, in the organization's time zone) for the last ``weeks``
  weeks; MRR and active clients come from the daily snapshots, the rest from the records.

Caching: the figures are stored once per organization and local day in ``MetricsSnapshot``
(shared by every process). The next day computes afresh, so a resolved item shows up by the next
day at the latest; a tier added or edited makes the day's snapshot stale at once; the owner can
recalculate by hand; ``as_of`` says when the figures were computed.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import TruncWeek
from django.utils import timezone

from billing.core.policy import messaging_terms
from billing.models import Subscription, SubscriptionStatus, Tier
from billing.review import messaging_for_clients
from coaching.core.localtime import day_start
from coaching.models import Client, Membership, Role
from messaging.models import AuthorRole, Message, Thread
from programs.models import Recommendation
from reporting.core import rules
from reporting.models import MetricsSnapshot
from triage.models import AdherenceScore, CheckIn, ReviewItem, Source, WeeklySummary

REVENUE_STATUSES = (SubscriptionStatus.ACTIVE, SubscriptionStatus.PAST_DUE)
SLA_WINDOW_DAYS = 90
RETENTION_DAYS = 90
RECENT_DAYS = 28  # escalation accuracy, overrides, satisfaction, coach load
DEFAULT_WEEKS = 12
MIN_WEEKS, MAX_WEEKS = 4, 52
SECONDS_PER_HOUR = 3600


def owner_metrics(organization, *, weeks: int = DEFAULT_WEEKS, now=None, refresh=False) -> dict:
    """The owner's figures for ``organization`` (which must be in scope): today's snapshot when
    there is a fresh one, else computed now and stored as today's."""
    now = now or timezone.now()
    today = _local_date(organization, now)
    version = _tiers_version()
    if not refresh:
        snapshot = (
            MetricsSnapshot.objects.filter(date=today, weeks=weeks, tiers_version=version)
            .values_list("figures", flat=True)
            .first()
        )
        if snapshot is not None:
            return snapshot
    figures = compute_metrics(organization, weeks=weeks, now=now)
    MetricsSnapshot.objects.update_or_create(
        organization=organization,
        date=today,
        weeks=weeks,
        defaults={
            "computed_at": now,
            "tiers_version": version,
            "mrr": figures["mrr"],
            "active_clients": figures["active_clients"],
            "figures": figures,
        },
    )
    return figures


def _local_date(organization, now: datetime) -> date:
    return organization.today(now)


def _tiers_version() -> str:
    tiers = Tier.objects.aggregate(count=Count("id"), latest=Max("updated_at"))
    latest = tiers["latest"].isoformat() if tiers["latest"] else "-"
    return f"{tiers['count']}:{latest}"


def compute_metrics(organization, *, weeks: int = DEFAULT_WEEKS, now=None) -> dict:
    """Every figure, now, for the organization in scope (about twenty queries, always)."""
    now = now or timezone.now()
    zone = ZoneInfo(organization.time_zone)
    today = _local_date(organization, now)
    recent = now - timedelta(days=RECENT_DAYS)
    figures = _business(now)
    figures.update(
        {
            "as_of": now.isoformat(),
            "date": today.isoformat(),
            "time_zone": organization.time_zone,
            "window_days": RECENT_DAYS,
            "escalation_accuracy": _escalation_accuracy(recent),
            "override_rate": _override_rate(recent),
            "weekly_replies": _weekly_replies(recent),
            "satisfaction_28d": _satisfaction(recent),
            "coach_load": _coach_load(recent, now),
            "message_response": _message_response(recent, now),
        }
    )
    starts = rules.week_starts(today, weeks)
    figures["series"] = _series(starts, zone, now, figures["mrr"], figures["active_clients"])
    figures["workload_and_outcomes"] = rules.workload_and_outcomes(figures["series"])
    return figures


def _business(now: datetime) -> dict:
    """MRR, clients by tier, adherence, SLA, open reviews, retention (the contract's keys)."""
    revenue = Subscription.objects.filter(status__in=REVENUE_STATUSES)
    mrr = revenue.aggregate(total=Sum("price_charged"))["total"] or 0
    by_tier = {
        row["tier_id"]: row
        for row in revenue.filter(client__status="active")
        .values("tier_id")
        .annotate(clients=Count("id"), mrr=Sum("price_charged"))
    }
    tiers = list(Tier.objects.order_by("monthly_price", "name"))
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
    sla_rows = [
        (row["level"], row["total"], row["on_time"])
        for row in ReviewItem.objects.filter(
            status="resolved", resolved_at__gte=now - timedelta(days=SLA_WINDOW_DAYS)
        )
        .values("level")
        .annotate(total=Count("id"), on_time=Count("id", filter=Q(resolved_at__lte=F("due_at"))))
        .order_by("level")
    ]
    by_level = rules.sla_by_level(sla_rows)
    open_items = ReviewItem.objects.filter(status="open").aggregate(
        total=Count("id"),
        red=Count("id", filter=Q(level="red")),
        overdue=Count("id", filter=Q(due_at__lt=now)),
    )
    return {
        "mrr": float(mrr),
        "active_clients": clients["active"],
        "clients_by_tier": [
            {
                "tier": tier.id,
                "name": tier.name,
                "service_model": tier.service_model,
                "clients": by_tier.get(tier.id, {}).get("clients", 0),
                "mrr": float(by_tier.get(tier.id, {}).get("mrr") or 0),
            }
            for tier in tiers
        ],
        "adherence_28d": round(adherence, 4) if adherence is not None else None,
        "sla_met_rate": rules.rate(
            sum(on_time for _, _, on_time in sla_rows), sum(total for _, total, _ in sla_rows)
        ),
        "sla_met_rate_red": by_level["red"]["rate"],
        "sla_by_level": by_level,
        "open_reviews": open_items["total"],
        "open_reviews_red": open_items["red"],
        "open_reviews_overdue": open_items["overdue"],
        "retention_90d": rules.rate(clients["retained"], clients["joined_before"]),
        "currency": tiers[0].currency if tiers else "usd",
    }


def _message_response(since: datetime, now: datetime) -> dict:
    """Client message → first answer by the team, over the window (three queries)."""
    by_thread: dict[int, list] = {}
    client_of: dict[int, int] = {}
    for thread_id, client_id, author_role, at in (
        Message.objects.filter(created_at__gte=since)
        .order_by("thread_id", "created_at", "id")
        .values_list("thread_id", "thread__client_id", "author_role", "created_at")
    ):
        by_thread.setdefault(thread_id, []).append((author_role == AuthorRole.CLIENT, at))
        client_of[thread_id] = client_id
    last_before = Message.objects.filter(thread=OuterRef("pk"), created_at__lt=since).order_by(
        "-created_at", "-id"
    )
    already_waiting = set(
        Thread.objects.filter(pk__in=list(by_thread))
        .annotate(last_role=Subquery(last_before.values("author_role")[:1]))
        .filter(last_role=AuthorRole.CLIENT)
        .values_list("pk", flat=True)
    )
    terms = messaging_for_clients(set(client_of.values()))
    return rules.message_response(
        by_thread,
        already_waiting,
        {
            thread: terms[client].response_hours
            for thread, client in client_of.items()
            if client in terms
        },
        messaging_terms(None, None).response_hours,
        now,
    )


def _escalation_accuracy(since: datetime) -> dict:
    counts = ReviewItem.objects.filter(
        Q(created_at__gte=since) | Q(resolved_at__gte=since)
    ).aggregate(
        ai_resolved=Count("id", filter=Q(raised_by_ai=True, resolved_at__gte=since)),
        ai_false=Count(
            "id", filter=Q(raised_by_ai=True, resolved_at__gte=since, resolution="false_alarm")
        ),
        ai_raised=Count("id", filter=Q(raised_by_ai=True, created_at__gte=since)),
        coach_raised=Count("id", filter=Q(source=Source.COACH, created_at__gte=since)),
        client_requests=Count("id", filter=Q(source=Source.CLIENT_REQUEST, created_at__gte=since)),
    )
    result = rules.escalation_accuracy(
        counts["ai_resolved"], counts["ai_false"], counts["ai_raised"], counts["coach_raised"]
    )
    result["client_requests"] = counts["client_requests"]
    return result


def _ai_recommendations():
    return Recommendation.objects.filter(source="ai")


def _override_rate(since: datetime) -> dict:
    decided = Q(status__in=rules.DECIDED_STATUSES, decided_at__gte=since)
    automatic = Q(status="auto_applied", created_at__gte=since)
    counts = {
        row["status"]: row["n"]
        for row in _ai_recommendations()
        .filter(decided | automatic)
        .values("status")
        .annotate(n=Count("id"))
        .order_by("status")
    }
    return rules.override_rate(counts)


def _weekly_replies(since: datetime) -> dict:
    counts = WeeklySummary.objects.filter(decided_at__gte=since).aggregate(
        unedited=Count("id", filter=Q(status="sent", edited=False)),
        edited=Count("id", filter=Q(status="sent", edited=True)),
        escalated=Count("id", filter=Q(status="escalated")),
    )
    return rules.weekly_replies(counts["unedited"], counts["edited"], counts["escalated"])


def _satisfaction(since: datetime) -> dict:
    counts = {
        row["satisfaction"]: row["n"]
        for row in CheckIn.objects.filter(created_at__gte=since, satisfaction__isnull=False)
        .values("satisfaction")
        .annotate(n=Count("id"))
        .order_by("satisfaction")
    }
    return rules.satisfaction(counts)


def _hours(duration: timedelta | None) -> float | None:
    return None if duration is None else duration.total_seconds() / SECONDS_PER_HOUR


def _coach_load(since: datetime, now: datetime) -> list[dict]:
    staff = Membership.objects.filter(role__in=[Role.OWNER, Role.COACH]).values(
        "user_id", "user__name", "user__email"
    )
    names = {m["user_id"]: m["user__name"] or m["user__email"].split("@")[0] for m in staff}
    clients = {
        row["coach_id"]: row["n"]
        for row in Client.objects.filter(status="active", coach__isnull=False)
        .values("coach_id")
        .annotate(n=Count("id"))
        .order_by("coach_id")
    }
    open_rows = [
        rules.CoachOpen(row["assigned_to_id"], row["n"], row["overdue"])
        for row in ReviewItem.objects.filter(status="open", assigned_to__isnull=False)
        .values("assigned_to_id")
        .annotate(n=Count("id"), overdue=Count("id", filter=Q(due_at__lt=now)))
        .order_by("assigned_to_id")
    ]
    waited = ExpressionWrapper(F("resolved_at") - F("created_at"), output_field=DurationField())
    promised = ExpressionWrapper(F("due_at") - F("created_at"), output_field=DurationField())
    resolved_rows = [
        rules.CoachResolved(
            coach=row["resolved_by_id"],
            resolved=row["n"],
            on_time=row["on_time"],
            minutes_recorded=row["minutes"] or 0,
            items_with_minutes=row["with_minutes"],
            mean_response_hours=_hours(row["waited"]),
            mean_promised_hours=_hours(row["promised"]),
        )
        for row in ReviewItem.objects.filter(
            status="resolved", resolved_at__gte=since, resolved_by__isnull=False
        )
        .values("resolved_by_id")
        .annotate(
            n=Count("id"),
            on_time=Count("id", filter=Q(resolved_at__lte=F("due_at"))),
            minutes=Sum("minutes_spent"),
            with_minutes=Count("minutes_spent"),
            waited=Avg(waited),
            promised=Avg(promised),
        )
        .order_by("resolved_by_id")
    ]
    return rules.coach_load(names, clients, open_rows, resolved_rows)


def _week_rows(queryset, week, **aggregates) -> dict[date, dict]:
    """One grouped query: aggregates per week (``week`` truncates a field to its Monday)."""
    rows = queryset.annotate(week=week).values("week").annotate(**aggregates).order_by("week")
    return {_as_date(row.pop("week")): row for row in rows}


def _as_date(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def _series(starts: list[date], zone, now: datetime, mrr: float, active: int) -> dict:
    """The charts: one point per week, oldest first."""
    # Local midnights as instants (the first instant after a DST gap at midnight).
    first = day_start(starts[0], zone.key)
    adherence = _week_rows(
        AdherenceScore.objects.filter(date__gte=starts[0], client__status="active"),
        TruncWeek("date"),
        total=Sum("completion_28d"),
        n=Count("completion_28d"),
    )
    resolved = _week_rows(
        ReviewItem.objects.filter(status="resolved", resolved_at__gte=first),
        TruncWeek("resolved_at", tzinfo=zone),
        n=Count("id"),
        on_time=Count("id", filter=Q(resolved_at__lte=F("due_at"))),
        ai_n=Count("id", filter=Q(raised_by_ai=True)),
        ai_right=Count("id", filter=Q(raised_by_ai=True) & ~Q(resolution="false_alarm")),
    )
    raised = _week_rows(
        ReviewItem.objects.filter(created_at__gte=first),
        TruncWeek("created_at", tzinfo=zone),
        ai=Count("id", filter=Q(raised_by_ai=True)),
        coach=Count("id", filter=Q(source=Source.COACH)),
    )
    decided = _week_rows(
        _ai_recommendations().filter(status__in=rules.DECIDED_STATUSES, decided_at__gte=first),
        TruncWeek("decided_at", tzinfo=zone),
        n=Count("id"),
        overridden=Count("id", filter=Q(status__in=rules.OVERRIDE_STATUSES)),
    )
    automatic = _week_rows(
        _ai_recommendations().filter(status="auto_applied", created_at__gte=first),
        TruncWeek("created_at", tzinfo=zone),
        n=Count("id"),
    )
    satisfaction = _week_rows(
        CheckIn.objects.filter(created_at__gte=first, satisfaction__isnull=False),
        TruncWeek("created_at", tzinfo=zone),
        total=Sum("satisfaction"),
        n=Count("satisfaction"),
    )
    # Open at the end of each week (now, for this week): opened before, not resolved before.
    ends = [day_start(s + timedelta(days=7), zone.key) for s in starts]
    ends[-1] = now
    open_counts = ReviewItem.objects.filter(
        Q(resolved_at__isnull=True) | Q(resolved_at__gte=first), created_at__lt=now
    ).aggregate(
        **{
            f"w{i}": Count(
                "id",
                filter=Q(created_at__lt=end)
                & (Q(resolved_at__isnull=True) | Q(resolved_at__gte=end)),
            )
            for i, end in enumerate(ends)
        }
    )
    snapshots = list(
        MetricsSnapshot.objects.filter(date__gte=starts[0])
        .values_list("date", "mrr", "active_clients")
        .order_by("date")
    )
    # Today's live figures count as this week's last day, after any snapshot taken earlier.
    this_week_end = starts[-1] + timedelta(days=6)
    return {
        "adherence_28d": rules.weekly_series(starts, _pairs(adherence, "total", "n"), kind="mean"),
        "sla_met_rate": rules.weekly_series(starts, _pairs(resolved, "on_time", "n")),
        "escalation_accuracy": rules.weekly_series(starts, _pairs(resolved, "ai_right", "ai_n")),
        "coach_raised": [
            {"week": s.isoformat(), "value": raised.get(s, {}).get("coach", 0)} for s in starts
        ],
        "ai_raised": [
            {"week": s.isoformat(), "value": raised.get(s, {}).get("ai", 0)} for s in starts
        ],
        "override_rate": rules.weekly_series(starts, _pairs(decided, "overridden", "n")),
        "automatic_changes": [
            {"week": s.isoformat(), "value": automatic.get(s, {}).get("n", 0)} for s in starts
        ],
        "satisfaction": rules.weekly_series(
            starts, _pairs(satisfaction, "total", "n"), kind="mean"
        ),
        "open_reviews": [
            {"week": s.isoformat(), "value": open_counts[f"w{i}"]} for i, s in enumerate(starts)
        ],
        "mrr": rules.last_in_week(
            starts, [(d, float(m)) for d, m, _ in snapshots] + [(this_week_end, mrr)]
        ),
        "active_clients": rules.last_in_week(
            starts, [(d, a) for d, _, a in snapshots] + [(this_week_end, active)]
        ),
    }


def _pairs(rows: dict[date, dict], numerator: str, denominator: str) -> dict:
    return {week: (row[numerator] or 0, row[denominator] or 0) for week, row in rows.items()}
