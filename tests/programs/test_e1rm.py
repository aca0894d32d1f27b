"""Estimated one-rep max (Epley, RPE-adjusted) and the load arithmetic around it."""

from decimal import Decimal

import pytest

from programs.core.e1rm import (
    estimated_one_rep_max,
    load_for_reps,
    load_increment_kg,
    round_load,
)


@pytest.mark.parametrize(
    ("load", "reps", "rpe", "expected"),
    [
        (100, 5, None, 116.667),  # 100 × (1 + 5/30)
        (100, 10, None, 133.333),
        (100, 1, None, 103.333),
        (100, 5, 8, 123.333),  # two reps in reserve count as reps: 100 × (1 + 7/30)
        (100, 5, 10, 116.667),  # RPE 10: nothing in reserve
        (100, 5, 7.5, 125.0),
        (60, 12, 9, 86.0),
        (Decimal("82.5"), 3, Decimal("8.5"), 94.875),  # 82.5 × (1 + 4.5/30)
    ],
)
def test_it_estimates_with_epley_and_counts_reps_in_reserve(load, reps, rpe, expected):
    assert estimated_one_rep_max(load, reps, rpe) == pytest.approx(expected, abs=0.001)


@pytest.mark.parametrize(
    ("load", "reps"),
    [(0, 5), (100, 0), (-20, 5), (100, -1), (None, 5), (100, None)],
)
def test_it_has_no_estimate_without_load_or_reps(load, reps):
    assert estimated_one_rep_max(load, reps) is None
    assert estimated_one_rep_max(load, reps, 8) is None


@pytest.mark.parametrize("rpe", [0, 11, -3])
def test_an_impossible_rpe_is_ignored_rather_than_trusted(rpe):
    assert estimated_one_rep_max(100, 5, rpe) == estimated_one_rep_max(100, 5)


def test_more_reps_or_more_reserve_estimate_higher():
    assert estimated_one_rep_max(100, 6) > estimated_one_rep_max(100, 5)
    assert estimated_one_rep_max(100, 5, 7) > estimated_one_rep_max(100, 5, 9)


def test_load_for_reps_reads_epley_backwards():
    e1rm = estimated_one_rep_max(80, 5, 8)
    assert load_for_reps(e1rm, 5, 8) == pytest.approx(80)
    assert load_for_reps(120, 6, 7) == pytest.approx(120 / 1.3)
    with pytest.raises(ValueError, match="RPE"):
        load_for_reps(100, 5, 12)


@pytest.mark.parametrize(
    ("load", "rounded"),
    [(81.2, 80.0), (81.25, 82.5), (83.7, 82.5), (0.5, 0.0), (-3, 0.0), (100, 100.0)],
)
def test_loads_round_to_the_nearest_plate_step(load, rounded):
    assert round_load(load) == rounded


@pytest.mark.parametrize(
    ("region", "load", "step"),
    [
        ("upper", None, 2.5),
        ("lower", None, 5.0),
        ("upper", 60, 2.5),
        ("lower", 100, 5.0),
        ("upper", 200, 5.0),  # 2.5% of 200 is 5
        ("lower", 300, 7.5),
    ],
)
def test_the_load_step_is_fixed_by_region_or_a_share_of_heavy_loads(region, load, step):
    assert load_increment_kg(region, load) == step
