"""Sets, reps, effort and load: the rep scheme each goal calls for, how experience, risk and a
short session temper it, how it progresses week over week, and what a deload week takes off.
Pure: no Django."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from programs.drafting.types import MINUTES, REPS, SECONDS
from programs.e1rm import load_for_reps, load_increment_kg, round_load

MAIN = "main"
ACCESSORY = "accessory"
POWER = "power"
CONDITIONING = "conditioning"
RECOVERY = "recovery"
MOBILITY_ROLE = "mobility"


@dataclass(frozen=True)
class RepScheme:
    """A starting dose and the room it has to grow: sets up to ``max_sets``, RPE up to
    ``rpe_cap``, reps in steps of ``rep_step`` within ``reps_min``–``reps_max``."""

    sets: int
    reps_min: int
    reps_max: int
    rpe_start: float
    rpe_cap: float
    rest_seconds: int
    max_sets: int
    unit: str = REPS
    rep_step: int = 1


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
# Jumps and throws: few, crisp reps with full rest, never near failure.
POWER_SCHEME = RepScheme(3, 3, 5, 6.5, 7.5, 120, 4)
# Holds (planks, static work) and carries: seconds.
HOLD_SCHEME = RepScheme(3, 20, 40, 6.0, 7.5, 60, 4, unit=SECONDS, rep_step=5)
CARRY_SCHEME = RepScheme(3, 30, 45, 6.5, 8.0, 90, 4, unit=SECONDS, rep_step=5)
MOBILITY_SCHEME = RepScheme(2, 20, 40, 3.0, 4.0, 15, 3, unit=SECONDS, rep_step=5)
# Conditioning: minutes. Endurance gets a longer piece; fat loss a finisher; the recovery day
# an easy one.
CONDITIONING_SCHEMES = {
    "endurance": RepScheme(1, 20, 30, 6.0, 7.0, 0, 1, unit=MINUTES, rep_step=2),
    "fat_loss": RepScheme(1, 10, 16, 6.5, 7.5, 0, 1, unit=MINUTES, rep_step=2),
}
RECOVERY_CARDIO_SCHEME = RepScheme(1, 15, 25, 4.0, 5.0, 0, 1, unit=MINUTES, rep_step=2)

RPE_STEP = 0.5
# Novices start half a point lower, never pass RPE 8, start with at most 3 sets of a lift and
# at least 4 reps: they are learning the movements.
NOVICE_RPE_OFFSET = 0.5
NOVICE_RPE_CAP = 8.0
NOVICE_MAX_START_SETS = 3
NOVICE_MIN_REPS = 4
# The hardest any set may be, by the client's risk level.
RISK_RPE_CAP = {"low": 10.0, "moderate": 8.0, "high": 7.0}
# Sessions this short or shorter: rests capped and at most 3 sets, so the work fits.
SHORT_SESSION_MINUTES = 30
SHORT_SESSION_MAX_REST_SECONDS = 90
SHORT_SESSION_MAX_SETS = 3

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


def temper(scheme: RepScheme, *, experience: str, risk: str, rehab: bool, short: bool) -> RepScheme:
    """Fit a scheme to the client: novices start lower and cap at RPE 8 with at most 3 sets and
    4+ reps; risk caps RPE (moderate 8, high 7); return-from-injury caps it at the rehab
    scheme's 6.5; short sessions cap rests at 90 s and sets at 3. The start always leaves one
    RPE step of room under the cap."""
    sets, reps_min = scheme.sets, scheme.reps_min
    rpe_start, rpe_cap = scheme.rpe_start, scheme.rpe_cap
    rest, max_sets = scheme.rest_seconds, scheme.max_sets
    if experience == "novice":
        rpe_start -= NOVICE_RPE_OFFSET
        rpe_cap = min(rpe_cap, NOVICE_RPE_CAP)
        sets = min(sets, NOVICE_MAX_START_SETS)
        if scheme.unit == REPS and reps_min < NOVICE_MIN_REPS < scheme.reps_max:
            reps_min = NOVICE_MIN_REPS
    rpe_cap = min(rpe_cap, RISK_RPE_CAP[risk])
    if rehab:
        rpe_cap = min(rpe_cap, MAIN_SCHEMES["rehab_return"].rpe_cap)
    if short:
        rest = min(rest, SHORT_SESSION_MAX_REST_SECONDS)
        sets = min(sets, SHORT_SESSION_MAX_SETS)
    rpe_start = max(MIN_TARGET_RPE, min(rpe_start, rpe_cap - RPE_STEP))
    max_sets = max(max_sets, sets)
    return replace(
        scheme,
        sets=sets,
        reps_min=reps_min,
        rpe_start=rpe_start,
        rpe_cap=rpe_cap,
        rest_seconds=rest,
        max_sets=max_sets,
    )


@dataclass(frozen=True)
class Dose:
    """One week's numbers for one exercise."""

    sets: int
    reps_min: int
    reps_max: int
    rpe: float
    load_kg: float | None


def first_dose(scheme: RepScheme, e1rm_kg: float | None) -> Dose:
    """Week one: the scheme's start; with a known e1RM, the load for the top of the rep range
    at the target RPE (Epley), rounded to 2.5 kg."""
    return Dose(
        scheme.sets,
        scheme.reps_min,
        scheme.reps_max,
        scheme.rpe_start,
        _load_at(e1rm_kg, scheme.reps_max, scheme.rpe_start) if scheme.unit == REPS else None,
    )


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
) -> Dose:
    """One loading week on. Double progression (novices, and anything timed): add reps up to the
    top of the range, then add load and go back to the bottom; without a load, add RPE, then a
    set. RPE/load progression (everyone else): add half an RPE point up to the cap (the load
    follows the e1RM at the new RPE), then add load; without a load, add reps, then a set."""
    timed = scheme.unit != REPS
    step = scheme.rep_step
    can_add_reps = dose.reps_min + step <= dose.reps_max
    can_add_rpe = dose.rpe + RPE_STEP <= scheme.rpe_cap
    can_add_set = dose.sets < scheme.max_sets
    has_load = dose.load_kg is not None and not timed

    def add_load() -> Dose:
        increment = load_increment_kg(region, dose.load_kg)
        return replace(dose, load_kg=dose.load_kg + increment)

    if double_progression or timed:
        if can_add_reps:
            return replace(dose, reps_min=dose.reps_min + step)
        if has_load:
            return replace(add_load(), reps_min=scheme.reps_min)
        if can_add_rpe:
            return replace(dose, rpe=dose.rpe + RPE_STEP)
        if can_add_set:
            return replace(dose, sets=dose.sets + 1)
        return dose
    if can_add_rpe:
        rpe = dose.rpe + RPE_STEP
        load = dose.load_kg
        if has_load:
            load = max(dose.load_kg, _load_at(e1rm_kg, dose.reps_max, rpe) or 0.0)
        return replace(dose, rpe=rpe, load_kg=load)
    if has_load:
        return add_load()
    if can_add_reps:
        return replace(dose, reps_min=dose.reps_min + step)
    if can_add_set:
        return replace(dose, sets=dose.sets + 1)
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
