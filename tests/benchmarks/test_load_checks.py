"""The load benchmark's verdicts (benchmarks/load.py), as pure functions; the load itself is not
run in CI."""

import importlib.util
import sys
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "benchmarks_load", Path(__file__).resolve().parents[2] / "benchmarks" / "load.py"
)
load = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = load  # dataclasses look their module up
_spec.loader.exec_module(load)

ORG, OTHER = 1, 2


@pytest.mark.parametrize(
    "values, q, expected",
    [
        ([], 95, 0.0),
        ([0.3], 50, 0.3),
        ([0.1, 0.2, 0.3, 0.4], 50, 0.2),
        (list(range(1, 101)), 95, 95),
        (list(range(1, 101)), 99, 99),
        ([5, 1, 3], 100, 5),
    ],
)
def test_percentile_is_the_nearest_rank(values, q, expected):
    assert load.percentile(values, q) == expected


def test_logs_acknowledged_once_with_their_sets_are_fine():
    assert load.log_problems({"a": 2, "b": 2}, set(), {"a": (1, 2), "b": (1, 2)}) == []


def test_an_acknowledged_log_that_is_missing_is_reported():
    assert load.log_problems({"a": 2}, set(), {}) == ["acknowledged log a stored 0 times"]


def test_an_acknowledged_log_stored_twice_is_reported():
    assert load.log_problems({"a": 2}, set(), {"a": (2, 4)}) == [
        "acknowledged log a stored 2 times"
    ]


def test_an_acknowledged_log_missing_a_set_is_reported():
    assert load.log_problems({"a": 2}, set(), {"a": (1, 1)}) == [
        "acknowledged log a has 1 of 2 sets"
    ]


def test_an_unacknowledged_log_may_be_stored_once_but_not_twice():
    assert load.log_problems({}, {"u", "v"}, {"u": (1, 2)}) == []
    assert load.log_problems({}, {"u"}, {"u": (2, 4)}) == ["unacknowledged log u stored 2 times"]


def _night(**changes):
    state = {
        "active_clients": {(ORG, 1), (ORG, 2)},
        "score_counts": {(ORG, 1): 1, (ORG, 2): 1},
        "flagged_clients": {(ORG, 2)},
        "open_item_counts": {(ORG, 2, "missed_sessions"): 1},
        "clients_with_open_items": {(ORG, 2)},
        "runs": {ORG: {"status": "done", "clients_scored": 2, "flags": {"green": 1, "yellow": 1}}},
    }
    state.update(changes)
    return load.NightState(**state)


def test_a_complete_night_has_no_problems():
    assert load.night_problems(_night()) == []


def test_a_client_without_a_score_is_reported():
    problems = load.night_problems(_night(score_counts={(ORG, 1): 1}))
    assert "1 active clients have no score" in problems


def test_a_client_scored_twice_is_reported():
    problems = load.night_problems(_night(score_counts={(ORG, 1): 1, (ORG, 2): 2}))
    assert problems == ["1 clients scored more than once"]


def test_duplicate_open_review_items_are_reported():
    problems = load.night_problems(_night(open_item_counts={(ORG, 2, "missed_sessions"): 2}))
    assert problems == ["1 duplicate open review items"]


def test_a_flagged_client_without_a_review_item_is_reported():
    problems = load.night_problems(_night(open_item_counts={}, clients_with_open_items=set()))
    assert problems == ["1 flagged clients without an open review item"]


def test_a_run_summary_that_counts_only_the_rerun_is_reported():
    runs = {ORG: {"status": "done", "clients_scored": 2, "flags": {"yellow": 1}}}
    assert load.night_problems(_night(runs=runs)) == [
        "organization 1: run's flags count 1 clients of 2 active"
    ]


def test_an_unfinished_or_missing_run_is_reported():
    runs = {ORG: {"status": "running", "clients_scored": 2, "flags": {"green": 1, "yellow": 1}}}
    assert load.night_problems(_night(runs=runs)) == ["organization 1: run running"]
    active = {(ORG, 1), (ORG, 2), (OTHER, 3)}
    scores = {(ORG, 1): 1, (ORG, 2): 1, (OTHER, 3): 1}
    assert "organization 2: no scoring run" in load.night_problems(
        _night(active_clients=active, score_counts=scores)
    )
