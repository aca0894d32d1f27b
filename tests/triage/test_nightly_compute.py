"""The night's pure step between reading and writing: feature rows as JSON-ready dicts, and the
features as a score stores them."""

import math

import numpy as np
import pandas as pd

from triage.core.trends import completion_baseline
from triage.nightly.compute import feature_records, stored_feature_records, stored_features


def test_feature_records_give_floats_flags_and_none_for_missing_values():
    features = pd.DataFrame(
        {"completion_7d": [0.5, np.nan], "feels_fine": [True, False]}, index=[1, 2]
    )

    assert feature_records(features) == [
        {"completion_7d": 0.5, "feels_fine": True},
        {"completion_7d": None, "feels_fine": False},
    ]


def test_stored_features_leave_out_missing_values():
    assert stored_features({"mood_z": None, "planned_14d": 8.0}) == {"planned_14d": 8.0}


def test_stored_features_round_numbers_to_six_decimals():
    stored = stored_features({"completion_90d": 0.6538461538461539, "performance_z": -1.7737823913})

    assert stored == {"completion_90d": 0.653846, "performance_z": -1.773782}


def test_stored_features_keep_flags_names_and_whole_numbers_as_they_are():
    record = {"feels_fine": True, "performance_lift_name": "Back Squat", "checkin_weeks": 12.0}

    assert stored_features(record) == record


def test_a_stored_row_without_its_missing_values_still_gives_the_usual_band():
    record = {
        "usual_completed_per_14d": 5.342105263157895,
        "usual_planned_per_14d": 8.105263157894736,
        "planned_14d": 8.0,
        "completion_swing": None,
    }

    full, stored = completion_baseline(record), completion_baseline(stored_features(record))

    assert math.isclose(full.mean, stored.mean, abs_tol=1e-5)


def test_stored_feature_records_store_each_row_as_stored_features_would():
    rng = np.random.default_rng(7)
    numbers = rng.normal(size=(200, 4)) * 10.0 ** rng.integers(-3, 4, size=(200, 4))
    numbers[rng.random((200, 4)) < 0.3] = np.nan
    features = pd.DataFrame(numbers, columns=["a_z", "b_7d", "c_drop", "planned_14d"])
    features["feels_fine"] = rng.random(200) < 0.5

    assert stored_feature_records(features) == [
        stored_features(record) for record in feature_records(features)
    ]
