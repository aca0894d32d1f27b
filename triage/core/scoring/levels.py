"""From one client's features to green / yellow / red, with every reason as a sentence.

Pure, no Django, no pandas needed (a row may be a dict or a pandas Series). A reader asking "why
was this client flagged yellow" finds the answer in ``assess`` and the rules it lists.

- green: within the client's normal; no reasons.
- yellow: at least one rule below fired; a coach reviews within the tier's response time.
  Each rule judges the client against their own noise: a change counts when it is larger than
  the client's usual spread and persists (both of the latest two check-ins; a lift's level over
  three weeks; a whole week), or when two signals agree at a lower bar (readiness with sleep or
  fatigue, mood with stress, fatigue with a falling lift). One week's wobble never counts.
- red: never from these numbers by default. Red means immediate human intervention and an
  automation hold, and belongs to what the client reports (symptoms, pain, distress), which the
  check-in path reads in the same request. Numbers alone are a reason to look, not an emergency.
  An organization may opt in to one red rule: silence for ``red_silence_days``.

Reason codes match the triggers in ``triage.core.defaults.ESCALATION_RULES`` so each maps to an
escalation rule; each code appears at most once per assessment (clauses are joined with "; ").
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import TYPE_CHECKING, Any

from coaching.core.traffic_light import GREEN, RED, YELLOW, Level
from triage.core.habit_rules import drop_from_rates

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Thresholds:
    """Every threshold the levels use, with the defaults Spotter starts from. Organizations tune
    them with ``Thresholds.from_overrides({...})``; what each means is in THRESHOLD_HELP."""

    adherence_drop: float = 0.40
    adherence_swing_multiplier: float = 2.0
    adherence_min_usual_14d: float = 2.0
    adherence_min_planned_14d: int = 2
    week_drop_fraction: float = 0.5
    week_min_shortfall: float = 2.0
    missed_with_fatigue: int = 3
    missed_alone: int = 4
    high_fatigue_z: float = 1.0
    high_fatigue_score: float = 4.0
    readiness_z: float = -1.5
    fatigue_z: float = 1.5
    sleep_z: float = -1.5
    mood_z: float = -1.5
    recovery_min_shift: float = 2.0
    sleep_hours_min_shift: float = 1.5
    agreement_z: float = 1.0
    agreement_min_shift: float = 1.25
    sleep_hours_agreement_shift: float = 1.0
    performance_decline: float = -0.06
    performance_z: float = 2.5
    pooled_performance_decline: float = -0.04
    pooled_performance_z: float = 3.0
    performance_with_fatigue: float = -0.05
    performance_with_fatigue_z: float = 2.5
    low_checkin_response: float = 0.5
    checkin_min_weeks: int = 3
    inactive_days: int = 14
    red_silence_days: int | None = None

    @classmethod
    def from_overrides(cls, overrides: Mapping[str, Any] | None) -> Thresholds:
        """The defaults with an organization's overrides. Unknown names and values of the wrong
        kind are a ValueError naming them (a typo must not silently keep the default)."""
        overrides = {
            name: value for name, value in (overrides or {}).items() if name not in _RETIRED
        }
        known = {field.name: field for field in fields(cls)}
        unknown = sorted(set(overrides) - set(known))
        if unknown:
            raise ValueError(
                f"Unknown threshold(s): {', '.join(unknown)}. Known thresholds: {', '.join(known)}."
            )
        values: dict[str, Any] = {}
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
# Thresholds of rules that no longer exist (a slope through four weekly answers, a minimum number
# of lifts for a median): an organization's stored value is accepted and has no effect.
_RETIRED = frozenset({"readiness_drift_per_week", "performance_min_lifts"})

THRESHOLD_HELP = {
    "adherence_drop": "Yellow when completion in the last 14 days is at least this fraction below the client's usual (0.4 = 40% down) ...",
    "adherence_swing_multiplier": "...and the drop is also more than this many times the client's own usual swing, so a client who always varies is not flagged for varying.",
    "adherence_min_usual_14d": "A drop is judged only when the client usually completes at least this many sessions per 14 days.",
    "adherence_min_planned_14d": "With a plan, a drop is judged only when at least this many sessions were planned in the last 14 days.",
    "week_drop_fraction": "Yellow the first week (of the program, else Monday to Sunday) the client completes this fraction or less of their usual week (0.5 = half: 2 of a usual 4) ...",
    "week_min_shortfall": "... and at least this many sessions fewer than usual (so one missed session of a usual two is not a drop).",
    "missed_with_fatigue": "Yellow when this many planned sessions in a row were missed and fatigue is high.",
    "missed_alone": "Yellow when this many planned sessions in a row were missed, whatever the fatigue.",
    "high_fatigue_z": "Fatigue counts as high at this many of the client's own spreads above usual this week ...",
    "high_fatigue_score": "... or when this week's fatigue averages at least this on the 1-5 scale.",
    "readiness_z": "Yellow when both of the latest two check-ins put readiness at least this many of the client's own spreads below usual (negative: lower) ...",
    "fatigue_z": "... or fatigue this many spreads above usual ...",
    "sleep_z": "... or sleep quality or hours this many spreads below usual (negative: worse) ...",
    "mood_z": "... or mood this many spreads below usual (negative: lower; with stress up it counts at the agreement bar) ...",
    "recovery_min_shift": "... and the two are on average at least this many points worse than usual on the 1-5 scale (2: a client at 4 answering 2 twice): a one-point wobble never counts alone ...",
    "sleep_hours_min_shift": "... or, for hours of sleep, at least this many hours fewer.",
    "agreement_z": "Two signals agreeing count at a lower bar: readiness with sleep or with fatigue, or fatigue with a falling lift, each at least this many spreads worse in both latest check-ins ...",
    "agreement_min_shift": "... and on average at least this many points worse ...",
    "sleep_hours_agreement_shift": "... or this many hours of sleep fewer.",
    "performance_decline": "Yellow when a main lift's estimated 1RM is this fraction below its level of three weeks before (-0.06 = 6% down; the estimate is noisy, so a true 8% fall reads about this or more) ...",
    "performance_z": "... and the fall is at least this many times the uncertainty from that lift's own session-to-session noise.",
    "pooled_performance_decline": "Yellow when the main lifts together fell this fraction on average ...",
    "pooled_performance_z": "... with at least this much certainty (the lifts' z-scores summed over the root of their number).",
    "performance_with_fatigue": "A lift falling this fraction counts with raised fatigue (see agreement_z) ...",
    "performance_with_fatigue_z": "... when the fall is at least this many times its uncertainty.",
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


def _num(row: Mapping[str, Any], key: str) -> float | None:
    """The feature as a float, or None when missing, NaN or NA."""
    value = row.get(key) if hasattr(row, "get") else None
    if value is None:
        return None
    if type(value) is float:  # the common case, from the night's rows
        return None if value != value else value
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _flag(row: Mapping[str, Any], key: str) -> bool:
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


def _fourteen_day_drop(row: Mapping[str, Any], t: Thresholds) -> str | None:
    """Completion in the last 14 days fell below the client's usual (days 15-90) by at least
    ``adherence_drop`` and by more than ``adherence_swing_multiplier`` times the client's own
    usual swing; needs a usual of ``adherence_min_usual_14d`` sessions, and with a plan at least
    ``adherence_min_planned_14d`` planned sessions."""
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
        return (
            f"completed {_count(completed)} of {_count(planned)} planned sessions in the last 14 days; "
            f"usual is {_usual(usual_completed)} of {_usual(usual_planned)}"
        )
    return (
        f"completed {_count(completed)} {_plural(completed, 'session')} in the last 14 days; "
        f"usual is {_usual(usual_completed)}"
    )


def _week_drop(row: Mapping[str, Any], t: Thresholds) -> str | None:
    """The last complete week (the program's, else Monday to Sunday) reached ``week_drop_fraction`` or less of what
    the client usually completes in a week (the median of their earlier weeks, or the week's
    plan when it asked for less), and at least ``week_min_shortfall`` sessions fewer: the brief's
    "usually four sessions a week and suddenly drops to two", seen the first week."""
    done = _num(row, "week_completed")
    expected = _num(row, "week_expected")
    if done is None or expected is None or expected <= 0:
        return None
    if done > t.week_drop_fraction * expected or expected - done < t.week_min_shortfall:
        return None
    planned = _num(row, "week_planned") or 0
    usual = _num(row, "usual_week_completed")
    text = f"completed {_count(done)} {_plural(done, 'session')} last week"
    if planned > 0:
        text += f", {_count(planned)} planned"
    if usual is not None:
        text += f"; usually {_count(usual)} a week"
    return text


def _adherence_drop(row: Mapping[str, Any], t: Thresholds) -> Reason | None:
    """Completing far fewer sessions than usual: the last complete week at half the usual or
    less, or the last 14 days well below the usual. Yellow ("adherence_drop")."""
    clauses = [clause for rule in (_week_drop, _fourteen_day_drop) if (clause := rule(row, t))]
    return Reason("adherence_drop", "; ".join(clauses)) if clauses else None


def _high_fatigue(row: Mapping[str, Any], t: Thresholds) -> bool:
    fatigue_z = _num(row, "fatigue_z")
    fatigue = _num(row, "fatigue_7d")
    return (fatigue_z is not None and fatigue_z >= t.high_fatigue_z) or (
        fatigue is not None and fatigue >= t.high_fatigue_score
    )


def _score_clause(row: Mapping[str, Any], name: str, label: str, unit: str = "of 5") -> str:
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


def _missed_sessions(row: Mapping[str, Any], t: Thresholds) -> Reason | None:
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


_SCORE_LABELS = {
    "readiness": ("readiness", "of 5"),
    "fatigue": ("fatigue", "of 5"),
    "sleep": ("sleep quality", "of 5"),
    "sleep_hours": ("sleep", "hours a night"),
    "mood": ("mood", "of 5"),
    "stress": ("stress", "of 5"),
}
# Which way is worse (the same as the features'): readiness and sleep fall, fatigue rises.
_WORSE = {
    "readiness": -1.0,
    "fatigue": 1.0,
    "sleep": -1.0,
    "sleep_hours": -1.0,
    "mood": -1.0,
    "stress": 1.0,
}


def _persistent(row: Mapping[str, Any], name: str, z: float, shift: float) -> bool:
    """Both of the latest two check-ins put this score at least ``z`` of the client's own
    spreads worse than usual, and the two are on average at least ``shift`` worse."""
    persist_z = _num(row, f"{name}_persist_z")
    moved = _num(row, f"{name}_shift")
    return persist_z is not None and moved is not None and persist_z >= z and moved >= shift


def _strong(row: Mapping[str, Any], name: str, t: Thresholds) -> bool:
    """A change in one score alone: beyond ``readiness_z`` / ``fatigue_z`` / ``sleep_z`` spreads
    in both latest check-ins and ``recovery_min_shift`` points on average."""
    z = {"readiness": t.readiness_z, "fatigue": t.fatigue_z, "sleep": t.sleep_z}.get(name, t.mood_z)
    shift = t.sleep_hours_min_shift if name == "sleep_hours" else t.recovery_min_shift
    return _persistent(row, name, abs(z), shift)


def _moderate(row: Mapping[str, Any], name: str, t: Thresholds) -> bool:
    """A change that counts only when another signal agrees."""
    shift = t.sleep_hours_agreement_shift if name == "sleep_hours" else t.agreement_min_shift
    return _persistent(row, name, t.agreement_z, shift)


def fatigue_elevated(row: Mapping[str, Any], t: Thresholds | None = None) -> bool:
    """Fatigue is up in both of the latest two check-ins, beyond the client's own spread (at the
    agreement bar): what a falling lift needs beside it to call for a deload."""
    return _moderate(row, "fatigue", t or DEFAULT_THRESHOLDS)


def _persistent_clause(row: Mapping[str, Any], name: str) -> str:
    label, unit = _SCORE_LABELS[name]
    usual = _num(row, f"{name}_baseline")
    moved = _num(row, f"{name}_shift")
    if usual is None or moved is None:
        return f"{label} is unusual in the last two check-ins"
    recent = usual + _WORSE[name] * moved
    return f"{label} averaged {recent:.1f} {unit} in the last two check-ins (usual {usual:.1f})"


def _unusual_fatigue(row: Mapping[str, Any], t: Thresholds) -> Reason | None:
    """Readiness or fatigue changed beyond the client's own spread in both of the latest two
    check-ins, by ``recovery_min_shift`` points on average; or both changed at the lower
    agreement bar (two signals agree). Yellow ("unusual_fatigue")."""
    names = ("readiness", "fatigue")
    strong = [name for name in names if _strong(row, name, t)]
    if not strong and all(_moderate(row, name, t) for name in names):
        strong = list(names)
    clauses = [_persistent_clause(row, name) for name in strong]
    return Reason("unusual_fatigue", "; ".join(clauses)) if clauses else None


def _recovery_decline(row: Mapping[str, Any], t: Thresholds) -> Reason | None:
    """Sleep quality or hours worse beyond the client's spread in both latest check-ins, or
    readiness and sleep both worse at the lower agreement bar (two signals agree). Yellow
    ("recovery_decline")."""
    clauses = [
        _persistent_clause(row, name) for name in ("sleep", "sleep_hours") if _strong(row, name, t)
    ]
    if not clauses and _moderate(row, "readiness", t):
        agreeing = [name for name in ("sleep", "sleep_hours") if _moderate(row, name, t)]
        if agreeing:
            clauses = [_persistent_clause(row, name) for name in ("readiness", *agreeing)]
    return Reason("recovery_decline", "; ".join(clauses)) if clauses else None


def _low_mood(row: Mapping[str, Any], t: Thresholds) -> Reason | None:
    """Mood worse beyond the client's spread in both latest check-ins (``mood_z``,
    ``recovery_min_shift``), or mood and stress both worse at the agreement bar. Yellow
    ("low_mood"); words of distress are the check-in reader's, at once."""
    clauses = [_persistent_clause(row, "mood")] if _strong(row, "mood", t) else []
    if not clauses and _moderate(row, "mood", t) and _moderate(row, "stress", t):
        clauses = [_persistent_clause(row, name) for name in ("mood", "stress")]
    return Reason("low_mood", "; ".join(clauses)) if clauses else None


