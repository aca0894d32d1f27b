"""The pure part of the night between reading and writing: features as JSON-ready rows, and the
weekly series the deload rule reads. No Django."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import numpy as np
import pandas as pd


def _number(value: Any) -> float | None:
    if value is None or pd.isna(value):
        return None
    return float(value)


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {
        key: (_number(value) if not isinstance(value, bool | str) else value)
        for key, value in row.items()
    }


def _records(
    features: pd.DataFrame, decimals: int | None, keep_missing: bool
) -> list[dict[str, Any]] | None:
    """The features as one dict per row, set-wise: numbers as floats (rounded to ``decimals``
    when given), flags as booleans, missing values as None or left out. ``None`` when a column
    holds other values than numbers and flags (the caller converts row by row)."""
    flags = [name for name in features.columns if features[name].dtype == bool]
    values = features.drop(columns=flags)
    if any(values[name].dtype == object for name in values.columns):
        return None
    numbers = values.to_numpy(dtype="float64")
    cells = (numbers if decimals is None else np.round(numbers, decimals)).astype(object)
    cells[np.isnan(numbers)] = None
    columns = list(values.columns)
    if keep_missing:
        records = [dict(zip(columns, row, strict=True)) for row in cells.tolist()]
    else:
        records = [
            {key: value for key, value in zip(columns, row, strict=True) if value is not None}
            for row in cells.tolist()
        ]
    for name in flags:
        for record, flag in zip(records, features[name].tolist(), strict=True):
            record[name] = flag
    return records


def feature_records(features: pd.DataFrame) -> list[dict[str, Any]]:
    """The features as one JSON-ready dict per row: numbers as floats, flags as booleans,
    missing values as None (set-wise, instead of a conversion per value)."""
    records = _records(features, decimals=None, keep_missing=True)
    if records is None:
        return [_jsonable(row) for row in features.to_dict("records")]
    return records


# Stored features keep this many decimals: finer than any threshold or display, and about a
# third less JSON for Postgres to parse and store each night.
STORED_DECIMALS = 6


def stored_features(record: dict[str, Any]) -> dict[str, Any]:
    """A feature row as the score stores it: missing values left out (readers treat an absent
    key as missing) and numbers rounded to ``STORED_DECIMALS``."""
    return {
        key: round(value, STORED_DECIMALS) if type(value) is float else value
        for key, value in record.items()
        if value is not None
    }


def stored_feature_records(features: pd.DataFrame) -> list[dict[str, Any]]:
    """``stored_features`` of each of ``feature_records(features)``, set-wise: the numbers
    rounded in one vectorized pass instead of one ``round`` per value (200,000 a batch)."""
    records = _records(features, decimals=STORED_DECIMALS, keep_missing=False)
    if records is None:
        return [stored_features(record) for record in feature_records(features)]
    return records


FATIGUE_WEEKS = 3
# Weekly e1RM blocks the deload rule reads per lift: a reference week and the two after it.
PERFORMANCE_WEEKS = 3


def weekly_series(
    frame: pd.DataFrame,
    date_column: str,
    value: str,
    day: date,
    weeks: int,
    clients: Iterable[int] | None = None,
) -> dict[int, list[float | None]]:
    """Per client (of ``clients``, default all), the weekly mean of ``value`` for the last
    ``weeks`` 7-day blocks, oldest first."""
    if frame.empty:
        return {}
    data = frame[["client_id", date_column, value]].dropna()
    if clients is not None:
        data = data[data["client_id"].isin(set(clients))]
    data = data.assign(
        block=(
            (
                pd.Timestamp(day) - pd.to_datetime(data[date_column], cache=False).dt.normalize()
            ).dt.days
            // 7
        )
    )
    data = data[(data["block"] >= 0) & (data["block"] < weeks)]
    means = (
        data.groupby(["client_id", "block"])[value]
        .mean()
        .unstack()
        .reindex(columns=range(weeks - 1, -1, -1))
    )
    return {
        int(client_id): [None if pd.isna(mean) else float(mean) for mean in row]
        for client_id, row in zip(means.index, means.to_numpy(), strict=True)
    }


def weekly_lift_series(
    lift_sets: pd.DataFrame, day: date, weeks: int, clients: Iterable[int]
) -> dict[int, dict[str, list[float | None]]]:
    """Per client, each lift's best e1RM in each of the last ``weeks`` 7-day blocks, oldest
    first (None for a week without it): what the deload rule reads as performance."""
    if lift_sets.empty:
        return {}
    data = lift_sets[["client_id", "performed_date", "exercise_key", "e1rm_kg"]].dropna()
    data = data[data["client_id"].isin(set(clients))]
    data = data.assign(
        e1rm_kg=pd.to_numeric(data["e1rm_kg"], errors="coerce"),
        block=(
            pd.Timestamp(day) - pd.to_datetime(data["performed_date"], cache=False).dt.normalize()
        ).dt.days
        // 7,
    )
    data = data[(data["block"] >= 0) & (data["block"] < weeks)]
    best = (
        data.groupby(["client_id", "exercise_key", "block"])["e1rm_kg"]
        .max()
        .unstack()
        .reindex(columns=range(weeks - 1, -1, -1))
    )
    series: dict[int, dict[str, list[float | None]]] = {}
    for (client_id, lift), row in zip(best.index, best.to_numpy(), strict=True):
        series.setdefault(int(client_id), {})[str(lift)] = [
            None if pd.isna(value) else float(value) for value in row
        ]
    return series
