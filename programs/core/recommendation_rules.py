"""A recommendation's vocabulary and the status a review decision gives it. Pure.

``programs.models`` builds the model ``choices`` from these enums; the kinds themselves are
defined once in ``billing.core.change_kinds`` (a tier's policy names them) and only named here.
"""

from __future__ import annotations

from enum import StrEnum

from billing.core.change_kinds import RecommendationKind
from billing.core.policy import AUTO_APPLY, HOLD, REVIEW

__all__ = [
    "RecommendationKind",
    "RecommendationSource",
    "RecommendationStatus",
    "status_for_review_action",
]


class RecommendationStatus(StrEnum):
    AUTO_APPLIED = "auto_applied"
    PENDING_REVIEW = "pending_review"
    APPROVED = "approved"
    MODIFIED = "modified"
    REJECTED = "rejected"
    ON_HOLD = "on_hold"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    RecommendationStatus.AUTO_APPLIED: "Applied automatically",
    RecommendationStatus.PENDING_REVIEW: "Waiting for coach",
    RecommendationStatus.APPROVED: "Approved",
    RecommendationStatus.MODIFIED: "Approved with changes",
    RecommendationStatus.REJECTED: "Rejected",
    RecommendationStatus.ON_HOLD: "On hold",
}


class RecommendationSource(StrEnum):
    """Who proposed the change: the software, or a coach (a saved template, the editor)."""

    AI = "ai"
    COACH = "coach"

    @property
    def label(self) -> str:
        return "AI" if self is RecommendationSource.AI else "Coach"


_STATUS_FOR_ACTION = {
    AUTO_APPLY: RecommendationStatus.AUTO_APPLIED,
    HOLD: RecommendationStatus.ON_HOLD,
    REVIEW: RecommendationStatus.PENDING_REVIEW,
}


def status_for_review_action(action: str) -> RecommendationStatus:
    """The status a new recommendation starts in, from the review policy's answer
    (``billing.core.policy.Decision.action``): auto-applied, on hold (the client's automation is
    paused) or waiting for a coach."""
    try:
        return _STATUS_FOR_ACTION[action]
    except KeyError:
        raise ValueError(f"unknown review action {action!r}") from None
