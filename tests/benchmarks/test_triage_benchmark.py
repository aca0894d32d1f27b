"""The triage benchmark (benchmarks/triage.py), small: a labelled population of every archetype
through the real check-in path and the real nightly job, judged by the queue open at the end
against the issue's targets."""

import importlib.util
import sys
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "benchmarks_triage", Path(__file__).resolve().parents[2] / "benchmarks" / "triage.py"
)
bench = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = bench  # dataclasses look their module up
_spec.loader.exec_module(bench)

SEED = 7
CLIENTS = 48


@pytest.fixture
def results(db):
    population = bench.build_population(CLIENTS, SEED)
    organization, records, _ = bench.drive(
        population, bench.end_date(SEED), nights="final-week", slug="triage-bench-test"
    )
    return bench.outcomes(organization, population, records)


def test_the_small_benchmark_meets_every_target(results):
    outcomes, intakes = results
    summary = bench.summarize(outcomes, intakes)

    assert bench.meets_targets(summary) == [], (
        bench.table(outcomes, intakes) + "\n" + "\n".join(bench.misses(outcomes))
    )
    assert {o.archetype for o in outcomes} == set(bench.ARCHETYPES)


def test_the_population_has_every_archetype_in_its_share_and_is_the_same_for_a_seed():
    first = bench.build_population(300, 1)
    again = bench.build_population(300, 1)

    counts = {name: sum(s.archetype == name for s in first) for name in bench.ARCHETYPES}
    assert sum(counts.values()) == 300
    assert counts["steady"] == 60 and counts["chest"] == 15
    assert [(s.archetype, len(s.sessions), len(s.check_ins)) for s in first] == [
        (s.archetype, len(s.sessions), len(s.check_ins)) for s in again
    ]


def test_clients_of_one_archetype_differ():
    steady = [s for s in bench.build_population(120, 2) if s.archetype == "steady"]

    assert len({s.weekdays for s in steady}) > 1
    assert len({tuple(s.lifts) for s in steady}) > 1
    assert len({tuple(c.answers["readiness"] for c in s.check_ins) for s in steady}) > 1


def test_the_judge_counts_minutes_per_item_and_false_alarms_among_the_healthy():
    outcomes = [
        bench.Outcome(1, "steady", "green", 0, (), False),
        bench.Outcome(2, "steady", "yellow", 5, ("unusual_fatigue",), True),
        bench.Outcome(3, "chest", "red", 15, ("chest_pain",), False),
        bench.Outcome(4, "fading", "yellow", 10, ("adherence_drop", "human_requested"), True),
    ]

    summary = bench.summarize(outcomes, intakes=1)

    assert summary["false_alarms"] == 0.5
    assert summary["red_recall"] == 1.0
    assert summary["at_risk_recall"] == 1.0
    assert summary["minutes"] == 5 + 15 + 10 + 10
    assert summary["minutes_per_100_healthy"] == 250
    assert bench.item_minutes("red", "chest_pain", "checkin") == 15
    assert bench.item_minutes("yellow", "human_requested", "client_request") == 5
