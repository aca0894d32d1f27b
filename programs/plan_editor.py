"""The coach's program editor on a draft waiting for review and on an active plan: swap an
exercise, add one, remove one, move one, change its numbers and notes. Every edit is recorded:
on a draft, in the waiting new-program recommendation (approving it then reads "approved with
changes"); on an active plan, as a recommendation of kind ``plan_edit`` decided by the coach,
which the client's plan page lists as reviewed. A workout the client has logged is not edited.
The choices (suggestions, number checks) are pure, in ``programs.core.editing``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from coaching.models import Intake, IntakeStatus
from programs.core import editing
from programs.core.exercises import as_library_exercise
from programs.core.library import BODY_ONLY, EQUIPMENT, Injury, parse_constraints
from programs.models import (
    Exercise,
    PlannedWorkout,
    Prescription,
    Program,
    ProgramStatus,
    Recommendation,
    RecommendationKind,
    RecommendationStatus,
    WorkoutLog,
)

EDITABLE_STATUSES = (ProgramStatus.PENDING_REVIEW, ProgramStatus.ACTIVE)
OPS = ("swap", "add", "remove", "move", "update")
EDIT_ID_MAX = 64


class EditRefused(Exception):
    """The edit cannot be made now (the program is not editable, the workout is logged):
    a conflict, not bad input."""


@dataclass(frozen=True)
class EditResult:
    text: str
    recommendation: Recommendation | None
    workout: PlannedWorkout
    repeated: bool = False


@dataclass(frozen=True)
class ClientContext:
    """What the suggestions respect: the client's equipment, current injuries, constraints."""

    equipment: frozenset[str]
    injuries: tuple[Injury, ...]
    constraints: frozenset[str]


def client_context(client) -> ClientContext:
    """From the client's latest approved intake (else the latest one sent); without an intake
    every equipment value is allowed."""
    intake = (
        Intake.objects.filter(client=client, status=IntakeStatus.APPROVED)
        .order_by("-version")
        .first()
        or Intake.objects.filter(client=client).exclude(status="draft").order_by("-version").first()
    )
    if intake is None:
        return ClientContext(frozenset(EQUIPMENT), (), frozenset())
    return ClientContext(
        frozenset({*(intake.equipment or ()), BODY_ONLY}),
        tuple(
            Injury(area=i["area"], current=bool(i.get("current")), notes=i.get("notes", ""))
            for i in intake.injuries or ()
            if isinstance(i, dict) and i.get("area")
        ),
        frozenset(parse_constraints(intake.constraints or "")),
    )


def library() -> list:
    return [as_library_exercise(e) for e in Exercise.objects.all()]


def swap_suggestions(prescription: Prescription, *, query: str = "") -> list[editing.Suggestion]:
    context = client_context(prescription.workout.client)
    return editing.swap_suggestions(
        as_library_exercise(prescription.exercise),
        library(),
        context.equipment,
        context.injuries,
        context.constraints,
        query=query,
    )


def add_suggestions(workout: PlannedWorkout, *, query: str) -> list[editing.Suggestion]:
    context = client_context(workout.client)
    present = {str(pk) for pk in workout.prescriptions.values_list("exercise_id", flat=True)}
    return editing.add_suggestions(
        library(),
        context.equipment,
        context.injuries,
        context.constraints,
        query=query,
        exclude=present,
    )


def _day(workout: PlannedWorkout) -> str:
    day = workout.planned_date
    return f"{workout.name}, {day:%a} {day.day} {day:%b}"


