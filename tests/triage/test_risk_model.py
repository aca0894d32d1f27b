import pickle

import numpy as np
import pandas as pd
import pytest

from triage.core import risk_model


def synthetic(n=600, seed=1):
    rng = np.random.default_rng(seed)
    completion = rng.uniform(0, 1, n)
    missed = (rng.uniform(0, 1, n) > completion).astype(int)  # low completion → likely to miss
    features = pd.DataFrame(
        {
            "completion_7d": completion,
            "completion_28d": np.clip(completion + rng.normal(0, 0.1, n), 0, 1),
            "missed_in_a_row": (1 - completion) * 4,
            "readiness_z": rng.normal(0, 1, n),
        }
    )
    dates = pd.Series(pd.date_range("2026-01-01", periods=n, freq="h"))
    return features, pd.Series(missed), dates


def test_a_model_trained_on_history_ranks_risk_better_than_chance():
    model = risk_model.train(*synthetic())

    assert model.auc > 0.7
    assert 0 < model.brier < 0.25
    assert model.samples == 600


def test_predictions_are_probabilities_and_low_completion_is_riskier():
    model = risk_model.train(*synthetic())
    probabilities = risk_model.predict(
        model,
        pd.DataFrame(
            {
                "completion_7d": [0.05, 0.95],
                "completion_28d": [0.05, 0.95],
                "missed_in_a_row": [4, 0],
            }
        ),
    )

    assert all(0 <= p <= 1 for p in probabilities)
    assert probabilities[0] > probabilities[1]


def test_too_little_history_is_a_cold_start():
    features, missed, dates = synthetic(n=50)

    with pytest.raises(risk_model.ColdStart, match="at least"):
        risk_model.train(features, missed, dates)


def test_one_outcome_only_is_a_cold_start():
    features, _, dates = synthetic()

    with pytest.raises(risk_model.ColdStart):
        risk_model.train(features, pd.Series(np.zeros(len(features), dtype=int)), dates)


def test_the_explanation_names_what_pushed_the_risk_up():
    model = risk_model.train(*synthetic())
    row = pd.Series(
        {"completion_7d": 0.0, "completion_28d": 0.0, "missed_in_a_row": 4.0, "readiness_z": 0.0}
    )

    names = [name for name, _ in risk_model.explain(model, row)]

    assert names and names[0] in {"completion_7d", "completion_28d", "missed_in_a_row"}


def test_a_model_survives_being_stored_and_loaded():
    model = risk_model.train(*synthetic())

    again = risk_model.TrainedModel.from_bytes(model.to_bytes())

    assert again.auc == model.auc


def test_a_model_stored_before_the_module_moved_into_core_is_still_read():
    stored = risk_model.TrainedModel(
        pipeline=None, explainer=None, features=("a",), samples=3, auc=None, brier=None
    )
    old_home = b".".join((b"triage", b"risk_model"))  # spelled apart: moves rewrite dotted names
    blob = pickle.dumps(stored, protocol=0).replace(risk_model.__name__.encode(), old_home)

    assert old_home in blob
    assert risk_model.TrainedModel.from_bytes(blob).features == ("a",)
