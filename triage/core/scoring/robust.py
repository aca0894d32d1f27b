"""A client's usual on a noisy scale, robustly: a centre and a spread that one odd week cannot
move, the spread shrunk toward the population's while the client has few answers. Pure: no
Django, no pandas (``triage.core.scoring.features`` computes the same set-wise; the coach's charts
call this).

- centre: the interquartile mean of the baseline answers (the mean of the middle half: as robust
  to odd weeks as a median with a quarter of them, but it does not jump a whole point on a
  1-5 scale when a client's answers split between two values);
- spread: the larger of 1.4826 x MAD and 1.2533 x the mean absolute deviation, both around the
  centre (each estimates a standard deviation; the MAD alone is 0 on a whole-number scale
  whenever most answers are equal, which would make a one-point wobble look enormous);
- shrinkage: spread² = (n x spread² + PRIOR_WEIGHT x prior²) / (n + PRIOR_WEIGHT), so a client with
  four answers is judged mostly by how people in general vary and one with twelve mostly by
  themselves; never below ``MIN_SCALE``.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

MAD_TO_SD = 1.4826
MEAN_AD_TO_SD = 1.2533
# Pseudo-answers of the population prior added to the client's own.
PRIOR_WEIGHT = 4.0
# How much people's weekly answers on a 1-5 scale (or hours of sleep) usually move.
PRIOR_SCALE = 0.8
# No spread is taken as smaller than this (points on the 1-5 scale, or hours).
MIN_SCALE = 0.5
# The share of answers left out at each end for the centre (a quarter: the interquartile mean).
TRIM_SHARE = 0.25


@dataclass(frozen=True)
class Usual:
    centre: float
    spread: float
    answers: int


def shrunk_spread(raw_spread: float, answers: int, prior: float = PRIOR_SCALE) -> float:
    """The client's own spread shrunk toward the prior by how many answers it rests on."""
    combined = (answers * raw_spread**2 + PRIOR_WEIGHT * prior**2) / (answers + PRIOR_WEIGHT)
    return max(math.sqrt(combined), MIN_SCALE)


def robust_usual(values: Iterable[float], prior: float = PRIOR_SCALE) -> Usual | None:
    """The usual of the given answers (None when there are none)."""
    numbers = [float(v) for v in values if v is not None and not math.isnan(float(v))]
    if not numbers:
        return None
    numbers.sort()
    cut = math.floor(len(numbers) * TRIM_SHARE)
    centre = statistics.fmean(numbers[cut : len(numbers) - cut])
    deviations = [abs(v - centre) for v in numbers]
    raw = max(
        MAD_TO_SD * statistics.median(deviations), MEAN_AD_TO_SD * statistics.fmean(deviations)
    )
    return Usual(centre, shrunk_spread(raw, len(numbers), prior), len(numbers))
