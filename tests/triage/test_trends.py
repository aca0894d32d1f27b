"""A client's trends, pure: the bands are the scoring's baselines, flags merge, lifts are chosen."""

from datetime import date, timedelta

import pandas as pd
import pytest

from charts import Band
from triage.core.scoring.features import MIN_SCORE_STD, compute_features
from triage.core.scoring.robust import robust_usual
from triage.core.trends import (
    CHART_DAYS,
    MAX_LIFT_CHARTS,
    LiftSession,
    ScoreDay,
    client_trends,
    completion_baseline,
    daily_best,
    daily_means,
    lift_baseline,
    main_lifts,
    readiness_baseline,
    recent_readiness,
)

END = date(2026, 11, 20)


def back(n: int) -> date:
    return END - timedelta(days=n)


def trends(**kwargs):
    kwargs.setdefault("scores", [])
    kwargs.setdefault("checkins", [])
    kwargs.setdefault("lift_sessions", [])
    return client_trends(end=END, **kwargs)


# --- readiness: the scoring's own baseline ---------------------------------------------------


def test_the_readiness_band_is_the_clients_robust_usual_of_days_14_to_89():
    checkins = [(back(n), 4 if n % 14 else 3) for n in range(7, 90, 7)]
    band = readiness_baseline(checkins, END)
    usual = robust_usual([v for d, v in checkins if (END - d).days >= 14])
    assert (band.mean, band.spread) == (usual.centre, usual.spread)


def test_the_last_two_weeks_and_older_than_90_days_are_not_in_the_band():
    usual = [(back(n), 4) for n in (14, 21, 28, 35)]
    band = readiness_baseline([*usual, (back(0), 1), (back(13), 1), (back(90), 1)], END)
    assert band.mean == 4


def test_a_client_who_always_answers_the_same_gets_a_spread_from_the_population():
    band = readiness_baseline([(back(n), 4) for n in (14, 21, 28, 35)], END)
    assert band == Band(4, robust_usual([4, 4, 4, 4]).spread)
    assert band.spread >= MIN_SCORE_STD


def test_fewer_than_four_baseline_checkins_is_no_usual_yet():
    assert readiness_baseline([(back(n), 4) for n in (7, 14, 21, 28)], END) is None


def test_this_weeks_readiness_is_the_mean_of_the_last_seven_days():
    assert recent_readiness([(back(0), 2), (back(6), 3), (back(7), 5)], END) == 2.5
    assert recent_readiness([(back(7), 5)], END) is None


def test_the_band_and_this_week_give_the_same_z_score_as_the_nightly():
    rows = [(back(n), 4 + (n % 3 == 0)) for n in range(14, 90, 4)] + [(back(2), 2)]
    frame = pd.DataFrame(
        [
            {
                "client_id": 1,
                "date": pd.Timestamp(d),
                "readiness": v,
                "fatigue": 2,
                "sleep_quality": 4,
                "mood": 4,
            }
            for d, v in rows
        ]
    )
    features = compute_features(
        END, pd.DataFrame([{"client_id": 1, "created_date": back(200)}]), checkins=frame
    ).loc[1]
    band = readiness_baseline(rows, END)
    recent = recent_readiness(rows, END)
    assert band.mean == pytest.approx(features["readiness_baseline"])
    assert (recent - band.mean) / band.spread == pytest.approx(features["readiness_z"])


def test_two_checkins_on_one_day_count_as_their_mean():
    assert daily_means([(back(1), 2), (back(1), 4), (back(2), None), (back(3), 5)]) == [
        (back(3), 5),
        (back(1), 3),
    ]


# --- completion: the nightly's stored usual -------------------------------------------------


