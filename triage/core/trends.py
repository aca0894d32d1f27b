"""A client's trends for their coach: completion, readiness and estimated 1RM over the last 90
days, each against the client's usual as the nightly scoring defines it, with the flagged days.
Pure: no Django (the shell loads rows, this shapes them, ``charts`` draws them).

The bands are the scoring's own baselines, so what the coach sees is what the flags were raised
on (constants come from ``triage.core.scoring.features``):
- completion: the usual completion rate the nightly stored last night (sessions done in days
  15-90 over sessions planned, capped at 1; or, with no plan, the client's usual session count,
  which is 100% by definition) ± its swing (the coefficient of variation of the baseline's 14-day
  blocks, times the usual). The line is the nightly's 28-day completion, one value per scored night.
- readiness: the client's robust usual (``triage.core.scoring.robust``: interquartile mean ± the
  MAD-based spread shrunk toward the population's) of check-in readiness over days 14-89 before
  the chart's last day, from ``MIN_BASELINE_CHECKINS`` check-in days; the nightly's readiness
  z-score is exactly "this week's mean against this band", and its flags ask that both of the
  latest two check-ins sit well outside it.
- e1RM: the scoring judges each lift's last three weeks against its own reference level and
  noise, not a band, so a lift's usual here is the mean ± standard deviation of its session-best
  e1RM over days 21-89 (before the weeks the scoring looks at), from ``MIN_LIFT_DAYS`` sessions. Main lifts are those trained on the most days.
Flagged days: every day the nightly scored yellow or red, and every day a yellow or red review
item was opened (check-in red flags, client requests, ...); the worst level of the day shows.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypedDict

from charts import (
    Band,
    Chart,
    describe,
    format_day,
    format_number,
    format_percent,
    line_chart,
    worst_flags,
)
from triage.core.scoring.features import (
    HISTORY_DAYS,
    MIN_BASELINE_CHECKINS,
    MIN_LIFT_DAYS,
    PERFORMANCE_DAYS,
    RECOVERY_BASELINE_FIRST_BACK,
    RECOVERY_RECENT_DAYS,
)
from triage.core.scoring.robust import robust_usual

# The charts cover the scoring's history: the last 90 days, ending on the chart's day.
CHART_DAYS = HISTORY_DAYS
# At most this many lifts get a chart.
MAX_LIFT_CHARTS = 4
# How far apart two values may be and still be joined by the line: the nightly scores every
# night (a missing night breaks the line); check-ins come weekly (a missed week breaks it);
# a lift is trained every week or so (two weeks without it break it).
COMPLETION_GAP_DAYS = 1
READINESS_GAP_DAYS = 10
LIFT_GAP_DAYS = 14
# A lift whose sessions were all alike still gets a visible band: at least 1% of its mean.
MIN_E1RM_SPREAD_FRACTION = 0.01
READINESS_DOMAIN = (1.0, 5.0)
COMPLETION_DOMAIN = (0.0, 1.0)


@dataclass(frozen=True)
class ScoreDay:
    """One night's stored score, as the chart needs it."""

    day: date
    level: str
    completion_28d: float | None
    reasons: Sequence[Mapping[str, Any]] = ()


@dataclass(frozen=True)
class LiftSession:
    """The best e1RM of one lift on one day."""

    lift: Any  # the exercise id
    name: str
    day: date
    best_e1rm_kg: float


@dataclass(frozen=True)
class TrendChart:
    key: str
    title: str
    summary: str
    empty_text: str
    chart: Chart
    unit: str = ""
    band: Band | None = None
    lift: Any = None  # the exercise id of a lift's chart

    @property
    def empty(self) -> bool:
        return self.chart.empty

    def as_dict(self) -> dict[str, Any]:
        """The series behind the chart, for the API: values by date, the band, flagged days."""
        return {
            "key": self.key,
            "title": self.title,
            "summary": self.summary,
            "unit": self.unit,
            "exercise": self.lift,
            "baseline": None
            if self.band is None
            else {
                "mean": self.band.mean,
                "spread": self.band.spread,
                "low": self.band.low,
                "high": self.band.high,
            },
            "points": [{"date": p.day, "value": p.value} for p in self.chart.points],
            "empty": self.empty,
        }


@dataclass(frozen=True)
class FlaggedDay:
    day: date
    level: str
    label: str


@dataclass(frozen=True)
class ClientTrends:
    start: date
    end: date
    completion: TrendChart
    readiness: TrendChart
    lifts: tuple[TrendChart, ...]
    flagged: tuple[FlaggedDay, ...]  # newest first

    @property
    def charts(self) -> tuple[TrendChart, ...]:
        return (self.completion, self.readiness, *self.lifts)

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "completion": self.completion.as_dict(),
            "readiness": self.readiness.as_dict(),
            "lifts": [lift.as_dict() for lift in self.lifts],
            "flagged_days": [
                {"date": f.day, "level": f.level, "label": f.label} for f in self.flagged
            ],
        }

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def min_lift_days(self) -> int:
        return MIN_LIFT_DAYS


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) else value


