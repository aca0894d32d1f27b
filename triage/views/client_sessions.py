"""The client's own sessions: one session with its summary (shown on Today right after saving),
and the history of every session logged or imported."""

from __future__ import annotations

from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from coaching.access import organization_page
from coaching.core.localtime import local_day
from coaching.models import Client, Role
from programs.models import Prescription, SetLog, WorkoutLog
from triage.core.session_summary import (
    DoneSet,
    PlannedExercise,
    PreviousBests,
    SessionSummary,
    summarize,
)


def previous_bests(client, log, exercise_ids) -> dict[int, PreviousBests]:
    """Each exercise's best e1RM and most reps at each load before this log (two queries)."""
    earlier = SetLog.objects.filter(
        log__client=client,
        exercise_id__in=exercise_ids,
        is_warmup=False,
        log__performed_at__lt=log.performed_at,
    ).exclude(log=log)
    e1rm = dict(
        earlier.values("exercise_id")
        .annotate(best=Max("e1rm_kg"))
        .values_list("exercise_id", "best")
    )
    reps: dict[int, dict[float, int]] = {}
    for exercise_id, load, most in (
        earlier.filter(assistance_kg__isnull=True)
        .values("exercise_id", "load_kg")
        .annotate(most=Max("reps"))
        .values_list("exercise_id", "load_kg", "most")
    ):
        reps.setdefault(exercise_id, {})[float(load)] = most
    return {
        exercise_id: PreviousBests(
            e1rm_kg=float(e1rm[exercise_id]) if e1rm.get(exercise_id) is not None else None,
            reps_at_load=reps.get(exercise_id, {}),
        )
        for exercise_id in set(e1rm) | set(reps)
    }


def summary_for(log: WorkoutLog, sets: list[SetLog]) -> SessionSummary:
    """The summary of a saved log: its sets against its planned workout, and new bests."""
    planned = []
    if log.workout_id:
        planned = [
            PlannedExercise(p.exercise_id, p.exercise.name, p.sets, p.reps_max)
            for p in Prescription.objects.filter(workout_id=log.workout_id)
            .select_related("exercise")
            .order_by("order")
        ]
    done = [
        DoneSet(
            s.exercise_id,
            s.exercise.name,
            s.reps,
            float(s.load_kg),
            float(s.e1rm_kg) if s.e1rm_kg is not None and s.assistance_kg is None else None,
        )
        for s in sets
        if not s.is_warmup
    ]
    before = previous_bests(log.client, log, {s.exercise_id for s in done})
    return summarize(
        log.status,
        planned,
        done,
        before,
        session_rpe=float(log.session_rpe) if log.session_rpe is not None else None,
    )


@organization_page(roles=[Role.CLIENT])
def client_session(request: HttpRequest, pk: int) -> HttpResponse:
    """One of the client's sessions: what was done, against the plan, and the new bests. Asked
    by htmx (Today, right after saving), only the summary."""
    client = get_object_or_404(Client.objects.select_related("organization"), user=request.user)
    log = get_object_or_404(
        WorkoutLog.objects.filter(client=client).select_related("workout", "client__organization"),
        pk=pk,
    )
    sets = list(SetLog.objects.filter(log=log).select_related("exercise").order_by("id"))
    summary = None if log.status == "skipped" else summary_for(log, sets)
    context = {
        "client": client,
        "log": log,
        "day": local_day(log.performed_at, client.zone_name),
        "sets": sets,
        "summary": summary,
        "minutes": round(log.duration_seconds / 60) if log.duration_seconds else None,
    }
    if request.htmx:
        return render(request, "triage/partials/session_summary.html", context)
    return render(request, "triage/session.html", context)


# The history page shows this many weeks of sessions at a time (older ones a link away) ...
HISTORY_PAGE_WEEKS = 12
# ... and a calendar of this many weeks up to this one, and one ahead.
CALENDAR_WEEKS = 6
# An e1RM line is not drawn across more days than this without a session.
E1RM_GAP_DAYS = 28


def _planned_days(client, start, end, today) -> dict:
    """Sessions planned per local day: past days from any program that was in force, coming
    days from the active one."""
    from collections import Counter

    from django.db.models import Q

    from programs.models import PlannedWorkout

    return Counter(
        PlannedWorkout.objects.filter(client=client, planned_date__gte=start, planned_date__lt=end)
        .filter(
            Q(program__status="active")
            | Q(program__status__in=["superseded", "completed"], planned_date__lt=today)
        )
        .values_list("planned_date", flat=True)
    )