@pytest.mark.parametrize(
    ("features", "band"),
    [
        (  # a plan now and in the baseline: the usual rate, ± swing × rate
            {
                "usual_completed_per_14d": 7,
                "usual_planned_per_14d": 8,
                "planned_14d": 8,
                "completion_swing": 0.1,
            },
            Band(0.875, 0.0875),
        ),
        (  # more done than planned is capped at 100%
            {
                "usual_completed_per_14d": 9,
                "usual_planned_per_14d": 8,
                "planned_14d": 8,
                "completion_swing": 0.0,
            },
            Band(1.0, 0.0),
        ),
        (  # no plan now: the usual session count is 100%
            {
                "usual_completed_per_14d": 6,
                "usual_planned_per_14d": 8,
                "planned_14d": 0,
                "completion_swing": 0.2,
            },
            Band(1.0, 0.2),
        ),
        (  # no swing measured yet: the usual alone
            {"usual_completed_per_14d": 4, "usual_planned_per_14d": 8, "planned_14d": 8},
            Band(0.5, 0.0),
        ),
    ],
)
def test_the_completion_band_is_the_usual_the_nightly_compared_with(features, band):
    result = completion_baseline(features)
    assert result.mean == pytest.approx(band.mean)
    assert result.spread == pytest.approx(band.spread)


@pytest.mark.parametrize(
    "features",
    [
        None,
        {},
        {"usual_completed_per_14d": None, "usual_planned_per_14d": 8},
        {"usual_completed_per_14d": float("nan")},
        {"usual_completed_per_14d": 0, "usual_planned_per_14d": 8, "planned_14d": 8},
    ],
)
def test_without_a_usual_there_is_no_completion_band(features):
    assert completion_baseline(features) is None


# --- lifts -----------------------------------------------------------------------------------


def test_a_lifts_band_is_its_sessions_before_the_last_four_weeks():
    sessions = [(back(n), 100.0 + (n % 2) * 4) for n in (30, 41, 50, 61)] + [(back(3), 80.0)]
    band = lift_baseline(sessions, END)
    assert band.mean == pytest.approx(102)
    assert band.spread == pytest.approx(pd.Series([104, 100, 104, 100]).std(ddof=1))


def test_a_lift_with_identical_sessions_gets_a_one_percent_band():
    assert lift_baseline([(back(n), 100.0) for n in (30, 40, 50)], END) == Band(100, 1)


def test_a_lift_with_too_few_older_sessions_has_no_usual_yet():
    assert lift_baseline([(back(n), 100.0) for n in (1, 8, 15, 30, 40)], END) is None


def test_a_days_best_set_counts_once():
    assert daily_best([(back(1), 100), (back(1), 110), (back(2), 90)]) == [
        (back(2), 90),
        (back(1), 110),
    ]


def session(lift, n, value=100.0, name=None):
    return LiftSession(lift, name or f"Lift {lift}", back(n), value)


def test_main_lifts_are_the_most_trained_at_most_four():
    sessions = [session(lift, n) for lift in range(1, 7) for n in range(lift * 2)]
    assert main_lifts(sessions) == [6, 5, 4, 3]
    assert len(main_lifts(sessions, limit=10)) == 5  # lift 1 was trained on 2 days only


def test_a_tie_goes_to_the_lift_trained_most_recently_then_by_name():
    sessions = [
        *(session(1, n, name="Bench") for n in (10, 20, 30)),
        *(session(2, n, name="Squat") for n in (5, 20, 30)),
        *(session(3, n, name="Deadlift") for n in (10, 20, 30)),
    ]
    assert main_lifts(sessions) == [2, 1, 3]


def test_two_sets_on_one_day_are_one_training_day():
    sessions = [session(1, 1), session(1, 1), session(1, 2)]
    assert main_lifts(sessions) == []


# --- the whole page's trends -----------------------------------------------------------------


def test_the_charts_cover_the_last_ninety_days():
    t = trends()
    assert (t.start, t.end, t.days) == (back(CHART_DAYS - 1), END, CHART_DAYS)


