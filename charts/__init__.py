"""Line charts as data: dated values in, SVG geometry out. Pure: no Django.

A chart covers every day from ``start`` to ``end`` inclusive on its x axis, so a missing day is a
hole in the line, never a value made up between its neighbours: consecutive values further apart
than ``max_gap_days`` are not joined (each value is also drawn as a dot, so a lone value shows).
Behind the line a horizontal band shows the client's usual (mean ± one spread, as the caller's
baseline defines it); flagged days carry a marker (a one-day strip over the plot and a tick above
it, in the flag's colour). With fewer than ``min_points`` values the chart is empty: nothing is drawn and the
page says why, instead of a line through one point.

Templates draw the result as is: every coordinate is already in the SVG's ``viewBox`` units.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from coaching.core.traffic_light import RED, YELLOW

# The viewBox: wide enough for a desktop card, legible when scaled down to a 360 px phone.
WIDTH = 320
HEIGHT = 150
MARGIN_LEFT = 40  # room for the value labels
MARGIN_RIGHT = 10
MARGIN_TOP = 16  # room for the flag markers above the plot
MARGIN_BOTTOM = 22  # room for the date labels
# Fewer values than this and there is no line to read.
MIN_POINTS = 2
# Without a fixed domain the values (and band) fill the plot, with this share of room around them.
DOMAIN_PADDING = 0.08
# Levels that make a day flagged, and how they rank when a day has several.
FLAG_RANK: dict[str, int] = {YELLOW: 1, RED: 2}
# Where a flag marker's dot sits: in the top margin, above the plot.
MARKER_Y = MARGIN_TOP / 2
# A flagged day's strip is one day wide, but never thinner than this (a 90-day chart is ~3 units
# a day).
MIN_MARKER_WIDTH = 3.0


def format_number(value: float) -> str:
    """One decimal, without a trailing ".0" on whole numbers (3 → "3", 3.25 → "3.2")."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def format_percent(value: float) -> str:
    return f"{round(value * 100)}%"


def format_day(day: date) -> str:
    """ "7 Mar": short, unambiguous in any locale that reads day-month."""
    return f"{day.day} {day:%b}"


@dataclass(frozen=True)
class Band:
    """A client's usual: ``mean`` ± ``spread`` (one standard deviation in the baselines here)."""

    mean: float
    spread: float

    @property
    def low(self) -> float:
        return self.mean - self.spread

    @property
    def high(self) -> float:
        return self.mean + self.spread

    def where(self, value: float) -> str:
        """ "below", "within" or "above" the band (the edges count as within)."""
        if value < self.low:
            return "below"
        if value > self.high:
            return "above"
        return "within"


@dataclass(frozen=True)
class Point:
    day: date
    value: float
    x: float
    y: float
    label: str  # "7 Mar: 3.5", for a tooltip / screen reader


@dataclass(frozen=True)
class Marker:
    """A flagged day: centred on ``x``, drawn as a strip ``width`` wide from ``left`` (one day's
    width, at least MIN_MARKER_WIDTH), so a run of flagged days reads as one stretch."""

    day: date
    level: str  # yellow | red
    x: float
    label: str  # "7 Mar — red: <why>"
    left: float = 0.0
    width: float = 0.0


@dataclass(frozen=True)
class Tick:
    position: float  # x for date ticks, y for value ticks
    label: str


@dataclass(frozen=True)
class BandBox:
    """The band as a rectangle (clipped to the plot) and the mean as a line."""

    x: float
    y: float
    width: float
    height: float
    mean_y: float | None  # None when the mean is outside the plot
    band: Band


