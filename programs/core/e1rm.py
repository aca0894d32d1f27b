"""Load arithmetic: estimated one-rep max, the load for a rep target, rounding to the plates,
and the size of a load step. Pure: no Django.

Epley's formula is the estimate: ``1RM = load × (1 + reps / 30)``. With an RPE, the reps the
lifter had left in reserve (``10 − RPE``) count as reps done, so a set of 5 at RPE 8 estimates
like a set of 7 to failure.
"""

from __future__ import annotations

import math

EPLEY_DIVISOR = 30.0
MAX_RPE = 10.0
MIN_RPE = 1.0
# Plates go up in 1.25 kg per side in most gyms: loads are prescribed in 2.5 kg steps.
LOAD_ROUNDING_KG = 2.5
# A load step: the smallest sensible jump for upper- and lower-body lifts ...
LOAD_INCREMENT_UPPER_KG = 2.5
LOAD_INCREMENT_LOWER_KG = 5.0
# ... or this fraction of the load, rounded to the plates, when that is bigger (heavy lifts).
LOAD_INCREMENT_FRACTION = 0.025
# A standard barbell: an unloaded barbell lift starts here, never from 0 kg.
EMPTY_BAR_KG = 20.0


def _reps_in_reserve(rpe: float | None) -> float:
    if rpe is None:
        return 0.0
    rpe = float(rpe)
    if not MIN_RPE <= rpe <= MAX_RPE:
        raise ValueError(f"RPE must be between {MIN_RPE:g} and {MAX_RPE:g}, not {rpe:g}")
    return MAX_RPE - rpe


def estimated_one_rep_max(load_kg: float, reps: int, rpe: float | None = None) -> float | None:
    """Epley's estimate ``load × (1 + (reps + (10 − RPE)) / 30)`` (no RPE, or one outside 1–10,
    counts reps alone); None when there is no load or no reps to estimate from."""
    if load_kg is None or reps is None:
        return None
    load_kg, reps = float(load_kg), int(reps)
    if load_kg <= 0 or reps <= 0:
        return None
    if rpe is not None and not MIN_RPE <= float(rpe) <= MAX_RPE:
        rpe = None  # an impossible RPE (a typo in an import) says nothing about reserve
    effective_reps = reps + _reps_in_reserve(rpe)
    return load_kg * (1 + effective_reps / EPLEY_DIVISOR)


def load_for_reps(one_rep_max_kg: float, reps: int, rpe: float | None = None) -> float:
    """Epley read backwards: the load that ``reps`` reps at ``rpe`` would take, given a 1RM."""
    effective_reps = int(reps) + _reps_in_reserve(rpe)
    return float(one_rep_max_kg) / (1 + effective_reps / EPLEY_DIVISOR)


def round_load(load_kg: float, step: float = LOAD_ROUNDING_KG) -> float:
    """The nearest multiple of ``step`` (halves round up), never below zero."""
    return max(0.0, math.floor(float(load_kg) / step + 0.5) * step)


def load_increment_kg(region: str, load_kg: float | None = None) -> float:
    """The load step: 2.5 kg for upper-body and 5 kg for lower-body lifts, or 2.5% of the load
    rounded to 2.5 kg when that is bigger."""
    fixed = LOAD_INCREMENT_LOWER_KG if region == "lower" else LOAD_INCREMENT_UPPER_KG
    if not load_kg:
        return fixed
    return max(fixed, round_load(float(load_kg) * LOAD_INCREMENT_FRACTION))
