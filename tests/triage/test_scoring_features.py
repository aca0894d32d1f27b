"""Nightly features from small DataFrames: the brief's scenarios, one client or many at once.
Pure pandas: no database."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from decimal import Decimal

import pandas as pd
import pytest

from triage.core.scoring import FEATURE_COLUMNS, assess, compute_features
from triage.core.scoring.features import (
    PERSIST_CHECKINS,
    PERSIST_DAYS,
    RECOVERY_BASELINE_FIRST_BACK,
    RECOVERY_METRICS,
    RECOVERY_RECENT_DAYS,
    RECOVERY_WORSE,
)
from triage.core.scoring.robust import robust_usual

AS_OF = date(2025, 6, 30)  # a Monday; days back 0 is this day
MON, TUE, THU, FRI = 0, 1, 3, 4


def day(back: int) -> date:
    return AS_OF - timedelta(days=back)


def weekdays(days: tuple[int, ...], first_back: int = 0, last_back: int = 89) -> list[int]:
    """The days back, from first_back to last_back, that fall on the given weekdays."""
    return [back for back in range(first_back, last_back + 1) if day(back).weekday() in days]


class Chunk:
    """A nightly chunk built client by client, turned into the five frames."""

    def __init__(self):
        self.clients, self.planned, self.logs, self.checkins, self.lifts = [], [], [], [], []

    def client(self, client_id, created_back=200, first_checkin_back=None):
        first = day(first_checkin_back) if first_checkin_back is not None else None
        self.clients.append(
            {"client_id": client_id, "created_date": day(created_back), "first_checkin_date": first}
        )
        return self

    def plan(self, client_id, backs):
        self.planned += [{"client_id": client_id, "planned_date": day(b)} for b in backs]
        return self

    def log(self, client_id, backs, status="completed"):
        self.logs += [
            {"client_id": client_id, "performed_date": day(b), "status": status} for b in backs
        ]
        return self

    def checkin(self, client_id, backs, **scores):
        defaults = {
            "readiness": 4,
            "fatigue": 2,
            "sleep_quality": 4,
            "sleep_hours": 7.5,
            "mood": 4,
            "stress": 2,
            "soreness": 2,
        }
        for b in backs:
            values = {k: (v(b) if callable(v) else v) for k, v in {**defaults, **scores}.items()}
            self.checkins.append({"client_id": client_id, "date": day(b), **values})
        return self

    def lift(self, client_id, exercise, e1rm_by_back):
        self.lifts += [
            {
                "client_id": client_id,
                "performed_date": day(b),
                "exercise_key": exercise,
                "e1rm_kg": kg,
            }
            for b, kg in e1rm_by_back.items()
        ]
        return self

    def frames(self):
        return (
            pd.DataFrame(self.clients),
            pd.DataFrame(self.planned, columns=["client_id", "planned_date", "week_start"]),
            pd.DataFrame(self.logs, columns=["client_id", "performed_date", "status"]),
            pd.DataFrame(self.checkins),
            pd.DataFrame(
                self.lifts, columns=["client_id", "performed_date", "exercise_key", "e1rm_kg"]
            ),
        )

    def features(self, as_of=AS_OF):
        return compute_features(as_of, *self.frames())


FOUR_A_WEEK = (MON, TUE, THU, FRI)


def steady(chunk: Chunk, client_id: int) -> Chunk:
    """Four planned sessions a week for 90 days, all done, weekly check-ins that vary a little."""
    sessions = weekdays(FOUR_A_WEEK)
    return (
        chunk.client(client_id, first_checkin_back=84)
        .plan(client_id, sessions)
        .log(client_id, sessions)
        .checkin(client_id, weekdays((MON,), 0, 84), readiness=lambda b: 4 if b % 14 else 3)
    )


def missed_three_with_high_fatigue(chunk: Chunk, client_id: int) -> Chunk:
    sessions = weekdays(FOUR_A_WEEK)
    missed = sessions[:3]
    return (
        chunk.client(client_id, first_checkin_back=84)
        .plan(client_id, sessions)
        .log(client_id, [b for b in sessions if b not in missed])
        .checkin(client_id, weekdays((MON,), 7, 84), fatigue=lambda b: 2 if b % 14 else 3)
        .checkin(client_id, [0, 2, 5], fatigue=5, readiness=2)
    )


def falling_while_feeling_great(chunk: Chunk, client_id: int) -> Chunk:
    """Three main lifts, each session a little above or below its level (±1.5%), steady for
    two months, then 10% down over the last three weeks; the client answers 5 of 5."""
    sessions = weekdays((MON, THU))
    chunk.client(client_id, first_checkin_back=84).plan(client_id, sessions).log(
        client_id, sessions
    )
    chunk.checkin(client_id, weekdays((MON,), 0, 84), readiness=5, mood=5)
    for exercise, start in (("squat", 150.0), ("bench_press", 100.0), ("deadlift", 190.0)):
        chunk.lift(client_id, exercise, falling_lift(start, sessions, drop=0.10))
    return chunk


def falling_lift(level: float, backs: list[int], drop: float, days: int = 21) -> dict:
    """A lift's session-best e1RM by days back: ±1.5% around ``level``, falling by ``drop``
    over the last ``days`` days."""
    return {
        b: level * (1 + (0.015 if i % 2 else -0.015)) * (1 - drop * max(0, days - b) / days)
        for i, b in enumerate(backs)
    }


def row(features: pd.DataFrame, client_id: int = 1) -> pd.Series:
    return features.loc[client_id]


# --- The brief's scenarios ------------------------------------------------------------------


def test_a_steady_client_completes_everything_and_stays_green():
    features = steady(Chunk(), 1).features()
    client = row(features)

    assert (client["completion_7d"], client["completion_28d"], client["completion_90d"]) == (
        1,
        1,
        1,
    )
    assert client["completion_drop"] == pytest.approx(0)
    assert client["missed_in_a_row"] == 0
    assert client["checkin_response_rate"] == 1
    assert assess(client).level == "green"


def test_three_missed_workouts_with_high_fatigue_are_counted_and_fatigue_stands_out():
    client = row(missed_three_with_high_fatigue(Chunk(), 1).features())

    assert client["missed_in_a_row"] == 3
    assert client["fatigue_7d"] == 5
    assert client["fatigue_z"] > 2
    assert client["readiness_z"] < -1.5


def test_falling_lifts_while_feeling_great_show_a_decline_and_feeling_fine():
    client = row(falling_while_feeling_great(Chunk(), 1).features())

    assert client["performance_trend"] == pytest.approx(-0.10, abs=0.02)
    assert client["performance_z"] > 3
    assert client["performance_lifts"] == 3
    assert bool(client["feels_fine"]) is True


def test_a_drop_from_four_to_two_sessions_a_week_is_half_the_usual():
    chunk = Chunk().client(1)
    chunk.log(1, weekdays(FOUR_A_WEEK, 14, 89)).log(1, weekdays((MON, THU), 0, 13))

    client = row(chunk.features())

    assert client["completed_14d"] == 4
    assert client["usual_completed_per_14d"] == pytest.approx(8, abs=0.2)
    assert client["completion_drop"] == pytest.approx(0.5, abs=0.03)


def test_without_a_plan_completion_is_measured_against_the_clients_usual():
    chunk = Chunk().client(1)
    chunk.log(1, weekdays((MON, TUE, THU), 7, 89)).log(1, [0])  # 3 a week, then 1 this week

    client = row(chunk.features())

    assert client["planned_14d"] == 0
    assert client["completion_7d"] == pytest.approx(1 / 3, abs=0.03)
    assert client["completion_90d"] == pytest.approx(0.93, abs=0.05)


def test_a_plan_takes_precedence_over_the_usual():
    chunk = Chunk().client(1)
    chunk.log(1, weekdays(FOUR_A_WEEK, 14, 89)).plan(1, weekdays((MON, THU), 0, 6)).log(1, [0])

    assert row(chunk.features())["completion_7d"] == 0.5


def test_the_response_rate_counts_only_weeks_since_the_first_checkin():
    chunk = Chunk().client(1, first_checkin_back=20).log(1, weekdays(FOUR_A_WEEK))
    chunk.checkin(1, [20, 13, 6])

    client = row(chunk.features())

    assert (client["checkin_weeks"], client["checkin_weeks_answered"]) == (3, 3)
    assert client["checkin_response_rate"] == 1


def test_imported_checkins_before_the_first_real_one_do_not_count():
    chunk = Chunk().client(1, first_checkin_back=13)
    chunk.checkin(1, [80, 70, 60, 13])  # the first three came with an import

    client = row(chunk.features())

    assert (client["checkin_weeks"], client["checkin_weeks_answered"]) == (2, 1)
    assert client["checkin_response_rate"] == 0.5


def test_without_a_given_first_checkin_the_earliest_one_in_the_data_is_used():
    chunk = Chunk().client(1).checkin(1, [55, 6])

    client = row(chunk.features())

    assert (client["checkin_weeks"], client["checkin_weeks_answered"]) == (8, 2)
    assert client["checkin_response_rate"] == 0.25


def test_the_response_rate_looks_back_twelve_weeks_at_most():
    chunk = Chunk().client(1, first_checkin_back=400).checkin(1, weekdays((MON,), 0, 83))

    assert row(chunk.features())["checkin_response_rate"] == 1


# --- Completion details ---------------------------------------------------------------------


def test_a_partial_session_counts_half():
    chunk = Chunk().client(1).plan(1, [1, 2]).log(1, [1], "partial").log(1, [2], "completed")

    assert row(chunk.features())["completion_7d"] == 0.75


def test_extra_sessions_do_not_push_completion_above_one():
    chunk = Chunk().client(1).plan(1, [1]).log(1, [1, 2, 3])

    assert row(chunk.features())["completion_7d"] == 1


def test_a_new_client_has_no_usual_yet():
    chunk = Chunk().client(1, created_back=10).plan(1, [1, 3, 5]).log(1, [1])

    client = row(chunk.features())

    assert math.isnan(client["usual_completed_per_14d"])
    assert math.isnan(client["completion_drop"])
    assert client["completion_7d"] == pytest.approx(1 / 3)


def test_imported_history_older_than_the_account_counts_as_usual():
    chunk = Chunk().client(1, created_back=5).log(1, weekdays(FOUR_A_WEEK, 14, 89))

    assert row(chunk.features())["usual_completed_per_14d"] == pytest.approx(8, abs=0.2)


def test_a_client_who_always_varies_has_a_swing():
    chunk = Chunk().client(1)
    for block in range(1, 6):
        per_week = (MON, THU) if block % 2 else FOUR_A_WEEK
        chunk.log(1, weekdays(per_week, block * 14, block * 14 + 13))

    assert row(chunk.features())["completion_swing"] > 0.3


def test_skipped_sessions_count_as_missed_and_a_completed_one_resets_the_run():
    chunk = Chunk().client(1).client(2)
    chunk.plan(1, [1, 3, 5, 8]).log(1, [8]).log(1, [1, 3], "skipped")
    chunk.plan(2, [1, 3, 5, 8]).log(2, [3])

    features = chunk.features()

    assert row(features, 1)["missed_in_a_row"] == 3
    assert row(features, 2)["missed_in_a_row"] == 1


def test_days_since_the_last_log_count_skips_but_training_does_not():
    chunk = Chunk().client(1).log(1, [10]).log(1, [3], "skipped")

    client = row(chunk.features())

    assert (client["days_since_last_log"], client["days_since_last_training"]) == (3, 10)


# --- Recovery and performance details -------------------------------------------------------


def test_too_few_baseline_checkins_give_no_z_score():
    chunk = Chunk().client(1).checkin(1, [0, 10, 20, 30], readiness=1)

    assert math.isnan(row(chunk.features())["readiness_z"])


def test_a_client_who_always_answers_the_same_gets_a_floor_on_the_spread():
    chunk = (
        Chunk()
        .client(1)
        .checkin(1, weekdays((MON,), 7, 84), readiness=4)
        .checkin(1, [0], readiness=3)
    )

    assert row(chunk.features())["readiness_z"] == pytest.approx(-2.0)


def test_readiness_falling_over_four_weeks_is_a_negative_drift():
    chunk = Chunk().client(1).checkin(1, [27, 20, 13, 6, 0], readiness=lambda b: 1 + b / 7)

    assert row(chunk.features())["readiness_drift"] == pytest.approx(-1.0)


def test_a_lift_seen_on_two_days_is_not_a_trend():
    chunk = Chunk().client(1).lift(1, "squat", {20: 150, 2: 120})

    client = row(chunk.features())

    assert math.isnan(client["performance_trend"])
    assert client["performance_lifts"] == 0


def test_e1rm_may_come_as_decimals_and_the_best_set_of_the_day_counts():
    chunk = Chunk().client(1)
    backs = (49, 42, 35, 28, 21, 14, 7, 0)
    chunk.lift(1, "squat", {b: Decimal("100.0") for b in backs})
    chunk.lift(1, "squat", {b: Decimal("80.0") for b in backs})  # back-off sets the same days

    assert row(chunk.features())["performance_trend"] == pytest.approx(0)


# --- Shapes, empties, and many clients ------------------------------------------------------


def test_empty_inputs_give_an_empty_frame_with_every_column():
    features = compute_features(AS_OF, pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), None, None)

    assert features.empty
    assert list(features.columns) == list(FEATURE_COLUMNS)


def test_a_client_with_no_data_gets_a_row_and_is_green():
    features = compute_features(AS_OF, pd.DataFrame({"client_id": [7], "created_date": [day(3)]}))

    client = row(features, 7)
    assert client["planned_14d"] == 0
    assert client["missed_in_a_row"] == 0
    assert math.isnan(client["completion_28d"])
    assert assess(client).level == "green"


def test_rows_after_as_of_and_of_other_clients_are_ignored():
    chunk = steady(Chunk(), 1)
    chunk.plan(1, [-1, -2, -3]).log(99, [0, 1, 2]).plan(99, [0, 1])

    features = chunk.features()

    assert list(features.index) == [1]
    assert row(features)["completion_7d"] == 1


def test_many_clients_at_once_give_the_same_rows_as_each_alone():
    scenarios = {1: steady, 2: missed_three_with_high_fatigue, 3: falling_while_feeling_great}
    chunk = Chunk()
    for client_id, build in scenarios.items():
        build(chunk, client_id)
    chunk.client(4, created_back=3)

    together = chunk.features()

    assert list(together.index) == [1, 2, 3, 4]
    for client_id, build in scenarios.items():
        alone = build(Chunk(), client_id).features()
        pd.testing.assert_series_equal(together.loc[client_id], alone.loc[client_id])
    assert [assess(together.loc[i]).level for i in (1, 2, 3, 4)] == [
        "green",
        "yellow",
        "yellow",
        "green",
    ]


def test_dates_may_be_strings_or_timestamps():
    clients = pd.DataFrame({"client_id": [1], "created_date": ["2025-01-01"]})
    planned = pd.DataFrame(
        {"client_id": [1, 1], "planned_date": ["2025-06-28", pd.Timestamp("2025-06-29")]}
    )
    logs = pd.DataFrame(
        {"client_id": [1], "performed_date": ["2025-06-28"], "status": ["completed"]}
    )

    features = compute_features(AS_OF, clients, planned, logs)

    assert row(features)["completion_7d"] == 0.5


def _recovery_client_by_client(checkins: pd.DataFrame, client_id: int) -> dict:
    """The recovery features of one client, the plain way: each day's mean answer, the usual
    from ``robust_usual``, this week's mean, and the latest two days with an answer."""
    own = checkins[checkins["client_id"] == client_id]
    back = (pd.Timestamp(AS_OF) - pd.to_datetime(own["date"])).dt.days
    daily = own.assign(back=back).groupby("back").mean(numeric_only=True)
    expected = {}
    for name, column in RECOVERY_METRICS.items():
        answers = daily[column].dropna()
        baseline = answers[(answers.index >= RECOVERY_BASELINE_FIRST_BACK) & (answers.index < 90)]
        usual = robust_usual(baseline.tolist())
        enough = usual is not None and usual.answers >= 4
        centre = usual.centre if enough else math.nan
        spread = usual.spread if enough else math.nan
        week = answers[answers.index < RECOVERY_RECENT_DAYS]
        recent = week.mean() if len(week) else math.nan
        latest = answers[answers.index < PERSIST_DAYS].sort_index().iloc[:PERSIST_CHECKINS]
        worse = [RECOVERY_WORSE[name] * (value - centre) for value in latest]
        both = enough and len(worse) == PERSIST_CHECKINS
        expected |= {
            f"{name}_baseline": centre,
            f"{name}_spread": spread,
            f"{name}_7d": recent,
            f"{name}_z": (recent - centre) / spread,
            f"{name}_shift": sum(worse) / len(worse) if both else math.nan,
            f"{name}_persist_z": min(worse) / spread if both else math.nan,
        }
    return expected