@dataclass(frozen=True)
class Chart:
    start: date
    end: date
    points: tuple[Point, ...] = ()
    lines: tuple[str, ...] = ()  # SVG polyline ``points`` per unbroken run of values
    band: BandBox | None = None
    markers: tuple[Marker, ...] = ()
    x_ticks: tuple[Tick, ...] = ()
    y_ticks: tuple[Tick, ...] = ()
    domain: tuple[float, float] = (0.0, 1.0)
    width: int = WIDTH
    height: int = HEIGHT
    plot: tuple[float, float, float, float] = field(
        default=(MARGIN_LEFT, MARGIN_TOP, WIDTH - MARGIN_RIGHT, HEIGHT - MARGIN_BOTTOM)
    )  # left, top, right, bottom

    @property
    def empty(self) -> bool:
        return not self.points

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def plot_left(self) -> float:
        return self.plot[0]

    @property
    def plot_top(self) -> float:
        return self.plot[1]

    @property
    def plot_right(self) -> float:
        return self.plot[2]

    @property
    def plot_bottom(self) -> float:
        return self.plot[3]

    @property
    def marker_y(self) -> float:
        return MARKER_Y

    @property
    def plot_height(self) -> float:
        return self.plot[3] - self.plot[1]


def _clean(series: Iterable[tuple[date, float | None]], start: date, end: date) -> list[Any]:
    """Values inside start..end as floats, by day (the last one given for a day wins); None and
    NaN are missing days, not zeros."""
    by_day: dict[date, float] = {}
    for day, value in series:
        if value is None or not start <= day <= end:
            continue
        value = float(value)
        if math.isnan(value):
            continue
        by_day[day] = value
    return sorted(by_day.items())


def _domain(
    values: Sequence[float], band: Band | None, domain: tuple[float, float] | None
) -> tuple[float, float]:
    """The fixed domain when given; else the values and the band with a little room."""
    if domain is not None:
        low, high = domain
    else:
        numbers = list(values) + ([band.low, band.high] if band else [])
        low, high = min(numbers), max(numbers)
        room = (high - low) * DOMAIN_PADDING or max(abs(high) * DOMAIN_PADDING, 1.0)
        low, high = low - room, high + room
    if high <= low:
        high = low + 1.0
    return float(low), float(high)