def _lift_name(row: Mapping[str, Any]) -> str:
    name = row.get("performance_lift_name") if hasattr(row, "get") else None
    if isinstance(name, str) and name:
        return name
    key = row.get("performance_lift") if hasattr(row, "get") else None
    return key if isinstance(key, str) and key else "one main lift"


def _performance(row: Mapping[str, Any], t: Thresholds) -> Reason | None:
    """A main lift's estimated 1RM fell ``performance_decline`` or more below its level of three
    weeks before with at least ``performance_z`` certainty (named, however the other lifts do);
    or the main lifts together fell ``pooled_performance_decline`` with ``pooled_performance_z``;
    or a lift fell ``performance_with_fatigue`` with ``performance_with_fatigue_z`` while fatigue
    is up (two signals agree). While the client says they feel fine it is
    "goal_conflicts_with_data" (the brief's "stated goal conflicts with the data"); otherwise
    "performance_decline". Yellow either way."""
    change = _num(row, "performance_trend")
    z = _num(row, "performance_z")
    lifts = _num(row, "performance_lifts") or 0
    mean_change = _num(row, "performance_mean_change")
    pooled_z = _num(row, "performance_pooled_z")
    lift = _lift_name(row)
    one_lift = (
        change is not None
        and z is not None
        and change <= t.performance_decline
        and z >= t.performance_z
    )
    # Together: the mean without the worst lift must fall too (one lift is the rule above).
    others = (
        (mean_change * lifts - change) / (lifts - 1)
        if lifts >= 2 and mean_change is not None and change is not None
        else None
    )
    together = (
        others is not None
        and pooled_z is not None
        and mean_change is not None
        and mean_change <= t.pooled_performance_decline
        and others <= t.pooled_performance_decline / 2
        and pooled_z >= t.pooled_performance_z
    )
    with_fatigue = (
        change is not None
        and z is not None
        and change <= t.performance_with_fatigue
        and z >= t.performance_with_fatigue_z
        and fatigue_elevated(row, t)
    )
    if not (one_lift or together or with_fatigue):
        return None
    if one_lift or with_fatigue:
        assert change is not None  # both rules need the lift's change
        text = f"{lift} estimated 1RM fell {abs(change):.0%} over the last 3 weeks"
        if together:
            assert mean_change is not None  # the pooled rule needs the mean change
            text += f" (all {_count(lifts)} main lifts: {abs(mean_change):.0%} on average)"
        elif lifts > 1:
            text += f" (the other main {_plural(lifts - 1, 'lift')} held better)"
    else:
        assert mean_change is not None  # only the pooled rule is left, and it needs the mean
        text = (
            f"estimated 1RM fell {abs(mean_change):.0%} on average across {_count(lifts)} main "
            f"lifts over the last 3 weeks (most of all {lift}: {abs(change or 0):.0%})"
        )
    if with_fatigue and not one_lift and not together:
        text += f", and fatigue is up: {_persistent_clause(row, 'fatigue')}"
    if _flag(row, "feels_fine"):
        readiness = _num(row, "readiness_14d")
        feeling = f" (readiness {readiness:.1f} of 5)" if readiness is not None else ""
        text += f" while the client reports feeling fine{feeling}; the stated goal conflicts with the data"
        return Reason("goal_conflicts_with_data", text)
    return Reason("performance_decline", text)


