"""The miss-next-week risk model: pure scikit-learn, no Django.

It predicts the probability that a client completes under half of next week's planned sessions,
from the nightly features. Trained on the deployment's own history with a time-based split (the
latest days validate, never a random shuffle that would leak the future), calibrated
(sigmoid), and reported with AUC and Brier score. With too little history, or only one outcome
seen, there is no model: the rules alone decide, and the risk figure says so. A risk figure is
shown beside the level; it is never alone a reason for red.
"""

from __future__ import annotations

import io
import pickle
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import pandas as pd
from sklearn.calibration import CalibratedClassifierCV
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, roc_auc_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

FEATURES = (
    "completion_7d",
    "completion_28d",
    "completion_90d",
    "completion_drop",
    "missed_in_a_row",
    "readiness_z",
    "fatigue_z",
    "sleep_z",
    "readiness_drift",
    "performance_trend",
    "checkin_response_rate",
    "days_since_last_log",
)
MIN_SAMPLES = 200
MIN_PER_CLASS = 20
VALIDATION_SHARE = 0.2
MISS_THRESHOLD = 0.5  # "misses most": completes under half of the planned sessions


class ColdStart(Exception):
    """Too little history to train: the rules decide alone."""


_OLD_HOME = ".".join(("triage", "risk_model"))


class _Unpickler(pickle.Unpickler):
    """Reads blobs pickled before this module moved into ``triage.core`` (it sat directly in
    ``triage``): stored models stay readable until the weekly retrain replaces them."""

    def find_class(self, module: str, name: str) -> Any:
        if module == _OLD_HOME:
            module = __name__
        return super().find_class(module, name)


@dataclass
class TrainedModel:
    pipeline: Pipeline
    explainer: Pipeline
    features: tuple[str, ...]
    samples: int
    auc: float | None
    brier: float | None

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        pickle.dump(self, buffer)
        return buffer.getvalue()

    @staticmethod
    def from_bytes(blob: bytes) -> TrainedModel:
        # Our own blob, written by to_bytes: pickle cannot say what it holds, so we do.
        return cast(TrainedModel, _Unpickler(io.BytesIO(blob)).load())

    @property
    def coefficients(self) -> dict[str, float]:
        model = self.explainer.named_steps["model"]
        return {name: float(c) for name, c in zip(self.features, model.coef_[0], strict=True)}


def _matrix(frame: pd.DataFrame) -> np.ndarray:
    matrix: np.ndarray = frame.reindex(columns=list(FEATURES)).astype("float64").to_numpy()
    return matrix


def _pipeline() -> Pipeline:
    return Pipeline(
        [
            ("impute", SimpleImputer(strategy="median", keep_empty_features=True)),
            ("scale", StandardScaler()),
            ("model", LogisticRegression(max_iter=1000, class_weight="balanced")),
        ]
    )


def train(features: pd.DataFrame, missed: pd.Series, dates: pd.Series) -> TrainedModel:
    """Fit on the earlier days, validate on the latest VALIDATION_SHARE of days.

    ``features``: one row per (client, day) with FEATURES columns; ``missed``: 1 when the client
    then completed under half of the next week's planned sessions; ``dates``: the scoring day.
    """
    y = missed.astype(int).to_numpy()
    if len(y) < MIN_SAMPLES or min(np.bincount(y, minlength=2)) < MIN_PER_CLASS:
        raise ColdStart(
            f"{len(y)} scored weeks with {int(y.sum())} misses: at least {MIN_SAMPLES} and "
            f"{MIN_PER_CLASS} of each outcome are needed."
        )
    order = np.argsort(pd.to_datetime(dates).to_numpy(), kind="stable")
    X = _matrix(features)[order]
    y = y[order]
    cut = int(len(y) * (1 - VALIDATION_SHARE))
    X_train, y_train, X_valid, y_valid = X[:cut], y[:cut], X[cut:], y[cut:]
    if min(np.bincount(y_train, minlength=2)) < MIN_PER_CLASS // 2:
        raise ColdStart("The earlier history has too few of one outcome to learn from.")
    calibrated = CalibratedClassifierCV(_pipeline(), method="sigmoid", cv=3)
    calibrated.fit(X_train, y_train)
    auc = brier = None
    if len(set(y_valid)) == 2:
        probabilities = calibrated.predict_proba(X_valid)[:, 1]
        auc = float(roc_auc_score(y_valid, probabilities))
        brier = float(brier_score_loss(y_valid, probabilities))
    # Refit on everything for use; keep a plain pipeline for explanations.
    final = CalibratedClassifierCV(_pipeline(), method="sigmoid", cv=3).fit(X, y)
    explainer = _pipeline().fit(X, y)
    return TrainedModel(final, explainer, FEATURES, len(y), auc, brier)


def predict(model: TrainedModel, features: pd.DataFrame) -> np.ndarray:
    """Probability of missing most of next week, per row."""
    if features.empty:
        return np.array([])
    # scikit-learn ships no type hints: predict_proba is untyped.
    probabilities: np.ndarray = model.pipeline.predict_proba(_matrix(features))[:, 1]
    return probabilities


def explain(model: TrainedModel, row: pd.Series, top: int = 3) -> list[tuple[str, float]]:
    """The features that pushed this client's risk up most: coefficient × standardized value."""
    steps = model.explainer.named_steps
    x = steps["scale"].transform(steps["impute"].transform(_matrix(row.to_frame().T)))[0]
    contributions = steps["model"].coef_[0] * x
    ranked = sorted(zip(model.features, contributions, strict=True), key=lambda item: -item[1])
    return [(name, float(value)) for name, value in ranked[:top] if value > 0]
