"""Levels with reasons: from features to green / yellow / red, each reason a sentence.
Pure: no database."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from tests.triage.test_scoring_features import (
    FOUR_A_WEEK,
    FRI,
    Chunk,
    day,
    falling_while_feeling_great,
    missed_three_with_high_fatigue,
    steady,
    weekdays,
)
from triage.core.defaults import ESCALATION_RULES
from triage.core.scoring import THRESHOLD_HELP, Thresholds, assess, assess_frame

STEADY = {
    "completion_7d": 1.0,
    "completion_28d": 1.0,
    "completion_90d": 1.0,
    "planned_14d": 8,
    "completed_14d": 8.0,
    "usual_completed_per_14d": 7.9,
    "usual_planned_per_14d": 7.9,
    "completion_drop": 0.0,
    "completion_swing": 0.05,
    "readiness_z": 0.2,
    "fatigue_z": -0.1,
    "sleep_z": 0.0,
    "sleep_hours_z": 0.1,
    "readiness_7d": 4.0,
    "readiness_baseline": 3.9,
    "fatigue_7d": 2.0,
    "fatigue_baseline": 2.1,
    "readiness_drift": 0.0,
    "performance_trend": 0.02,
    "performance_lifts": 3,
    "readiness_14d": 4.0,
    "feels_fine": True,
    "missed_in_a_row": 0,
    "checkin_weeks": 12,
    "checkin_weeks_answered": 12,
    "checkin_response_rate": 1.0,
    "days_since_last_log": 1,
    "days_since_created": 200,
}


def features(**changes):
    return {**STEADY, **changes}


def codes(assessment) -> list[str]:
    return [reason.code for reason in assessment.reasons]


def text(assessment, code: str) -> str:
    (reason,) = [reason for reason in assessment.reasons if reason.code == code]
    return reason.text


# --- Table: which rule fires ----------------------------------------------------------------

CASES = [
    pytest.param({}, "green", [], id="a steady client is green with no reasons"),
    pytest.param(
        {
            "planned_14d": 8,
            "completed_14d": 2.0,
            "usual_completed_per_14d": 7.0,
            "usual_planned_per_14d": 8.0,
            "completion_drop": 0.71,
        },
        "yellow",
        ["adherence_drop"],
        id="completing far fewer planned sessions than usual is yellow",
    ),
    pytest.param(
        {"completion_drop": 0.35}, "green", [], id="a drop smaller than the threshold is green"
    ),
    pytest.param(
        {"completion_drop": 0.45, "completion_swing": 0.3},
        "green",
        [],
        id="a drop within the clients own usual swing is green",
    ),
    pytest.param(
        {"completion_drop": 1.0, "usual_completed_per_14d": 1.0, "completed_14d": 0.0},
        "green",
        [],
        id="a drop from a usual of one session is too small to judge",
    ),
    pytest.param(
        {"completion_drop": 1.0, "planned_14d": 1, "completed_14d": 0.0},
        "green",
        [],
        id="a drop on a single planned session is too small to judge",
    ),
    pytest.param(
        {"missed_in_a_row": 3, "fatigue_z": 1.2, "fatigue_7d": 3.6},
        "yellow",
        ["missed_sessions"],
        id="three missed sessions with high fatigue are yellow",
    ),
    pytest.param(
        {"missed_in_a_row": 3, "fatigue_7d": 4.5, "fatigue_z": None},
        "yellow",
        ["missed_sessions"],
        id="three missed sessions with a high fatigue score and no baseline are yellow",
    ),
    pytest.param(
        {"missed_in_a_row": 3}, "green", [], id="three missed sessions without fatigue are green"
    ),
    pytest.param(
        {"missed_in_a_row": 4},
        "yellow",
        ["missed_sessions"],
        id="four missed sessions are yellow whatever the fatigue",
    ),
    pytest.param(
        {"readiness_persist_z": 2.5, "readiness_shift": 2.0, "readiness_baseline": 4.0},
        "yellow",
        ["unusual_fatigue"],
        id="readiness two points below usual in both latest check-ins is yellow",
    ),
    pytest.param(
        {"fatigue_persist_z": 2.5, "fatigue_shift": 2.0, "fatigue_baseline": 2.0},
        "yellow",
        ["unusual_fatigue"],
        id="fatigue two points above usual in both latest check-ins is yellow",
    ),
    pytest.param(
        {"readiness_persist_z": 2.0, "readiness_shift": 1.0},
        "green",
        [],
        id="a one point wobble is green however steady the client usually is",
    ),
    pytest.param(
        {"readiness_z": -3.0, "readiness_7d": 1.0, "readiness_persist_z": None},
        "green",
        [],
        id="one bad check-in without a second is green",
    ),
    pytest.param(
        {"readiness_persist_z": 1.3, "readiness_shift": 2.0},
        "green",
        [],
        id="two points is within the usual spread of a client whose answers swing widely",
    ),
    pytest.param(
        {"sleep_persist_z": 2.2, "sleep_shift": 2.0, "sleep_baseline": 4.0},
        "yellow",
        ["recovery_decline"],
        id="sleep quality two points worse in both latest check-ins is yellow",
    ),
    pytest.param(
        {"sleep_hours_persist_z": 3.0, "sleep_hours_shift": 1.5, "sleep_hours_baseline": 7.5},
        "yellow",
        ["recovery_decline"],
        id="an hour and a half less sleep in both latest check-ins is yellow",
    ),
    pytest.param(
        {
            "readiness_persist_z": 1.2,
            "readiness_shift": 1.5,
            "sleep_persist_z": 1.1,
            "sleep_shift": 1.5,
        },
        "yellow",
        ["recovery_decline"],
        id="readiness and sleep agreeing at a lower bar are yellow",
    ),
    pytest.param(
        {
            "readiness_persist_z": 1.2,
            "readiness_shift": 1.5,
            "fatigue_persist_z": 1.4,
            "fatigue_shift": 1.5,
        },
        "yellow",
        ["unusual_fatigue"],
        id="readiness and fatigue agreeing at a lower bar are yellow",
    ),
    pytest.param(
        {"readiness_persist_z": 1.2, "readiness_shift": 1.5},
        "green",
        [],
        id="readiness alone at the lower bar is green",
    ),
    pytest.param(
        {"readiness_drift": -0.6},
        "green",
        [],
        id="a slope through four weekly answers alone is green",
    ),
    pytest.param(
        {"performance_trend": -0.09, "performance_z": 3.5, "feels_fine": True},
        "yellow",
        ["goal_conflicts_with_data"],
        id="a lift falling while feeling fine means the goal conflicts with the data",
    ),
    pytest.param(
        {"performance_trend": -0.09, "performance_z": 3.5, "feels_fine": False},
        "yellow",
        ["performance_decline"],
        id="a lift falling while feeling tired is a performance decline",
    ),
    pytest.param(
        {"performance_trend": -0.09, "performance_z": 1.5},
        "green",
        [],
        id="a fall within the lifts own session to session noise is green",
    ),
    pytest.param(
        {"performance_trend": -0.03, "performance_z": 4.0},
        "green",
        [],
        id="a small but certain dip in a lift is green",
    ),
    pytest.param(
        {
            "performance_trend": -0.05,
            "performance_z": 2.0,
            "performance_mean_change": -0.045,
            "performance_pooled_z": 3.4,
            "feels_fine": False,
        },
        "yellow",
        ["performance_decline"],
        id="every main lift falling a little together is a performance decline",
    ),
    pytest.param(
        {
            "performance_trend": -0.055,
            "performance_z": 2.8,
            "fatigue_persist_z": 1.5,
            "fatigue_shift": 1.5,
            "feels_fine": False,
        },
        "yellow",
        ["performance_decline"],
        id="a lift falling with fatigue up is a performance decline",
    ),
    pytest.param(
        {"performance_trend": -0.055, "performance_z": 2.8},
        "green",
        [],
        id="the same fall without fatigue is green",
    ),
    pytest.param(
        {"week_completed": 2.0, "week_planned": 4.0, "week_expected": 4.0},
        "yellow",
        ["adherence_drop"],
        id="a week at half the usual four is yellow the first week",
    ),
    pytest.param(
        {"week_completed": 2.0, "week_planned": 4.0, "week_expected": 3.0},
        "green",
        [],
        id="two sessions of a usual three is green",
    ),
    pytest.param(
        {"week_completed": 1.0, "week_planned": 2.0, "week_expected": 2.0},
        "green",
        [],
        id="one missed session of a usual two is green",
    ),
    pytest.param(
        {"week_completed": 0.0, "week_planned": 2.0, "week_expected": 2.0},
        "yellow",
        ["adherence_drop"],
        id="a week with none of a usual two is yellow",
    ),
    pytest.param(
        {"week_completed": 0.0, "week_planned": 0.0, "week_expected": 0.0},
        "green",
        [],
        id="a week the plan left empty is green",
    ),
    pytest.param(
        {"checkin_response_rate": 0.25, "checkin_weeks": 8, "checkin_weeks_answered": 2},
        "yellow",
        ["low_checkin_response"],
        id="unanswered check-ins are yellow",
    ),
    pytest.param(
        {"checkin_response_rate": 0.0, "checkin_weeks": 2, "checkin_weeks_answered": 0},
        "green",
        [],
        id="two weeks since the first check-in are too few to judge the response rate",
    ),
    pytest.param(
        {"days_since_last_log": 15},
        "yellow",
        ["inactive"],
        id="two weeks without any log are yellow",
    ),
    pytest.param(
        {"days_since_last_log": None, "days_since_created": 20, "missed_in_a_row": 6},
        "yellow",
        ["missed_sessions", "inactive"],
        id="never logging a planned session in the weeks since joining is yellow",
    ),
    pytest.param(
        {"days_since_last_log": None, "days_since_created": 60, "missed_in_a_row": 0},
        "green",
        [],
        id="a client with no program yet who never logged is waiting not silent",
    ),
    pytest.param(
        {"days_since_last_log": None, "days_since_created": 3},
        "green",
        [],
        id="a client who joined three days ago is green",
    ),
    pytest.param(
        {key: math.nan for key in STEADY},
        "green",
        [],
        id="no data at all is green",
    ),
]


@pytest.mark.parametrize(("changes", "level", "expected"), CASES)
def test_levels(changes, level, expected):
    assessment = assess(features(**changes))

    assert assessment.level == level
    assert codes(assessment) == expected


# --- The sentences --------------------------------------------------------------------------


def test_the_adherence_sentence_gives_recent_and_usual_with_a_plan():
    assessment = assess(
        features(
            planned_14d=8,
            completed_14d=2.0,
            usual_completed_per_14d=6.8,
            usual_planned_per_14d=7.9,
            completion_drop=0.71,
        )
    )

    assert text(assessment, "adherence_drop") == (
        "completed 2 of 8 planned sessions in the last 14 days; usual is 7 of 8"
    )


def test_the_adherence_sentence_without_a_plan_counts_sessions():
    assessment = assess(
        features(
            planned_14d=0,
            completed_14d=4.0,
            usual_completed_per_14d=8.1,
            usual_planned_per_14d=0.0,
            completion_drop=0.5,
        )
    )

    assert (
        text(assessment, "adherence_drop") == "completed 4 sessions in the last 14 days; usual is 8"
    )


def test_the_missed_sessions_sentence_names_the_fatigue():
    assessment = assess(
        features(missed_in_a_row=3, fatigue_z=2.5, fatigue_7d=4.7, fatigue_baseline=2.3)
    )

    assert text(assessment, "missed_sessions") == (
        "missed the last 3 planned sessions in a row and reports high fatigue: "
        "fatigue averaged 4.7 of 5 over the last 7 days (usual 2.3)"
    )


def test_the_goal_conflict_sentence_names_the_lift_and_says_so():
    assessment = assess(
        features(
            performance_trend=-0.094,
            performance_z=3.1,
            performance_lift=12,
            performance_lift_name="Bench Press",
            performance_lifts=3,
            readiness_14d=4.5,
        )
    )

    assert text(assessment, "goal_conflicts_with_data") == (
        "Bench Press estimated 1RM fell 9% over the last 3 weeks (the other main lifts held "
        "better) while the client reports feeling fine (readiness 4.5 of 5); the stated goal "
        "conflicts with the data"
    )


def test_the_performance_sentence_with_fatigue_says_both():
    assessment = assess(
        features(
            performance_trend=-0.055,
            performance_z=2.8,
            performance_lift_name="Deadlift",
            performance_lifts=1,
            fatigue_persist_z=1.5,
            fatigue_shift=1.5,
            fatigue_baseline=2.0,
            feels_fine=False,
        )
    )

    assert text(assessment, "performance_decline") == (
        "Deadlift estimated 1RM fell 6% over the last 3 weeks, and fatigue is up: fatigue "
        "averaged 3.5 of 5 in the last two check-ins (usual 2.0)"
    )


def test_the_week_sentence_says_last_week_against_the_usual():
    assessment = assess(
        features(week_completed=2.0, week_planned=4.0, week_expected=4.0, usual_week_completed=4.0)
    )

    assert text(assessment, "adherence_drop") == (
        "completed 2 sessions last week, 4 planned; usually 4 a week"
    )


def test_the_response_sentence_counts_weeks():
    assessment = assess(
        features(checkin_response_rate=0.25, checkin_weeks=8, checkin_weeks_answered=2)
    )

    assert text(assessment, "low_checkin_response") == "answered check-ins in 2 of the last 8 weeks"


def test_two_recovery_signals_make_one_reason_with_both_clauses():
    assessment = assess(
        features(
            readiness_persist_z=2.5,
            readiness_shift=2.0,
            readiness_baseline=4.0,
            fatigue_persist_z=2.5,
            fatigue_shift=2.5,
            fatigue_baseline=2.0,
        )
    )

    assert text(assessment, "unusual_fatigue") == (
        "readiness averaged 2.0 of 5 in the last two check-ins (usual 4.0); "
        "fatigue averaged 4.5 of 5 in the last two check-ins (usual 2.0)"
    )


def test_every_reason_code_is_an_escalation_trigger_and_appears_once():
    everything = features(
        completion_drop=0.8,
        completed_14d=1.0,
        missed_in_a_row=6,
        readiness_persist_z=3,
        readiness_shift=2,
        fatigue_persist_z=3,
        fatigue_shift=2,
        sleep_persist_z=3,
        sleep_shift=2,
        performance_trend=-0.2,
        performance_z=5,
        checkin_response_rate=0.1,
        checkin_weeks=10,
        days_since_last_log=30,
    )

    found = codes(assess(everything))

    assert len(found) == len(set(found)) == 7
    assert set(found) <= set(ESCALATION_RULES)


# --- Red ------------------------------------------------------------------------------------


def test_numbers_alone_never_make_red_by_default():
    assessment = assess(
        features(
            completion_drop=1.0,
            completed_14d=0.0,
            missed_in_a_row=12,
            days_since_last_log=60,
            readiness_z=-4,
        )
    )

    assert assessment.level == "yellow"


def test_an_organization_may_make_long_silence_red():
    tuned = Thresholds.from_overrides({"red_silence_days": 28})

    assert assess(features(days_since_last_log=30), tuned).level == "red"
    assert assess(features(days_since_last_log=20), tuned).level == "yellow"


# --- Thresholds -----------------------------------------------------------------------------


def test_an_organization_can_tune_a_threshold():
    strict = Thresholds.from_overrides({"adherence_drop": 0.15})

    assert assess(features(completion_drop=0.2)).level == "green"
    assert assess(features(completion_drop=0.2), strict).level == "yellow"


def test_an_unknown_threshold_is_a_clear_error():
    with pytest.raises(
        ValueError,
        match="Unknown threshold\\(s\\): adherance_drop.*Known thresholds: adherence_drop",
    ):
        Thresholds.from_overrides({"adherance_drop": 0.2})


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        pytest.param({"adherence_drop": "0.2"}, "must be a number", id="a string is not a number"),
        pytest.param({"inactive_days": True}, "must be a number", id="a boolean is not a number"),
        pytest.param({"inactive_days": 2.5}, "whole number", id="days must be whole"),
        pytest.param(
            {"adherence_drop": None}, "must be a number", id="only optional thresholds may be empty"
        ),
    ],
)
def test_a_threshold_of_the_wrong_kind_is_a_clear_error(overrides, message):
    with pytest.raises(ValueError, match=message):
        Thresholds.from_overrides(overrides)


def test_no_overrides_are_the_defaults_and_every_threshold_is_documented():
    assert Thresholds.from_overrides(None) == Thresholds() == Thresholds.from_overrides({})
    assert set(THRESHOLD_HELP) == set(Thresholds.__dataclass_fields__)
    assert Thresholds.from_overrides({"inactive_days": 21.0}).inactive_days == 21


# --- From DataFrames: the brief's scenarios end to end --------------------------------------


def test_the_brief_scenarios_in_one_chunk_get_their_own_levels():
    chunk = Chunk()
    steady(chunk, 1)
    missed_three_with_high_fatigue(chunk, 2)
    falling_while_feeling_great(chunk, 3)

    steady_one, missed, falling = assess_frame(chunk.features())

    assert (steady_one.level, steady_one.reasons) == ("green", ())
    assert missed.level == "yellow"
    assert "reports high fatigue" in text(missed, "missed_sessions")
    assert falling.level == "yellow"
    assert codes(falling) == ["goal_conflicts_with_data"]


def test_a_planned_client_falling_to_two_of_eight_gets_the_sentence():
    sessions = weekdays(FOUR_A_WEEK)
    baseline = [b for b in sessions if b >= 14]
    skipped = [b for b in baseline if day(b).weekday() == FRI and (b // 7) % 2 == 0]
    chunk = Chunk().client(1).plan(1, sessions)
    chunk.log(1, [b for b in baseline if b not in skipped]).log(
        1, [b for b in sessions if b < 14][:2]
    )

    (assessment,) = assess_frame(chunk.features())

    assert assessment.level == "yellow"
    assert text(assessment, "adherence_drop").endswith(
        "completed 2 of 8 planned sessions in the last 14 days; usual is 7 of 8"
    )


def test_a_drop_from_four_to_two_a_week_without_a_plan_is_yellow():
    chunk = Chunk().client(1)
    chunk.log(1, weekdays(FOUR_A_WEEK, 14, 89)).log(1, weekdays((0, 3), 0, 13))

    (assessment,) = assess_frame(chunk.features())

    assert codes(assessment) == ["adherence_drop"]
    assert text(assessment, "adherence_drop") == (
        "completed 2 sessions last week; usually 4 a week; "
        "completed 4 sessions in the last 14 days; usual is 8"
    )


def test_the_never_logged_sentence_says_how_many_sessions_went_by():
    assessment = assess(
        features(days_since_last_log=None, days_since_created=20, missed_in_a_row=6)
    )

    assert text(assessment, "inactive") == (
        "has not logged any training in the 20 days since joining; 6 planned sessions went by"
    )


def test_assess_takes_a_series_and_reasons_serialise():
    assessment = assess(pd.Series(features(days_since_last_log=20)))

    assert assessment.reason_dicts() == [
        {"code": "inactive", "text": "has logged nothing for 20 days"}
    ]
