"""From an intake's answers to a drafting request: the one place that says what each answer
means to the drafting engine. Pure: reads attributes of any intake-like object (the model, or
a plain object in the gallery), no database."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from programs.drafting.notes import read_goal_notes
from programs.drafting.types import (
    AWAITING_CLEARANCE,
    EATING_DISORDER_HISTORY,
    MAKING_WEIGHT,
    MAX_SESSION_MINUTES,
    MIN_SESSION_MINUTES,
    PREGNANT_OR_POSTPARTUM,
    DraftRequest,
)
from programs.library import BODY_ONLY, Injury, parse_constraints

# Sessions are drafted within these minutes whatever the intake says (a 10-minute or a
# four-hour answer is a conversation for the coach, not a plan).
DRAFT_MINUTES = (20, 180)
# Health-screen answers that shape the draft (CONTRACT.md's keys).
SCREEN_POPULATIONS = {
    "pregnant_or_postpartum": PREGNANT_OR_POSTPARTUM,
    "eating_disorder_history": EATING_DISORDER_HISTORY,
}


def request_from_intake(
    intake: Any,
    *,
    start: date,
    experience: str,
    risk: str,
    e1rm_by_exercise: Mapping[str, float] | None = None,
    awaiting_clearance: bool = False,
) -> DraftRequest:
    """The drafting request for an intake's answers: goals, schedule (minutes clamped to
    ``DRAFT_MINUTES``), equipment with body weight, injuries, constraints read from the
    client's words, age; from the goal notes a sport, a meet or race date, key session days,
    a return after a layoff and a weight to make; from the health screen the populations the
    plan must respect; and ``awaiting_clearance`` when the clearance gate holds the client."""
    notes = read_goal_notes(getattr(intake, "goal_notes", "") or "", today=start)
    screen = getattr(intake, "health_screen", None) or {}
    populations = {flag for key, flag in SCREEN_POPULATIONS.items() if screen.get(key)}
    if notes.making_weight:
        populations.add(MAKING_WEIGHT)
    if awaiting_clearance:
        populations.add(AWAITING_CLEARANCE)
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
