"""Carrying out an approved schedule change on the client's active program (the shell around
``programs.core.schedule_plan``): only sessions after today that nobody logged are dropped or changed."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Exists, Max, OuterRef

from coaching.core.localtime import local_day
from coaching.local_sql import day_range
from programs.core.schedule_plan import (
    PastSession,
    PlannedLift,
    PlannedSession,
    SchedulePlan,
    plan_schedule_change,
)
from programs.models import (
    PlannedWorkout,
    Prescription,
    Program,
    ProgramStatus,
    Recommendation,
    WorkoutLog,
)

# Weeks of planned sessions the client's misses per weekday are read from.
SCHEDULE_HISTORY_WEEKS = 8
DONE_STATUSES = ("completed", "partial")
MAIN_LIFT_CATEGORY = "strength"
MAIN_LIFT_MECHANIC = "compound"


def _active_program(recommendation: Recommendation) -> Program | None:
    program_id = (recommendation.payload or {}).get("program") or recommendation.program_id
    return Program.objects.filter(
        pk=program_id, client=recommendation.client, status=ProgramStatus.ACTIVE
    ).first()


def _sessions(program: Program, today: date) -> list[PlannedSession]:
    """This week's and later sessions; those up to today or already logged are fixed. A main
    lift is a compound strength exercise, or the first exercise of its session."""
    monday = today + timedelta(days=1) - timedelta(days=(today + timedelta(days=1)).weekday())
    workouts = list(
        PlannedWorkout.objects.filter(program=program, planned_date__gte=monday)
        .annotate(logged=Exists(WorkoutLog.objects.filter(workout=OuterRef("pk"))))
        .order_by("planned_date", "day_index")
    )
    lifts: dict[int, list[PlannedLift]] = {w.pk: [] for w in workouts}
    first: set[int] = set()
    for p in (
        Prescription.objects.filter(workout__in=workouts)
        .select_related("exercise")
        .order_by("workout_id", "order", "pk")
    ):
        is_first = p.workout_id not in first
        first.add(p.workout_id)
        exercise = p.exercise
        if is_first or (
            exercise.category == MAIN_LIFT_CATEGORY and exercise.mechanic == MAIN_LIFT_MECHANIC
        ):
            lifts[p.workout_id].append(PlannedLift(p.pk, str(exercise.pk), exercise.name))
    return [
        PlannedSession(
            w.pk, w.planned_date, w.name, tuple(lifts[w.pk]), w.planned_date <= today or w.logged
        )
        for w in workouts
    ]


def _history(client, today: date) -> list[PastSession]:
    """The client's planned sessions of the last weeks, each trained or not (a log linked to it,
    or any session done that day)."""
    since = today - timedelta(weeks=SCHEDULE_HISTORY_WEEKS)
    zone_name = client.zone_name
    done = WorkoutLog.objects.filter(
        client=client,
        status__in=DONE_STATUSES,
        **day_range("performed_at", since, today - timedelta(days=1), zone_name),
    ).values_list("workout_id", "performed_at")
    done_workouts, done_days = set(), set()
    for workout_id, performed_at in done:
        done_workouts.add(workout_id)
        done_days.add(local_day(performed_at, zone_name))
    return [
        PastSession(planned_date, pk in done_workouts or planned_date in done_days)
        for pk, planned_date in PlannedWorkout.objects.filter(
            client=client, planned_date__gte=since, planned_date__lt=today
        ).values_list("pk", "planned_date")
    ]


def _apply(plan: SchedulePlan, program: Program, today: date) -> list[dict]:
    """Moves first (onto sessions that stay), then drops; each only on a future, unlogged
    session of this program, checked again in the write itself."""
    future = PlannedWorkout.objects.filter(program=program, planned_date__gt=today).exclude(
        Exists(WorkoutLog.objects.filter(workout=OuterRef("pk")))
    )
    changeable = set(
        future.filter(
            pk__in=[d.workout_id for d in plan.drops] + [m.to_workout_id for m in plan.moves]
        ).values_list("pk", flat=True)
    )
    applied = []
    next_order = dict(
        Prescription.objects.filter(workout_id__in=changeable)
        .values("workout_id")
        .annotate(last=Max("order"))
        .values_list("workout_id", "last")
    )
    dropping = {d.workout_id for d in plan.drops if d.workout_id in changeable}
    for move in plan.moves:
        if move.from_workout_id not in dropping or move.to_workout_id not in changeable:
            continue
        order = next_order.get(move.to_workout_id, -1) + 1
        next_order[move.to_workout_id] = order
        moved = Prescription.objects.filter(
            pk=move.prescription_id, workout_id=move.from_workout_id
        ).update(workout_id=move.to_workout_id, order=order)
        if moved:
            applied.append(
                {
                    "action": "move",
                    "prescription": move.prescription_id,
                    "from_workout": move.from_workout_id,
                    "to_workout": move.to_workout_id,
                    "text": move.reason,
                }
            )
    dropped = {d.workout_id: d for d in plan.drops if d.workout_id in dropping}
    future.filter(pk__in=list(dropped)).delete()
    drops = [
        {
            "action": "drop",
            "workout": d.workout_id,
            "date": d.planned_date.isoformat(),
            "text": d.reason,
        }
        for d in dropped.values()
    ]
    # In the order the plan words it: each drop, then the lifts it moved.
    ordered = []
    for drop in sorted(drops, key=lambda d: d["date"]):
        ordered.append(drop)
        ordered.extend(a for a in applied if a["from_workout"] == drop["workout"])
    return ordered


def carry_out_schedule_change(recommendation: Recommendation, sessions_per_week: int) -> list[dict]:
    """Bring the active program's weeks from tomorrow on down to ``sessions_per_week`` sessions;
    returns what was done (each with ``text`` in words). Nothing when the program the change was
    proposed for is no longer active."""
    program = _active_program(recommendation)
    if program is None:
        return []
    today = recommendation.client.today()
    plan = plan_schedule_change(
        _sessions(program, today), _history(recommendation.client, today), sessions_per_week
    )
    return _apply(plan, program, today)
