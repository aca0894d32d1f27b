"""What goes into the drafting engine and what comes out. Pure: no Django."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from programs.core.library import CONSTRAINT_TAGS, EQUIPMENT, Injury

GOALS = (
    "strength",
    "muscle",
    "fat_loss",
    "endurance",
    "general_fitness",
    "sport_performance",
    "rehab_return",
)
GOAL_TEXT = {
    "strength": "strength",
    "muscle": "muscle gain",
    "fat_loss": "fat loss",
    "endurance": "endurance",
    "general_fitness": "general fitness",
    "sport_performance": "sport performance",
    "rehab_return": "return from injury",
}
EXPERIENCES = ("novice", "intermediate", "advanced")
RISKS = ("low", "moderate", "high")
SESSIONS_PER_WEEK = (1, 7)
MIN_SESSION_MINUTES = 10
MAX_SESSION_MINUTES = 240
# A block is 1–6 weeks: longer plans are drafted block by block, after the coach has seen how
# the last one went.
MAX_WEEKS = 6

# Sports that change what drafting does: powerlifting gets competition lifts, top sets and a
# peak toward a meet; endurance sports get concurrent-training rules (their own sessions are
# the conditioning).
POWERLIFTING = "powerlifting"
ENDURANCE_SPORTS = ("running", "cycling", "triathlon", "rowing", "swimming")
SPORTS = (POWERLIFTING, *ENDURANCE_SPORTS)
# Flags for people whose plan drafting must shape (or withhold): set by the shell from the
# intake's health screen, or by the coach's clearance gate.
PREGNANT_OR_POSTPARTUM = "pregnant_or_postpartum"
EATING_DISORDER_HISTORY = "eating_disorder_history"
MAKING_WEIGHT = "making_weight"
AWAITING_CLEARANCE = "awaiting_clearance"
POPULATIONS = (PREGNANT_OR_POSTPARTUM, EATING_DISORDER_HISTORY, MAKING_WEIGHT, AWAITING_CLEARANCE)

REPS = "reps"
SECONDS = "seconds"
MINUTES = "minutes"
REP_UNITS = (REPS, SECONDS, MINUTES)


class DraftingError(ValueError):
    """Nothing in the library fits the client: no session could be filled."""


class ClearanceRequired(DraftingError):
    """The client is waiting for a medical clearance: no program until a coach records it."""


@dataclass(frozen=True, kw_only=True)
class DraftRequest:
    """Everything the engine knows about the client. ``goals`` are in any order: the engine
    ranks them itself. ``e1rm_by_exercise`` maps library keys to estimated 1RMs in kg from the
    client's history; ``weeks`` None lets the engine pick the block length."""

    goals: tuple[str, ...]
    start_date: date
    training_age_years: float = 0.0
    sessions_per_week: int = 3
    session_minutes: int = 60
    equipment: frozenset[str] = frozenset()
    injuries: tuple[Injury, ...] = ()
    constraints: frozenset[str] = frozenset()
    experience: str = "novice"
    risk: str = "low"
    e1rm_by_exercise: dict[str, float] = field(default_factory=dict)
    weeks: int | None = None
    age_years: int | None = None
    returning: bool = False
    sport: str | None = None
    event_date: date | None = None
    key_session_days: tuple[int, ...] = ()
    populations: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        goals = tuple(dict.fromkeys(self.goals))
        object.__setattr__(self, "goals", goals)
        object.__setattr__(self, "equipment", frozenset(self.equipment))
        object.__setattr__(self, "constraints", frozenset(self.constraints))
        object.__setattr__(self, "injuries", tuple(self.injuries))
        object.__setattr__(self, "e1rm_by_exercise", dict(self.e1rm_by_exercise))
        object.__setattr__(self, "populations", frozenset(self.populations))
        object.__setattr__(self, "key_session_days", tuple(sorted(set(self.key_session_days))))
        problems = []
        if not goals:
            problems.append("at least one goal is needed")
        if unknown := sorted(set(goals) - set(GOALS)):
            problems.append(f"unknown goals {unknown}; known: {list(GOALS)}")
        low, high = SESSIONS_PER_WEEK
        if not low <= self.sessions_per_week <= high:
            problems.append(f"sessions_per_week must be {low}–{high}")
        if not MIN_SESSION_MINUTES <= self.session_minutes <= MAX_SESSION_MINUTES:
            problems.append(f"session_minutes must be {MIN_SESSION_MINUTES}–{MAX_SESSION_MINUTES}")
        if unknown := sorted(self.equipment - set(EQUIPMENT)):
            problems.append(f"unknown equipment {unknown}; known: {list(EQUIPMENT)}")
        if unknown := sorted(self.constraints - set(CONSTRAINT_TAGS)):
            problems.append(f"unknown constraints {unknown}; known: {list(CONSTRAINT_TAGS)}")
        if self.experience not in EXPERIENCES:
            problems.append(f"experience must be one of {list(EXPERIENCES)}")
        if self.risk not in RISKS:
            problems.append(f"risk must be one of {list(RISKS)}")
        if self.weeks is not None and not 1 <= self.weeks <= MAX_WEEKS:
            problems.append(f"weeks must be 1–{MAX_WEEKS}")
        if self.training_age_years < 0:
            problems.append("training_age_years cannot be negative")
        if bad := sorted(k for k, v in self.e1rm_by_exercise.items() if not v or v <= 0):
            problems.append(f"e1rm must be positive: {bad}")
        if self.sport is not None and self.sport not in SPORTS:
            problems.append(f"sport must be one of {list(SPORTS)}")
        if unknown := sorted(self.populations - set(POPULATIONS)):
            problems.append(f"unknown populations {unknown}; known: {list(POPULATIONS)}")
        if any(not 0 <= day <= 6 for day in self.key_session_days):
            problems.append("key_session_days are weekdays 0 (Monday) to 6 (Sunday)")
        if self.age_years is not None and not 10 <= self.age_years <= 110:
            problems.append("age_years must be 10–110")
        if problems:
            raise ValueError("Invalid draft request: " + "; ".join(problems))


