"""Sets, reps, effort and load: the rep scheme each goal calls for, how experience, risk, a sore
joint, age or a layoff and a short session temper it, how it progresses week over week, what a
deload week takes off, and a powerlifter's top sets, back-off sets, peak and taper.
Pure: no Django."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from programs.core.drafting.types import MINUTES, REPS, SECONDS
from programs.core.e1rm import load_for_reps, load_increment_kg, round_load

MAIN = "main"
SECONDARY = "secondary"
ACCESSORY = "accessory"
POWER = "power"
CONDITIONING = "conditioning"
RECOVERY = "recovery"
MOBILITY_ROLE = "mobility"

STRAIGHT = "straight"
TOP_BACKOFF = "top_backoff"


@dataclass(frozen=True)
class RepScheme:
    """A starting dose and the room it has to grow: sets up to ``max_sets``, RPE up to
    ``rpe_cap``, reps in steps of ``rep_step`` within ``reps_min``–``reps_max``. Timed work
    (seconds, minutes) moves its whole window up by ``rep_step`` until its top reaches
    ``ceiling``. ``sets_rise`` adds a set every loading week (hypertrophy volume);
    ``rpe_every`` raises RPE only every that many weeks (a gentle ramp)."""

    sets: int
    reps_min: int
    reps_max: int
    rpe_start: float
    rpe_cap: float
    rest_seconds: int
    max_sets: int
    unit: str = REPS
    rep_step: int = 1
    ceiling: int | None = None
    style: str = STRAIGHT
    sets_rise: bool = False
    rpe_every: int = 1


# Main lifts take the primary goal's scheme (strength 3–6 reps at RPE 7–8.5, muscle 6–10,
# endurance and fat loss 12–15 with short rests, rehab light and controlled).
MAIN_SCHEMES = {
    "strength": RepScheme(4, 3, 6, 7.0, 8.5, 180, 5),
    "sport_performance": RepScheme(4, 3, 6, 7.0, 8.5, 180, 5),
    "muscle": RepScheme(3, 6, 10, 7.0, 8.5, 120, 5),
    "general_fitness": RepScheme(3, 8, 12, 6.5, 8.0, 90, 4),
    "fat_loss": RepScheme(3, 12, 15, 6.5, 8.0, 60, 4),
    "endurance": RepScheme(3, 12, 15, 6.5, 8.0, 60, 4),
    "rehab_return": RepScheme(2, 10, 15, 5.5, 6.5, 90, 3),
}
# Accessories take the secondary goal's scheme (the primary's when there is only one goal).
ACCESSORY_SCHEMES = {
    "strength": RepScheme(3, 8, 12, 7.0, 8.5, 90, 4),
    "sport_performance": RepScheme(3, 8, 12, 7.0, 8.0, 90, 4),
    "muscle": RepScheme(3, 8, 12, 7.0, 8.5, 90, 4),
    "general_fitness": RepScheme(2, 10, 15, 6.5, 8.0, 60, 3),
    "fat_loss": RepScheme(2, 15, 20, 6.5, 8.0, 45, 3),
    "endurance": RepScheme(2, 15, 20, 6.5, 8.0, 45, 3),
    "rehab_return": RepScheme(2, 12, 15, 5.5, 6.5, 60, 3),
}
# Endurance athletes lift heavy and low-rep, never near failure: strength without the fatigue
# that would spoil their key sessions.
ENDURANCE_ATHLETE_MAIN = RepScheme(3, 5, 6, 7.0, 7.5, 150, 4)
ENDURANCE_ATHLETE_ACCESSORY = RepScheme(2, 8, 10, 6.5, 7.5, 75, 3)
# Jumps and throws: few, crisp reps with full rest, never near failure.
POWER_SCHEME = RepScheme(3, 3, 5, 6.5, 7.5, 120, 4)
# Holds (planks, static work) and carries: seconds; the window moves up 5 s a week to a ceiling,
# then a set is added.
HOLD_SCHEME = RepScheme(3, 20, 30, 6.0, 7.5, 60, 4, unit=SECONDS, rep_step=5, ceiling=60)
CARRY_SCHEME = RepScheme(3, 30, 40, 6.5, 8.0, 90, 4, unit=SECONDS, rep_step=5, ceiling=60)
MOBILITY_SCHEME = RepScheme(2, 20, 30, 3.0, 4.0, 15, 3, unit=SECONDS, rep_step=5, ceiling=45)
# Conditioning: minutes. Endurance gets a longer piece; fat loss a finisher; the recovery day
# an easy one.
CONDITIONING_SCHEMES = {
    "endurance": RepScheme(1, 20, 25, 6.0, 7.0, 0, 1, unit=MINUTES, rep_step=2, ceiling=40),
    "fat_loss": RepScheme(1, 10, 14, 6.5, 7.5, 0, 1, unit=MINUTES, rep_step=2, ceiling=20),
}
RECOVERY_CARDIO_SCHEME = RepScheme(1, 15, 20, 4.0, 5.0, 0, 1, unit=MINUTES, rep_step=2, ceiling=30)

RPE_STEP = 0.5
# Novices start half a point lower, never pass RPE 8, start with at most 3 sets of a lift and
# at least 4 reps: they are learning the movements.
NOVICE_RPE_OFFSET = 0.5
NOVICE_RPE_CAP = 8.0
NOVICE_MAX_START_SETS = 3
NOVICE_MIN_REPS = 4
# The hardest any set may be, by the client's risk level.
RISK_RPE_CAP = {"low": 10.0, "moderate": 8.0, "high": 7.0}
# Core work trains position and bracing, not grinding reps.
CORE_RPE_CAP = 7.5
# An exercise that loads a sore area (moderately: more is left out) starts a point lower and
# stays a point under its usual cap.
INJURED_AREA_RPE_DROP = 1.0
# Returning after a layoff, or 50 and over: start a point lower, rise every other week, cap 7.5.
GENTLE_RPE_DROP = 1.0
GENTLE_RPE_CAP = 7.5
GENTLE_RPE_EVERY = 2
# ... with no set under 6 reps, at most 3 sets to start and rests of two minutes at most.
GENTLE_MIN_REPS = 6
GENTLE_MAX_START_SETS = 3
GENTLE_MAX_REST_SECONDS = 120
MIN_START_RPE = 5.0
# Sessions this short or shorter: rests capped and at most 3 sets, so the work fits.
SHORT_SESSION_MINUTES = 30
SHORT_SESSION_MAX_REST_SECONDS = 90
SHORT_SESSION_MAX_SETS = 3
# Sessions of up to this many minutes cap rests at two minutes, so three lifts fit.
MEDIUM_SESSION_MINUTES = 45
MEDIUM_SESSION_MAX_REST_SECONDS = 120

# Time: a set takes this long to perform, and moving to the next exercise about a minute.
WORK_SECONDS_PER_SET = 45
TRANSITION_MINUTES = 1.0

# Deload: about 60% of the sets, RPE a point below the block's start, 90% of the load.
DELOAD_SET_FACTOR = 0.6
DELOAD_RPE_DROP = 1.0
DELOAD_LOAD_FACTOR = 0.9
MIN_TARGET_RPE = 1.0


def scheme_for(role: str, goal: str) -> RepScheme:
    """The base scheme for a slot's role: jumps, mobility, the recovery day's easy cardio and
    conditioning have their own; main lifts take the main goal's scheme and accessories the
    accessory goal's. (Holds and carries take ``HOLD_SCHEME`` / ``CARRY_SCHEME`` by exercise.)"""
    if role == POWER:
        return POWER_SCHEME
    if role == MOBILITY_ROLE:
        return MOBILITY_SCHEME
    if role == RECOVERY:
        return RECOVERY_CARDIO_SCHEME
    if role == CONDITIONING:
        return CONDITIONING_SCHEMES.get(goal, CONDITIONING_SCHEMES["fat_loss"])
    schemes = MAIN_SCHEMES if role == MAIN else ACCESSORY_SCHEMES
    return schemes[goal]


