"""Which planned session Today offers: today's, else a missed one still in reach, else the next."""

from datetime import date, timedelta

from triage.core.today_rules import CATCH_UP_DAYS, choose_session

TODAY = date(2026, 12, 4)


def day(offset):
    return TODAY + timedelta(days=offset)


def test_todays_session_is_offered_as_today():
    shown = choose_session([(1, day(0)), (2, day(2))], TODAY)

    assert (shown.workout_id, shown.kind) == (1, "today")


def test_an_unlogged_session_two_days_ago_reads_as_missed_not_next():
    shown = choose_session([(1, day(-2)), (2, day(1))], TODAY)

    assert (shown.workout_id, shown.kind, shown.day) == (1, "missed", day(-2))


def test_the_latest_missed_session_is_offered_and_the_earlier_one_is_named():
    shown = choose_session([(1, day(-2)), (2, day(-1)), (3, day(1))], TODAY)

    assert (shown.workout_id, shown.kind) == (2, "missed")
    assert shown.also_missed == ((1, day(-2)),)


def test_todays_session_comes_before_a_missed_one_which_is_still_named():
    shown = choose_session([(1, day(-1)), (2, day(0))], TODAY)

    assert (shown.workout_id, shown.kind) == (2, "today")
    assert shown.also_missed == ((1, day(-1)),)


def test_a_session_older_than_the_catch_up_window_is_not_offered():
    shown = choose_session([(1, day(-CATCH_UP_DAYS - 1)), (2, day(3))], TODAY)

    assert (shown.workout_id, shown.kind) == (2, "next")
    assert shown.also_missed == ()


def test_the_first_session_ahead_is_next():
    shown = choose_session([(5, day(3)), (4, day(1)), (6, day(1))], TODAY)

    assert (shown.workout_id, shown.kind, shown.day) == (4, "next", day(1))


def test_with_two_sessions_today_the_first_in_plan_order_is_offered():
    shown = choose_session([(7, day(0)), (8, day(0))], TODAY)

    assert shown.workout_id == 7


def test_nothing_planned_offers_nothing():
    shown = choose_session([], TODAY)

    assert (shown.workout_id, shown.kind, shown.day) == (None, None, None)
