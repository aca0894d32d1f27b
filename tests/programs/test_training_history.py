"""The client's history: sessions by week, planned against done, personal bests."""

from datetime import date, timedelta

from programs.training_history import (
    DONE,
    MISSED,
    PARTIAL,
    PLANNED,
    REST,
    SKIPPED,
    SetFact,
    by_week,
    calendar,
    daily_best_e1rm,
    day_mark,
    personal_bests,
)

TODAY = date(2026, 3, 11)  # Wednesday


def test_sessions_group_by_week_newest_week_and_day_first():
    items = [(date(2026, 3, 2), "a"), (date(2026, 3, 10), "b"), (date(2026, 3, 12), "c")]

    assert by_week(items) == [(date(2026, 3, 9), ["c", "b"]), (date(2026, 3, 2), ["a"])]


def test_a_day_shows_the_best_thing_logged_that_day():
    assert day_mark(1, ["skipped", "partial"], TODAY, TODAY) == PARTIAL
    assert day_mark(1, ["skipped", "completed"], TODAY, TODAY) == DONE
    assert day_mark(1, ["skipped"], TODAY, TODAY) == SKIPPED


def test_a_planned_day_without_a_log_is_missed_once_past_and_planned_until_then():
    assert day_mark(1, [], TODAY - timedelta(days=1), TODAY) == MISSED
    assert day_mark(1, [], TODAY, TODAY) == PLANNED
    assert day_mark(0, [], TODAY, TODAY) == REST


def test_a_session_done_on_an_unplanned_day_is_done():
    assert day_mark(0, ["completed"], TODAY, TODAY) == DONE


def test_the_calendar_is_whole_weeks_from_monday_up_to_this_week_and_one_ahead():
    rows = calendar({TODAY: 1}, {TODAY: ["completed"]}, today=TODAY, weeks=4)

    assert len(rows) == 5 and all(len(r) == 7 for r in rows)
    assert rows[0][0].day == date(2026, 2, 16) and rows[0][0].day.weekday() == 0
    today_cell = next(c for r in rows for c in r if c.is_today)
    assert (today_cell.mark, today_cell.words) == (DONE, "done")


def fact(day, reps, load, log_id, e1rm=None):
    return SetFact(day, reps, load, e1rm if e1rm is not None else load * (1 + reps / 30), log_id)


def test_personal_bests_name_the_day_each_was_first_reached():
    sets = [
        fact(date(2026, 1, 5), 5, 100.0, 1),
        fact(date(2026, 2, 5), 3, 110.0, 2),
        fact(date(2026, 3, 5), 8, 100.0, 3),
        fact(date(2026, 3, 9), 3, 110.0, 4),
    ]

    bests = personal_bests(sets)

    assert bests.sessions == 4
    assert (bests.best_e1rm.day, round(bests.best_e1rm.value, 2)) == (date(2026, 3, 5), 126.67)
    assert (bests.heaviest.load_kg, bests.heaviest.reps, bests.heaviest.day) == (
        110.0,
        3,
        date(2026, 2, 5),
    )
    assert [(b.load_kg, b.reps) for b in bests.reps_at_load] == [(110.0, 3), (100.0, 8)]
    assert bests.last_day == date(2026, 3, 9)


def test_body_weight_sets_set_no_heaviest_load():
    bests = personal_bests([SetFact(TODAY, 12, 0.0, None, 1)])

    assert bests.heaviest is None and bests.best_e1rm is None and bests.sessions == 1


def test_no_sets_no_bests():
    bests = personal_bests([])

    assert (bests.sessions, bests.best_e1rm, bests.last_day) == (0, None, None)


def test_the_chart_takes_each_days_best_e1rm():
    sets = [
        fact(TODAY, 5, 100.0, 1, e1rm=116.7),
        fact(TODAY, 3, 110.0, 1, e1rm=121.0),
        SetFact(TODAY, 0, 0.0, None, 1),
        fact(TODAY - timedelta(days=3), 5, 90.0, 2, e1rm=105.0),
    ]

    assert daily_best_e1rm(sets) == [(TODAY - timedelta(days=3), 105.0), (TODAY, 121.0)]
