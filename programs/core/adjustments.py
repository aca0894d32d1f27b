"""Routine plan adjustments the nightly job proposes: progression, deload, substitution, volume
and schedule. Pure: no Django.

Each function reads plain data and returns a ``Proposal`` (or None when nothing should change).
A proposal is a recommendation, not a verdict: its rationale says what the data showed and its
confidence says how much the data supports it; the tier's review policy decides whether a coach
sees it first. Fitness data is messy and incomplete, so the confidence never reaches 1.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

# The kinds of change, defined once in billing.core.change_kinds (a tier's policy names them).
from billing.core.change_kinds import (
    DELOAD,
    PROGRESSION,
    SCHEDULE_CHANGE,
    SUBSTITUTION,
    VOLUME_CHANGE,
    RecommendationKind,
)
from programs.core.e1rm import load_increment_kg
from programs.core.library import (
    CARDIO,
    CARRY,
    CORE,
    FEATURE_TEXT,
    GRADE_RANK,
    HIGH,
    HINGE,
    HORIZONTAL_PULL,
    HORIZONTAL_PUSH,
    ISOLATION_LOWER,
    ISOLATION_UPPER,
    LUNGE,
    MOBILITY,
    MODERATE,
    PATTERN_TEXT,
    PLYOMETRIC,
    SQUAT,
    VERTICAL_PULL,
    VERTICAL_PUSH,
    Injury,
    LibraryExercise,
    area_load,
    body_region,
)

MAX_CONFIDENCE = 0.9

# --- Progression ----------------------------------------------------------------------------
# How many of the most recent sessions of the exercise must all meet the bar.
PROGRESSION_SESSIONS = 1
# Reps added to the range of a body-weight exercise whose every set topped the range.
BODYWEIGHT_REPS_STEP = 2

# --- Deload ---------------------------------------------------------------------------------
# Check-in fatigue is 1–5 (5 worst): a weekly average at or above this is high ...
HIGH_FATIGUE = 4.0
# ... and this many weeks of it in a row call for a deload.
HIGH_FATIGUE_WEEKS = 2
# An e1RM that ends more than this fraction below where it stood this many weeks earlier, and
# went down over the last week too, is a performance decline.
PERFORMANCE_DROP_FRACTION = 0.05
PERFORMANCE_DROP_WEEKS = 2
# When lifts are given separately, at least this share of them must be declining.
DECLINING_LIFTS_SHARE = 0.5
# Readiness is 1–5 (5 best): a weekly average at or below this, for HIGH_FATIGUE_WEEKS weeks,
# supports a deload (it raises confidence; on its own it is for the coach, not the plan).
LOW_READINESS = 2.0
# No second deload this soon after the last one: the cause is probably not training load.
MIN_WEEKS_BETWEEN_DELOADS = 3

# --- Volume ---------------------------------------------------------------------------------
# Share of prescribed working sets done in a week, and soreness (1–5, 5 worst).
LOW_SET_COMPLETION = 0.75
FULL_SET_COMPLETION = 0.95
HIGH_SORENESS = 4.0
LOW_SORENESS = 2.0
# Logged RPE this far below target, on average, means the work is easy.
EASY_RPE_MARGIN = 1.5
VOLUME_SIGNAL_WEEKS = 2
MAX_SETS = 6

# --- Schedule -------------------------------------------------------------------------------
# "Patterns, not perfection": in this many recent weeks ...
SCHEDULE_PATTERN_WEEKS = 4
# ... the client reached N sessions in at least this many, and never N + 1 often enough ...
SCHEDULE_RELIABLE_WEEKS = 3
# ... and the weeks were steady (an erratic pattern is an adherence question for the coach).
SCHEDULE_MAX_SPREAD = 1
# The client fell short of the plan in at least this many of those weeks: the shortfall is the
# pattern ("three of four sessions for a month"), not an odd missed session in a good month.
SCHEDULE_SHORT_WEEKS = 3


@dataclass(frozen=True)
class Proposal:
    """A proposed change. ``payload`` is a readable diff: exercise, field, from, to (plus
    details); ``confidence`` is 0–1."""

    kind: RecommendationKind
    payload: Mapping[str, Any]
    rationale: str
    confidence: float


class PrescriptionLike(Protocol):
    exercise_key: str
    exercise_name: str
    sets: int
    reps_min: int
    reps_max: int
    target_rpe: float | None
    target_load_kg: float | None


@dataclass(frozen=True)
class LoggedSet:
    """A set as logged. Sets of the same ``performed_on`` day are one session."""

    reps: int
    load_kg: float
    rpe: float | None = None
    performed_on: date | None = None
    is_warmup: bool = False


def _confidence(value: float) -> float:
    return round(min(MAX_CONFIDENCE, max(0.0, value)), 2)


def _kg(value: float) -> str:
    return f"{value:g} kg"


def _recent_sessions(sets: Iterable[LoggedSet], sessions: int) -> list[list[LoggedSet]]:
    """Working sets of the last ``sessions`` days, one list per day (undated sets: one day)."""
    working = [s for s in sets if not s.is_warmup]
    days = sorted({s.performed_on for s in working if s.performed_on is not None})
    if not days:
        return [working] if working else []
    return [[s for s in working if s.performed_on == day] for day in days[-sessions:]]


# --- Progression ----------------------------------------------------------------------------
def propose_progression(
    prescription: PrescriptionLike,
    recent_sets: Sequence[LoggedSet],
    *,
    region: str | None = None,
    sessions: int = PROGRESSION_SESSIONS,
) -> Proposal | None:
    """Add load (2.5 kg upper body, 5 kg lower body, or 2.5% when bigger) only when every
    working set of the last session(s), at the prescribed load, reached the top of the rep
    range at or below the target RPE; otherwise, when every set reached the bottom of the range
    at or below target, raise the rep target by one within the range; otherwise None (a missed
    set, a lighter load or a harder effort than prescribed)."""
    by_session = _recent_sessions(recent_sets, sessions)
    if len(by_session) < sessions or any(len(day) < prescription.sets for day in by_session):
        return None  # a set was missed: not every working set met the bar
    sets = [s for day in by_session for s in day]
    target_rpe = prescription.target_rpe
    rpe_known = all(s.rpe is not None for s in sets)
    within_effort = target_rpe is None or all(
        s.rpe is None or float(s.rpe) <= float(target_rpe) for s in sets
    )
    if not within_effort:
        return None
    prescribed_load = prescription.target_load_kg
    if prescribed_load is not None and any(float(s.load_kg) < float(prescribed_load) for s in sets):
        return None  # lighter than prescribed: the prescription has not been met yet
    region = region or body_region(getattr(prescription, "pattern", "") or "")
    name = prescription.exercise_name
    confidence = 0.8 if rpe_known or target_rpe is None else 0.6
    top, bottom = prescription.reps_max, prescription.reps_min
    effort = (
        f" at RPE {max(float(s.rpe) for s in sets if s.rpe is not None):g} or easier (target {float(target_rpe):g})"
        if rpe_known and target_rpe is not None
        else ""
    )
    if all(s.reps >= top for s in sets):
        current = prescription.target_load_kg
        if current is None:
            current = max(float(s.load_kg) for s in sets)
        current = float(current)
        if current <= 0:
            return Proposal(
                PROGRESSION,
                _diff(prescription, "reps_max", top, top + BODYWEIGHT_REPS_STEP),
                f"Every working set of {name} reached {top} reps{effort}; with no load to add, "
                f"the rep range rises by {BODYWEIGHT_REPS_STEP}.",
                _confidence(confidence - 0.1),
            )
        new_load = current + load_increment_kg(region, current)
        return Proposal(
            PROGRESSION,
            {**_diff(prescription, "target_load_kg", current, new_load), "region": region},
            f"Every working set of {name} reached the top of the range ({top} reps){effort}: "
            f"load goes from {_kg(current)} to {_kg(new_load)} ({region} body step).",
            _confidence(confidence),
        )
    if all(s.reps >= bottom for s in sets) and bottom < top:
        weakest = min(s.reps for s in sets)
        new_bottom = min(top, max(bottom + 1, weakest + 1))
        return Proposal(
            PROGRESSION,
            _diff(prescription, "reps_min", bottom, new_bottom),
            f"Every working set of {name} was within {bottom}–{top} reps{effort} but not all "
            f"reached {top}: aim for at least {new_bottom} reps a set before adding load.",
            _confidence(confidence - 0.1),
        )
    return None


def _diff(prescription: PrescriptionLike, field_name: str, old: Any, new: Any) -> dict[str, Any]:
    return {
        "exercise": prescription.exercise_name,
        "exercise_key": prescription.exercise_key,
        "field": field_name,
        "from": old,
        "to": new,
    }


# --- Deload ---------------------------------------------------------------------------------
def _last(values: Sequence[float | None], n: int) -> list[float] | None:
    tail = list(values)[-n:]
    known = [v for v in tail if v is not None]
    if len(tail) < n or len(known) < len(tail):
        return None
    return [float(v) for v in known]


def _declining(series: Sequence[float | None]) -> tuple[float, float] | None:
    """(reference, latest) when the series fell more than the threshold over the window."""
    window = _last(series, PERFORMANCE_DROP_WEEKS + 1)
    if window is None or window[0] <= 0:
        return None
    reference, previous, latest = window[0], window[-2], window[-1]
    dropped = (reference - latest) / reference > PERFORMANCE_DROP_FRACTION
    if dropped and latest <= previous < reference:
        return reference, latest
    return None


def propose_deload(
    weekly_fatigue: Sequence[float | None],
    e1rm_trend: Sequence[float | None] | Mapping[str, Sequence[float | None]],
    weekly_readiness: Sequence[float | None] = (),
    *,
    weeks_since_last_deload: int | None = None,
    fatigue_elevated: bool = False,
) -> Proposal | None:
    """Deload next week when weekly fatigue averaged ``HIGH_FATIGUE``/5 or worse for
    ``HIGH_FATIGUE_WEEKS`` weeks running, or performance declined (e1RM more than
    ``PERFORMANCE_DROP_FRACTION`` down over ``PERFORMANCE_DROP_WEEKS`` weeks, for at least half
    of the lifts given, or for any one lift while ``fatigue_elevated``: the client's fatigue is up
    beyond their own usual, as the nightly scoring judges it) — unless the last deload was under
    ``MIN_WEEKS_BETWEEN_DELOADS`` weeks ago. Series are weekly, oldest first."""
    if weeks_since_last_deload is not None and weeks_since_last_deload < MIN_WEEKS_BETWEEN_DELOADS:
        return None
    signals = []
    fatigue = _last(weekly_fatigue, HIGH_FATIGUE_WEEKS)
    high_fatigue = fatigue is not None and all(value >= HIGH_FATIGUE for value in fatigue)
    if high_fatigue and fatigue is not None:
        signals.append(
            f"fatigue averaged {_weekly_values(fatigue)} out of 5 "
            f"{_in_the_weeks(fatigue, HIGH_FATIGUE_WEEKS)} (high is {HIGH_FATIGUE:g} or more)"
        )
    series = e1rm_trend if isinstance(e1rm_trend, Mapping) else {"": e1rm_trend}
    measured = {name: s for name, s in series.items() if _last(s, PERFORMANCE_DROP_WEEKS + 1)}
    declines = {name: d for name, s in sorted(measured.items()) if (d := _declining(s))}
    enough = measured and len(declines) / len(measured) >= DECLINING_LIFTS_SHARE
    if declines and (enough or fatigue_elevated):
        parts = []
        for name, (reference, latest) in declines.items():
            drop = (reference - latest) / reference * 100
            label = f"{name} " if name else ""
            parts.append(
                f"{label}e1RM fell {drop:.1f}% ({_kg(round(reference, 1))} to "
                f"{_kg(round(latest, 1))})"
            )
        signals.append(
            "performance declined over the last "
            f"{PERFORMANCE_DROP_WEEKS} weeks: " + "; ".join(parts)
        )
        if fatigue_elevated and not high_fatigue:
            signals.append("fatigue is up beyond the client's usual in the last two check-ins")
    if not signals:
        return None
    readiness = _last(weekly_readiness, HIGH_FATIGUE_WEEKS)
    low_readiness = readiness is not None and all(value <= LOW_READINESS for value in readiness)
    confidence = 0.6 + 0.15 * (len(signals) - 1) + (0.1 if low_readiness else 0.0)
    supporting = (
        f"; readiness has also been low ({_weekly_values(readiness)} out of 5"
        f"{' each week' if len(set(readiness)) == 1 and len(readiness) > 1 else ''})"
        if low_readiness and readiness is not None
        else ""
    )
    return Proposal(
        DELOAD,
        {
            "exercise": "all",
            "field": "next_week",
            "from": "planned training",
            "to": "deload week: about 60% of the sets, RPE one point lower, 90% of the load",
            "signals": signals,
        },
        "A deload is the best current recommendation because "
        + " and ".join(signals)
        + supporting
        + ". Logs and check-ins are incomplete, so the coach should weigh sleep, stress and "
        "life outside training before deciding.",
        _confidence(confidence),
    )


# --- Substitution ---------------------------------------------------------------------------
LEVEL_ORDER = {"beginner": 0, "intermediate": 1, "expert": 2}
# Where to look when no variant of the same pattern spares a sore area, nearest first.
NEARBY_PATTERNS: dict[str, tuple[str, ...]] = {
    SQUAT: (LUNGE, ISOLATION_LOWER, HINGE),
    LUNGE: (SQUAT, ISOLATION_LOWER, HINGE),
    HINGE: (ISOLATION_LOWER, LUNGE, SQUAT, CORE),
    HORIZONTAL_PUSH: (VERTICAL_PUSH, ISOLATION_UPPER),
    VERTICAL_PUSH: (HORIZONTAL_PUSH, ISOLATION_UPPER),
    HORIZONTAL_PULL: (VERTICAL_PULL, ISOLATION_UPPER),
    VERTICAL_PULL: (HORIZONTAL_PULL, ISOLATION_UPPER),
    CARRY: (CORE, HINGE),
    CORE: (CARRY,),
    ISOLATION_UPPER: (HORIZONTAL_PULL, HORIZONTAL_PUSH, VERTICAL_PULL),
    ISOLATION_LOWER: (LUNGE, SQUAT, HINGE),
    PLYOMETRIC: (SQUAT, LUNGE, CARDIO),
    CARDIO: (CARRY, CORE),
    MOBILITY: (CORE,),
}


# Among equally tolerated substitutes, equipment that loads progressively comes first.
LOADABLE_EQUIPMENT = ("barbell", "dumbbell", "kettlebells", "machine", "cable", "e-z curl bar")


def sore_areas(injuries: Iterable[Injury | str]) -> tuple[list[str], list[str]]:
    """(areas of pain reported now, areas of current injuries from the intake)."""
    pain, current = set(), set()
    for injury in injuries:
        if isinstance(injury, str):
            pain.add(injury.strip().lower())
        elif injury.current:
            current.add(injury.area.strip().lower())
    return sorted(pain), sorted(current - pain)


def ranked_substitutes(
    exercise: LibraryExercise,
    library: Sequence[LibraryExercise],
    equipment: Iterable[str],
    injuries: Iterable[Injury | str] = (),
    constraints: Iterable[str] = (),
    *,
    require_shared_muscle: bool = True,
) -> list[LibraryExercise]:
    """Every exercise from the reviewed drafting pool that could replace ``exercise``, best
    first (``propose_substitution`` takes the first). The best-tolerated exercise that the client's
    equipment allows (body weight always; cables or machines mean a gym) and that breaks no
    constraint. ``injuries`` are areas of pain reported now (strings) and current injuries from
    the intake (``Injury``): a substitute loads a painful area no more than the exercise does
    and at most moderately (less wins), and a current injury's area at most moderately.

    It shares a prime mover with the exercise (as a prime or secondary mover), from the same
    movement pattern, or when none qualifies from the nearest pattern (``NEARBY_PATTERNS``).
    Ranking: same pattern first; then a lower grade on the painful areas; a role the exercise
    could fill; the lowest grade; not two levels harder; the same equipment, else loadable
    equipment; the most shared prime movers; the closest level; shared secondary movers;
    friendlier features;
    name and key. ``require_shared_muscle`` False also admits exercises of the pattern that
    train other muscles (a coach's wider search)."""
    pain_areas, current_areas = sore_areas(injuries)
    constraints = frozenset(constraints)
    primary = set(exercise.primary_muscles)
    secondary = set(exercise.secondary_muscles)
    original_grade = {area: GRADE_RANK[area_load(exercise, area)] for area in pain_areas}
    patterns = (exercise.pattern, *NEARBY_PATTERNS.get(exercise.pattern, ()))

    def shares_muscle(candidate: LibraryExercise) -> bool:
        theirs = set(candidate.primary_muscles)
        return bool(primary & (theirs | set(candidate.secondary_muscles)) or theirs & secondary)

    def tolerated(candidate: LibraryExercise) -> bool:
        for area in pain_areas:
            grade = GRADE_RANK[area_load(candidate, area)]
            if grade > GRADE_RANK[MODERATE] or grade > original_grade[area]:
                return False
        return all(area_load(candidate, area) != HIGH for area in current_areas)

    def fits(candidate: LibraryExercise) -> bool:
        return (
            candidate.key != exercise.key
            and candidate.draftable
            and candidate.pattern in patterns
            and (shares_muscle(candidate) or not require_shared_muscle)
            and candidate.available_with(equipment)
            and not candidate.violations(constraints)
            and tolerated(candidate)
        )

    def rank(candidate: LibraryExercise) -> tuple[Any, ...]:
        grades = [GRADE_RANK[area_load(candidate, area)] for area in pain_areas]
        not_friendlier = int(
            any(g >= original_grade[a] for g, a in zip(grades, pain_areas, strict=True))
            and any(original_grade.values())
        )
        role_miss = int(bool(exercise.roles) and not exercise.roles & candidate.roles)
        level_gap = abs(LEVEL_ORDER.get(candidate.level, 1) - LEVEL_ORDER.get(exercise.level, 1))
        loadable = (
            LOADABLE_EQUIPMENT.index(candidate.equipment)
            if candidate.equipment in LOADABLE_EQUIPMENT
            else len(LOADABLE_EQUIPMENT)
        )
        return (
            patterns.index(candidate.pattern),
            not_friendlier,
            role_miss,
            sum(grades),
            int(level_gap > 1),
            int(candidate.equipment != exercise.equipment),
            loadable,
            -len(primary & set(candidate.primary_muscles)),
            level_gap,
            -len(secondary & set(candidate.secondary_muscles)),
            -len(candidate.friendlier),
            candidate.name,
            candidate.key,
        )

    return sorted((c for c in library if fits(c)), key=rank)


def propose_substitution(
    exercise: LibraryExercise,
    library: Sequence[LibraryExercise],
    equipment: Iterable[str],
    injuries: Iterable[Injury | str] = (),
    constraints: Iterable[str] = (),
    *,
    reason: str = "",
    alternatives: int = 2,
) -> Proposal | None:
    """Swap for the first of ``ranked_substitutes`` (the best-tolerated exercise of the same or
    the nearest pattern; see there for the rules and the ranking), with the next
    ``alternatives`` named. None only when no pooled exercise qualifies."""
    pain_areas, _ = sore_areas(injuries)
    primary = set(exercise.primary_muscles)
    ranked = ranked_substitutes(exercise, library, equipment, injuries, constraints)
    if not ranked:
        return None
    best = ranked[0]
    same_pattern = best.pattern == exercise.pattern
    same_muscles = set(best.primary_muscles) == primary
    same_level = best.level == exercise.level
    confidence = (
        0.5
        + (0.15 if same_muscles else 0)
        + (0.15 if same_level else 0)
        - (0.15 if not same_pattern else 0)
    )
    why = f" because {reason}" if reason else ""
    pattern_text = (
        "the same movement pattern"
        if same_pattern
        else f"a nearby pattern ({PATTERN_TEXT[best.pattern]}): no "
        f"{PATTERN_TEXT[exercise.pattern]} variant the client can do spares it"
    )
    shared = sorted(primary & (set(best.primary_muscles) | set(best.secondary_muscles)))
    works = ", ".join(shared or sorted(set(best.primary_muscles)))
    return Proposal(
        SUBSTITUTION,
        {
            "exercise": exercise.name,
            "exercise_key": exercise.key,
            "field": "exercise",
            "from": exercise.name,
            "to": best.name,
            "to_key": best.key,
            "alternatives": [c.name for c in ranked[1 : 1 + alternatives]],
            "areas": {area: area_load(best, area) for area in pain_areas},
        },
        f"Replace {exercise.name} with {best.name}{why}: {pattern_text}"
        f"{_tolerance_text(exercise, best, pain_areas)}, works {works}, {best.level} level, "
        f"{best.equipment}.",
        _confidence(confidence),
    )


def _tolerance_text(exercise: LibraryExercise, best: LibraryExercise, areas: list[str]) -> str:
    parts = []
    for area in areas:
        before, after = area_load(exercise, area), area_load(best, area)
        if before == "none":
            parts.append(f"; neither loads the {area}, so the coach should ask what hurts")
        elif before == after:
            parts.append(f"; loads the {area} no more ({after}), the best tolerated available")
        else:
            parts.append(
                f"; loads the {area} {_grade_word(after)} instead of {_grade_word(before)}"
            )
    features = [FEATURE_TEXT[f] for f in best.friendlier if f not in exercise.friendlier]
    if parts and features:
        parts.append(f" ({', '.join(features)})")
    return "".join(parts)


def _grade_word(grade: str) -> str:
    return {"none": "not at all", "low": "lightly", "moderate": "moderately", "high": "highly"}[
        grade
    ]


# --- Volume ---------------------------------------------------------------------------------
def propose_volume_change(
    prescription: PrescriptionLike,
    weekly_set_completion: Sequence[float | None],
    weekly_soreness: Sequence[float | None] = (),
    weekly_rpe_gap: Sequence[float | None] = (),
) -> Proposal | None:
    """One set fewer when, for ``VOLUME_SIGNAL_WEEKS`` weeks, under ``LOW_SET_COMPLETION`` of the
    prescribed sets were done or soreness averaged ``HIGH_SORENESS``/5 or worse; one set more
    (up to ``MAX_SETS``) when for those weeks every set was done, soreness stayed at
    ``LOW_SORENESS`` or below and logged RPE ran ``EASY_RPE_MARGIN`` or more under target.
    ``weekly_rpe_gap`` is logged minus target RPE, averaged per week."""
    weeks = VOLUME_SIGNAL_WEEKS
    completion = _last(weekly_set_completion, weeks)
    soreness = _last(weekly_soreness, weeks)
    rpe_gap = _last(weekly_rpe_gap, weeks)
    name, sets = prescription.exercise_name, prescription.sets
    reasons = []
    if completion is not None and all(value < LOW_SET_COMPLETION for value in completion):
        shown = ", ".join(f"{value:.0%}" for value in completion)
        reasons.append(f"only {shown} of the prescribed sets were done in the last {weeks} weeks")
    if soreness is not None and all(value >= HIGH_SORENESS for value in soreness):
        shown = ", ".join(f"{value:g}" for value in soreness)
        reasons.append(f"soreness averaged {shown} out of 5")
    if reasons:
        if sets <= 1:
            return None
        return Proposal(
            VOLUME_CHANGE,
            _diff(prescription, "sets", sets, sets - 1),
            f"{name}: one set fewer because " + " and ".join(reasons) + ".",
            _confidence(0.55 + 0.15 * (len(reasons) - 1)),
        )
    easy = (
        completion is not None
        and all(value >= FULL_SET_COMPLETION for value in completion)
        and soreness is not None
        and all(value <= LOW_SORENESS for value in soreness)
        and rpe_gap is not None
        and all(value <= -EASY_RPE_MARGIN for value in rpe_gap)
    )
    if easy and rpe_gap is not None and sets < MAX_SETS:
        return Proposal(
            VOLUME_CHANGE,
            _diff(prescription, "sets", sets, sets + 1),
            f"{name}: one set more because for {weeks} weeks every set was done, soreness "
            f"stayed low and RPE ran {-statistics.fmean(rpe_gap):.1f} points under target.",
            _confidence(0.6),
        )
    return None


# --- Schedule -------------------------------------------------------------------------------
def propose_schedule_change(
    planned_per_week: int, completed_per_week_history: Sequence[int]
) -> Proposal | None:
    """When, over the last ``SCHEDULE_PATTERN_WEEKS`` weeks, the client steadily (weekly counts
    within ``SCHEDULE_MAX_SPREAD``) and reliably trained N sessions (N reached in at least
    ``SCHEDULE_RELIABLE_WEEKS`` of them) with 0 < N < planned, and fell short of the plan in at
    least ``SCHEDULE_SHORT_WEEKS`` of them, propose planning N sessions: "patterns, not
    perfection". History is oldest first."""
    recent = list(completed_per_week_history)[-SCHEDULE_PATTERN_WEEKS:]
    if len(recent) < SCHEDULE_PATTERN_WEEKS or planned_per_week <= 1:
        return None
    if max(recent) - min(recent) > SCHEDULE_MAX_SPREAD:
        return None
    if sum(c < planned_per_week for c in recent) < SCHEDULE_SHORT_WEEKS:
        return None
    reliable = max(
        (
            n
            for n in range(planned_per_week + 1)
            if sum(c >= n for c in recent) >= SCHEDULE_RELIABLE_WEEKS
        ),
        default=0,
    )
    if not 0 < reliable < planned_per_week:
        return None
    exact = all(c == reliable for c in recent)
    shown = ", ".join(str(c) for c in recent)
    return Proposal(
        SCHEDULE_CHANGE,
        {
            "exercise": None,
            "field": "sessions_per_week",
            "from": planned_per_week,
            "to": reliable,
            "completed": recent,
        },
        f"Over the last {SCHEDULE_PATTERN_WEEKS} weeks the client completed {shown} of "
        f"{planned_per_week} planned sessions: they reliably train {reliable} days a week. "
        f"{reliable} high-quality sessions may be more realistic than a plan that keeps failing; "
        "the coach decides whether the plan adapts or pushes for a behaviour change.",
        _confidence(0.7 if exact else 0.55),
    )


def _weekly_values(values: Sequence[float]) -> str:
    """Weekly averages as a coach reads them: "4.5" when every week had the same, else
    "4.2 then 4.8" (oldest first)."""
    if len(set(values)) == 1:
        return f"{values[0]:g}"
    return " then ".join(f"{value:g}" for value in values)


def _in_the_weeks(values: Sequence[float], weeks: int) -> str:
    return (
        f"in each of the last {weeks} weeks"
        if len(set(values)) == 1
        else f"over the last {weeks} weeks"
    )
