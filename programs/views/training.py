"""Programs pages: history import, and the coach's view of a client's training."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.db.models import Count, F, Max, Q, Sum
from django.db.models.functions import TruncWeek
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.formats import number_format
from django.views.decorators.http import require_http_methods

from charts import format_number, line_chart
from coaching.access import organization_page
from coaching.core.localtime import zone
from coaching.local_sql import day_range, local_date, local_week
from coaching.models import STAFF_ROLES, Client, Role
from programs.core.importers import (
    ASYNC_ROWS,
    MAX_UPLOAD_BYTES,
    UNITS,
    TooLarge,
    UnknownFormat,
    estimated_rows,
    minutes_rounded,
    parse_export,
    too_big_message,
)
from programs.history_import import (
    check_head,
    discard_stale_uploads,
    queue_import,
    run_job_in_request,
)
from programs.models import ImportJob, ImportStatus, PlannedWorkout, SetLog, WorkoutLog

RECENT_IMPORTS = 5
IMPORTED_SESSIONS_SHOWN = 10
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


@organization_page(roles=[Role.CLIENT])
@require_http_methods(["GET", "POST"])
def client_import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    return _import_job(request, _client_for(request, None), job_id)


@organization_page(roles=STAFF_ROLES)
@require_http_methods(["GET", "POST"])
def coach_import_job(request: HttpRequest, pk: int, job_id: int) -> HttpResponse:
    return _import_job(request, _client_for(request, pk), job_id)


def _job_url(request, client: Client, job: ImportJob) -> str:
    slug = request.organization.slug
    if request.membership.role == Role.CLIENT:
        return reverse("client_import_job", args=[slug, job.pk])
    return reverse("coach_import_job", args=[slug, client.pk, job.pk])


def _import(request: HttpRequest, client: Client) -> HttpResponse:
    """Upload a Strong or Hevy export. The file is kept with an ImportJob until it is imported:
    a file without a unit asks for one first (with a guess), a big one imports in the
    background; either way the person lands on the job's page."""
    error, status = None, 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        fmt = request.POST.get("format")
        if upload is None:
            error, status = "Choose the CSV file your app exported.", 400
        elif fmt not in ("strong", "hevy"):
            error, status = "Choose which app the file comes from.", 400
        elif upload.size > MAX_UPLOAD_BYTES:
            error, status = too_big_message(upload.size), 413
        else:
            try:
                job = _upload_job(request, client, upload.read(), fmt, upload.name or "")
            except TooLarge as exc:
                error, status = exc.message, 413
            except UnknownFormat as exc:
                error, status = exc.message, 400
            else:
                return redirect(_job_url(request, client, job))
    return render(
        request,
        "programs/import.html",
        {"client": client, "error": error, "recent_jobs": _recent_jobs(client)},
        status=status,
    )


def _upload_job(request, client: Client, data: bytes, fmt: str, filename: str) -> ImportJob:
    rows = estimated_rows(data)
    big = rows > ASYNC_ROWS
    parsed = check_head(data, fmt, "kg") if big else parse_export(data, fmt)
    discard_stale_uploads(client)
    guess = parsed.unit_guess
    job = ImportJob.objects.create(
        organization=client.organization,
        client=client,
        format=fmt,
        filename=filename[:200],
        unit=parsed.unit if parsed.unit_in_file else "",
        unit_source="file" if parsed.unit_in_file else "",
        status=ImportStatus.QUEUED if parsed.unit_in_file else ImportStatus.AWAITING_UNIT,
        rows=rows,
        upload=data,
        result={"unit_guess": {"unit": guess.unit, "reason": guess.reason}} if guess else {},
        created_by=request.user,
    )
    if parsed.unit_in_file:
        _start(request, job, big)
    return job


def _start(request, job: ImportJob, big: bool) -> None:
    if big:
        queue_import(job)
    else:
        run_job_in_request(job, by=request.user)