def temper(
    scheme: RepScheme,
    *,
    experience: str,
    risk: str,
    rehab: bool,
    short: bool,
    core: bool = False,
    injured: bool = False,
    gentle: bool = False,
    rpe_ceiling: float | None = None,
    max_rest_seconds: int | None = None,
) -> RepScheme:
    """Fit a scheme to the client: novices start lower and cap at RPE 8 with at most 3 sets and
    4+ reps; risk caps RPE (moderate 8, high 7); return-from-injury caps it at the rehab
    scheme's 6.5; core work caps at 7.5; an exercise loading a sore area starts and caps a point
    lower; a gentle ramp (layoff, age) starts a point lower, caps at 7.5, rises every other
    week, starts with at most 3 sets of 6 or more reps and rests two minutes at most; ``rpe_ceiling`` is any other cap (population, sport); short sessions cap rests at
    90 s and sets at 3, and ``max_rest_seconds`` caps rests (medium sessions). The start always
    leaves one RPE step of room under the cap."""
    sets, reps_min = scheme.sets, scheme.reps_min
    rpe_start, rpe_cap = scheme.rpe_start, scheme.rpe_cap
    rest, max_sets, rpe_every = scheme.rest_seconds, scheme.max_sets, scheme.rpe_every
    if experience == "novice":
        rpe_start -= NOVICE_RPE_OFFSET
        rpe_cap = min(rpe_cap, NOVICE_RPE_CAP)
        sets = min(sets, NOVICE_MAX_START_SETS)
        if scheme.unit == REPS and reps_min < NOVICE_MIN_REPS < scheme.reps_max:
            reps_min = NOVICE_MIN_REPS
    rpe_cap = min(rpe_cap, RISK_RPE_CAP[risk])
    if rehab:
        rpe_cap = min(rpe_cap, MAIN_SCHEMES["rehab_return"].rpe_cap)
    if core:
        rpe_cap = min(rpe_cap, CORE_RPE_CAP)
    reps_max = scheme.reps_max
    if gentle:
        rpe_start -= GENTLE_RPE_DROP
        rpe_cap = min(rpe_cap, GENTLE_RPE_CAP)
        rpe_every = GENTLE_RPE_EVERY
        sets = min(sets, GENTLE_MAX_START_SETS)
        rest = min(rest, GENTLE_MAX_REST_SECONDS)
        if scheme.unit == REPS and reps_min < GENTLE_MIN_REPS:
            reps_min = GENTLE_MIN_REPS
            reps_max = max(reps_max, GENTLE_MIN_REPS + 2)
    if rpe_ceiling is not None:
        rpe_cap = min(rpe_cap, rpe_ceiling)
    if injured:
        rpe_start -= INJURED_AREA_RPE_DROP
        rpe_cap -= INJURED_AREA_RPE_DROP
    if short:
        rest = min(rest, SHORT_SESSION_MAX_REST_SECONDS)
        sets = min(sets, SHORT_SESSION_MAX_SETS)
    if max_rest_seconds is not None:
        rest = min(rest, max_rest_seconds)
    floor = min(MIN_START_RPE, rpe_cap - RPE_STEP)
    rpe_start = max(MIN_TARGET_RPE, floor, min(rpe_start, rpe_cap - RPE_STEP))
    max_sets = max(max_sets, sets)
    return replace(
        scheme,
        sets=sets,
        reps_min=reps_min,
        reps_max=reps_max,
        rpe_start=rpe_start,
        rpe_cap=rpe_cap,
        rest_seconds=rest,
        max_sets=max_sets,
        rpe_every=rpe_every,
    )


