"""The plan by calendar week: this week first, then the coming weeks, then the past."""

from dataclasses import dataclass
from datetime import date, timedelta

from programs.plan_weeks import plan_weeks, week_start

TODAY = date(2026, 3, 11)  # a Wednesday


@dataclass
class W:
    planned_date: date
    deload: bool = False


def weeks_of(days, today=TODAY, **kw):
    return plan_weeks([W(d) for d in days], today, **kw)


def test_a_day_belongs_to_the_week_starting_on_its_monday():
    assert week_start(date(2026, 3, 15)) == date(2026, 3, 9)
    assert week_start(date(2026, 3, 9)) == date(2026, 3, 9)


def test_this_week_comes_first_then_coming_weeks_then_past_weeks_newest_first():
    days = [TODAY + timedelta(days=7 * n) for n in (-2, -1, 0, 1, 2)]

    weeks = weeks_of(days)

    assert [w.when for w in weeks] == ["this", "next", "later", "past", "past"]
    assert [w.start for w in weeks][3:] == [date(2026, 3, 2), date(2026, 2, 23)]


def test_weeks_are_numbered_from_the_plans_first_week():
    weeks = weeks_of([date(2026, 2, 24), date(2026, 3, 10), date(2026, 3, 12)])

    assert {w.start: w.number for w in weeks} == {date(2026, 3, 9): 3, date(2026, 2, 23): 1}


def test_workouts_of_a_week_are_in_day_order():
    weeks = weeks_of([date(2026, 3, 13), date(2026, 3, 9), date(2026, 3, 11)])

    assert [w.planned_date.day for w in weeks[0].workouts] == [9, 11, 13]


def test_a_plan_that_starts_in_the_future_has_no_this_week():
    weeks = weeks_of([date(2026, 4, 6)])

    assert [w.when for w in weeks] == ["later"]


def test_a_week_with_a_deload_workout_is_a_lighter_week():
    workouts = [W(date(2026, 3, 9), deload=True), W(date(2026, 3, 16))]

    weeks = plan_weeks(workouts, TODAY, deload_of=lambda w: w.deload)

    assert [w.deload for w in weeks] == [True, False]


def test_no_workouts_is_no_weeks():
    assert weeks_of([]) == []
