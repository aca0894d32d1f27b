"""Nightly features, set-wise: one chunk's logs, plans and check-ins in, one row per client out.

Pure pandas, no Django. Every feature is computed for all clients of the chunk at once with
groupby / merge / unstack (no Python loop per client), so the shell reads one query per chunk and
calls ``compute_features`` once.

Conventions
- ``as_of`` is the last day counted: the nightly job scores the day that just ended, so a window
  of N days is ``as_of - N + 1 .. as_of`` inclusive. Anything dated after ``as_of`` is ignored.
- "days back" of a date is ``(as_of - date).days``: 0 is ``as_of`` itself.
- The shell should load at least ``HISTORY_DAYS`` of history; older rows are harmless.
- Rows whose ``client_id`` is not in ``clients`` are ignored; clients with no data get a row of
  NaN / zero features (never an error).

"Normal" is each client's own: completion is compared with the client's usual (days 15-90, and
the median of their complete weeks) and with how much that usual swings; recovery scores with the
client's own robust usual (interquartile mean and MAD of the 8-12 weeks before the last two, shrunk toward the
population's spread while they have few answers), and a change must show in both of the latest
two check-ins; each main lift with its own reference level and session-to-session noise.
TrueCoach's "needs attention" flags a fixed 20% drop for everyone; here a client who always
wobbles is not flagged for wobbling, and a metronome is flagged when it stops.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date

import numpy as np
import pandas as pd

from programs.core.session_credit import (  # noqa: F401  (PARTIAL_CREDIT: named here for readers)
    CREDIT_BY_STATUS,
    PARTIAL_CREDIT,
)
from triage.core.scoring.robust import (
    MAD_TO_SD,
    MEAN_AD_TO_SD,
    MIN_SCALE,
    PRIOR_SCALE,
    PRIOR_WEIGHT,
    TRIM_SHARE,
)

# How much history the shell should load, in days (the longest window below).
HISTORY_DAYS = 90
# The completion windows, in days, ending at as_of.
COMPLETION_WINDOWS = (7, 28, 90)
# The recent window compared with the usual, and the baseline's span in days back (days 15-90).
RECENT_DAYS = 14
BASELINE_FIRST_DAY_BACK = 14
BASELINE_LAST_DAY_BACK = 89
# Fewer days of baseline than this (a new client) and there is no usual yet.
MIN_BASELINE_DAYS = 14
# The usual's swing is measured on full 14-day blocks inside the baseline (blocks 1..5 back);
# at least this many blocks are needed.
SWING_BLOCKS = (1, 2, 3, 4, 5)
MIN_SWING_BLOCKS = 2
# Recovery scores (1-5 answers and hours of sleep) are judged against the client's own usual over
# the 8-12 weeks before the last two: days RECOVERY_BASELINE_FIRST_BACK..HISTORY_DAYS-1 back, as a
# robust centre and spread (``triage.core.scoring.robust``: interquartile mean, MAD, shrinkage toward
# the population spread). "This week" is the last RECOVERY_RECENT_DAYS days.
RECOVERY_RECENT_DAYS = 7
RECOVERY_BASELINE_FIRST_BACK = 14
MIN_BASELINE_CHECKINS = 4
# The floor of the spread (kept under its old name for the charts).
MIN_SCORE_STD = MIN_SCALE
RECOVERY_METRICS = {
    "readiness": "readiness",
    "fatigue": "fatigue",
    "sleep": "sleep_quality",
    "sleep_hours": "sleep_hours",
    "mood": "mood",
    "stress": "stress",
}
# Which way is worse: readiness, sleep quality and hours, and mood fall; fatigue and stress rise.
RECOVERY_WORSE = {
    "readiness": -1.0,
    "fatigue": 1.0,
    "sleep": -1.0,
    "sleep_hours": -1.0,
    "mood": -1.0,
    "stress": 1.0,
}
# Persistence: the latest PERSIST_CHECKINS check-in days within the last PERSIST_DAYS days are the
# "latest two"; a change counts only when both show it.
PERSIST_CHECKINS = 2
PERSIST_DAYS = 14
# Drift: the least-squares slope of readiness, per week, over the last DRIFT_DAYS, from at least
# MIN_DRIFT_POINTS check-ins spanning MIN_DRIFT_SPAN_DAYS (shown to coaches; no rule fires on it
# alone: four weekly answers are too few for a slope to mean anything).
DRIFT_DAYS = 28
MIN_DRIFT_POINTS = 3
MIN_DRIFT_SPAN_DAYS = 14
# Performance, per main lift: its level now (the least-squares line through its session-best
# e1RMs of the last PERFORMANCE_DAYS, read at as_of) against its reference level (the median of
# its sessions REFERENCE_DAYS back, the weeks before), in units of the lift's own session-to-session
# noise (1.4826 x MAD of its sessions relative to the reference, days PERFORMANCE_DAYS..HISTORY_DAYS-1
# back, shrunk toward E1RM_PRIOR_NOISE by E1RM_PRIOR_WEIGHT sessions, at least E1RM_MIN_NOISE).
PERFORMANCE_DAYS = 21
REFERENCE_DAYS = (21, 55)
MIN_REFERENCE_SESSIONS = 3
MIN_LIFT_DAYS = 3
MIN_LIFT_SPAN_DAYS = 7
E1RM_PRIOR_NOISE = 0.025
E1RM_PRIOR_WEIGHT = 4.0
E1RM_MIN_NOISE = 0.01
# The variance of a median is about pi/2 times that of a mean of as many values.
MEDIAN_VARIANCE_FACTOR = math.pi / 2
# Completion by calendar week (Monday to Sunday): the last complete week against the median of
# the complete weeks before it (up to USUAL_WEEKS of them, at least MIN_USUAL_WEEKS).
USUAL_WEEKS = 11
MIN_USUAL_WEEKS = 3
# "Feels fine": over the last FEELS_FINE_DAYS, readiness (and mood, when given) average at least
# FEELS_FINE_MIN_SCORE on the 1-5 scale.
FEELS_FINE_DAYS = 14
FEELS_FINE_MIN_SCORE = 3.5
# Check-in response rate: answered weeks over weeks since the first check-in, looking back at
# most RESPONSE_WEEKS weeks (7-day blocks ending at as_of).
RESPONSE_WEEKS = 12

DONE_STATUSES = ("completed", "partial")
CREDIT = CREDIT_BY_STATUS

FEATURE_COLUMNS = (
    *(f"completion_{days}d" for days in COMPLETION_WINDOWS),
    "planned_14d",
    "completed_14d",
    "usual_completed_per_14d",
    "usual_planned_per_14d",
    "completion_drop",
    "completion_swing",
    "week_completed",
    "week_planned",
    "usual_week_completed",
    "week_expected",
    *(f"{name}_z" for name in RECOVERY_METRICS),
    *(f"{name}_7d" for name in RECOVERY_METRICS),
    *(f"{name}_baseline" for name in RECOVERY_METRICS),
    *(f"{name}_spread" for name in RECOVERY_METRICS),
    *(f"{name}_shift" for name in RECOVERY_METRICS),
    *(f"{name}_persist_z" for name in RECOVERY_METRICS),
    "readiness_drift",
    "performance_trend",
    "performance_z",
    "performance_lift",
    "performance_lifts",
    "performance_mean_change",
    "performance_pooled_z",
    "readiness_14d",
    "mood_14d",
    "feels_fine",
    "missed_in_a_row",
    "checkin_weeks",
    "checkin_weeks_answered",
    "checkin_response_rate",
    "days_since_last_log",
    "days_since_last_training",
    "days_since_created",
)

_CHECKIN_SCORES = (
    "readiness",
    "fatigue",
    "sleep_quality",
    "sleep_hours",
    "mood",
    "stress",
    "soreness",
)


def _frame(
    df: pd.DataFrame | None, date_column: str | None, columns: Iterable[str], as_of: pd.Timestamp
) -> pd.DataFrame:
    """A clean copy: the columns present (missing ones as NaN), dates as Timestamps, a
    ``days_back`` column, and nothing after as_of."""
    columns = list(columns)
    wanted = ["client_id", *([date_column] if date_column else []), *columns]
    if df is None or df.empty:
        out = pd.DataFrame({name: pd.Series(dtype="float64") for name in wanted})
    else:
        out = df.reindex(columns=wanted).copy()
    if date_column is None:
        return out
    out[date_column] = pd.to_datetime(out[date_column], cache=False).dt.normalize()
    out = out.dropna(subset=["client_id", date_column])
    out["days_back"] = (as_of - out[date_column]).dt.days.astype("int64")
    return out[out["days_back"] >= 0]


def _numbers(series: pd.Series) -> pd.Series:
    """Numbers as floats (Decimals from the database included); anything else NaN."""
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        return series.astype("float64")
    return pd.to_numeric(series.astype("object"), errors="coerce").astype("float64")


def _clients(clients: pd.DataFrame | None, as_of: pd.Timestamp) -> pd.DataFrame:
    """One row per client with days back to the creation date and to the first check-in."""
    columns = ["client_id", "created_date", "first_checkin_date"]
    if clients is None or clients.empty:
        clients = pd.DataFrame({name: pd.Series(dtype="object") for name in columns})
    clients = (
        clients.reindex(columns=columns).dropna(subset=["client_id"]).drop_duplicates("client_id")
    )
    created_back = (
        as_of - pd.to_datetime(clients["created_date"], cache=False).dt.normalize()
    ).dt.days
    first_back = (
        as_of - pd.to_datetime(clients["first_checkin_date"], cache=False).dt.normalize()
    ).dt.days
    return pd.DataFrame(
        {
            "client_id": clients["client_id"],
            # Created after as_of: not counted as history.
            "days_back": created_back.where(created_back >= 0).astype("float64"),
            # A first check-in after as_of has not happened yet.
            "first_checkin_days_back": first_back.where(first_back >= 0).astype("float64"),
        }
    )


# Every input frame carries ``POSITION``: the row's client's position among the chunk's clients
# (``ids``), set once in ``compute_features``. Per-client sums and counts are then one
# ``np.bincount`` over those positions, instead of a groupby that hashes the client ids again
# for every window (the night runs about twenty of them over a batch's 450,000 rows).
POSITION = "_position"


def _per_client(
    df: pd.DataFrame,
    value: str | None,
    inside: np.ndarray,
    n: int,
    width: int = 1,
    cell: np.ndarray | pd.Series | None = None,
) -> np.ndarray:
    """Per client (and per ``cell`` in 0..width-1, when given), the sum of ``value`` (or the row
    count) over the rows ``inside``: an (n, width) array, 0 where there are none."""
    positions = df[POSITION].to_numpy()[inside]
    if cell is not None:
        positions = positions * width + np.asarray(cell)[inside]
    weights = None if value is None else df[value].to_numpy(dtype="float64")[inside]
    return np.bincount(positions, weights=weights, minlength=n * width).reshape(n, width)


def _window_sum(
    df: pd.DataFrame, value: str | None, first_back: int, last_back: int, ids: pd.Index
) -> pd.Series:
    """Sum of ``value`` (or the row count) per client for days back first..last, 0 when none."""
    back = df["days_back"].to_numpy()
    inside = (back >= first_back) & (back <= last_back)
    summed = _per_client(df, value, inside, len(ids))[:, 0]
    return pd.Series(summed.astype("float64"), index=ids)


def _latest_back(df: pd.DataFrame, n: int) -> np.ndarray:
    """Per client, the largest days back of its rows (its earliest row); NaN when none."""
    latest = np.full(n, -1.0)
    np.maximum.at(latest, df[POSITION].to_numpy(), df["days_back"].to_numpy(dtype="float64"))
    return np.where(latest < 0, np.nan, latest)


def _slope(df: pd.DataFrame, keys: list[str], x: str, y: str) -> pd.DataFrame:
    """Least-squares slope of y on x per group, vectorised: n, span of x, mean of y, slope."""
    data = df[[*keys, x, y]].dropna()
    data = data.assign(_xx=data[x] * data[x], _xy=data[x] * data[y])
    grouped = data.groupby(keys)
    n = grouped.size().astype("float64")
    sums = grouped[[x, y, "_xx", "_xy"]].sum()
    denominator = n * sums["_xx"] - sums[x] ** 2
    slope = (n * sums["_xy"] - sums[x] * sums[y]) / denominator.where(denominator > 0)
    return pd.DataFrame(
        {
            "n": n,
            "span": grouped[x].max() - grouped[x].min(),
            "mean": sums[y] / n,
            "slope": slope,
            "x_mean": sums[x] / n,
            "x_ss": denominator / n,  # sum of squared deviations of x
        }
    )


def _start_days_back(
    clients: pd.DataFrame, planned: pd.DataFrame, logs: pd.DataFrame, ids: pd.Index
) -> pd.Series:
    """Days back to the client's start: the earliest of created date, first plan and first log
    (imported history can predate the account)."""
    created = clients.set_index("client_id")["days_back"].reindex(ids).to_numpy(dtype="float64")
    earliest = np.fmax(_latest_back(planned, len(ids)), _latest_back(logs, len(ids)))
    return pd.Series(np.fmax(created, earliest), index=ids)


def _completion(
    clients: pd.DataFrame,
    planned: pd.DataFrame,
    logs: pd.DataFrame,
    ids: pd.Index,
    as_of: pd.Timestamp,
) -> pd.DataFrame:
    """Completion windows, the last 14 days against the usual, and how much the usual swings."""
    out = pd.DataFrame(index=ids)
    start_back = _start_days_back(clients, planned, logs, ids)
    # Baseline days the client existed for, within days back 14..89.
    baseline_days = (
        np.minimum(start_back, BASELINE_LAST_DAY_BACK) - BASELINE_FIRST_DAY_BACK + 1
    ).clip(lower=0)
    has_baseline = baseline_days >= MIN_BASELINE_DAYS
    usual_completed = _window_sum(
        logs, "credit", BASELINE_FIRST_DAY_BACK, BASELINE_LAST_DAY_BACK, ids
    )
    usual_planned = _window_sum(planned, None, BASELINE_FIRST_DAY_BACK, BASELINE_LAST_DAY_BACK, ids)
    scale = (RECENT_DAYS / baseline_days).where(has_baseline)
    out["usual_completed_per_14d"] = usual_completed * scale
    out["usual_planned_per_14d"] = usual_planned * scale
    usual_weekly = out["usual_completed_per_14d"] / 2

    for days in COMPLETION_WINDOWS:
        planned_n = _window_sum(planned, None, 0, days - 1, ids)
        credited_n = _window_sum(logs, "credit", 0, days - 1, ids)
        against_plan = (credited_n / planned_n.where(planned_n > 0)).clip(upper=1)
        # No plan in the window: sessions against the client's usual weekly count, over the days
        # of the window the client existed for.
        active_days = np.minimum(days, start_back + 1)
        expected = (usual_weekly * active_days / 7).where(usual_weekly > 0)
        against_usual = (credited_n / expected).clip(upper=1)
        out[f"completion_{days}d"] = against_plan.where(planned_n > 0, against_usual)

    out["planned_14d"] = _window_sum(planned, None, 0, RECENT_DAYS - 1, ids).astype("int64")
    out["completed_14d"] = _window_sum(logs, "credit", 0, RECENT_DAYS - 1, ids)

    # The drop: on rates when there is a plan now and in the baseline (a coach halving the plan
    # is not a drop), on counts otherwise. Positive is a drop, negative an improvement.
    recent_rate = (out["completed_14d"] / out["planned_14d"].where(out["planned_14d"] > 0)).clip(
        upper=1
    )
    usual_rate = (
        out["usual_completed_per_14d"]
        / out["usual_planned_per_14d"].where(out["usual_planned_per_14d"] > 0)
    ).clip(upper=1)
    on_rates = recent_rate.notna() & (usual_rate > 0)
    drop_on_rates = 1 - recent_rate / usual_rate.where(usual_rate > 0)
    drop_on_counts = 1 - out["completed_14d"] / out["usual_completed_per_14d"].where(
        out["usual_completed_per_14d"] > 0
    )
    out["completion_drop"] = drop_on_rates.where(on_rates, drop_on_counts)

    # The swing: the coefficient of variation of full 14-day blocks in the baseline, measured
    # the same way as the drop (rates or counts).
    def blocks(df: pd.DataFrame, value: str | None) -> pd.DataFrame:
        back = df["days_back"].to_numpy()
        inside = (back >= SWING_BLOCKS[0] * 14) & (back < (SWING_BLOCKS[-1] + 1) * 14)
        summed = _per_client(
            df, value, inside, len(ids), len(SWING_BLOCKS), back // 14 - SWING_BLOCKS[0]
        )
        return pd.DataFrame(summed.astype("float64"), index=ids, columns=list(SWING_BLOCKS))

    planned_blocks = blocks(planned, None)
    credited_blocks = blocks(logs, "credit")
    oldest_back = pd.DataFrame(
        {block: np.full(len(ids), block * 14 + 13) for block in SWING_BLOCKS}, index=ids
    )
    lived = oldest_back.le(start_back, axis=0)
    rates = (credited_blocks / planned_blocks.where(planned_blocks > 0)).clip(upper=1).where(lived)
    counts = credited_blocks.where(lived)

    def swing(table: pd.DataFrame) -> pd.Series:
        enough = table.count(axis=1) >= MIN_SWING_BLOCKS
        mean = table.mean(axis=1)
        return (table.std(axis=1, ddof=1) / mean.where(mean > 0)).where(enough)

    out["completion_swing"] = swing(rates).where(on_rates, swing(counts))
    return out.join(_weekly_completion(planned, logs, start_back, ids, as_of))


def _week_ends(planned: pd.DataFrame, ids: pd.Index, as_of: pd.Timestamp) -> pd.Series:
    """Per client, days back to the last day of their last complete week. A client's weeks are
    their program's (seven days from its start: planned sessions carry ``week_start``), so a
    client who misses one session a week is never read as missing two in a week that straddles
    theirs; without a program, calendar weeks (Monday to Sunday)."""
    sunday_back = (as_of.weekday() + 1) % 7
    ends = pd.Series(sunday_back, index=ids, dtype="int64")
    starts = planned.dropna(subset=["week_start"])
    if starts.empty:
        return ends
    starts = starts.sort_values(["client_id", "days_back"], kind="stable").drop_duplicates(
        "client_id"
    )
    anchor_back = (as_of - pd.to_datetime(starts["week_start"], cache=False).dt.normalize()).dt.days
    program = pd.Series(((anchor_back + 1) % 7).to_numpy(), index=starts["client_id"].to_numpy())
    return program.reindex(ids).fillna(ends).astype("int64")


def _weekly_completion(
    planned: pd.DataFrame,
    logs: pd.DataFrame,
    start_back: pd.Series,
    ids: pd.Index,
    as_of: pd.Timestamp,
) -> pd.DataFrame:
    """The last complete week (the program's, else Monday to Sunday) against the client's usual
    week: the median of the complete weeks before it that the client existed for. With a plan in
    the history, a week the plan asked for less expects no more than the plan."""
    out = pd.DataFrame(index=ids)
    last_end_back = _week_ends(planned, ids, as_of)
    weeks = range(USUAL_WEEKS + 1)

    def by_week(df: pd.DataFrame, value: str | None) -> pd.DataFrame:
        back = df["days_back"].to_numpy()
        end_back = last_end_back.to_numpy()[df[POSITION].to_numpy()]
        week = (back - end_back) // 7
        inside = (back >= end_back) & (week <= USUAL_WEEKS)
        summed = _per_client(df, value, inside, len(ids), len(weeks), week)
        return pd.DataFrame(summed.astype("float64"), index=ids, columns=list(weeks))

    credited = by_week(logs, "credit")
    planned_weeks = by_week(planned, None)
    oldest_back = pd.DataFrame({week: last_end_back + 7 * week + 6 for week in weeks}, index=ids)
    lived = oldest_back.le(start_back, axis=0)
    usual_weeks = credited[list(weeks[1:])].where(lived[list(weeks[1:])])
    usual = usual_weeks.median(axis=1).where(usual_weeks.count(axis=1) >= MIN_USUAL_WEEKS)
    has_plan = planned_weeks.sum(axis=1) > 0
    out["week_completed"] = credited[0].where(lived[0])
    out["week_planned"] = planned_weeks[0].where(lived[0])
    out["usual_week_completed"] = usual
    out["week_expected"] = np.minimum(usual, planned_weeks[0]).where(has_plan, usual)
    return out


def _groups(positions: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For rows already in client-position order: per client (0..n-1) its row count and where
    its rows start, and each row's place among its client's rows (from 0)."""
    counts = np.bincount(positions, minlength=n)
    starts = np.cumsum(counts) - counts
    return counts, starts, np.arange(len(positions)) - starts[positions]


def _ranked(positions: np.ndarray, values: np.ndarray, n: int) -> tuple[np.ndarray, ...]:
    """Rows grouped by client position, each group sorted by value (equal values in row order):
    the sorted positions and values, each sorted row's rank in its group (from 1), and per
    client (0..n-1) its row count and where its group starts."""
    order = np.lexsort((values, positions))  # stable: ties keep their row order
    sorted_positions, sorted_values = positions[order], values[order]
    counts, starts, places = _groups(sorted_positions, n)
    return sorted_positions, sorted_values, places + 1, counts, starts


def _means(positions: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Per client position, the mean of its values; NaN for a client without any."""
    counts = np.bincount(positions, minlength=n)
    sums = np.bincount(positions, weights=values, minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, sums / counts, np.nan)


def _medians(positions: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Per client position, the median of its values; NaN for a client without any."""
    _, sorted_values, _, counts, starts = _ranked(positions, values, n)
    has = counts > 0
    low = starts[has] + (counts[has] - 1) // 2
    high = starts[has] + counts[has] // 2
    medians = np.full(n, np.nan)
    medians[has] = (sorted_values[low] + sorted_values[high]) / 2
    return medians


def _recovery(checkins: pd.DataFrame, ids: pd.Index) -> pd.DataFrame:
    """Each recovery score against the client's robust usual: this week's z-score, and how much
    worse than usual the latest two check-ins both are (persistence); drift; feeling fine.

    Per client sums, means, medians and ranks are taken over the rows' client positions with
    numpy (``_ranked``, ``_means``, ``_medians``): one sort per score and statistic instead of a
    pandas groupby per score and statistic (about eighty a batch)."""
    out = pd.DataFrame(index=ids)
    n = len(ids)
    columns = list(RECOVERY_METRICS.values())
    # A day with two check-ins counts once, as their mean; rows in (client, day) order.
    daily = checkins.groupby([POSITION, "days_back"], as_index=False)[columns].mean()
    positions = daily[POSITION].to_numpy(dtype="int64")
    back = daily["days_back"].to_numpy()
    in_baseline = (back >= RECOVERY_BASELINE_FIRST_BACK) & (back < HISTORY_DAYS)
    in_week = back < RECOVERY_RECENT_DAYS
    in_latest = back < PERSIST_DAYS
    for name, column in RECOVERY_METRICS.items():
        values = daily[column].to_numpy(dtype="float64")
        known = ~np.isnan(values)
        base = in_baseline & known
        base_positions, base_values = positions[base], values[base]
        # The interquartile mean: ranks beyond TRIM_SHARE of the answers at either end left out.
        sorted_positions, sorted_values, ranks, answers, _ = _ranked(base_positions, base_values, n)
        cut = np.floor(answers * TRIM_SHARE)
        middle = (ranks > cut[sorted_positions]) & (
            ranks <= answers[sorted_positions] - cut[sorted_positions]
        )
        centre = _means(sorted_positions[middle], sorted_values[middle], n)
        deviation = np.abs(base_values - centre[base_positions])
        raw = np.maximum(
            MAD_TO_SD * _medians(base_positions, deviation, n),
            MEAN_AD_TO_SD * _means(base_positions, deviation, n),
        )
        with np.errstate(invalid="ignore"):
            spread = np.sqrt(
                (answers * raw**2 + PRIOR_WEIGHT * PRIOR_SCALE**2) / (answers + PRIOR_WEIGHT)
            ).clip(min=MIN_SCALE)
        enough = answers >= MIN_BASELINE_CHECKINS
        centre = np.where(enough, centre, np.nan)
        spread = np.where(enough, spread, np.nan)
        week = in_week & known
        recent_mean = _means(positions[week], values[week], n)
        out[f"{name}_z"] = (recent_mean - centre) / spread
        out[f"{name}_7d"] = recent_mean
        out[f"{name}_baseline"] = centre
        out[f"{name}_spread"] = spread

        # Persistence: the latest two check-in days with this answer, both worse than usual.
        latest = in_latest & known
        latest_positions, latest_values = positions[latest], values[latest]
        # Rows are in (client, days back) order: a row's place is its recency.
        last_two = _groups(latest_positions, n)[2] < PERSIST_CHECKINS
        two_positions = latest_positions[last_two]
        worse = RECOVERY_WORSE[name] * (latest_values[last_two] - centre[two_positions])
        scored = ~np.isnan(worse)
        both = np.bincount(two_positions[scored], minlength=n) >= PERSIST_CHECKINS
        lowest = np.full(n, np.inf)
        np.minimum.at(lowest, two_positions[scored], worse[scored])
        out[f"{name}_shift"] = np.where(both, _means(two_positions, worse, n), np.nan)
        with np.errstate(invalid="ignore", divide="ignore"):
            out[f"{name}_persist_z"] = np.where(both, lowest / spread, np.nan)

    drift_rows = checkins[checkins["days_back"] < DRIFT_DAYS]
    drift = _slope(
        drift_rows.assign(week=-drift_rows["days_back"] / 7), ["client_id"], "week", "readiness"
    )
    qualified = (drift["n"] >= MIN_DRIFT_POINTS) & (drift["span"] * 7 >= MIN_DRIFT_SPAN_DAYS)
    out["readiness_drift"] = drift["slope"].where(qualified).reindex(ids)

    fine = checkins[checkins["days_back"] < FEELS_FINE_DAYS].groupby("client_id")
    out["readiness_14d"] = fine["readiness"].mean().reindex(ids)
    out["mood_14d"] = fine["mood"].mean().reindex(ids)
    out["feels_fine"] = (out["readiness_14d"] >= FEELS_FINE_MIN_SCORE) & (
        out["mood_14d"].isna() | (out["mood_14d"] >= FEELS_FINE_MIN_SCORE)
    )
    return out


def lift_levels(lift_sets: pd.DataFrame) -> pd.DataFrame:
    """Per client and main lift: its reference level, its level now, the change (negative is
    down) and that change in units of its own noise (``decline_z``, positive is down). Lifts
    without MIN_REFERENCE_SESSIONS reference sessions, or without MIN_LIFT_DAYS sessions over
    MIN_LIFT_SPAN_DAYS days in the last PERFORMANCE_DAYS, are not main lifts here."""
    sets = lift_sets.dropna(subset=["exercise_key", "e1rm_kg"])
    sets = sets[(sets["e1rm_kg"] > 0) & (sets["days_back"] < HISTORY_DAYS)]
    keys = ["client_id", "exercise_key"]
    best = sets.groupby([*keys, "days_back"], as_index=False)["e1rm_kg"].max()
    first, last = REFERENCE_DAYS
    in_reference = best[(best["days_back"] >= first) & (best["days_back"] <= last)]
    reference = in_reference.groupby(keys)["e1rm_kg"].agg(["median", "count"])
    reference = reference[reference["count"] >= MIN_REFERENCE_SESSIONS]

    older = best[best["days_back"] >= PERFORMANCE_DAYS].merge(
        reference["median"].rename("reference").reset_index(), on=keys
    )
    relative = older["e1rm_kg"] / older["reference"] - 1
    centre = relative.groupby([older[k] for k in keys]).transform("median")
    mad = (relative - centre).abs().groupby([older[k] for k in keys]).median()
    sessions = relative.groupby([older[k] for k in keys]).count()
    noise = np.sqrt(
        (sessions * (MAD_TO_SD * mad) ** 2 + E1RM_PRIOR_WEIGHT * E1RM_PRIOR_NOISE**2)
        / (sessions + E1RM_PRIOR_WEIGHT)
    ).clip(lower=E1RM_MIN_NOISE)

    recent = best[best["days_back"] < PERFORMANCE_DAYS]
    fits = _slope(recent.assign(day=-recent["days_back"].astype("float64")), keys, "day", "e1rm_kg")
    fits = fits[
        (fits["n"] >= MIN_LIFT_DAYS) & (fits["span"] >= MIN_LIFT_SPAN_DAYS) & fits["slope"].notna()
    ]
    now = fits["mean"] - fits["slope"] * fits["x_mean"]  # the line read at as_of (day 0)
    # The line's value at day 0 is as certain as a mean of this many sessions.
    effective = 1 / (1 / fits["n"] + fits["x_mean"] ** 2 / fits["x_ss"])
    table = pd.DataFrame({"now": now, "effective_sessions": effective}).join(
        reference.rename(columns={"median": "reference", "count": "reference_sessions"}),
        how="inner",
    )
    table = table.join(noise.rename("noise"), how="left")
    table["noise"] = table["noise"].fillna(E1RM_PRIOR_NOISE)
    table["change"] = table["now"] / table["reference"] - 1
    error = table["noise"] * np.sqrt(
        1 / table["effective_sessions"] + MEDIAN_VARIANCE_FACTOR / table["reference_sessions"]
    )
    table["decline_z"] = -table["change"] / error
    return table


def _performance(lift_sets: pd.DataFrame, ids: pd.Index) -> pd.DataFrame:
    """Per client, the main lift whose decline is most certain (its change, z and key), how many
    main lifts there are, and all of them pooled (mean change, z summed over root of the count).
    No median across lifts: one lift falling while the others hold still shows."""
    out = pd.DataFrame(index=ids)
    table = lift_levels(lift_sets).reset_index()
    if table.empty:
        for column in (
            "performance_trend",
            "performance_z",
            "performance_lift",
            "performance_mean_change",
            "performance_pooled_z",
        ):
            out[column] = np.nan
        out["performance_lifts"] = 0
        return out
    worst = table.sort_values(["client_id", "decline_z"], ascending=[True, False], kind="stable")
    worst = worst.drop_duplicates("client_id").set_index("client_id")
    grouped = table.groupby("client_id")
    count = grouped.size()
    out["performance_trend"] = worst["change"].reindex(ids)
    out["performance_z"] = worst["decline_z"].reindex(ids)
    out["performance_lift"] = worst["exercise_key"].reindex(ids)
    out["performance_lifts"] = count.reindex(ids, fill_value=0).astype("int64")
    out["performance_mean_change"] = grouped["change"].mean().reindex(ids)
    out["performance_pooled_z"] = (grouped["decline_z"].sum() / np.sqrt(count)).reindex(ids)
    return out


def _activity(
    clients: pd.DataFrame,
    planned: pd.DataFrame,
    logs: pd.DataFrame,
    checkins: pd.DataFrame,
    ids: pd.Index,
) -> pd.DataFrame:
    """Missed sessions in a row, check-in response rate, days since the last log."""
    out = pd.DataFrame(index=ids)
    done = logs[logs["status"].isin(DONE_STATUSES)]
    last_done_back = done.groupby("client_id")["days_back"].min().reindex(ids)
    # Planned sessions after the last completed or partial session (all of them when the client
    # has none): the run of planned sessions not done, counting back from as_of.
    last_for_plan = planned["client_id"].map(last_done_back)
    missed = planned[last_for_plan.isna() | (planned["days_back"] < last_for_plan)]
    out["missed_in_a_row"] = (
        missed.groupby("client_id").size().reindex(ids, fill_value=0).astype("int64")
    )

    first_given = clients.set_index("client_id")["first_checkin_days_back"]
    first_seen = checkins.groupby("client_id")["days_back"].max().reindex(ids)
    first_back = first_given.reindex(ids).where(first_given.reindex(ids).notna(), first_seen)
    window_back = np.minimum(first_back, RESPONSE_WEEKS * 7 - 1)
    weeks = (window_back // 7 + 1).where(first_back.notna())
    answered_rows = checkins[checkins["days_back"] <= checkins["client_id"].map(window_back)]
    answered = (
        (answered_rows["days_back"] // 7)
        .groupby(answered_rows["client_id"])
        .nunique()
        .reindex(ids, fill_value=0)
        .astype("float64")
    )
    out["checkin_weeks"] = weeks
    out["checkin_weeks_answered"] = answered.where(weeks.notna())
    out["checkin_response_rate"] = (answered / weeks).clip(upper=1)

    out["days_since_last_log"] = (
        logs.groupby("client_id")["days_back"].min().reindex(ids).astype("float64")
    )
    out["days_since_last_training"] = last_done_back.astype("float64")
    out["days_since_created"] = (
        clients.set_index("client_id")["days_back"].reindex(ids).astype("float64")
    )
    return out


def compute_features(
    as_of: date,
    clients: pd.DataFrame,
    planned: pd.DataFrame | None = None,
    logs: pd.DataFrame | None = None,
    checkins: pd.DataFrame | None = None,
    lift_sets: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per client of ``clients`` (indexed by ``client_id``, in their order) with every
    column of FEATURE_COLUMNS.

    Inputs (extra columns are ignored, missing optional ones count as empty):
    - clients: client_id, created_date, first_checkin_date (optional; when missing or empty, the
      earliest check-in in ``checkins`` is taken)
    - planned: client_id, planned_date (one row per planned session), week_start (optional: the
      start date of the session's program, whose weeks are seven days from it)
    - logs: client_id, performed_date, status in completed | partial | skipped
    - checkins: client_id, date, readiness, fatigue, sleep_quality, sleep_hours, mood, stress,
      soreness (1-5; 5 is best for readiness, sleep quality and mood, worst for fatigue, stress
      and soreness)
    - lift_sets: client_id, performed_date, exercise_key, e1rm_kg

    Features
    - completion_7d / _28d / _90d: sessions completed (partial counts PARTIAL_CREDIT) over
      sessions planned in the window, capped at 1. With nothing planned in the window: sessions
      against the client's usual weekly count (from days 15-90) over the days the client existed
      in the window. NaN when neither exists.
    - planned_14d, completed_14d (credited), usual_planned_per_14d, usual_completed_per_14d (days
      15-90 scaled to 14 days; NaN with under MIN_BASELINE_DAYS of baseline).
    - completion_drop: 1 - recent / usual, on completion rates when there is a plan now and in the
      baseline, on session counts otherwise. 0.5 is "half the usual"; negative is better than usual.
    - completion_swing: how much the usual itself varies (coefficient of variation of the
      baseline's full 14-day blocks, same basis as the drop); the levels use it so a client's own
      noise is not flagged.
    - week_completed, week_planned: the client's last complete week (their latest program's
      seven-day weeks from its start, else Monday to Sunday; NaN when the client did not exist
      for all of it); usual_week_completed: the median of the complete
      weeks before it (up to USUAL_WEEKS, NaN with fewer than MIN_USUAL_WEEKS); week_expected: the
      usual, or the week's plan when that asked for less (with a plan in the history).
    - readiness_z, fatigue_z, sleep_z (sleep quality), sleep_hours_z: the last 7 days' mean minus
      the client's usual (interquartile mean of days 14-89), over the usual spread (``triage.core.scoring.robust``:
      MAD-based, shrunk toward the population's for clients with few answers); NaN with fewer than
      MIN_BASELINE_CHECKINS baseline check-in days or none this week. Also ``<name>_7d`` (the
      mean), ``<name>_baseline`` (the centre) and ``<name>_spread``.
    - ``<name>_shift`` and ``<name>_persist_z``: how much worse than usual the latest two check-in
      days (within PERSIST_DAYS) are, in points (their mean) and in spreads (the smaller of the
      two: both are at least this bad); "worse" is lower readiness, sleep and mood, higher
      fatigue and stress.
      NaN without a usual or with fewer than two recent check-in days.
    - readiness_drift: readiness slope in points per week over the last 4 weeks (negative falls;
      for the coach's eyes, no rule fires on it).
    - performance_trend, performance_z, performance_lift: of the main lift whose decline is most
      certain, its change from its reference level (days 21-55) to its level now (its line over
      the last 21 days read at as_of) as a fraction (-0.08 is 8% down), that change in units of
      the lift's own noise (positive is down), and its exercise key. performance_lifts: how many
      main lifts; performance_mean_change and performance_pooled_z: all of them together.
    - readiness_14d, mood_14d, feels_fine: the client says they feel fine (both at least
      FEELS_FINE_MIN_SCORE over 14 days; mood may be missing). False without check-ins.
    - missed_in_a_row: planned sessions since the last completed or partial session.
    - checkin_response_rate: weeks with a check-in / weeks since the first check-in (7-day blocks
      ending at as_of, at most RESPONSE_WEEKS), capped at 1; history from before the first
      check-in does not count. checkin_weeks and checkin_weeks_answered give the two numbers.
    - days_since_last_log (any log, skipped too), days_since_last_training (completed or
      partial), days_since_created: NaN when there is none.
    """
    as_of = pd.Timestamp(as_of).normalize()
    clients = _clients(clients, as_of)
    ids = pd.Index(clients["client_id"], name="client_id")

    def ours(df: pd.DataFrame) -> pd.DataFrame:
        positions = ids.get_indexer(df["client_id"])
        known = positions >= 0
        return df[known].assign(**{POSITION: positions[known]})

    planned = ours(_frame(planned, "planned_date", ["week_start"], as_of))
    logs = ours(_frame(logs, "performed_date", ["status"], as_of))
    logs = logs.assign(credit=logs["status"].map(CREDIT).fillna(0.0).astype("float64"))
    checkins = ours(_frame(checkins, "date", _CHECKIN_SCORES, as_of))
    checkins = checkins.assign(**{column: _numbers(checkins[column]) for column in _CHECKIN_SCORES})
    lift_sets = ours(_frame(lift_sets, "performed_date", ["exercise_key", "e1rm_kg"], as_of))
    lift_sets = lift_sets.assign(e1rm_kg=_numbers(lift_sets["e1rm_kg"]))

    features = pd.concat(
        [
            _completion(clients, planned, logs, ids, as_of),
            _recovery(checkins, ids),
            _performance(lift_sets, ids),
            _activity(clients, planned, logs, checkins, ids),
        ],
        axis=1,
    )
    return features[list(FEATURE_COLUMNS)]
