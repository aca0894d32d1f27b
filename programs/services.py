"""Drafting a client's program and the recommendation lifecycle (automation proposes, the coach
disposes). Every change to a plan is a Recommendation, so the plan's history is its audit trail."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from billing.review import review_decision
from coaching.intake import intake_for_program
from messaging.models import MessageSource
from messaging.services import post_from_team
from programs.core.decision_notice import decision_notice
from programs.core.drafting import DraftRequest, draft_program
from programs.core.drafting.intake import request_from_intake
from programs.core.exercises import as_library_exercise
from programs.models import (
    Exercise,
    PlannedWorkout,
    Prescription,
    Program,
    ProgramStatus,
    ProgramWeek,
    Recommendation,
    RecommendationKind,
    RecommendationStatus,
    SetLog,
)
from programs.schedule_changes import carry_out_schedule_change

E1RM_HISTORY_DAYS = 90
DRAFT_CONFIDENCE = 0.8
EDITABLE_FIELDS = (
    "sets",
    "reps_min",
    "reps_max",
    "target_rpe",
    "target_load_kg",
    "rest_seconds",
    "notes",
)


class DecisionConflict(Exception):
    """The recommendation was already decided."""


def next_monday(today: date) -> date:
    """The Monday after ``today`` (the client's local day): where a new program starts."""
    return today + timedelta(days=(7 - today.weekday()) % 7 or 7)


def _history_e1rm(client) -> dict[str, float]:
    since = timezone.now() - timedelta(days=E1RM_HISTORY_DAYS)
    rows = (
        SetLog.objects.filter(
            log__client=client, log__performed_at__gte=since, e1rm_kg__isnull=False, is_warmup=False
        )
        .values("exercise_id")
        .annotate(best=Max("e1rm_kg"))
    )
    return {str(row["exercise_id"]): float(row["best"]) for row in rows}


def draft_request_for(client, intake, start: date) -> DraftRequest:
    """The drafting request for the client's approved intake, with their recent history."""
    return request_from_intake(
        intake,
        start=start,
        experience=intake.experience or client.experience or "novice",
        risk=intake.risk or client.risk or "low",
        e1rm_by_exercise=_history_e1rm(client),
    )


@transaction.atomic
def draft_for_client(client, *, by, start: date | None = None) -> Recommendation:
    """Draft a program from the approved intake; it waits for a coach as a new_program
    recommendation. Raises IntakeNotApproved (with the reason) before the intake is approved,
    and its ClearanceNotRecorded while a medical clearance is awaited."""
    intake = intake_for_program(client)
    exercises = {str(e.pk): e for e in Exercise.objects.all()}
    library = [as_library_exercise(e) for e in exercises.values()]
    start = start or next_monday(client.today())
    drafted = draft_program(draft_request_for(client, intake, start), library)
    program = Program.objects.create(
        organization=client.organization,
        client=client,
        name=drafted.name,
        status=ProgramStatus.PENDING_REVIEW,
        start_date=drafted.weeks[0].workouts[0].planned_date
        if drafted.weeks and drafted.weeks[0].workouts
        else start,
        rationale=[{"topic": r.topic, "text": r.text} for r in drafted.rationale],
        monitoring_rules=list(drafted.monitoring_rules),
        created_by=by,
    )
    save_structure(program, drafted, exercises)
    decision = review_decision(client, RecommendationKind.NEW_PROGRAM, "green")
    return Recommendation.objects.create(
        organization=client.organization,
        client=client,
        kind=RecommendationKind.NEW_PROGRAM,
        status=RecommendationStatus.ON_HOLD
        if decision.action == "hold"
        else RecommendationStatus.PENDING_REVIEW,
        rationale=" ".join(r.text for r in drafted.rationale[:4]),
        confidence=DRAFT_CONFIDENCE,
        payload={
            "program": program.pk,
            "name": program.name,
            "weeks": len(drafted.weeks),
            "sessions_per_week": intake.sessions_per_week,
            "deload_weeks": [w.index for w in drafted.weeks if w.is_deload],
        },
        program=program,
        source="ai",
        created_by=by,
        due_at=decision.due_at,
    )


def save_structure(program: Program, drafted, exercises: dict[str, Exercise]) -> None:
    """Weeks, workouts and prescriptions of a drafted program, in a few bulk writes."""
    organization = program.organization
    weeks = ProgramWeek.objects.bulk_create(
        [
            ProgramWeek(
                organization=organization, program=program, index=w.index, is_deload=w.is_deload
            )
            for w in drafted.weeks
        ]
    )
    if not weeks[0].pk:  # SQLite before 3.35 does not return ids
        weeks = list(ProgramWeek.objects.filter(program=program).order_by("index"))
    workouts = []
    for week, drafted_week in zip(weeks, drafted.weeks, strict=True):
        for w in drafted_week.workouts:
            workouts.append(
                PlannedWorkout(
                    organization=organization,
                    week=week,
                    program=program,
                    client=program.client,
                    day_index=w.day_index,
                    planned_date=w.planned_date,
                    name=w.name,
                )
            )
    workouts = PlannedWorkout.objects.bulk_create(workouts)
    drafted_workouts = [w for week in drafted.weeks for w in week.workouts]
    prescriptions = []
    for workout, drafted_workout in zip(workouts, drafted_workouts, strict=True):
        for order, p in enumerate(drafted_workout.prescriptions):
            prescriptions.append(
                Prescription(
                    organization=organization,
                    workout=workout,
                    exercise=exercises[p.exercise_key],
                    order=order,
                    sets=p.sets,
                    reps_min=p.reps_min,
                    reps_max=p.reps_max,
                    target_rpe=Decimal(str(p.target_rpe)) if p.target_rpe is not None else None,
                    target_load_kg=Decimal(str(p.target_load_kg))
                    if p.target_load_kg is not None
                    else None,
                    rest_seconds=p.rest_seconds,
                    notes=p.notes[:300],
                )
            )
    Prescription.objects.bulk_create(prescriptions)


def _activate(program: Program) -> None:
    Program.objects.filter(client=program.client, status=ProgramStatus.ACTIVE).exclude(
        pk=program.pk
    ).update(status=ProgramStatus.SUPERSEDED)
    program.status = ProgramStatus.ACTIVE
    program.activated_at = timezone.now()
    program.save(update_fields=["status", "activated_at"])


class InvalidChange(ValueError):
    """A change that cannot be made; ``field`` is the request field the message belongs to."""

    def __init__(self, message: str, field: str = "payload"):
        super().__init__(message)
        self.field = field


def schedule_target(recommendation: Recommendation, decision: str, sessions_per_week) -> int:
    """The sessions a week a schedule change is carried out with: the proposal's on approve,
    the coach's number on modify. Only fewer sessions than planned are carried out: adding a
    training day needs the coach to choose the day and its work."""
    planned = recommendation.payload.get("from")
    if decision == "approve":
        return int(recommendation.payload["to"])
    if sessions_per_week is None:
        raise InvalidChange(
            "Say how many sessions a week the plan should have.", "sessions_per_week"
        )
    if isinstance(sessions_per_week, bool) or not isinstance(sessions_per_week, int):
        raise InvalidChange("Give a whole number of sessions a week.", "sessions_per_week")
    if not 1 <= sessions_per_week < planned:
        raise InvalidChange(
            f"Choose from 1 to {planned - 1} sessions a week (the plan has {planned}); "
            "to keep or add sessions, reject this and edit the plan.",
            "sessions_per_week",
        )
    return sessions_per_week


def apply_changes(client, changes: list[dict]) -> None:
    """Edits to prescriptions of the client's programs: [{prescription, field, to}] or
    [{prescription, exercise}] to swap an exercise. Raises InvalidChange naming the problem."""
    for change in changes:
        if not isinstance(change, dict) or "prescription" not in change:
            raise InvalidChange("Each change names a prescription.")
        prescription = Prescription.objects.filter(
            pk=change["prescription"], workout__client=client
        ).first()
        if prescription is None:
            raise InvalidChange(
                f"Prescription {change['prescription']} is not in this client's plan."
            )
        if "exercise" in change:
            exercise = Exercise.objects.filter(pk=change["exercise"]).first()
            if exercise is None:
                raise InvalidChange(f"Exercise {change['exercise']} is not in your library.")
            prescription.exercise = exercise
        else:
            field = change.get("field")
            if field not in EDITABLE_FIELDS:
                raise InvalidChange(
                    f"{field!r} cannot be changed; editable: {', '.join(EDITABLE_FIELDS)}."
                )
            setattr(prescription, field, change.get("to"))
            try:
                prescription.full_clean(exclude=["organization", "workout", "exercise"])
            except Exception as exc:
                raise InvalidChange(f"{field}: {exc}") from None
        prescription.save()


@transaction.atomic
def decide(
    recommendation: Recommendation,
    *,
    decision: str,
    notes: str,
    by,
    payload=None,
    sessions_per_week: int | None = None,
) -> Recommendation:
    """The coach approves, rejects (with a note) or modifies (edits, then applies). Once only.
    An approved schedule change is carried out on the active plan from tomorrow on (modify: with
    the coach's ``sessions_per_week``)."""
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if recommendation.status not in (
        RecommendationStatus.PENDING_REVIEW,
        RecommendationStatus.ON_HOLD,
    ):
        raise DecisionConflict(f"Already decided: {recommendation.get_status_display().lower()}.")
    client = recommendation.client
    if decision in ("approve", "modify"):
        if decision == "modify":
            apply_changes(client, (payload or {}).get("changes", []))
        if recommendation.kind == RecommendationKind.SCHEDULE_CHANGE:
            target = schedule_target(recommendation, decision, sessions_per_week)
            recommendation.payload = {
                **recommendation.payload,
                "sessions_per_week": target,
                "applied": carry_out_schedule_change(recommendation, target),
            }
        elif recommendation.kind == RecommendationKind.NEW_PROGRAM and recommendation.program:
            _activate(recommendation.program)
        elif decision == "approve":
            apply_changes(client, recommendation.payload.get("changes", []))
        edited = bool(recommendation.payload.get("edits"))  # made in the program editor
        recommendation.status = (
            RecommendationStatus.MODIFIED
            if decision == "modify" or edited
            else RecommendationStatus.APPROVED
        )
        recommendation.applied_at = timezone.now()
        if decision == "modify":
            recommendation.payload = {
                **recommendation.payload,
                "coach_changes": (payload or {}).get("changes", []),
            }
    else:
        recommendation.status = RecommendationStatus.REJECTED
        if recommendation.program and recommendation.program.status == ProgramStatus.PENDING_REVIEW:
            recommendation.program.status = ProgramStatus.DRAFT
            recommendation.program.save(update_fields=["status"])
    recommendation.decided_by = by
    recommendation.decided_at = timezone.now()
    recommendation.decision_notes = notes
    recommendation.save()
    _tell_client(recommendation, decision, notes, by)
    return recommendation


def _tell_client(recommendation: Recommendation, decision: str, notes: str, by) -> None:
    """Post the decision into the client's thread when the client should know of it."""
    payload = recommendation.payload if isinstance(recommendation.payload, dict) else {}
    applied = payload.get("applied") if decision != "reject" else None
    body = decision_notice(
        kind=recommendation.kind,
        kind_label=recommendation.get_kind_display(),
        decision=decision,
        rationale=recommendation.rationale,
        notes=notes,
        program_name=payload.get("name", "") if recommendation.program_id else "",
        details=[a.get("text", "") for a in applied or [] if isinstance(a, dict)],
    )
    if body:
        post_from_team(
            recommendation.client,
            author=by,
            body=body,
            source=MessageSource.DECISION,
            source_id=recommendation.pk,
        )