def line_chart(
    series: Iterable[tuple[date, float | None]],
    *,
    start: date,
    end: date,
    band: Band | None = None,
    flags: Mapping[date, str] | None = None,
    flag_labels: Mapping[date, str] | None = None,
    domain: tuple[float, float] | None = None,
    y_tick_values: Sequence[float] | None = None,
    max_gap_days: int = 1,
    min_points: int = MIN_POINTS,
    format_value: Callable[[float], str] = format_number,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> Chart:
    """The drawable model of one dated series from ``start`` to ``end``.

    - ``series``: (day, value) pairs in any order; None / NaN are missing days.
    - ``band``: the usual, drawn behind the line (clipped to the plot).
    - ``flags``: day → level; yellow and red days inside the range get a marker (other levels are
      ignored), with ``flag_labels`` saying why.
    - ``domain``: fixed value range (e.g. 0–1, 1–5); values outside it are drawn at its edge.
      Without it the range fits the values and the band.
    - ``max_gap_days``: values more days apart than this are not joined by the line.
    - Fewer than ``min_points`` values: an empty chart (no line, band, markers or ticks).
    """
    if end < start:
        raise ValueError("A chart must end on or after its start.")
    values = _clean(series, start, end)
    left, top = MARGIN_LEFT, MARGIN_TOP
    right, bottom = width - MARGIN_RIGHT, height - MARGIN_BOTTOM
    if len(values) < max(min_points, 1):
        return Chart(
            start=start, end=end, width=width, height=height, plot=(left, top, right, bottom)
        )
    low, high = _domain([v for _, v in values], band, domain)
    days = max((end - start).days, 1)

    def x_of(day: date) -> float:
        return round(left + (day - start).days / days * (right - left), 1)

    def y_of(value: float) -> float:
        value = min(max(value, low), high)
        return round(bottom - (value - low) / (high - low) * (bottom - top), 1)

    points = tuple(
        Point(day, value, x_of(day), y_of(value), f"{format_day(day)}: {format_value(value)}")
        for day, value in values
    )
    runs: list[list[Point]] = []
    for point in points:
        if runs and (point.day - runs[-1][-1].day).days <= max_gap_days:
            runs[-1].append(point)
        else:
            runs.append([point])
    lines = tuple(" ".join(f"{p.x:g},{p.y:g}" for p in run) for run in runs if len(run) >= 2)

    band_box = None
    if band is not None:
        band_top, band_bottom = y_of(band.high), y_of(band.low)
        mean_inside = low <= band.mean <= high
        band_box = BandBox(
            x=left,
            y=band_top,
            width=right - left,
            height=round(band_bottom - band_top, 1),
            mean_y=y_of(band.mean) if mean_inside else None,
            band=band,
        )

    labels = flag_labels or {}
    day_width = max((right - left) / (days + 1), MIN_MARKER_WIDTH)

    def marker(day: date, level: str) -> Marker:
        x = x_of(day)
        strip_left = min(max(x - day_width / 2, left), right - day_width)
        return Marker(
            day,
            level,
            x,
            labels.get(day) or f"{format_day(day)}: {level}",
            left=round(strip_left, 1),
            width=round(day_width, 1),
        )

    markers = tuple(
        marker(day, level)
        for day, level in sorted((flags or {}).items())
        if level in FLAG_RANK and start <= day <= end
    )

    middle = start + timedelta(days=(end - start).days // 2)
    x_ticks = tuple(Tick(x_of(day), format_day(day)) for day in dict.fromkeys([start, middle, end]))
    tick_values = y_tick_values if y_tick_values is not None else (low, (low + high) / 2, high)
    y_ticks = tuple(
        Tick(y_of(value), format_value(value)) for value in tick_values if low <= value <= high
    )
    return Chart(
        start=start,
        end=end,
        points=points,
        lines=lines,
        band=band_box,
        markers=markers,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        domain=(low, high),
        width=width,
        height=height,
        plot=(left, top, right, bottom),
    )


def worst_flags(
    flags: Iterable[tuple[date, str, str]],
) -> tuple[dict[date, str], dict[date, str]]:
    """(day → worst level, day → label) from (day, level, why) rows; green and unknown levels are
    not flags. The label lists each distinct reason of the day's flags, worst first."""
    levels: dict[date, str] = {}
    reasons: dict[date, list[tuple[int, str]]] = {}
    for day, level, why in flags:
        rank = FLAG_RANK.get(level)
        if rank is None:
            continue
        if rank > FLAG_RANK.get(levels.get(day, ""), 0):
            levels[day] = level
        text = f"{level}: {why}" if why else level
        if text not in [t for _, t in reasons.setdefault(day, [])]:
            reasons[day].append((rank, text))
    labels = {
        day: f"{format_day(day)} — " + "; ".join(t for _, t in sorted(rows, key=lambda r: -r[0]))
        for day, rows in reasons.items()
    }
    return levels, labels


def describe(
    name: str,
    recent: float | None,
    recent_words: str,
    band: Band | None,
    *,
    format_value: Callable[[float], str] = format_number,
    unit: str = "",
    no_usual: str = "no usual yet",
) -> str:
    """One sentence a coach reads instead of the picture: "Readiness 2.1 this week; usual 3.8 ±
    0.4 (below the usual band)"; it says plainly when there is no recent value or no usual yet,
    and judges below / within / above only when the usual has a spread."""
    suffix = f" {unit}" if unit else ""
    if recent is None:
        head = f"No {name.lower()} {recent_words}"
    else:
        head = f"{name} {format_value(recent)}{suffix} {recent_words}"
    if band is None:
        return f"{head}; {no_usual}."
    spread = f" ± {format_value(band.spread)}" if band.spread > 0 else ""
    usual = f"usual {format_value(band.mean)}{spread}{suffix}"
    if recent is None or band.spread <= 0:
        # Without a spread there is no band to be inside or outside of, only a usual value.
        return f"{head}; {usual}."
    return f"{head}; {usual} ({band.where(recent)} the usual band)."