def daily_means(rows: Iterable[tuple[date, float | None]]) -> list[tuple[date, float]]:
    """One value per day: the mean of that day's values (a day with two check-ins counts once)."""
    by_day: dict[date, list[float]] = defaultdict(list)
    for day, value in rows:
        value = _number(value)
        if value is not None:
            by_day[day].append(value)
    return [(day, statistics.fmean(values)) for day, values in sorted(by_day.items())]


def _window(
    series: Iterable[tuple[date, float]], as_of: date, first_back: int, last_back: int
) -> list[float]:
    """Values whose day is first_back..last_back days before as_of (0 is as_of itself)."""
    return [v for day, v in series if first_back <= (as_of - day).days <= last_back]


def _sd(values: Sequence[float]) -> float:
    return statistics.stdev(values) if len(values) >= 2 else 0.0


def readiness_baseline(checkins: Iterable[tuple[date, float]], as_of: date) -> Band | None:
    """The scoring's readiness usual (``triage.core.scoring.robust.robust_usual``) of the check-in
    days from RECOVERY_BASELINE_FIRST_BACK to HISTORY_DAYS - 1 days before as_of (several on a
    day count as their mean); None with fewer than MIN_BASELINE_CHECKINS of them."""
    values = _window(
        daily_means([(d, v) for d, v in checkins if _number(v) is not None]),
        as_of,
        RECOVERY_BASELINE_FIRST_BACK,
        HISTORY_DAYS - 1,
    )
    if len(values) < MIN_BASELINE_CHECKINS:
        return None
    usual = robust_usual(values)
    if usual is None:  # not reached: there are at least MIN_BASELINE_CHECKINS values
        return None
    return Band(usual.centre, usual.spread)


def recent_readiness(checkins: Iterable[tuple[date, float]], as_of: date) -> float | None:
    """This week's readiness as the scoring reads it: the mean over the last
    RECOVERY_RECENT_DAYS days (as_of included) of each day's mean; None without a check-in."""
    values = [
        float(v)
        for v in _window(
            daily_means([(d, v) for d, v in checkins if _number(v) is not None]),
            as_of,
            0,
            RECOVERY_RECENT_DAYS - 1,
        )
    ]
    return statistics.fmean(values) if values else None


def completion_baseline(features: Mapping[str, Any] | None) -> Band | None:
    """The usual completion the nightly compared the last 14 days with, from its stored
    features: usual rate (sessions done / planned in days 15-90, capped at 1) when there is a plan
    now and in the baseline, else 100% of the usual session count; ± usual × swing (the swing's
    coefficient of variation). None when the client has no usual yet."""
    features = features or {}
    usual_completed = _number(features.get("usual_completed_per_14d"))
    usual_planned = _number(features.get("usual_planned_per_14d")) or 0.0
    planned_now = _number(features.get("planned_14d")) or 0.0
    if usual_completed is None:
        return None
    if planned_now > 0 and usual_planned > 0 and usual_completed > 0:
        mean = min(usual_completed / usual_planned, 1.0)
    elif usual_completed > 0:
        mean = 1.0
    else:
        return None
    swing = _number(features.get("completion_swing"))
    return Band(mean, mean * swing if swing is not None else 0.0)


def lift_baseline(sessions: Iterable[tuple[date, float]], as_of: date) -> Band | None:
    """A lift's usual: mean ± standard deviation (at least MIN_E1RM_SPREAD_FRACTION of the mean)
    of its session-best e1RM from PERFORMANCE_DAYS to HISTORY_DAYS - 1 days before as_of; None with
    fewer than MIN_LIFT_DAYS sessions there."""
    values = [float(v) for v in _window(sessions, as_of, PERFORMANCE_DAYS, HISTORY_DAYS - 1)]
    if len(values) < MIN_LIFT_DAYS:
        return None
    mean = statistics.fmean(values)
    return Band(mean, max(_sd(values), mean * MIN_E1RM_SPREAD_FRACTION))


def main_lifts(sessions: Iterable[LiftSession], limit: int = MAX_LIFT_CHARTS) -> list[Any]:
    """The lifts trained on the most days (at least MIN_LIFT_DAYS), most recent first on a tie,
    then by name; at most ``limit``."""
    days: dict[Any, set[date]] = defaultdict(set)
    names: dict[Any, str] = {}
    for session in sessions:
        days[session.lift].add(session.day)
        names[session.lift] = session.name
    qualified = [lift for lift, seen in days.items() if len(seen) >= MIN_LIFT_DAYS]
    qualified.sort(key=lambda lift: (-len(days[lift]), -max(days[lift]).toordinal(), names[lift]))
    return qualified[:limit]


class _ChartRange(TypedDict):
    """The keyword arguments every chart of the page shares."""

    start: date
    end: date
    flags: Mapping[date, str]
    flag_labels: Mapping[date, str]


def _flags(
    scores: Sequence[ScoreDay], review_flags: Iterable[tuple[date, str, str]]
) -> tuple[dict[date, str], dict[date, str]]:
    rows: list[tuple[date, str, str]] = []
    for score in scores:
        texts = [r.get("text", "") for r in score.reasons if isinstance(r, Mapping)]
        rows.append((score.day, score.level, "; ".join(t for t in texts if t) or "nightly score"))
    rows.extend(review_flags)
    return worst_flags(rows)