def test_the_set_wise_recovery_features_equal_the_client_by_client_rule_on_random_clients():
    rng = random.Random(20261205)
    rows = []
    for client_id in range(1, 301):
        for _ in range(rng.randint(0, 30)):  # some clients with none, a few days with two
            answer = {
                column: rng.choice([1, 2, 3, 3, 4, 4, 5])
                for column in ("readiness", "fatigue", "sleep_quality", "mood", "stress")
            }
            rows.append(
                {
                    "client_id": client_id,
                    "date": day(rng.randint(0, 95)),
                    **answer,
                    "soreness": 2,
                    "sleep_hours": rng.choice([None, 5.5, 6.25, 7.0, 7.3, 8.1]),
                }
            )
    checkins = pd.DataFrame(rows)
    checkins["sleep_hours"] = checkins["sleep_hours"].astype("float64")
    clients = pd.DataFrame(
        {"client_id": range(1, 301), "created_date": day(200), "first_checkin_date": None}
    )

    features = compute_features(AS_OF, clients, checkins=checkins)

    for client_id in range(1, 301):
        expected = _recovery_client_by_client(checkins, client_id)
        actual = features.loc[client_id, list(expected)].astype("float64")
        assert actual.to_numpy() == pytest.approx(
            list(expected.values()), rel=1e-12, abs=1e-12, nan_ok=True
        ), client_id