def test_a_client_with_no_data_gets_empty_charts_that_say_why():
    t = trends()
    assert t.completion.empty and t.readiness.empty
    assert t.lifts == ()
    assert t.flagged == ()
    assert "No 28-day completion" in t.completion.summary
    assert "no usual yet" in t.readiness.summary


def test_nightly_yellow_and_red_days_and_review_items_are_flagged_with_their_reasons():
    scores = [ScoreDay(back(n), "green", 1.0) for n in range(5, 30)] + [
        ScoreDay(back(3), "yellow", 0.5, [{"code": "adherence_drop", "text": "2 of 8 sessions"}]),
        ScoreDay(back(2), "red", 0.5, [{"code": "x", "text": "missed a week"}]),
    ]
    t = trends(
        scores=scores,
        review_flags=[(back(3), "red", "chest pain"), (back(10), "yellow", "asked for a coach")],
    )
    assert [(f.day, f.level) for f in t.flagged] == [
        (back(2), "red"),
        (back(3), "red"),
        (back(10), "yellow"),
    ]
    assert "chest pain" in t.flagged[1].label and "2 of 8 sessions" in t.flagged[1].label
    for chart in (t.completion.chart,):
        assert {m.day for m in chart.markers} == {back(2), back(3), back(10)}


def test_flags_before_the_chart_are_not_listed():
    t = trends(review_flags=[(back(CHART_DAYS), "red", "old")])
    assert t.flagged == ()


def test_the_completion_summary_says_the_last_14_days_against_the_usual():
    scores = [ScoreDay(back(n), "green", 0.95) for n in range(2, 40)] + [
        ScoreDay(back(1), "yellow", 0.6)
    ]
    t = trends(
        scores=scores,
        latest_features={
            "usual_completed_per_14d": 7.6,
            "usual_planned_per_14d": 8,
            "planned_14d": 8,
            "completed_14d": 4,
            "completion_swing": 0.05,
        },
    )
    assert t.completion.summary == (
        "28-day completion 60% on 19 Nov; usual 95% ± 5% (below the usual band). "
        "Last 14 days: 4 of 8 planned sessions."
    )
    assert t.completion.chart.band is not None


def test_the_readiness_summary_reads_this_week_against_the_usual():
    checkins = [(back(n), 4) for n in range(7, 90, 7)] + [(back(1), 2), (back(90), 1)]
    t = trends(checkins=checkins)
    assert t.readiness.summary == ("Readiness 2 this week; usual 4 ± 0.5 (below the usual band).")
    assert len(t.readiness.chart.points) == len(checkins) - 1  # the 91st day is outside


def test_one_chart_per_main_lift_with_its_own_band_and_last_session():
    lift_sessions = [
        *(session(1, n, 100.0 + n % 3, name="Back Squat") for n in range(2, 89, 4)),
        *(session(2, n, 60.0, name="Bench Press") for n in range(3, 89, 7)),
        *(session(3, n, 60.0, name="Curl") for n in (3, 5)),  # two days: not a main lift
    ]
    t = trends(lift_sessions=lift_sessions)
    assert [c.title for c in t.lifts] == [
        "Back Squat: estimated 1RM",
        "Bench Press: estimated 1RM",
    ]
    squat = t.lifts[0]
    assert squat.summary.startswith("Back Squat 102 kg e1RM on 18 Nov; usual 101")
    assert squat.chart.band is not None
    assert len(t.lifts) <= MAX_LIFT_CHARTS


def test_weekly_checkins_are_one_line_and_a_missed_fortnight_breaks_it():
    checkins = [(back(n), 4) for n in (0, 7, 14, 35, 42)]
    t = trends(checkins=checkins)
    assert [len(line.split()) for line in t.readiness.chart.lines] == [2, 3]


def test_a_missed_night_breaks_the_completion_line():
    scores = [ScoreDay(back(n), "green", 1.0) for n in (1, 2, 3, 5, 6)]
    t = trends(scores=scores)
    assert [len(line.split()) for line in t.completion.chart.lines] == [2, 3]