def _import_job(request: HttpRequest, client: Client, job_id: int) -> HttpResponse:
    """One upload: the unit question, the progress of a background import, or the summary."""
    job = get_object_or_404(ImportJob.objects.defer("upload"), client=client, pk=job_id)
    if request.method == "POST":
        if job.status != ImportStatus.AWAITING_UNIT:
            return redirect(_job_url(request, client, job))
        unit = request.POST.get("unit")
        if unit not in UNITS:
            return _render_job(
                request, client, job, error="Choose kilograms or pounds.", status=400
            )
        job = ImportJob.objects.get(pk=job.pk)  # with its file
        job.unit, job.unit_source = unit, "request"
        job.result = {}
        job.status = ImportStatus.QUEUED
        job.save(update_fields=["unit", "unit_source", "result", "status"])
        _start(request, job, job.rows > ASYNC_ROWS)
        return redirect(_job_url(request, client, job))
    return _render_job(request, client, job)


def _render_job(request, client, job, *, error=None, status=200) -> HttpResponse:
    running = job.status in (ImportStatus.QUEUED, ImportStatus.RUNNING)
    template = "programs/partials/import_progress.html" if request.htmx and running else None
    context = {
        "client": client,
        "job": job,
        "error": error,
        "running": running,
        "percent": round(job.progress * 100),
        "guess": (job.result or {}).get("unit_guess"),
        "result": job.result if job.status == ImportStatus.DONE else None,
        "sessions": _imported_sessions(client, job) if job.status == ImportStatus.DONE else [],
        "job_url": _job_url(request, client, job),
    }
    if template is None and request.htmx and not running:
        # The background import just finished: reload the whole page for the summary.
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, template or "programs/import_job.html", context, status=status)


def _recent_jobs(client: Client) -> list[ImportJob]:
    return list(ImportJob.objects.filter(client=client).defer("upload")[:RECENT_IMPORTS])


def _imported_sessions(client: Client, job: ImportJob) -> list[dict]:
    """The latest sessions this upload created, with local times and minutes rounded."""
    if not job.started_at:
        return []
    zone_name = client.zone_name
    logs = (
        WorkoutLog.objects.filter(client=client, source=job.format, created_at__gte=job.started_at)
        .annotate(set_count=Count("sets"))
        .order_by("-performed_at")[:IMPORTED_SESSIONS_SHOWN]
    )
    return [
        {
            # Naive local wall time, so the template shows it as the client lives it.
            "when": log.performed_at.astimezone(zone(zone_name)).replace(tzinfo=None),
            "name": log.name,
            "minutes": minutes_rounded(log.duration_seconds),
            "sets": log.set_count,
            "notes": log.notes,
        }
        for log in logs
    ]


@organization_page(roles=STAFF_ROLES)
def training(request: HttpRequest, pk: int) -> HttpResponse:
    """Per-exercise e1RM and weekly volume, and adherence to plan per week (set-wise queries)."""
    client = _client_for(request, pk)
    # The client's local days: ranges of instants to filter, days cast in their zone.
    zone_name = client.zone_name
    today = client.today()
    since = today - timedelta(weeks=HISTORY_WEEKS)
    sessions = (
        SetLog.objects.filter(
            log__client=client,
            **day_range("log__performed_at", since, None, zone_name),
            is_warmup=False,
        )
        .values("exercise_id", "exercise__name", day=local_date("log__performed_at", zone_name))
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
    for exercise_id in top:
        rows = by_exercise[exercise_id]
        series = [(r["day"], float(r["best"])) for r in rows if r["best"] is not None]
        e1rm = [value for _, value in series]
        volume = round(sum(float(r["volume"] or 0) for r in rows))
        summary = f"{len(rows)} session{pluralize(len(rows))} · {number_format(volume, 0, force_grouping=True)} kg lifted"
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
        for row in WorkoutLog.objects.filter(
            client=client, **day_range("performed_at", since, None, zone_name)
        )
        .annotate(week_start=local_week("performed_at", zone_name))
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
