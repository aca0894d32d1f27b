from datetime import date, timedelta

from triage.core.habit_rules import HabitFacts, check_day_problem, completion, habit_drop

TODAY = date(2026, 12, 4)


def days_back(*offsets):
    return frozenset(TODAY - timedelta(days=n) for n in offsets)


def habit(done, created_days_ago=60, name="Steps"):
    return HabitFacts(name, TODAY - timedelta(days=created_days_ago), done)


def test_today_may_be_ticked():
    assert check_day_problem(TODAY, TODAY) is None


def test_a_week_ago_may_be_ticked():
    assert check_day_problem(TODAY - timedelta(days=7), TODAY) is None


def test_eight_days_ago_may_not_be_ticked():
    assert check_day_problem(TODAY - timedelta(days=8), TODAY) == "Use a day in the last 7 days."


def test_tomorrow_may_not_be_ticked():
    assert check_day_problem(TODAY + timedelta(days=1), TODAY) == "That day has not come yet."


def test_completion_counts_the_last_seven_days_done():
    week = completion([habit(days_back(0, 1, 2, 3, 4, 9))], TODAY)
    assert (week.habits[0].done, week.habits[0].days) == (5, 7)


def test_today_unticked_is_not_held_against_the_client():
    week = completion([habit(days_back(1, 2))], TODAY)
    assert (week.done, week.possible) == (2, 6)


def test_a_habit_counts_only_from_the_day_it_was_assigned():
    week = completion([habit(days_back(1), created_days_ago=2)], TODAY)
    assert (week.done, week.possible) == (1, 2)


def test_completion_adds_every_habit_together():
    week = completion([habit(days_back(0, 1)), habit(days_back(*range(7)), name="Protein")], TODAY)
    assert (week.done, week.possible, round(week.rate, 2)) == (9, 14, 0.64)


def test_no_habits_has_no_rate():
    assert completion([], TODAY).rate is None


def test_a_client_who_usually_keeps_habits_and_stopped_is_flagged():
    drop = habit_drop([habit(days_back(*range(8, 36)) | days_back(3))], TODAY)
    assert drop is not None
    assert drop.words == "Habits kept on 14% of days this week, against their usual 100%."


def test_a_client_who_never_kept_habits_is_not_flagged():
    assert habit_drop([habit(days_back(*range(8, 36, 2)))], TODAY) is None


def test_a_client_at_forty_percent_is_not_flagged():
    done = days_back(*range(8, 36)) | days_back(1, 2, 3)  # 3 of 7 = 43%
    assert habit_drop([habit(done)], TODAY) is None


def test_a_client_with_too_little_history_is_not_flagged():
    assert habit_drop([habit(days_back(8, 9, 10), created_days_ago=10)], TODAY) is None


def test_a_habit_assigned_during_the_week_judged_is_left_out():
    assert habit_drop([habit(frozenset(), created_days_ago=3)], TODAY) is None
