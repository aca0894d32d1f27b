"""The owner's figures as pure functions: table cases, no database."""

from datetime import date

import pytest

from reporting.core import rules
from reporting.core.rules import CoachOpen, CoachResolved


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [(0, 0, None), (0, 4, 0.0), (1, 3, 0.3333), (2, 2, 1.0), (5, 0, None)],
)
def test_rate_is_a_share_or_unknown(numerator, denominator, expected):
    assert rules.rate(numerator, denominator) == expected


@pytest.mark.parametrize(
    ("ai_resolved", "false_alarms", "ai_raised", "coach_raised", "accuracy", "missed"),
    [
        (0, 0, 0, 0, None, None),  # nothing happened: unknown, not perfect
        (10, 0, 10, 0, 1.0, 0.0),
        (10, 3, 10, 0, 0.7, 0.0),
        (4, 4, 4, 0, 0.0, 0.0),  # every AI item a false alarm
        (0, 0, 0, 3, None, 1.0),  # only coaches raised anything
        (8, 2, 9, 1, 0.75, 0.1),
    ],
)
def test_escalation_accuracy(ai_resolved, false_alarms, ai_raised, coach_raised, accuracy, missed):
    result = rules.escalation_accuracy(ai_resolved, false_alarms, ai_raised, coach_raised)

    assert result["rate"] == accuracy
    assert result["missed_share"] == missed
    assert result["coach_raised"] == coach_raised
    assert result["false_alarms"] == false_alarms


@pytest.mark.parametrize(
    ("counts", "expected_rate", "decided"),
    [
        ({}, None, 0),
        ({"auto_applied": 12}, None, 0),  # nothing put to a coach: no rate
        ({"approved": 3}, 0.0, 3),
        ({"approved": 2, "modified": 1, "rejected": 1}, 0.5, 4),
        ({"rejected": 2}, 1.0, 2),
        ({"approved": 1, "pending_review": 5, "on_hold": 2}, 0.0, 1),  # undecided not counted
    ],
)
def test_override_rate_counts_rejected_and_modified_of_decided(counts, expected_rate, decided):
    result = rules.override_rate(counts)

    assert result["rate"] == expected_rate
    assert result["decided"] == decided


def test_override_rate_reports_automatic_changes_apart():
    assert rules.override_rate({"auto_applied": 7, "approved": 1})["automatic"] == 7


@pytest.mark.parametrize(
    ("counts", "mean", "responses"),
    [
        ({}, None, 0),
        ({5: 1}, 5.0, 1),
        ({1: 1, 5: 1}, 3.0, 2),
        ({4: 3, 5: 1}, 4.25, 4),
        ({3: 2, 0: 4, 9: 1}, 3.0, 2),  # out-of-scale answers ignored
    ],
)
def test_satisfaction_is_the_mean_answer_with_its_count(counts, mean, responses):
    result = rules.satisfaction(counts)

    assert result["mean"] == mean
    assert result["responses"] == responses


def test_satisfaction_lists_every_answer_of_the_scale():
    assert rules.satisfaction({2: 1})["distribution"] == {"1": 0, "2": 1, "3": 0, "4": 0, "5": 0}


@pytest.mark.parametrize(
    ("rows", "red_rate", "yellow_rate"),
    [
        ([], None, None),
        ([("red", 2, 2)], 1.0, None),
        ([("red", 4, 3), ("yellow", 10, 5)], 0.75, 0.5),
        ([("yellow", 3, 0)], None, 0.0),
    ],
)
def test_sla_by_level(rows, red_rate, yellow_rate):
    result = rules.sla_by_level(rows)

    assert result["red"]["rate"] == red_rate
    assert result["yellow"]["rate"] == yellow_rate
    assert "green" not in result


def test_sla_by_level_shows_green_only_when_there_were_green_items():
    assert rules.sla_by_level([("green", 1, 1)])["green"]["rate"] == 1.0


def _resolved(coach, resolved=0, on_time=0, minutes=0, with_minutes=0, response=None, promise=None):
    return CoachResolved(coach, resolved, on_time, minutes, with_minutes, response, promise)


