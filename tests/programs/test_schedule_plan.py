"""The pure rule that carries out an approved schedule change."""

from datetime import date, timedelta

import pytest

from programs.core.schedule_plan import (
    PastSession,
    PlannedLift,
    PlannedSession,
    miss_rates,
    plan_schedule_change,
)

MONDAY = date(2026, 11, 30)
SQUAT = PlannedLift(101, "squat", "Barbell Squat")
BENCH = PlannedLift(102, "bench", "Bench Press")
DEADLIFT = PlannedLift(103, "deadlift", "Deadlift")
ROW = PlannedLift(104, "row", "Barbell Row")


def session(offset: int, workout_id: int | None = None, lifts=(), fixed=False) -> PlannedSession:
    day = MONDAY + timedelta(days=offset)
    return PlannedSession(workout_id or offset + 1, day, f"Day {offset}", tuple(lifts), fixed)


def history(missed_weekdays: dict[int, int], weekdays=(0, 2, 4, 5), weeks=4) -> list[PastSession]:
    """``weeks`` weeks before MONDAY of sessions on ``weekdays``; the first N of each weekday
    in ``missed_weekdays`` missed."""
    past = []
    for week in range(weeks):
        start = MONDAY - timedelta(days=7 * (weeks - week))
        for weekday in weekdays:
            past.append(
                PastSession(
                    start + timedelta(days=weekday), week >= missed_weekdays.get(weekday, 0)
                )
            )
    return past


def dropped_days(plan) -> list[int]:
    return sorted((d.planned_date - MONDAY).days for d in plan.drops)


@pytest.mark.parametrize(
    ("offsets", "missed", "target", "expected"),
    [
        # Mon/Wed/Fri/Sat, Saturday mostly missed: Saturday goes (and Fri-Sat was back to back).
        ((0, 2, 4, 5), {5: 3}, 3, [5]),
        # Friday mostly missed, but dropping it leaves Mon/Wed/Sat spaced too: Friday goes.
        ((0, 2, 4, 5), {4: 4}, 3, [4]),
        # Monday mostly missed: dropping Monday leaves Fri-Sat back to back, so spacing wins
        # and one of Fri/Sat goes instead; without history the later one.
        ((0, 2, 4, 5), {0: 4}, 3, [5]),
        # No history at all: spacing decides, then the later date.
        ((0, 2, 4, 5), {}, 3, [5]),
        # Already at the target: nothing changes.
        ((0, 2, 4), {0: 4}, 3, []),
        # Fewer than planned: nothing is added.
        ((0, 3), {}, 3, []),
        # Down to two of four: the two most missed that leave spacing.
        ((0, 2, 4, 6), {2: 3, 4: 2}, 2, [2, 4]),
        # Down to one: keep the most reliable day.
        ((0, 2, 4), {0: 2, 2: 3}, 1, [0, 2]),
        # Tue/Wed/Thu: keep a rest day by dropping the middle.
        ((1, 2, 3), {}, 2, [2]),
        # Mon/Wed/Fri down to two with no misses: Mon and Fri stay, the most spread out.
        ((0, 2, 4), {}, 2, [2]),
        # ... unless Monday is the one the client misses.
        ((0, 2, 4), {0: 1}, 2, [0]),
    ],
)
def test_it_drops_the_most_missed_weekday_keeping_rest_days(offsets, missed, target, expected):
    plan = plan_schedule_change(
        [session(o) for o in offsets], history(missed, weekdays=tuple(range(7))), target
    )
    assert dropped_days(plan) == expected


def test_each_week_is_reduced_on_its_own():
    sessions = [session(o) for o in (0, 2, 4, 5, 7, 9, 11, 12)]
    plan = plan_schedule_change(sessions, history({5: 3}), 3)
    assert dropped_days(plan) == [5, 12]


def test_a_fixed_session_counts_in_its_week_but_is_never_dropped():
    # Saturday is the most missed but already logged: Friday goes (it leaves a rest day).
    sessions = [session(0, fixed=True), session(2), session(4), session(5, fixed=True)]
    plan = plan_schedule_change(sessions, history({5: 4, 2: 1}), 3)
    assert dropped_days(plan) == [4]


def test_a_week_of_only_fixed_sessions_is_left_alone():
    sessions = [session(o, fixed=True) for o in (0, 2, 4, 5)]
    assert plan_schedule_change(sessions, [], 3).drops == ()


def test_a_lift_no_other_session_holds_moves_to_the_nearest_kept_session():
    sessions = [
        session(0, lifts=[SQUAT]),
        session(2, lifts=[BENCH]),
        session(4, lifts=[SQUAT]),
        session(5, lifts=[DEADLIFT, ROW]),
    ]
    plan = plan_schedule_change(sessions, history({5: 4}), 3)
    assert dropped_days(plan) == [5]
    assert [(m.prescription_id, m.to_workout_id) for m in plan.moves] == [(103, 5), (104, 5)]


def test_a_lift_another_kept_session_holds_is_not_moved():
    sessions = [
        session(0, lifts=[SQUAT, DEADLIFT]),
        session(2, lifts=[BENCH]),
        session(4, lifts=[SQUAT]),
        session(5, lifts=[DEADLIFT]),
    ]
    plan = plan_schedule_change(sessions, history({5: 4}), 3)
    assert plan.moves == ()


def test_a_lift_is_never_moved_onto_a_fixed_session():
    sessions = [
        session(0, lifts=[SQUAT]),
        session(2, lifts=[BENCH]),
        session(4, lifts=[SQUAT], fixed=True),
        session(5, lifts=[DEADLIFT]),
    ]
    plan = plan_schedule_change(sessions, history({5: 4}), 3)
    assert [m.to_workout_id for m in plan.moves] == [3]


def test_on_a_tie_the_lift_goes_to_the_earlier_session():
    sessions = [session(1), session(3, lifts=[DEADLIFT]), session(5)]
    plan = plan_schedule_change(sessions, history({3: 4}, weekdays=(1, 3, 5)), 2)
    assert dropped_days(plan) == [3]
    assert plan.moves[0].to_workout_id == 2


def test_the_plan_says_what_it_does_in_words():
    sessions = [session(0), session(2), session(4), session(5, lifts=[DEADLIFT])]
    plan = plan_schedule_change(sessions, history({5: 3}), 3)
    assert plan.lines() == [
        "Dropped Day 5 on Sat 5 Dec (3 a week): the client missed 3 of 4 planned Saturdays; "
        "the sessions left keep a rest day between them.",
        "Moved Deadlift to Day 4 on Fri 4 Dec, so the week still trains it.",
    ]


def test_a_weekday_without_history_is_said_so():
    plan = plan_schedule_change([session(0), session(2), session(4), session(6)], [], 3)
    assert "no Sunday sessions in the recent history" in plan.drops[0].reason


def test_miss_rates_count_missed_and_planned_per_weekday():
    rates = miss_rates(
        [
            PastSession(MONDAY, False),
            PastSession(MONDAY - timedelta(days=7), True),
            PastSession(MONDAY + timedelta(days=2), False),
        ]
    )
    assert rates == {0: (1, 2), 2: (1, 1)}


def test_a_target_below_one_is_refused():
    with pytest.raises(ValueError):
        plan_schedule_change([session(0)], [], 0)