@dataclass(frozen=True)
class Prescription:
    """One exercise in a workout. ``rep_unit`` says what reps count: repetitions, seconds of a
    hold or carry, or minutes of conditioning (the notes say it too); ``role`` is the slot it
    fills (main, secondary, accessory, core, power, conditioning, recovery, mobility)."""

    exercise_key: str
    exercise_name: str
    sets: int
    reps_min: int
    reps_max: int
    target_rpe: float | None
    target_load_kg: float | None
    rest_seconds: int
    notes: str = ""
    pattern: str = ""
    rep_unit: str = REPS
    role: str = ""


@dataclass(frozen=True)
class DraftedWorkout:
    """A session. ``day_index`` is its place in the week (1 = the week's first session)."""

    day_index: int
    planned_date: date
    name: str
    focus: str
    prescriptions: tuple[Prescription, ...]


@dataclass(frozen=True)
class DraftedWeek:
    index: int  # 1-based
    is_deload: bool
    workouts: tuple[DraftedWorkout, ...]


@dataclass(frozen=True)
class RationaleItem:
    topic: str
    text: str


@dataclass(frozen=True)
class DraftedProgram:
    name: str
    weeks: tuple[DraftedWeek, ...]
    rationale: tuple[RationaleItem, ...]
    monitoring_rules: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready copy (dates as ISO strings), e.g. for a recommendation's payload."""

        def plain(value: Any) -> Any:
            if isinstance(value, date):
                return value.isoformat()
            if isinstance(value, dict):
                return {key: plain(item) for key, item in value.items()}
            if isinstance(value, list | tuple):
                return [plain(item) for item in value]
            return value

        return {key: plain(value) for key, value in dataclasses.asdict(self).items()}

    def rationale_for(self, topic: str) -> tuple[str, ...]:
        return tuple(item.text for item in self.rationale if item.topic == topic)
