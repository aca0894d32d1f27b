"""The pure rules around the nightly proposals and the morning reminders."""

import random
from datetime import date, datetime, timedelta

import pandas as pd
import pytest

from programs.core.library import LibraryExercise
from triage.core.proposal_rules import (
    PainReport,
    pain_areas,
    progression_allowed,
    schedule_pattern,
    schedule_patterns,
    substitution_reason,
    weekly_counts,
    within,
)
from triage.core.reminder_rules import reminder_day, reminder_text

DAY = date(2026, 11, 20)  # a Friday


def days_back(*offsets):
    return [DAY - timedelta(days=o) for o in offsets]


@pytest.mark.parametrize(
    ("offsets", "expected"),
    [
        ((), [0, 0, 0, 0]),
        ((0,), [0, 0, 0, 1]),
        ((6,), [0, 0, 0, 1]),
        ((7,), [0, 0, 1, 0]),
        ((27,), [1, 0, 0, 0]),
        ((28,), [0, 0, 0, 0]),  # outside the four weeks
        ((0, 1, 8, 15, 22, 23), [2, 1, 1, 2]),
    ],
)
def test_weekly_counts_put_each_day_in_its_seven_day_block(offsets, expected):
    assert weekly_counts(days_back(*offsets), DAY, 4) == expected


def test_a_day_after_today_is_not_counted():
    assert weekly_counts([DAY + timedelta(days=1)], DAY, 4) == [0, 0, 0, 0]


def four_a_week():
    return [DAY - timedelta(days=o) for o in range(28) if (DAY - timedelta(days=o)).weekday() < 4]


def test_a_steady_plan_gives_sessions_planned_and_days_trained_per_week():
    trained = [d for d in four_a_week() if d.weekday() != 3]

    assert schedule_pattern(four_a_week(), trained, DAY) == (4, [3, 3, 3, 3])


def test_two_sessions_on_one_day_count_as_one_day_trained():
    trained = [DAY, DAY]

    assert schedule_pattern(four_a_week(), trained, DAY) == (4, [0, 0, 0, 1])


def test_a_plan_that_started_inside_the_month_shows_no_pattern_yet():
    recent = [d for d in four_a_week() if (DAY - d).days < 14]

    assert schedule_pattern(recent, recent, DAY) is None


def test_a_plan_that_changed_its_sessions_a_week_shows_no_pattern():
    planned = [d for d in four_a_week() if (DAY - d).days < 21 or d.weekday() < 3]

    assert schedule_pattern(planned, planned, DAY) is None


@pytest.mark.parametrize(
    ("level", "deloaded", "swapped", "allowed"),
    [
        ("green", False, False, True),
        ("yellow", False, False, True),
        ("red", False, False, False),
        ("green", True, False, False),
        ("green", False, True, False),
    ],
)
def test_progression_waits_for_red_clients_lightened_plans_and_exercises_being_swapped(
    level, deloaded, swapped, allowed
):
    assert progression_allowed(level, deloaded, swapped) is allowed


@pytest.mark.parametrize(
    ("codes", "pain_open", "allowed"),
    [
        ((), False, True),
        (("adherence_drop",), False, True),
        (("unusual_fatigue",), False, False),
        (("recovery_decline",), False, False),
        (("low_mood",), False, False),
        (("performance_decline",), False, False),
        (("goal_conflicts_with_data",), False, False),
        ((), True, False),
    ],
)
def test_no_progression_while_recovery_is_flagged_or_pain_is_open(codes, pain_open, allowed):
    assert progression_allowed("yellow", False, reason_codes=codes, pain_open=pain_open) is allowed


def exercise(**overrides):
    fields = {
        "key": "1",
        "name": "Barbell Squat",
        "category": "strength",
        "equipment": "barbell",
        "level": "beginner",
        "force": "push",
        "mechanic": "compound",
        "primary_muscles": ("quadriceps",),
        "secondary_muscles": ("glutes",),
        "instructions": (),
        "pattern": "squat",
        "contraindications": frozenset({"knee", "lower back"}),
    }
    return LibraryExercise(**{**fields, **overrides})


def pain(area="knee", severity=5, exercise_id=None, days_ago=1):
    return PainReport(area, severity, DAY - timedelta(days=days_ago), exercise_id)