def _int(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise editing.EditError(f"Give {field} as a number.", field)
    try:
        return int(value)
    except ValueError:
        raise editing.EditError(f"Give {field} as a number.", field) from None


def _prescription(program: Program, edit: dict) -> Prescription:
    pk = _int(edit.get("prescription"), "prescription")
    prescription = (
        Prescription.objects.select_related("exercise", "workout")
        .filter(pk=pk, workout__program=program)
        .first()
    )
    if prescription is None:
        raise editing.EditError(f"Prescription {pk} is not in this program.", "prescription")
    return prescription


def _exercise(edit: dict) -> Exercise:
    pk = _int(edit.get("exercise"), "exercise")
    exercise = Exercise.objects.filter(pk=pk).first()
    if exercise is None:
        raise editing.EditError(f"Exercise {pk} is not in your library.", "exercise")
    return exercise


def _show(field: str, value) -> str:
    if value in (None, ""):
        return "none"
    if field == "target_load_kg":
        return f"{float(value):g} kg"
    if field == "rest_seconds":
        return f"{value} s"
    if field == "target_rpe":
        return f"{float(value):g}"
    if field == "notes":
        return f"“{value}”"
    return str(value)


def _renumber(workout: PlannedWorkout, ordered: list[Prescription]) -> None:
    for index, item in enumerate(ordered):
        if item.order != index:
            item.order = index
            item.save(update_fields=["order"])


def _apply(program: Program, edit: dict) -> tuple[str, PlannedWorkout, dict]:
    op = edit.get("op")
    if op not in OPS:
        raise editing.EditError(f"Choose an operation: {', '.join(OPS)}.", "op")
    if op == "add":
        workout = PlannedWorkout.objects.filter(
            pk=_int(edit.get("workout"), "workout"), program=program
        ).first()
        if workout is None:
            raise editing.EditError("That workout is not in this program.", "workout")
    else:
        prescription = _prescription(program, edit)
        workout = prescription.workout
    if WorkoutLog.objects.filter(workout=workout).exists():
        raise EditRefused(f"{_day(workout)} is already logged; edit a later session.")
    where = f" ({_day(workout)})"
    if op == "swap":
        exercise = _exercise(edit)
        before = prescription.exercise.name
        prescription.exercise = exercise
        prescription.save(update_fields=["exercise"])
        return (
            f"Swapped {before} for {exercise.name}{where}.",
            workout,
            {
                "prescription": prescription.pk,
                "from": before,
                "to": exercise.name,
            },
        )
    if op == "add":
        exercise = _exercise(edit)
        values = dict(editing.ADD_DEFAULTS)
        given = {k: v for k, v in edit.items() if k in editing.FIELDS}
        if given:
            values.update(editing.clean_changes(given, values))
        last = workout.prescriptions.aggregate(last=Max("order"))["last"]
        added = Prescription.objects.create(
            organization=program.organization,
            workout=workout,
            exercise=exercise,
            order=0 if last is None else last + 1,
            **values,
        )
        return (
            f"Added {exercise.name}, {added.sets} × {added.reps_min}–{added.reps_max}{where}.",
            workout,
            {"prescription": added.pk, "to": exercise.name},
        )
    if op == "remove":
        if workout.prescriptions.count() <= 1:
            raise editing.EditError(
                "A session keeps at least one exercise; swap it instead.", "prescription"
            )
        name = prescription.exercise.name
        prescription.delete()
        _renumber(workout, list(workout.prescriptions.order_by("order", "id")))
        return f"Removed {name}{where}.", workout, {"from": name}
    if op == "move":
        ordered = list(workout.prescriptions.order_by("order", "id"))
        index = next(i for i, p in enumerate(ordered) if p.pk == prescription.pk)
        if "position" in edit:
            target = _int(edit["position"], "position")
        elif edit.get("direction") in ("up", "down"):
            target = index - 1 if edit["direction"] == "up" else index + 1
        else:
            raise editing.EditError("Give a position, or a direction: up or down.", "position")
        if not 0 <= target < len(ordered):
            raise editing.EditError(f"Choose a position from 0 to {len(ordered) - 1}.", "position")
        ordered.insert(target, ordered.pop(index))
        _renumber(workout, ordered)
        return (
            f"Moved {prescription.exercise.name} to place {target + 1} of {len(ordered)}{where}.",
            workout,
            {"prescription": prescription.pk, "position": target},
        )
    current = {field: getattr(prescription, field) for field in editing.FIELDS}
    cleaned = editing.clean_changes(edit.get("changes"), current)
    changed = {f: v for f, v in cleaned.items() if v != current[f]}
    if not changed:
        raise editing.EditError("Nothing changed: give a new value.", "changes")
    for field, value in changed.items():
        setattr(prescription, field, value)
    prescription.save(update_fields=list(changed))
    parts = [
        f"{editing.FIELD_TEXT[f]} {_show(f, current[f])} → {_show(f, v)}"
        for f, v in changed.items()
    ]
    return (
        f"{prescription.exercise.name}: {', '.join(parts)}{where}.",
        workout,
        {
            "prescription": prescription.pk,
            "fields": sorted(changed),
        },
    )


def _edit_id(edit: dict) -> str:
    value = edit.get("edit_id") or ""
    if not isinstance(value, str) or len(value) > EDIT_ID_MAX:
        raise editing.EditError(
            f"edit_id is a text of at most {EDIT_ID_MAX} characters.", "edit_id"
        )
    return value.strip()


def _pending_draft_recommendation(program: Program) -> Recommendation | None:
    return (
        Recommendation.objects.select_for_update()
        .filter(
            program=program,
            kind=RecommendationKind.NEW_PROGRAM,
            status__in=[RecommendationStatus.PENDING_REVIEW, RecommendationStatus.ON_HOLD],
        )
        .order_by("-created_at")
        .first()
    )


def _earlier(program: Program, edit_id: str) -> EditResult | None:
    """The same ``edit_id`` again (a retry): the first result, nothing applied twice."""
    if not edit_id:
        return None
    if program.status == ProgramStatus.ACTIVE:
        rec = Recommendation.objects.filter(
            client=program.client, dedupe_key=f"edit:{program.pk}:{edit_id}"
        ).first()
        entries = rec.payload.get("edits", []) if rec else []
    else:
        rec = _pending_draft_recommendation(program)
        entries = [
            e for e in (rec.payload.get("edits", []) if rec else []) if e.get("edit_id") == edit_id
        ]
    if not entries:
        return None
    workout = PlannedWorkout.objects.filter(pk=entries[0].get("workout"), program=program).first()
    if workout is None:
        return None
    return EditResult(entries[0]["text"], rec, workout, repeated=True)


@transaction.atomic
def edit_program(program: Program, edit: dict, *, by) -> EditResult:
    """Carry out one edit (``op``: swap, add, remove, move, update) and record it. Raises
    ``editing.EditError`` for bad input (nothing saved) and ``EditRefused`` when the program
    or the workout cannot be edited now."""
    if not isinstance(edit, dict):
        raise editing.EditError("Send one edit as an object.", "op")
    program = Program.objects.select_for_update().select_related("client").get(pk=program.pk)
    if program.status not in EDITABLE_STATUSES:
        raise EditRefused(
            f"This program is {program.get_status_display().lower()}; only a draft waiting for "
            "review or the active plan can be edited."
        )
    edit_id = _edit_id(edit)
    earlier = _earlier(program, edit_id)
    if earlier is not None:
        return earlier
    text, workout, details = _apply(program, edit)
    now = timezone.now()
    entry = {
        "op": edit["op"],
        "text": text,
        "workout": workout.pk,
        **details,
        "by": by.pk,
        "at": now.isoformat(),
    }
    if edit_id:
        entry["edit_id"] = edit_id
    if program.status == ProgramStatus.PENDING_REVIEW:
        rec = _pending_draft_recommendation(program)
        if rec is not None:
            rec.payload = {**rec.payload, "edits": [*rec.payload.get("edits", []), entry]}
            rec.save(update_fields=["payload"])
        return EditResult(text, rec, workout)
    try:
        with transaction.atomic():
            rec = Recommendation.objects.create(
                organization=program.organization,
                client=program.client,
                kind=RecommendationKind.PLAN_EDIT,
                status=RecommendationStatus.APPROVED,
                rationale=text,
                confidence=1,
                payload={"program": program.pk, "name": program.name, "edits": [entry]},
                program=program,
                source="coach",
                created_by=by,
                decided_by=by,
                decided_at=now,
                applied_at=now,
                dedupe_key=f"edit:{program.pk}:{edit_id}" if edit_id else "",
            )
    except IntegrityError:  # the same edit_id at the same moment: the other request won
        raise EditRefused("This edit was just made.") from None
    return EditResult(text, rec, workout)