@dataclass(frozen=True)
class Dose:
    """One week's numbers for one exercise. ``backoff_load_kg`` is the load of the back-off
    sets after a top set (the top set's own load is ``load_kg``)."""

    sets: int
    reps_min: int
    reps_max: int
    rpe: float
    load_kg: float | None
    backoff_load_kg: float | None = None


def first_dose(
    scheme: RepScheme, e1rm_kg: float | None, start_load_kg: float | None = None
) -> Dose:
    """Week one: the scheme's start; with a known e1RM, the load for the top of the rep range
    at the target RPE (Epley), rounded to 2.5 kg; without one, ``start_load_kg`` if given
    (the empty bar)."""
    load = _load_at(e1rm_kg, scheme.reps_max, scheme.rpe_start) if scheme.unit == REPS else None
    if load is None and scheme.unit == REPS:
        load = start_load_kg
    return Dose(scheme.sets, scheme.reps_min, scheme.reps_max, scheme.rpe_start, load)


def _load_at(e1rm_kg: float | None, reps: int, rpe: float) -> float | None:
    if not e1rm_kg:
        return None
    load = round_load(load_for_reps(e1rm_kg, reps, rpe))
    return load or None


def fits_sets(scheme: RepScheme, minutes: float) -> int:
    """How many sets of this scheme fit in ``minutes`` (at least one)."""
    per_set = _minutes_per_set(scheme.unit, scheme.reps_min, scheme.reps_max, scheme.rest_seconds)
    return max(1, math.floor((minutes - TRANSITION_MINUTES) / per_set))


def _minutes_per_set(unit: str, reps_min: int, reps_max: int, rest_seconds: int) -> float:
    if unit == MINUTES:
        return float(reps_min)
    work = reps_max if unit == SECONDS else WORK_SECONDS_PER_SET
    return (work + rest_seconds) / 60


def minutes_for(scheme: RepScheme, sets: int | None = None) -> float:
    """Estimated minutes for an exercise: sets × (work + rest) plus the change-over."""
    per_set = _minutes_per_set(scheme.unit, scheme.reps_min, scheme.reps_max, scheme.rest_seconds)
    return (sets or scheme.sets) * per_set + TRANSITION_MINUTES