def test_coach_load_puts_open_and_resolved_work_beside_each_coach():
    load = rules.coach_load(
        names={1: "Ana", 2: "Ben"},
        clients={1: 12, 2: 3},
        open_rows=[CoachOpen(1, 4, 1)],
        resolved_rows=[_resolved(1, 10, 9, 60, 6, 5.0, 24.0), _resolved(2, 2, 1, 0, 0, 30.0, 24.0)],
    )

    ana, ben = load
    assert (ana["name"], ana["open_items"], ana["overdue"], ana["resolved"]) == ("Ana", 4, 1, 10)
    assert ana["on_time_rate"] == 0.9
    assert ana["review_minutes"] == 60
    assert ana["minutes_per_review"] == 10.0
    assert ana["within_promise"] is True
    assert ben["within_promise"] is False
    assert ben["minutes_per_review"] is None


def test_coach_load_lists_a_coach_with_clients_and_no_items_yet():
    (row,) = rules.coach_load({1: "Ana"}, {1: 5}, [], [])

    assert row["active_clients"] == 5
    assert row["open_items"] == 0
    assert row["on_time_rate"] is None
    assert row["within_promise"] is None


def test_coach_load_leaves_out_members_with_neither_clients_nor_items():
    assert rules.coach_load({1: "Owner"}, {}, [], []) == []


def test_coach_load_keeps_items_of_someone_no_longer_on_the_team():
    (row,) = rules.coach_load({}, {}, [CoachOpen(9, 2, 0)], [])

    assert row["name"] == "former member #9"
    assert row["open_items"] == 2


def test_coach_load_is_sorted_by_name():
    load = rules.coach_load({1: "zoe", 2: "Adam"}, {1: 1, 2: 1}, [], [])

    assert [row["name"] for row in load] == ["Adam", "zoe"]


@pytest.mark.parametrize(
    ("today", "weeks", "first", "last"),
    [
        (date(2026, 11, 26), 1, date(2026, 11, 23), date(2026, 11, 23)),  # a Thursday
        (date(2026, 11, 23), 12, date(2026, 9, 7), date(2026, 11, 23)),  # a Monday
        (date(2026, 11, 29), 2, date(2026, 11, 16), date(2026, 11, 23)),  # a Sunday
    ],
)
def test_week_starts_are_mondays_ending_with_this_week(today, weeks, first, last):
    starts = rules.week_starts(today, weeks)

    assert len(starts) == weeks
    assert (starts[0], starts[-1]) == (first, last)
    assert all(start.weekday() == 0 for start in starts)


def test_weekly_series_has_a_gap_not_a_zero_for_a_week_without_data():
    starts = rules.week_starts(date(2026, 11, 26), 3)

    series = rules.weekly_series(starts, {starts[0]: (3, 4), starts[2]: (0, 2)})

    assert [p["value"] for p in series] == [0.75, None, 0.0]
    assert [p["n"] for p in series] == [4, 0, 2]


def test_weekly_series_of_means_divides_the_sum_by_the_count():
    starts = rules.week_starts(date(2026, 11, 26), 1)

    assert rules.weekly_series(starts, {starts[0]: (13, 3)}, kind="mean")[0]["value"] == 4.33


def test_last_in_week_takes_the_latest_snapshot_of_each_week():
    starts = rules.week_starts(date(2026, 11, 26), 2)

    series = rules.last_in_week(
        starts, [(date(2026, 11, 24), 100.0), (date(2026, 11, 26), 120.0), (date(2026, 11, 25), 90)]
    )

    assert series == [
        {"week": "2026-11-16", "value": None},
        {"week": "2026-11-23", "value": 120.0},
    ]


@pytest.mark.parametrize(
    ("values", "top", "expected"),
    [
        ([], 1.0, ""),
        ([0.5], 1.0, ""),
        ([None, 0.5, None], 1.0, ""),
        ([0.0, 1.0], 1.0, "0.0,40.0 240.0,0.0"),
        ([0.5, None, 1.0], 1.0, "0.0,20.0 240.0,0.0"),  # the gap keeps its place on the x axis
        ([50.0, 100.0], None, "0.0,20.0 240.0,0.0"),  # own maximum at the top
        ([0.0, 0.0], None, "0.0,40.0 240.0,40.0"),  # all zero: a flat line at the bottom
    ],
)
def test_sparkline_points(values, top, expected):
    assert rules.sparkline(values, top=top) == expected


