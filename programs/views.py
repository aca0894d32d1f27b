"""Programs pages: history import, and the coach's view of a client's training."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.db.models import Count, F, Max, Q, Sum
from django.db.models.functions import TruncWeek
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from coaching.access import organization_page
from coaching.charts import format_number, line_chart
from coaching.models import STAFF_ROLES, Client, Role
from programs.history_import import import_history
from programs.importers import UnknownFormat
from programs.models import PlannedWorkout, SetLog, WorkoutLog

HISTORY_WEEKS = 12
CHART_EXERCISES = 6
# Sessions of a lift more than two weeks apart are not joined by the line (a break, not a guess).
E1RM_GAP_DAYS = 14


def _client_for(request, pk: int | None) -> Client:
    clients = Client.objects.select_related("user")
    if request.membership.role == Role.CLIENT:
        return get_object_or_404(clients, user=request.user)
    return get_object_or_404(clients, pk=pk)


@organization_page(roles=[Role.CLIENT])
@require_http_methods(["GET", "POST"])
def client_import(request: HttpRequest) -> HttpResponse:
    return _import(request, _client_for(request, None))


@organization_page(roles=STAFF_ROLES)
@require_http_methods(["GET", "POST"])
def coach_import(request: HttpRequest, pk: int) -> HttpResponse:
    return _import(request, _client_for(request, pk))


def _import(request: HttpRequest, client: Client) -> HttpResponse:
    """Upload a Strong or Hevy export; shows what was imported, skipped and not recognised."""
    result, error = None, None
    if request.method == "POST":
        upload = request.FILES.get("file")
        fmt = request.POST.get("format")
        if upload is None:
            error = "Choose the CSV file your app exported."
        elif fmt not in ("strong", "hevy"):
            error = "Choose which app the file comes from."
        else:
            try:
                result = import_history(client, upload.read(), fmt, by=request.user).as_dict()
            except UnknownFormat as exc:
                error = str(exc)
    return render(
        request,
        "programs/import.html",
        {"client": client, "result": result, "error": error},
        status=400 if error else 200,
    )


@organization_page(roles=STAFF_ROLES)
def training(request: HttpRequest, pk: int) -> HttpResponse:
    """Per-exercise e1RM and weekly volume, and adherence to plan per week (set-wise queries)."""
    client = _client_for(request, pk)
    since = timezone.localdate() - timedelta(weeks=HISTORY_WEEKS)
    sessions = (
        SetLog.objects.filter(
            log__client=client, log__performed_at__date__gte=since, is_warmup=False
        )
        .values("exercise_id", "exercise__name", day=F("log__performed_at__date"))
        .annotate(best=Max("e1rm_kg"), volume=Sum(F("reps") * F("load_kg")))
        .order_by("exercise_id", "day")
    )
    by_exercise = defaultdict(list)
    names = {}
    for row in sessions:
        by_exercise[row["exercise_id"]].append(row)
        names[row["exercise_id"]] = row["exercise__name"]
    top = sorted(by_exercise, key=lambda e: -len(by_exercise[e]))[:CHART_EXERCISES]
    charts = []
    today = timezone.localdate()
    for exercise_id in top:
        rows = by_exercise[exercise_id]
        series = [(r["day"], float(r["best"])) for r in rows if r["best"] is not None]
        e1rm = [value for _, value in series]
        volume = round(sum(float(r["volume"] or 0) for r in rows))
        summary = f"{len(rows)} sessions · {volume} kg lifted"
        if e1rm:
            summary += f" · e1RM {format_number(e1rm[0])} → {format_number(e1rm[-1])} kg"
        charts.append(
            {
                "key": f"lift-{exercise_id}",
                "name": names[exercise_id],
                "title": names[exercise_id],
                "summary": summary,
                "empty_text": "Too few sessions with a load and reps to draw a line.",
                "unit": "kg",
                "chart": line_chart(series, start=since, end=today, max_gap_days=E1RM_GAP_DAYS),
                "sessions": len(rows),
                "first": e1rm[0] if e1rm else None,
                "last": e1rm[-1] if e1rm else None,
                "volume": volume,
            }
        )
        charts[-1]["empty"] = charts[-1]["chart"].empty
    planned = dict(
        PlannedWorkout.objects.filter(
            client=client, planned_date__gte=since, program__status__in=["active", "superseded"]
        )
        .annotate(week_start=TruncWeek("planned_date"))
        .values_list("week_start")
        .annotate(n=Count("id"))
    )
    done = {
        row["week_start"].date() if hasattr(row["week_start"], "date") else row["week_start"]: row
        for row in WorkoutLog.objects.filter(client=client, performed_at__date__gte=since)
        .annotate(week_start=TruncWeek("performed_at"))
        .values("week_start")
        .annotate(
            completed=Count("id", filter=Q(status="completed")),
            partial=Count("id", filter=Q(status="partial")),
            skipped=Count("id", filter=Q(status="skipped")),
        )
    }
    weeks = []
    planned = {(w.date() if hasattr(w, "date") else w): n for w, n in planned.items()}
    for key in sorted({*planned, *done}, reverse=True):
        row = done.get(key, {})
        planned_n = planned.get(key, 0)
        completed = row.get("completed", 0) + 0.5 * row.get("partial", 0)
        weeks.append(
            {
                "week": key,
                "planned": planned_n,
                "completed": completed,
                "skipped": row.get("skipped", 0),
                "rate": round(100 * min(completed / planned_n, 1)) if planned_n else None,
            }
        )
    return render(
        request, "programs/training.html", {"client": client, "charts": charts, "weeks": weeks}
    )
