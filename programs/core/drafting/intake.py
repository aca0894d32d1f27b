"""From an intake's answers to a drafting request: the one place that says what each answer
means to the drafting engine. Pure: reads attributes of any intake-like object (the model, or
a plain object in the gallery), no database."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from coaching.core import segmentation
from programs.core.drafting.notes import read_goal_notes
from programs.core.drafting.types import (
    AWAITING_CLEARANCE,
    EATING_DISORDER_HISTORY,
    MAKING_WEIGHT,
    MAX_SESSION_MINUTES,
    MIN_SESSION_MINUTES,
    PREGNANT_OR_POSTPARTUM,
    DraftRequest,
)
from programs.core.library import BODY_ONLY, Injury, parse_constraints

# Sessions are drafted within these minutes whatever the intake says (a 10-minute or a
# four-hour answer is a conversation for the coach, not a plan).
DRAFT_MINUTES = (20, 180)


def populations_for(intake: Any) -> frozenset[str]:
    """The populations the plan must respect, from segmentation's reading of the answers:
    pregnant (always), or after birth until a coach records a clearance (no running or
    jumping, pelvic-floor-aware core); a history of disordered eating or a positive SCOFF (no
    fat-loss framing); making weight; and awaiting a medical clearance no coach has recorded
    (no program at all)."""
    answers = segmentation.answers_from(intake)
    cleared = getattr(intake, "clearance_recorded_at", None) is not None
    populations = set()
    if segmentation.is_pregnant(answers) or (segmentation.is_postpartum(answers) and not cleared):
        populations.add(PREGNANT_OR_POSTPARTUM)
    if answers.health_screen.get("eating_disorder_history") or segmentation.scoff_positive(answers):
        populations.add(EATING_DISORDER_HISTORY)
    if segmentation.makes_weight(answers):
        populations.add(MAKING_WEIGHT)
    if segmentation.clearance_required(answers) and not cleared:
        populations.add(AWAITING_CLEARANCE)
    return frozenset(populations)


def request_from_intake(
    intake: Any,
    *,
    start: date,
    experience: str,
    risk: str,
    e1rm_by_exercise: Mapping[str, float] | None = None,
) -> DraftRequest:
    """The drafting request for an intake's answers: goals, schedule (minutes clamped to
    ``DRAFT_MINUTES``), equipment with body weight, injuries, constraints read from the
    client's words, age; from the goal notes a sport, a meet or race date, key session days
    and a return after a layoff; and the populations the plan must respect
    (``populations_for``)."""
    notes = read_goal_notes(getattr(intake, "goal_notes", "") or "", today=start)
    populations = populations_for(intake)
    low, high = DRAFT_MINUTES
    minutes = int(getattr(intake, "session_minutes", None) or 60)
    return DraftRequest(
        goals=tuple(intake.goals),
        start_date=start,
        training_age_years=float(getattr(intake, "training_age_years", None) or 0),
        sessions_per_week=int(getattr(intake, "sessions_per_week", None) or 3),
        session_minutes=max(low, MIN_SESSION_MINUTES, min(minutes, high, MAX_SESSION_MINUTES)),
        equipment=frozenset({*(getattr(intake, "equipment", None) or ()), BODY_ONLY}),
        injuries=tuple(
            Injury(area=i["area"], current=bool(i.get("current")), notes=i.get("notes", ""))
            for i in getattr(intake, "injuries", None) or ()
            if isinstance(i, Mapping) and i.get("area")
        ),
        constraints=frozenset(parse_constraints(getattr(intake, "constraints", "") or "")),
        experience=experience,
        risk=risk,
        e1rm_by_exercise=dict(e1rm_by_exercise or {}),
        age_years=getattr(intake, "age_years", None),
        returning=notes.returning,
        sport=notes.sport,
        event_date=notes.event_date,
        key_session_days=notes.key_session_days,
        populations=frozenset(populations),
    )
