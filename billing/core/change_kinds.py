"""The kinds of change to a client's plan: one definition for the review policy (billing), the
proposals (programs.core.adjustments, triage) and ``programs.Recommendation.kind``. Pure.

They live here, in the lowest app that needs them, because a tier's review policy names the kinds
it lets apply alone (``review_policy.auto_apply``) and billing may not import programs.
"""

from __future__ import annotations

from enum import StrEnum


class RecommendationKind(StrEnum):
    NEW_PROGRAM = "new_program"
    PROGRESSION = "progression"
    DELOAD = "deload"
    SUBSTITUTION = "substitution"
    VOLUME_CHANGE = "volume_change"
    SCHEDULE_CHANGE = "schedule_change"
    # A coach's own edit in the program editor (swap, add, remove, move, numbers, notes).
    PLAN_EDIT = "plan_edit"

    @property
    def label(self) -> str:
        return _LABELS.get(self, self.value.replace("_", " ").capitalize())


_LABELS = {RecommendationKind.PLAN_EDIT: "Coach's edit"}

NEW_PROGRAM = RecommendationKind.NEW_PROGRAM
PROGRESSION = RecommendationKind.PROGRESSION
DELOAD = RecommendationKind.DELOAD
SUBSTITUTION = RecommendationKind.SUBSTITUTION
VOLUME_CHANGE = RecommendationKind.VOLUME_CHANGE
SCHEDULE_CHANGE = RecommendationKind.SCHEDULE_CHANGE
PLAN_EDIT = RecommendationKind.PLAN_EDIT

# Kinds of change the AI can propose (a coach's own edit is not a proposal).
CHANGE_KINDS: tuple[RecommendationKind, ...] = (
    NEW_PROGRAM,
    PROGRESSION,
    DELOAD,
    SUBSTITUTION,
    VOLUME_CHANGE,
    SCHEDULE_CHANGE,
)
# Adjustments a coach would call minor: they make training easier or swap like for like.
MINOR_KINDS: tuple[RecommendationKind, ...] = (DELOAD, SUBSTITUTION, VOLUME_CHANGE)
# What a tier may let apply without a coach: everything but a new program.
ROUTINE_KINDS: tuple[RecommendationKind, ...] = tuple(k for k in CHANGE_KINDS if k != NEW_PROGRAM)