def client_trends(
    *,
    end: date,
    scores: Sequence[ScoreDay],
    checkins: Iterable[tuple[date, float | None]],
    lift_sessions: Iterable[LiftSession],
    review_flags: Iterable[tuple[date, str, str]] = (),
    latest_features: Mapping[str, Any] | None = None,
) -> ClientTrends:
    """The three kinds of chart over the CHART_DAYS days ending on ``end``.

    - scores: the nightly's stored scores (any order); ``latest_features`` the newest score's
      features (the baseline the nightly used).
    - checkins: (day, readiness); several on a day are averaged.
    - lift_sessions: the best e1RM per lift and day.
    - review_flags: (day opened, level, why) of review items.
    """
    start = end - timedelta(days=CHART_DAYS - 1)
    scores = sorted(scores, key=lambda s: s.day)
    levels, labels = _flags(scores, review_flags)
    common: _ChartRange = {"start": start, "end": end, "flags": levels, "flag_labels": labels}

    band = completion_baseline(latest_features)
    latest = next((s for s in reversed(scores) if s.completion_28d is not None), None)
    summary = describe(
        "28-day completion",
        latest.completion_28d if latest else None,
        f"on {format_day(latest.day)}" if latest else "scored yet",
        band,
        format_value=format_percent,
    )
    planned_14d = _number((latest_features or {}).get("planned_14d"))
    completed_14d = _number((latest_features or {}).get("completed_14d"))
    if planned_14d:
        summary += (
            f" Last 14 days: {format_number(completed_14d or 0)} of "
            f"{format_number(planned_14d)} planned sessions."
        )
    completion = TrendChart(
        band=band,
        key="completion",
        title="Completion against the plan",
        summary=summary,
        empty_text="Not enough scored nights to draw completion yet: the nightly job scores "
        "every client each night.",
        chart=line_chart(
            [(s.day, s.completion_28d) for s in scores],
            band=band,
            domain=COMPLETION_DOMAIN,
            y_tick_values=(0.0, 0.5, 1.0),
            max_gap_days=COMPLETION_GAP_DAYS,
            format_value=format_percent,
            **common,
        ),
    )

    readiness_days = daily_means(checkins)
    band = readiness_baseline(readiness_days, end)
    readiness = TrendChart(
        band=band,
        key="readiness",
        title="Readiness (check-ins, 1–5)",
        summary=describe(
            "Readiness",
            recent_readiness(readiness_days, end),
            "this week",
            band,
            no_usual=(
                f"no usual yet (it needs {MIN_BASELINE_CHECKINS} check-ins before the last "
                f"{RECOVERY_BASELINE_FIRST_BACK // 7} weeks)"
            ),
        ),
        empty_text="Not enough check-ins to draw readiness yet.",
        chart=line_chart(
            readiness_days,
            band=band,
            domain=READINESS_DOMAIN,
            y_tick_values=(1.0, 3.0, 5.0),
            max_gap_days=READINESS_GAP_DAYS,
            **common,
        ),
    )

    sessions = [s for s in lift_sessions if start <= s.day <= end and s.best_e1rm_kg]
    by_lift: dict[Any, list[tuple[date, float]]] = defaultdict(list)
    names: dict[Any, str] = {}
    for session in sessions:
        by_lift[session.lift].append((session.day, float(session.best_e1rm_kg)))
        names[session.lift] = session.name
    lifts = []
    for lift in main_lifts(sessions):
        series = daily_best(by_lift[lift])
        band = lift_baseline(series, end)
        last_day, last_value = series[-1]
        lifts.append(
            TrendChart(
                band=band,
                lift=lift,
                key=f"lift-{lift}",
                title=f"{names[lift]}: estimated 1RM",
                summary=describe(
                    names[lift],
                    last_value,
                    f"e1RM on {format_day(last_day)}",
                    band,
                    unit="kg",
                    no_usual=f"no usual yet (it needs {MIN_LIFT_DAYS} sessions before the "
                    f"last {PERFORMANCE_DAYS // 7} weeks)",
                ),
                empty_text=f"Not enough sessions of {names[lift]} to draw.",
                chart=line_chart(series, band=band, max_gap_days=LIFT_GAP_DAYS, **common),
                unit="kg",
            )
        )
    flagged = tuple(
        FlaggedDay(day, level, labels[day])
        for day, level in sorted(levels.items(), reverse=True)
        if start <= day <= end
    )
    return ClientTrends(
        start=start,
        end=end,
        completion=completion,
        readiness=readiness,
        lifts=tuple(lifts),
        flagged=flagged,
    )


def daily_best(rows: Iterable[tuple[date, float]]) -> list[tuple[date, float]]:
    """One value per day: the day's best (a lift trained twice in a day counts its best set)."""
    best: dict[date, float] = {}
    for day, value in rows:
        if day not in best or value > best[day]:
            best[day] = value
    return sorted(best.items())