@organization_page(roles=[Role.CLIENT])
def history(request: HttpRequest) -> HttpResponse:
    """Every session the client logged or imported, by week (each opens), a calendar of planned
    against done, their exercises with bests, and what a person looked at and answered."""
    from collections import defaultdict
    from datetime import date, timedelta

    from django.db.models import Count
    from django.utils import timezone

    from coaching.core.localtime import day_start, local_today
    from coaching.models import Notification
    from programs.plan_weeks import week_start
    from programs.training_history import by_week, calendar
    from triage.models import CheckIn, ReviewItem

    client = get_object_or_404(Client.objects.select_related("organization"), user=request.user)
    zone_name = client.zone_name
    today = local_today(timezone.now(), zone_name)
    this_monday = week_start(today)
    try:
        end = week_start(date.fromisoformat(request.GET.get("before", "")))
    except ValueError:
        end = this_monday + timedelta(weeks=1)
    end = min(end, this_monday + timedelta(weeks=1))
    start = end - timedelta(weeks=HISTORY_PAGE_WEEKS)
    logs = list(
        WorkoutLog.objects.filter(
            client=client,
            performed_at__gte=day_start(start, zone_name),
            performed_at__lt=day_start(end, zone_name),
        )
        .select_related("workout")
        .annotate(set_count=Count("sets"))
        .order_by("-performed_at")
    )
    for log in logs:
        log.local_day = local_day(log.performed_at, zone_name)
    older = WorkoutLog.objects.filter(
        client=client, performed_at__lt=day_start(start, zone_name)
    ).exists()

    calendar_start = this_monday - timedelta(weeks=CALENDAR_WEEKS - 1)
    calendar_end = this_monday + timedelta(weeks=2)
    logged = defaultdict(list)
    for performed_at, status in WorkoutLog.objects.filter(
        client=client,
        performed_at__gte=day_start(calendar_start, zone_name),
        performed_at__lt=day_start(calendar_end, zone_name),
    ).values_list("performed_at", "status"):
        logged[local_day(performed_at, zone_name)].append(status)
    days = calendar(
        _planned_days(client, calendar_start, calendar_end, today),
        logged,
        today=today,
        weeks=CALENDAR_WEEKS,
    )
    exercises = list(
        SetLog.objects.filter(log__client=client, is_warmup=False)
        .values("exercise_id", "exercise__name")
        .annotate(
            sessions=Count("log", distinct=True),
            best=Max("e1rm_kg"),
            last=Max("log__performed_at"),
        )
        .order_by("-last")
    )
    items = (
        ReviewItem.objects.filter(client=client)
        .select_related("resolved_by")
        .order_by("-created_at")[:50]
    )
    notifications = Notification.objects.filter(user=request.user).order_by("-created_at")[:20]
    check_ins = CheckIn.objects.filter(client=client).order_by("-created_at")[:20]
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return render(
        request,
        "triage/history.html",
        {
            "client": client,
            "session_weeks": by_week((log.local_day, log) for log in logs),
            "range_start": start,
            "range_end": end - timedelta(days=1),
            "older_before": start if older else None,
            "newer_before": end + timedelta(weeks=HISTORY_PAGE_WEEKS)
            if end <= this_monday
            else None,
            "calendar": days,
            "exercises": exercises,
            "items": list(items),
            "notifications": list(notifications),
            "check_ins": list(check_ins),
        },
    )


@organization_page(roles=[Role.CLIENT])
def client_exercise(request: HttpRequest, pk: int) -> HttpResponse:
    """One exercise in the client's own history: personal bests, an e1RM chart, and every
    session of it. An exercise they never logged is a 404."""
    from django.http import Http404
    from django.utils import timezone

    from charts import format_number, line_chart
    from coaching.core.localtime import local_today
    from programs.training_history import SetFact, daily_best_e1rm, personal_bests

    client = get_object_or_404(Client.objects.select_related("organization"), user=request.user)
    zone_name = client.zone_name
    rows = list(
        SetLog.objects.filter(log__client=client, exercise_id=pk, is_warmup=False)
        .order_by("-log__performed_at", "log_id", "set_index", "id")
        .values(
            "reps",
            "load_kg",
            "e1rm_kg",
            "assistance_kg",
            "distance_m",
            "duration_seconds",
            "log_id",
            "log__performed_at",
            "exercise__name",
        )
    )
    if not rows:
        raise Http404("No sets of this exercise.")
    facts = []
    sessions: dict[int, dict] = {}
    for row in rows:
        day = local_day(row["log__performed_at"], zone_name)
        helped = row["assistance_kg"] is not None
        facts.append(
            SetFact(
                day,
                row["reps"],
                0.0 if helped else float(row["load_kg"]),
                float(row["e1rm_kg"]) if row["e1rm_kg"] is not None and not helped else None,
                row["log_id"],
            )
        )
        session = sessions.setdefault(row["log_id"], {"day": day, "log": row["log_id"], "sets": []})
        session["sets"].append(_set_words(row))
    today = local_today(timezone.now(), zone_name)
    series = daily_best_e1rm(facts)
    bests = personal_bests(facts)
    name = rows[0]["exercise__name"]
    chart = line_chart(
        series,
        start=min((d for d, _ in series), default=today),
        end=today,
        max_gap_days=E1RM_GAP_DAYS,
    )
    summary = f"{bests.sessions} session{'s' if bests.sessions != 1 else ''}"
    if series:
        summary += (
            f" · estimated one-rep max {format_number(series[0][1])} → "
            f"{format_number(series[-1][1])} kg"
        )
    return render(
        request,
        "triage/exercise.html",
        {
            "client": client,
            "name": name,
            "bests": bests,
            "trend": {
                "key": f"exercise-{pk}",
                "title": f"{name}: estimated one-rep max",
                "summary": summary,
                "empty": chart.empty,
                "empty_text": "Two or more sessions with a load and reps draw a line.",
                "unit": "kg",
                "chart": chart,
            },
            "sessions": list(sessions.values()),
        },
    )


def _set_words(row: dict) -> str:
    """A set as a lifter writes it: "5 × 100 kg", "8 with 15 kg of help", "400 m", "60 s"."""
    from programs.core.prescription_words import number_text

    if not row["reps"] and (row["distance_m"] or row["duration_seconds"]):
        parts = []
        if row["distance_m"]:
            parts.append(f"{number_text(row['distance_m'])} m")
        if row["duration_seconds"]:
            parts.append(f"{row['duration_seconds']} s")
        return " in ".join(parts)
    if row["assistance_kg"] is not None:
        return f"{row['reps']} with {number_text(row['assistance_kg'])} kg of help"
    if not row["load_kg"]:
        return f"{row['reps']} reps"
    return f"{row['reps']} × {number_text(row['load_kg'])} kg"
