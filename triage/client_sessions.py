"""The client's own sessions: one session with its summary (shown on Today right after saving),
and the history of every session logged or imported."""

from __future__ import annotations

from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from coaching.access import organization_page
from coaching.localtime import local_day
from coaching.models import Client, Role
from programs.models import Prescription, SetLog, WorkoutLog
from triage.session_summary import (
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
