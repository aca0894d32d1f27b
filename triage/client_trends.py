"""Loading a client's trends: the thin shell around ``triage.core.trends`` (the pure shaping) used by
the coach's client page and the trends API."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Max

from coaching.local_sql import day_range, local_date
from coaching.models import Client
from programs.models import SetLog
from triage.core.trends import CHART_DAYS, ClientTrends, LiftSession, ScoreDay, client_trends
from triage.models import AdherenceScore, CheckIn, ReviewItem

FLAG_LEVELS = ("yellow", "red")


def load_trends(client: Client, end: date) -> ClientTrends:
    """The client's trend charts over the CHART_DAYS days ending on ``end``: four queries (scores,
    check-ins, review items, best e1RM per lift and day), whatever the length of the history."""
    start = end - timedelta(days=CHART_DAYS - 1)
    # Ranges of instants, not ``__date`` lookups, so the (organization, client, time) indexes
    # serve; days are the client's local days.
    zone_name = client.zone_name
    scores = list(
        AdherenceScore.objects.filter(client=client, date__gte=start, date__lte=end)
        .order_by("date")
        .values_list("date", "level", "completion_28d", "reasons", "features")
    )
    checkins = CheckIn.objects.filter(
        client=client, **day_range("created_at", start, end, zone_name)
    ).values_list(local_date("created_at", zone_name), "readiness")
    items = ReviewItem.objects.filter(
        client=client,
        level__in=FLAG_LEVELS,
        **day_range("created_at", start, end, zone_name),
    ).values_list(local_date("created_at", zone_name), "level", "reasons")
    sessions = (
        SetLog.objects.filter(
            log__client=client,
            **day_range("log__performed_at", start, end, zone_name),
            is_warmup=False,
            e1rm_kg__isnull=False,
        )
        .values("exercise_id", "exercise__name", day=local_date("log__performed_at", zone_name))
        .annotate(best=Max("e1rm_kg"))
        .order_by()
    )
    return client_trends(
        end=end,
        scores=[
            ScoreDay(day, level, completion, reasons or ())
            for day, level, completion, reasons, _ in scores
        ],
        latest_features=scores[-1][4] if scores else None,
        checkins=list(checkins),
        lift_sessions=[
            LiftSession(row["exercise_id"], row["exercise__name"], row["day"], float(row["best"]))
            for row in sessions
        ],
        review_flags=[
            (day, level, "; ".join(r.get("text", "") for r in reasons or [] if isinstance(r, dict)))
            for day, level, reasons in items
        ],
    )
