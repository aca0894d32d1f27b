"""Training and using the risk model for one organization (the shell around risk_model)."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
from django.db.models import Max

from coaching.local_sql import widest_range
from coaching.models import Client
from programs.models import PlannedWorkout, WorkoutLog
from triage.core import risk_model
from triage.models import AdherenceScore, RiskModel
from triage.nightly import client_zones, local_dates

OUTCOME_DAYS = 7


def training_frame(organization) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """Past scores (features) and whether the client then missed most of the next week."""
    cutoff = organization.today() - timedelta(days=OUTCOME_DAYS + 1)
    scores = pd.DataFrame.from_records(
        AdherenceScore.objects.filter(date__lte=cutoff).values("client_id", "date", "features")
    )
    if scores.empty:
        return pd.DataFrame(), pd.Series(dtype=int), pd.Series(dtype="datetime64[ns]")
    features = pd.json_normalize(scores["features"].tolist())
    scores = pd.concat([scores.drop(columns=["features"]), features], axis=1)
    scores["date"] = pd.to_datetime(scores["date"])
    planned = pd.DataFrame.from_records(
        PlannedWorkout.objects.filter(planned_date__gte=scores["date"].min()).values(
            "client_id", "planned_date"
        )
    )
    # Sessions on each client's local days (a range of instants wide enough for every zone).
    zones = client_zones(organization, Client.objects.values_list("pk", "time_zone"))
    first = scores["date"].min().date()
    logs = pd.DataFrame.from_records(
        WorkoutLog.objects.filter(
            status__in=["completed", "partial"],
            **widest_range("performed_at", first, organization.today(), zones.values()),
        ).values("client_id", "performed_at")
    )
    if not logs.empty:
        logs["performed_at"] = local_dates(logs, "performed_at", zones)
    scores["planned_next"] = _count_next_week(scores, planned, "planned_date")
    scores["done_next"] = _count_next_week(scores, logs, "performed_at")
    labeled = scores[scores["planned_next"] > 0].reset_index(drop=True)
    missed = (labeled["done_next"] < risk_model.MISS_THRESHOLD * labeled["planned_next"]).astype(
        int
    )
    return labeled, missed, labeled["date"]


def _count_next_week(scores: pd.DataFrame, events: pd.DataFrame, column: str) -> pd.Series:
    if events.empty:
        return pd.Series(0, index=scores.index)
    events = events.copy()
    events["day"] = pd.to_datetime(events[column]).dt.normalize()
    joined = (
        scores[["client_id", "date"]]
        .reset_index()
        .merge(events[["client_id", "day"]], on="client_id")
    )
    delta = (joined["day"] - joined["date"]).dt.days
    inside = joined[(delta >= 1) & (delta <= OUTCOME_DAYS)]
    return inside.groupby("index").size().reindex(scores.index, fill_value=0)


def retrain(organization) -> RiskModel | None:
    """Train a new version on the organization's history; None on a cold start."""
    features, missed, dates = training_frame(organization)
    try:
        trained = risk_model.train(features, missed, dates)
    except risk_model.ColdStart:
        return None
    version = (RiskModel.objects.aggregate(v=Max("version"))["v"] or 0) + 1
    return RiskModel.objects.create(
        organization=organization,
        version=version,
        samples=trained.samples,
        auc=trained.auc,
        brier=trained.brier,
        feature_names=list(trained.features),
        coefficients=trained.coefficients,
        blob=trained.to_bytes(),
    )


def latest_model(organization) -> RiskModel | None:
    return RiskModel.objects.filter(organization=organization).order_by("-version").first()


def risk_provider(organization):
    """A function features → {client_id: probability}, or None when there is no model yet."""
    stored = latest_model(organization)
    if stored is None:
        return None
    trained = risk_model.TrainedModel.from_bytes(bytes(stored.blob))

    def predict(features: pd.DataFrame) -> dict[int, float]:
        probabilities = risk_model.predict(trained, features)
        return {
            int(cid): round(float(p), 4)
            for cid, p in zip(features.index, probabilities, strict=True)
        }

    return predict