def next_dose(
    dose: Dose,
    scheme: RepScheme,
    *,
    double_progression: bool,
    e1rm_kg: float | None,
    region: str,
    week: int = 2,
) -> Dose:
    """One loading week on (``week`` is the new week's number). Timed work moves its window up
    a step to its ceiling, then adds a set, then effort. Double progression (novices): add reps
    up to the top of the range, then add load and go back to the bottom; without a load, add
    RPE, then a set. RPE/load progression (everyone else): add half an RPE point up to the cap
    (the load follows the e1RM at the new RPE), then add load; without a load, add reps, then a
    set. A gentle ramp raises RPE only every ``rpe_every`` weeks (reps or sets rise between);
    ``sets_rise`` adds a set every week on top (hypertrophy volume)."""
    step = scheme.rep_step
    rpe_week = (week - 1) % scheme.rpe_every == 0
    can_add_rpe = dose.rpe + RPE_STEP <= scheme.rpe_cap and rpe_week
    can_add_set = dose.sets < scheme.max_sets
    if scheme.unit != REPS:
        ceiling = scheme.ceiling or scheme.reps_max
        if dose.reps_max + step <= ceiling:
            return replace(dose, reps_min=dose.reps_min + step, reps_max=dose.reps_max + step)
        if can_add_set:
            return replace(dose, sets=dose.sets + 1)
        if can_add_rpe:
            return replace(dose, rpe=dose.rpe + RPE_STEP)
        return dose
    progressed = _next_reps_dose(
        dose, scheme, step, can_add_rpe, can_add_set, double_progression, e1rm_kg, region
    )
    if scheme.sets_rise and progressed.sets == dose.sets and progressed.sets < scheme.max_sets:
        progressed = replace(progressed, sets=progressed.sets + 1)
    return progressed


def _next_reps_dose(
    dose: Dose,
    scheme: RepScheme,
    step: int,
    can_add_rpe: bool,
    can_add_set: bool,
    double_progression: bool,
    e1rm_kg: float | None,
    region: str,
) -> Dose:
    can_add_reps = dose.reps_min + step <= dose.reps_max
    load_kg = dose.load_kg  # None: a bodyweight or timed exercise, no load to add

    def add_load(load: float) -> Dose:
        increment = load_increment_kg(region, load)
        return replace(dose, load_kg=load + increment)

    if double_progression:
        if can_add_reps:
            return replace(dose, reps_min=dose.reps_min + step)
        if load_kg is not None:
            return replace(add_load(load_kg), reps_min=scheme.reps_min)
        if can_add_rpe:
            return replace(dose, rpe=dose.rpe + RPE_STEP)
        if can_add_set:
            return replace(dose, sets=dose.sets + 1)
        return dose
    if can_add_rpe:
        rpe = dose.rpe + RPE_STEP
        load = load_kg
        if load_kg is not None:
            load = max(load_kg, _load_at(e1rm_kg, dose.reps_max, rpe) or 0.0)
        return replace(dose, rpe=rpe, load_kg=load)
    at_cap = dose.rpe + RPE_STEP > scheme.rpe_cap
    if load_kg is not None and at_cap:
        return add_load(load_kg)
    if can_add_reps:
        return replace(dose, reps_min=dose.reps_min + step)
    if can_add_set:
        return replace(dose, sets=dose.sets + 1)
    if load_kg is not None:
        return add_load(load_kg)
    return dose


def deload_dose(last: Dose, first: Dose) -> Dose:
    """A deload week: 60% of the last week's sets (at least one), the first week's rep range,
    RPE a point under the first week's, 90% of the last week's load rounded to 2.5 kg."""
    sets = max(1, math.floor(last.sets * DELOAD_SET_FACTOR + 0.5))
    if sets >= last.sets and last.sets > 1:
        sets = last.sets - 1
    load = None
    if last.load_kg is not None:
        load = round_load(last.load_kg * DELOAD_LOAD_FACTOR) or None
    return Dose(
        sets,
        first.reps_min,
        first.reps_max,
        max(MIN_TARGET_RPE, min(first.rpe, last.rpe) - DELOAD_RPE_DROP),
        load,
    )


# --- Powerlifting: competition lifts, top sets, back-offs, peak and taper ----------------------
BUILD = "build"
PEAK = "peak"
TAPER = "taper"
DELOAD = "deload"
# Back-off sets are this much lighter than the day's top set.
BACKOFF_DROP = 0.10
PEAK_BACKOFF_DROP = 0.08


