"""The drafting engine: turns intake, segment and exercise library into a program that explains
itself. Pure: no Django. ``draft_program(request, library)`` is the entry point."""

from programs.core.drafting.engine import (
    DEFAULT_WEEKS,
    GOAL_PRIORITY,
    MAX_EXERCISES_PER_SESSION,
    block_weeks,
    draft_program,
    needs_deload,
    rank_goals,
)
from programs.core.drafting.splits import SESSION_DAY_OFFSETS, choose_split
from programs.core.drafting.types import (
    EXPERIENCES,
    GOALS,
    MAX_WEEKS,
    POPULATIONS,
    REP_UNITS,
    RISKS,
    SPORTS,
    ClearanceRequired,
    DraftedProgram,
    DraftedWeek,
    DraftedWorkout,
    DraftingError,
    DraftRequest,
    Prescription,
    RationaleItem,
)
from programs.core.library import Injury

__all__ = [
    "DEFAULT_WEEKS",
    "EXPERIENCES",
    "GOALS",
    "GOAL_PRIORITY",
    "MAX_EXERCISES_PER_SESSION",
    "MAX_WEEKS",
    "POPULATIONS",
    "REP_UNITS",
    "RISKS",
    "SESSION_DAY_OFFSETS",
    "SPORTS",
    "ClearanceRequired",
    "DraftRequest",
    "DraftedProgram",
    "DraftedWeek",
    "DraftedWorkout",
    "DraftingError",
    "Injury",
    "Prescription",
    "RationaleItem",
    "block_weeks",
    "choose_split",
    "draft_program",
    "needs_deload",
    "rank_goals",
]
