"""The review policy: for this client, this kind of change, at this level — auto-apply or
review, and due when?

This is the one place the rest of Spotter learns what a tier buys. It is pure: it takes the
tier's policy (or None for a client without a tier) and answers with a ``Decision``.

The rules, in order:
1. A client on an automation hold (after a red flag) gets ``hold``: nothing applies until a
   coach clears it.
2. Red is the same on every tier: a person reviews it, due within ``RED_RESPONSE_HOURS``.
   Safety is not a paid feature.
3. A new program always waits for a coach (the first human gate).
4. A green or yellow change auto-applies only when the tier lists its kind for that level.
5. Otherwise it waits for review, due within the tier's response time for the level
   (yellow: ``response_hours.yellow``, green: ``response_hours.routine``).
A client without a tier gets ``CAREFUL_POLICY``: nothing auto-applies.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

LEVELS = ("green", "yellow", "red")
RED_RESPONSE_HOURS = 1
AUTO_APPLY = "auto_apply"
REVIEW = "review"
HOLD = "hold"


@dataclass(frozen=True)
class ReviewPolicy:
    """What a tier lets the AI do alone, and how fast a person answers."""

    auto_apply_green: frozenset[str] = frozenset()
    auto_apply_yellow: frozenset[str] = frozenset()
    yellow_hours: float = 12
    routine_hours: float = 24
    review_cadence: str = "weekly"
    source: str = "no tier"

    @classmethod
    def from_tier_fields(
        cls,
        review_policy: Mapping,
        response_hours: Mapping,
        source: str = "tier",
    ) -> ReviewPolicy:
        auto = review_policy.get("auto_apply") or {}
        return cls(
            auto_apply_green=frozenset(auto.get("green") or ()),
            auto_apply_yellow=frozenset(auto.get("yellow") or ()),
            yellow_hours=float(response_hours.get("yellow", cls.yellow_hours)),
            routine_hours=float(response_hours.get("routine", cls.routine_hours)),
            review_cadence=review_policy.get("review_cadence", "weekly"),
            source=source,
        )


# For clients without a tier: every change is reviewed.
CAREFUL_POLICY = ReviewPolicy(source="no tier: every change is reviewed")


@dataclass(frozen=True)
class Decision:
    action: str  # auto_apply | review | hold
    due_at: datetime | None
    reason: str
    hours: float | None = field(default=None)

    @property
    def auto_applies(self) -> bool:
        return self.action == AUTO_APPLY


def response_hours(policy: ReviewPolicy, level: str) -> float:
    """How long a person has to answer at this level under this policy."""
    if level == "red":
        return RED_RESPONSE_HOURS
    if level == "yellow":
        return policy.yellow_hours
    return policy.routine_hours


def decide(
    policy: ReviewPolicy | None,
    kind: str,
    level: str,
    now: datetime,
    on_hold: bool = False,
) -> Decision:
    """Auto-apply or review (and due when) for one proposed change. See the module rules."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    policy = policy or CAREFUL_POLICY
    if on_hold:
        return Decision(HOLD, None, "Automation is paused for this client until a coach clears it.")
    hours = response_hours(policy, level)
    due_at = now + timedelta(hours=hours)
    if level == "red":
        return Decision(
            REVIEW, due_at, f"Red: a person reviews within {hours:g} h on every tier.", hours
        )
    if kind == "new_program":
        return Decision(REVIEW, due_at, "A new program always waits for a coach.", hours)
    allowed = policy.auto_apply_green if level == "green" else policy.auto_apply_yellow
    if kind in allowed:
        return Decision(
            AUTO_APPLY, None, f"The client's tier lets {kind.replace('_', ' ')} apply at {level}."
        )
    return Decision(
        REVIEW,
        due_at,
        f"The client's tier has a coach review {kind.replace('_', ' ')} at {level} "
        f"within {hours:g} h.",
        hours,
    )


def auto_apply_summary(policy: ReviewPolicy) -> list[str]:
    """The policy in plain words, for owners and clients."""
    lines = []

    def words(kinds: Iterable[str]) -> str:
        return ", ".join(sorted(k.replace("_", " ") for k in kinds))

    if policy.auto_apply_green:
        lines.append(f"When all is well (green) the AI applies: {words(policy.auto_apply_green)}.")
    else:
        lines.append("A coach reviews every change, even when all is well.")
    if policy.auto_apply_yellow:
        lines.append(
            f"When something needs a look (yellow) the AI still applies minor changes: "
            f"{words(policy.auto_apply_yellow)}; a coach replies within {policy.yellow_hours:g} h."
        )
    else:
        lines.append(
            f"When something needs a look (yellow) a coach reviews before anything changes, "
            f"within {policy.yellow_hours:g} h."
        )
    lines.append(
        f"Red flags reach a person within {RED_RESPONSE_HOURS} h and automation pauses — "
        "on every tier."
    )
    lines.append("A new program is always approved by a coach.")
    return lines


@dataclass(frozen=True)
class MessagingTerms:
    """What a client's tier says about writing to the coach: whether they may, and within how
    many hours a coach answers (the tier's routine response time)."""

    enabled: bool
    response_hours: float


def messaging_terms(policy: ReviewPolicy | None, features: Mapping | None) -> MessagingTerms:
    """Messaging is a tier feature (``features.messaging``); a coach answers within the tier's
    routine response hours. A client without a tier may write (nothing says otherwise, and a
    newly invited client must be able to reach a person), answered within the careful default's
    routine hours."""
    policy = policy or CAREFUL_POLICY
    enabled = True if features is None else bool(features.get("messaging", False))
    return MessagingTerms(enabled=enabled, response_hours=policy.routine_hours)


def form_feedback_enabled(features: Mapping | None) -> bool:
    """Sending a coach form-check videos and photos is a tier feature (``features.form_feedback``);
    a client without a tier may send them, as they may write (nothing says otherwise)."""
    return True if features is None else bool(features.get("form_feedback", False))