@dataclass(frozen=True)
class LiftWeek:
    """One week of a competition lift: sets (a top set plus back-offs for heavy days), reps
    and the target RPE of the top (or every) set."""

    sets: int
    reps: int
    rpe: float


# Per kind of competition-lift day, what each phase asks for, week by week (the last value
# repeats when a phase runs longer). Heavy days build a top set of 3 from RPE 7.5 to 8.5 with
# three back-offs, peak at 2 then 1 rep at RPE 9 with two back-offs, and taper to an opener
# single at RPE 7.5 with one back-off. Volume days and variations carry the week's work.
LIFT_PLAN: dict[str, dict[str, tuple[LiftWeek, ...]]] = {
    "heavy": {
        BUILD: (LiftWeek(4, 3, 7.5), LiftWeek(4, 3, 8.0), LiftWeek(4, 3, 8.5)),
        PEAK: (LiftWeek(3, 2, 9.0), LiftWeek(3, 1, 9.0)),
        TAPER: (LiftWeek(2, 1, 7.5),),
    },
    "volume": {
        BUILD: (LiftWeek(4, 5, 7.0), LiftWeek(4, 5, 7.5), LiftWeek(5, 5, 7.5), LiftWeek(5, 5, 8.0)),
        PEAK: (LiftWeek(3, 3, 7.5), LiftWeek(3, 2, 8.0)),
        TAPER: (LiftWeek(2, 2, 7.0),),
    },
    "variation": {
        BUILD: (LiftWeek(3, 5, 7.0), LiftWeek(3, 5, 7.5), LiftWeek(4, 5, 7.5), LiftWeek(4, 5, 8.0)),
        PEAK: (LiftWeek(2, 4, 7.0), LiftWeek(2, 3, 7.5)),
        TAPER: (LiftWeek(2, 3, 6.0),),
    },
}
LIFT_REST_SECONDS = {"heavy": 240, "volume": 180, "variation": 150}


def lift_scheme(kind: str) -> RepScheme:
    """The first build week of a competition-lift day as a scheme (for timing and rationale)."""
    week = LIFT_PLAN[kind][BUILD][0]
    return RepScheme(
        week.sets,
        week.reps,
        week.reps,
        week.rpe,
        max(w.rpe for w in LIFT_PLAN[kind][BUILD]),
        LIFT_REST_SECONDS[kind],
        max(w.sets for w in LIFT_PLAN[kind][BUILD]),
        style=TOP_BACKOFF if kind == "heavy" else STRAIGHT,
    )


def lift_series(kind: str, phases: list[str], e1rm_kg: float | None) -> list[Dose]:
    """A competition lift's doses for each week's phase: the plan's week for that phase (its
    last once the phase runs longer), the top set's load from the e1RM at its reps and RPE,
    back-offs 10% lighter (8% when peaking); a deload week is the deload of the last build."""
    doses: list[Dose] = []
    seen: dict[str, int] = {}
    for phase in phases:
        if phase == DELOAD:
            doses.append(deload_dose(doses[-1], doses[0]))
            continue
        plan = LIFT_PLAN[kind][phase]
        week = plan[min(seen.get(phase, 0), len(plan) - 1)]
        seen[phase] = seen.get(phase, 0) + 1
        load = _load_at(e1rm_kg, week.reps, week.rpe)
        backoff = None
        if kind == "heavy" and load is not None:
            drop = PEAK_BACKOFF_DROP if phase == PEAK else BACKOFF_DROP
            backoff = round_load(load * (1 - drop)) or None
        doses.append(Dose(week.sets, week.reps, week.reps, week.rpe, load, backoff))
    return doses


def trimmed(dose: Dose, phase: str) -> Dose:
    """An accessory's dose in a peak week (a set fewer) or the taper (half the sets, a point
    easier): the competition lifts get the recovery."""
    if phase == PEAK:
        return replace(dose, sets=max(1, dose.sets - 1))
    if phase == TAPER:
        return replace(
            dose,
            sets=max(1, dose.sets // 2),
            rpe=max(MIN_TARGET_RPE, dose.rpe - DELOAD_RPE_DROP),
        )
    return dose


def session_rest_cap(session_minutes: int) -> int | None:
    """The longest rest a session's length allows: 90 s up to ``SHORT_SESSION_MINUTES``, two
    minutes up to ``MEDIUM_SESSION_MINUTES``, otherwise the scheme's own."""
    if session_minutes <= SHORT_SESSION_MINUTES:
        return SHORT_SESSION_MAX_REST_SECONDS
    if session_minutes <= MEDIUM_SESSION_MINUTES:
        return MEDIUM_SESSION_MAX_REST_SECONDS
    return None