def _series(weeks, *, resolved=0, decided=0, automatic=0, adherence=None, satisfaction=None):
    """Series shaped like the API's, each figure given per week as a list or one constant."""

    def per_week(value):
        return value if isinstance(value, list) else [value] * weeks

    def points(values, with_n=None):
        return [
            {"week": f"w{i}", "value": v, **({"n": with_n[i]} if with_n else {})}
            for i, v in enumerate(values)
        ]

    return {
        "sla_met_rate": points([None] * weeks, per_week(resolved)),
        "override_rate": points([None] * weeks, per_week(decided)),
        "automatic_changes": points(per_week(automatic)),
        "adherence_28d": points(per_week(adherence)),
        "satisfaction": points(per_week(satisfaction)),
    }


def _halves(before, recent, current=None):
    """8 complete weeks (4 before, 4 recent) and this week's partial one."""
    return [before] * 4 + [recent] * 4 + [current if current is not None else recent]


@pytest.mark.parametrize(
    ("resolved", "adherence", "satisfaction", "verdict"),
    [
        (
            _halves(10, 6),
            _halves(0.8, 0.8),
            _halves(4.0, 4.1),
            "Coaches reviewed less and outcomes held.",
        ),
        (
            _halves(10, 6),
            _halves(0.8, 0.7),
            _halves(4.0, 4.0),
            "Coaches reviewed less, but completion fell: look closer.",
        ),
        (
            _halves(10, 6),
            _halves(0.8, 0.7),
            _halves(4.0, 3.5),
            "Coaches reviewed less, but completion and satisfaction fell: look closer.",
        ),
        (
            _halves(10, 10),
            _halves(0.8, 0.81),
            _halves(4.0, 4.0),
            "Coaches reviewed as much or more; outcomes held.",
        ),
        (
            _halves(5, 9),
            _halves(0.8, 0.8),
            _halves(4.5, 4.0),
            "Coaches reviewed as much or more, and satisfaction fell.",
        ),
        (
            _halves(10, 6),
            _halves(0.80, 0.79),
            _halves(None, None),
            "Coaches reviewed less and outcomes held.",
        ),  # within tolerance
        (_halves(0, 0), _halves(0.8, 0.8), _halves(4.0, 4.0), None),  # no reviews ever: no data
        (_halves(0, 9), _halves(0.8, 0.8), _halves(4.0, 4.0), None),  # too new to compare
        (
            _halves(5, 0),
            _halves(0.8, 0.8),
            _halves(4.0, 4.0),
            "Coaches reviewed less and outcomes held.",
        ),  # a recent week without reviews is a zero
        (_halves(10, 6), _halves(None, None), _halves(None, None), None),  # no outcomes: no verdict
    ],
)
def test_workload_and_outcomes_verdict(resolved, adherence, satisfaction, verdict):
    series = _series(9, resolved=resolved, adherence=adherence, satisfaction=satisfaction)

    assert rules.workload_and_outcomes(series)["verdict"] == verdict


def test_workload_leaves_out_this_partial_week():
    series = _series(9, resolved=_halves(10, 6, current=100), adherence=0.8)

    result = rules.workload_and_outcomes(series)

    assert result["coach_reviews_per_week"] == {"before": 10, "recent": 6}


def test_workload_counts_decided_recommendations_as_reviews():
    series = _series(9, resolved=_halves(2, 2), decided=_halves(8, 0), adherence=0.8)

    assert rules.workload_and_outcomes(series)["coach_reviews_per_week"] == {
        "before": 10,
        "recent": 2,
    }


def test_workload_needs_a_full_earlier_period():
    series = _series(6, resolved=10, adherence=0.8)

    result = rules.workload_and_outcomes(series)

    assert result["coach_reviews_per_week"] == {"before": None, "recent": None}
    assert result["verdict"] is None


def test_the_automatic_share_is_of_changes_applied_or_decided():
    series = _series(9, decided=_halves(3, 1), automatic=_halves(1, 3))

    share = rules.workload_and_outcomes(series)["automatic_share"]

    assert share == {"before": 0.25, "recent": 0.75}
