"""When a person must have answered a review item: the one rule, pure (no Django).

Every review item's due time comes from ``due_at`` (check-ins, client requests, workout logs,
coach flags and the nightly job all open items through ``triage.queue``, which calls it):

- **Red** is due within ``RED_RESPONSE_HOURS`` on every tier (safety is not a paid feature),
  sooner when the trigger's rule says so.
- **Yellow and green** are due at the sooner of the trigger's rule and the tier's promise for
  the level (``billing.review`` gives it: the tier's yellow hours for yellow, its routine hours
  for green, the careful default for a client without a tier).
- A trigger **without a rule** (neither the organization's nor a default one: a coach's own flag,
  a trigger added after the organization was created) counts as ``UNKNOWN_TRIGGER_HOURS``, the
  escalation matrix's "plan modification within 24 hours".
- Hours that are not a positive number (a broken setting) are ignored rather than making an item
  due in the past; with nothing usable left, the unknown-trigger hours apply.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from billing.core.policy import LEVELS, RED_RESPONSE_HOURS
from triage.core.defaults import PLAN_CHANGE_HOURS

UNKNOWN_TRIGGER_HOURS = PLAN_CHANGE_HOURS


def _usable(hours: float | None) -> float | None:
    if hours is None or isinstance(hours, bool):
        return None
    try:
        value = float(hours)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) and value > 0 else None


def response_hours(level: str, rule_hours: float | None, tier_hours: float | None) -> float:
    """Hours a person has to answer an item at ``level``: the sooner of the trigger's rule
    (``None``: no rule, ``UNKNOWN_TRIGGER_HOURS``) and the tier's promise, and never more than
    ``RED_RESPONSE_HOURS`` for red."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    rule = _usable(rule_hours)
    hours = rule if rule is not None else UNKNOWN_TRIGGER_HOURS
    tier = _usable(tier_hours)
    if tier is not None:
        hours = min(hours, tier)
    if level == "red":
        hours = min(hours, RED_RESPONSE_HOURS)
    return hours


def due_at(
    level: str, rule_hours: float | None, tier_hours: float | None, created_at: datetime
) -> datetime:
    """When an item opened at ``created_at`` must have been answered (see ``response_hours``)."""
    return created_at + timedelta(hours=response_hours(level, rule_hours, tier_hours))
