"""From one client's features to green / yellow / red, with every reason as a sentence.

Pure, no Django, no pandas needed (a row may be a dict or a pandas Series). A reader asking "why
was this client flagged yellow" finds the answer in ``assess`` and the rules it lists.

- green: within the client's normal; no reasons.
- yellow: at least one rule below fired; a coach reviews within the tier's response time.
- red: never from these numbers by default. Red means immediate human intervention and an
  automation hold, and belongs to what the client reports (symptoms, pain, distress), which the
  check-in path reads in the same request. Numbers alone are a reason to look, not an emergency.
  An organization may opt in to one red rule: silence for ``red_silence_days``.

Reason codes match the triggers in ``triage.defaults.ESCALATION_RULES`` so each maps to an
escalation rule; each code appears at most once per assessment (clauses are joined with "; ").
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import pandas as pd

Level = Literal["green", "yellow", "red"]
GREEN, YELLOW, RED = "green", "yellow", "red"


@dataclass(frozen=True)
class Thresholds:
    """Every threshold the levels use, with the defaults Spotter starts from. Organizations tune
    them with ``Thresholds.from_overrides({...})``; what each means is in THRESHOLD_HELP."""

    adherence_drop: float = 0.30
    adherence_swing_multiplier: float = 2.0
    adherence_min_usual_14d: float = 2.0
    adherence_min_planned_14d: int = 2
    missed_with_fatigue: int = 3
    missed_alone: int = 4
    high_fatigue_z: float = 1.0
    high_fatigue_score: float = 4.0
    readiness_z: float = -1.5
    fatigue_z: float = 1.5
    sleep_z: float = -1.5
    readiness_drift_per_week: float = -0.25
    performance_decline: float = -0.05
    performance_min_lifts: int = 1
    low_checkin_response: float = 0.5
    checkin_min_weeks: int = 3
    inactive_days: int = 14
    red_silence_days: int | None = None

    @classmethod
    def from_overrides(cls, overrides: Mapping[str, Any] | None) -> Thresholds:
        """The defaults with an organization's overrides. Unknown names and values of the wrong
        kind are a ValueError naming them (a typo must not silently keep the default)."""
        overrides = dict(overrides or {})
        known = {field.name: field for field in fields(cls)}
        unknown = sorted(set(overrides) - set(known))
        if unknown:
            raise ValueError(
                f"Unknown threshold(s): {', '.join(unknown)}. Known thresholds: {', '.join(known)}."
            )
        values = {}
        for name, value in overrides.items():
            default = known[name].default
            if value is None and name in _OPTIONAL:
                values[name] = None
                continue
            if isinstance(value, bool) or not isinstance(value, numbers.Real) or math.isnan(value):
                raise ValueError(f"Threshold {name} must be a number, not {value!r}.")
            if isinstance(default, int) or name in _OPTIONAL:
                if value != int(value):
                    raise ValueError(f"Threshold {name} must be a whole number, not {value!r}.")
                value = int(value)
            values[name] = float(value) if isinstance(default, float) else value
        return cls(**{**asdict(cls()), **values})


# Thresholds that may be None (the rule is off).
_OPTIONAL = frozenset({"red_silence_days"})

THRESHOLD_HELP = {
    "adherence_drop": "Yellow when completion in the last 14 days is at least this fraction below the client's usual (0.3 = 30% down).",
    "adherence_swing_multiplier": "...and the drop is also more than this many times the client's own usual swing, so a client who always varies is not flagged for varying.",
    "adherence_min_usual_14d": "A drop is judged only when the client usually completes at least this many sessions per 14 days.",
    "adherence_min_planned_14d": "With a plan, a drop is judged only when at least this many sessions were planned in the last 14 days.",
    "missed_with_fatigue": "Yellow when this many planned sessions in a row were missed and fatigue is high.",
    "missed_alone": "Yellow when this many planned sessions in a row were missed, whatever the fatigue.",
    "high_fatigue_z": "Fatigue counts as high at this many of the client's own standard deviations above usual ...",
    "high_fatigue_score": "... or when this week's fatigue averages at least this on the 1-5 scale.",
    "readiness_z": "Yellow when this week's readiness is this many standard deviations from the client's usual (negative: lower).",
    "fatigue_z": "Yellow when this week's fatigue is this many standard deviations above the client's usual.",
    "sleep_z": "Yellow when this week's sleep quality or hours are this many standard deviations from usual (negative: worse).",
    "readiness_drift_per_week": "Yellow when readiness has fallen this many points a week over the last 4 weeks (negative: falling).",
    "performance_decline": "Yellow when estimated 1RMs on main lifts changed by this fraction over 4 weeks (-0.05 = down 5%).",
    "performance_min_lifts": "A performance trend needs at least this many main lifts.",
    "low_checkin_response": "Yellow when the share of weeks with a check-in is below this.",
    "checkin_min_weeks": "The response rate is judged only after this many weeks since the first check-in.",
    "inactive_days": "Yellow when nothing has been logged for this many days.",
    "red_silence_days": "Red when nothing has been logged for this many days (off when empty).",
}

DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class Reason:
    code: str
    text: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "text": self.text}


@dataclass(frozen=True)
class Assessment:
    level: Level
    reasons: tuple[Reason, ...]

    def reason_dicts(self) -> list[dict[str, str]]:
        return [reason.as_dict() for reason in self.reasons]


# --- Reading a row --------------------------------------------------------------------------


def _num(row: Mapping, key: str) -> float | None:
    """The feature as a float, or None when missing, NaN or NA."""
    value = row.get(key) if hasattr(row, "get") else None
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _flag(row: Mapping, key: str) -> bool:
    value = _num(row, key)
    return bool(value) if value is not None else False


def _count(value: float) -> str:
    """2 -> "2", 2.5 -> "2.5" (a partial session counts half)."""
    rounded = round(value, 1)
    return f"{rounded:g}"


def _usual(value: float) -> str:
    """Usual counts are averages scaled to 14 days; shown whole unless below one."""
    return f"{round(value):d}" if value >= 1 else f"{round(value, 1):g}"


def _plural(count: float, word: str, words: str | None = None) -> str:
    return word if count == 1 else (words or word + "s")


# --- The rules ------------------------------------------------------------------------------


def _adherence_drop(row: Mapping, t: Thresholds) -> Reason | None:
    """Completion in the last 14 days fell below the client's usual (days 15-90) by at least
    ``adherence_drop`` and by more than ``adherence_swing_multiplier`` times the client's own
    usual swing; needs a usual of ``adherence_min_usual_14d`` sessions, and with a plan at least
    ``adherence_min_planned_14d`` planned sessions. Yellow ("adherence_drop")."""
    drop = _num(row, "completion_drop")
    usual_completed = _num(row, "usual_completed_per_14d")
    if drop is None or usual_completed is None or usual_completed < t.adherence_min_usual_14d:
        return None
    planned = _num(row, "planned_14d") or 0
    usual_planned = _num(row, "usual_planned_per_14d") or 0
    with_plan = planned > 0 and usual_planned > 0
    if with_plan and planned < t.adherence_min_planned_14d:
        return None
    swing = _num(row, "completion_swing") or 0.0
    if drop < max(t.adherence_drop, t.adherence_swing_multiplier * swing):
        return None
    completed = _num(row, "completed_14d") or 0
    if with_plan:
        text = (
            f"completed {_count(completed)} of {_count(planned)} planned sessions in the last 14 days; "
            f"usual is {_usual(usual_completed)} of {_usual(usual_planned)}"
        )
    else:
        text = (
            f"completed {_count(completed)} {_plural(completed, 'session')} in the last 14 days; "
            f"usual is {_usual(usual_completed)}"
        )
    return Reason("adherence_drop", text)


def _high_fatigue(row: Mapping, t: Thresholds) -> bool:
    fatigue_z = _num(row, "fatigue_z")
    fatigue = _num(row, "fatigue_7d")
    return (fatigue_z is not None and fatigue_z >= t.high_fatigue_z) or (
        fatigue is not None and fatigue >= t.high_fatigue_score
    )


def _score_clause(row: Mapping, name: str, label: str, unit: str = "of 5") -> str:
    recent = _num(row, f"{name}_7d")
    usual = _num(row, f"{name}_baseline")
    if recent is None:
        z = _num(row, f"{name}_z")
        if z is None:
            return f"{label} is unusual this week"
        side = "below" if z < 0 else "above"
        return f"{label} over the last 7 days is {abs(z):.1f} standard deviations {side} usual"
    clause = f"{label} averaged {recent:.1f} {unit} over the last 7 days"
    return clause + (f" (usual {usual:.1f})" if usual is not None else "")


def _missed_sessions(row: Mapping, t: Thresholds) -> Reason | None:
    """``missed_with_fatigue`` planned sessions missed in a row with high fatigue (the brief's
    "misses three workouts and reports high fatigue"), or ``missed_alone`` whatever the fatigue.
    Yellow ("missed_sessions")."""
    missed = _num(row, "missed_in_a_row") or 0
    if missed >= t.missed_with_fatigue and _high_fatigue(row, t):
        text = (
            f"missed the last {_count(missed)} planned sessions in a row and reports high fatigue"
        )
        if _num(row, "fatigue_7d") is not None:
            text += f": {_score_clause(row, 'fatigue', 'fatigue')}"
        return Reason("missed_sessions", text)
    if missed >= t.missed_alone:
        return Reason(
            "missed_sessions", f"missed the last {_count(missed)} planned sessions in a row"
        )
    return None


def _unusual_fatigue(row: Mapping, t: Thresholds) -> Reason | None:
    """This week's readiness at or below ``readiness_z`` standard deviations of the client's
    usual, or fatigue at or above ``fatigue_z``. Yellow ("unusual_fatigue")."""
    clauses = []
    readiness_z = _num(row, "readiness_z")
    if readiness_z is not None and readiness_z <= t.readiness_z:
        clauses.append(_score_clause(row, "readiness", "readiness"))
    fatigue_z = _num(row, "fatigue_z")
    if fatigue_z is not None and fatigue_z >= t.fatigue_z:
        clauses.append(_score_clause(row, "fatigue", "fatigue"))
    return Reason("unusual_fatigue", "; ".join(clauses)) if clauses else None


def _recovery_decline(row: Mapping, t: Thresholds) -> Reason | None:
    """Sleep quality or hours this week at or below ``sleep_z`` of the client's usual, or
    readiness falling ``readiness_drift_per_week`` or faster over four weeks. Yellow
    ("recovery_decline")."""
    clauses = []
    sleep_z = _num(row, "sleep_z")
    if sleep_z is not None and sleep_z <= t.sleep_z:
        clauses.append(_score_clause(row, "sleep", "sleep quality"))
    hours_z = _num(row, "sleep_hours_z")
    if hours_z is not None and hours_z <= t.sleep_z:
        clauses.append(_score_clause(row, "sleep_hours", "sleep", unit="hours a night"))
    drift = _num(row, "readiness_drift")
    if drift is not None and drift <= t.readiness_drift_per_week:
        clauses.append(f"readiness has fallen {abs(drift):.1f} points a week over the last 4 weeks")
    return Reason("recovery_decline", "; ".join(clauses)) if clauses else None


def _performance(row: Mapping, t: Thresholds) -> Reason | None:
    """Estimated 1RMs on main lifts changed by ``performance_decline`` or worse over four weeks
    (median across at least ``performance_min_lifts`` lifts). While the client says they feel
    fine it is "goal_conflicts_with_data" (the brief's "stated goal conflicts with the data");
    otherwise "performance_decline". Yellow either way."""
    trend = _num(row, "performance_trend")
    lifts = _num(row, "performance_lifts") or 0
    if trend is None or trend > t.performance_decline or lifts < t.performance_min_lifts:
        return None
    across = f"{_count(lifts)} main {_plural(lifts, 'lift')}"
    text = f"estimated 1RM fell {abs(trend):.0%} over the last 4 weeks (median of {across})"
    if _flag(row, "feels_fine"):
        readiness = _num(row, "readiness_14d")
        feeling = f" (readiness {readiness:.1f} of 5)" if readiness is not None else ""
        text += f" while the client reports feeling fine{feeling}; the stated goal conflicts with the data"
        return Reason("goal_conflicts_with_data", text)
    return Reason("performance_decline", text)


def _checkin_response(row: Mapping, t: Thresholds) -> Reason | None:
    """Check-ins answered in fewer than ``low_checkin_response`` of the weeks since the first
    check-in, once there are ``checkin_min_weeks``. Yellow ("low_checkin_response")."""
    rate = _num(row, "checkin_response_rate")
    weeks = _num(row, "checkin_weeks")
    if (
        rate is None
        or weeks is None
        or weeks < t.checkin_min_weeks
        or rate >= t.low_checkin_response
    ):
        return None
    answered = _num(row, "checkin_weeks_answered")
    if answered is None:
        answered = round(rate * weeks)
    return Reason(
        "low_checkin_response",
        f"answered check-ins in {_count(answered)} of the last {_count(weeks)} weeks",
    )


def _silence(row: Mapping) -> tuple[float | None, bool]:
    """Days without any log, and whether the client has never logged. A client who never logged
    is silent since joining only once planned sessions have gone by (``missed_in_a_row``); one
    without a program yet is waiting, not silent."""
    days = _num(row, "days_since_last_log")
    if days is not None:
        return days, False
    if (_num(row, "missed_in_a_row") or 0) < 1:
        return None, True
    return _num(row, "days_since_created"), True


def _inactive(row: Mapping, t: Thresholds) -> Reason | None:
    """Nothing logged (not even a skip) for ``inactive_days``, or, for a client with planned
    sessions who never logged, since joining that long ago. Yellow ("inactive"); red only if the
    organization set ``red_silence_days``."""
    days, never = _silence(row)
    if days is None or days < t.inactive_days:
        return None
    if never:
        missed = _num(row, "missed_in_a_row") or 0
        return Reason(
            "inactive",
            f"has not logged any training in the {_count(days)} days since joining; "
            f"{_count(missed)} planned {_plural(missed, 'session')} went by",
        )
    return Reason("inactive", f"has logged nothing for {_count(days)} days")


RULES = (
    _adherence_drop,
    _missed_sessions,
    _unusual_fatigue,
    _recovery_decline,
    _performance,
    _checkin_response,
    _inactive,
)


def assess(features_row: Mapping, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> Assessment:
    """The level and its reasons for one client's features (a dict or a pandas Series).

    Every rule in RULES is checked; each that fires adds one reason. Any reason makes it yellow;
    none is green. Red only when the organization set ``red_silence_days`` and the silence is at
    least that long. Missing or NaN features never fire a rule (no data is not a problem signal,
    except silence itself).
    """
    reasons = tuple(reason for rule in RULES if (reason := rule(features_row, thresholds)))
    days, _ = _silence(features_row)
    if (
        thresholds.red_silence_days is not None
        and days is not None
        and days >= thresholds.red_silence_days
    ):
        return Assessment(RED, reasons)
    return Assessment(YELLOW if reasons else GREEN, reasons)


def assess_frame(
    features: pd.DataFrame, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> list[Assessment]:
    """``assess`` for every row of a features frame, in its order."""
    return [assess(row, thresholds) for row in features.to_dict("records")]