def _checkin_response(row: Mapping[str, Any], t: Thresholds) -> Reason | None:
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


def _silence(row: Mapping[str, Any]) -> tuple[float | None, bool]:
    """Days without any log, and whether the client has never logged. A client who never logged
    is silent since joining only once planned sessions have gone by (``missed_in_a_row``); one
    without a program yet is waiting, not silent."""
    days = _num(row, "days_since_last_log")
    if days is not None:
        return days, False
    if (_num(row, "missed_in_a_row") or 0) < 1:
        return None, True
    return _num(row, "days_since_created"), True


def _inactive(row: Mapping[str, Any], t: Thresholds) -> Reason | None:
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


def _habit_drop(row: Mapping[str, Any], t: Thresholds) -> Reason | None:
    """A client who usually keeps their daily habits let them go for the whole last week
    (``habit_usual`` and ``habit_week``, judged by ``triage.core.habit_rules``). Yellow
    ("habit_drop"): with no usual yet, or no habits, the features are missing and nothing fires."""
    usual, week = _num(row, "habit_usual"), _num(row, "habit_week")
    if usual is None or week is None:
        return None
    drop = drop_from_rates(usual, week)
    if drop is None:
        return None
    return Reason(
        "habit_drop",
        f"kept their daily habits on {round(drop.this_week * 100)}% of days last week, "
        f"against their usual {round(drop.usual * 100)}%",
    )


# The reasons that say a client's recovery or performance is off: no progression is proposed for
# a client the night gave one of these (a person looks first).
RECOVERY_CODES = frozenset(
    {
        "unusual_fatigue",
        "recovery_decline",
        "low_mood",
        "performance_decline",
        "goal_conflicts_with_data",
    }
)

RULES = (
    _adherence_drop,
    _missed_sessions,
    _unusual_fatigue,
    _recovery_decline,
    _low_mood,
    _performance,
    _checkin_response,
    _inactive,
    _habit_drop,
)


def assess(
    features_row: Mapping[str, Any], thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> Assessment:
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