def test_pain_reported_with_the_exercise_is_a_reason_to_swap_it():
    reason = substitution_reason(exercise(), 1, [pain("hip", exercise_id=1)], None)

    assert reason == "hip pain (5/10) was reported with it on 19 Nov"


def test_pain_in_an_area_the_exercise_loads_is_a_reason_to_swap_it():
    reason = substitution_reason(exercise(), 1, [pain("knee", exercise_id=9)], None)

    assert reason == "it loads the knee, where pain (5/10) was reported on 19 Nov"


def test_pain_elsewhere_is_no_reason_to_swap():
    assert substitution_reason(exercise(), 1, [pain("wrist", exercise_id=9)], None) is None


def test_mild_pain_is_no_reason_to_swap():
    assert (
        substitution_reason(exercise(), 1, [pain("knee", severity=2, exercise_id=1)], None) is None
    )


def test_the_latest_pain_is_the_one_named():
    reports = [pain("knee", 4, days_ago=5), pain("lower back", 6, days_ago=1)]

    assert "lower back" in substitution_reason(exercise(), 1, reports, None)


def test_equipment_the_client_does_not_have_is_a_reason_to_swap():
    reason = substitution_reason(exercise(), 1, [], ["dumbbell"])

    assert reason == "it needs barbell, which is not among the client's equipment"


@pytest.mark.parametrize("equipment", [None, [], ["barbell", "dumbbell"]])
def test_no_equipment_list_or_a_list_with_it_is_no_reason_to_swap(equipment):
    assert substitution_reason(exercise(), 1, [], equipment or None) is None


def test_body_weight_exercises_need_no_equipment():
    assert substitution_reason(exercise(equipment="body only"), 1, [], ["dumbbell"]) is None


def test_pain_areas_are_the_substitute_must_avoid_list():
    reports = [pain("knee", 5), pain("wrist", 1), pain("knee", 7), pain("hip", 3)]

    assert pain_areas(reports) == ["hip", "knee"]


@pytest.mark.parametrize(
    ("offset", "inside"), [(0, False), (1, True), (7, True), (8, False), (-1, False)]
)
def test_within_counts_the_days_after_the_start(offset, inside):
    assert within(DAY + timedelta(days=offset), DAY, 7) is inside


# --- Reminders -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("hour", "minute", "expected"),
    [
        (6, 59, None),
        (7, 0, DAY),
        (9, 30, DAY),
        (11, 59, DAY),
        (12, 0, None),
        (23, 0, None),
        (0, 30, None),
    ],
)
def test_reminders_go_out_in_the_local_morning_only(hour, minute, expected):
    assert reminder_day(datetime(2026, 11, 20, hour, minute)) == expected


def test_the_reminder_names_the_session_and_offers_the_easy_way_out():
    text = reminder_text("Lower body A")

    assert text.startswith("Planned for today: Lower body A.")
    assert "what got in the way" in text


def test_a_session_without_a_name_is_still_a_sentence():
    assert reminder_text("  ").startswith("Planned for today: a session.")


def test_schedule_patterns_set_wise_agree_with_the_rule_client_by_client():
    rng = random.Random(18)
    today, planned_rows, trained_rows = {}, [], []
    for client in range(1, 301):
        today[client] = date(2026, 11, 20) + timedelta(days=rng.randrange(3))
        per_week = rng.choice([0, 2, 3, 4])
        for back in range(0, 40):
            day = today[client] - timedelta(days=back - rng.choice([0, 0, 0, 2]))
            if back % 7 < per_week or rng.random() < 0.03:
                planned_rows.append((client, day))
            if rng.random() < 0.45:  # sometimes twice a day, sometimes after today
                trained_rows += [(client, day)] * rng.choice([1, 1, 2])
    planned = pd.DataFrame(planned_rows, columns=["client_id", "planned_date"])
    trained = pd.DataFrame(trained_rows, columns=["client_id", "performed_date"])

    expected = {}
    for client, day in today.items():
        pattern = schedule_pattern(
            [d for c, d in planned_rows if c == client],
            [d for c, d in trained_rows if c == client],
            day,
        )
        if pattern is not None:
            expected[client] = pattern

    assert expected  # the data has patterns to find
    assert schedule_patterns(planned, trained, today) == expected
