"""A client's last two weeks at a glance, for the review queue: sessions done against planned, day
by day, and readiness from check-ins, as geometry for a small SVG and as one sentence. Pure: no
Django.

Each day of the window is one mark on a baseline, read by direction as well as colour:

- done: a bar up (the day's planned sessions all completed, or a session done on a rest day);
- missed: a bar down (fewer sessions completed than planned, on a day that is over);
- due: an outlined bar up (today, planned and not completed yet: not missed, still to do);
- rest: a flat tick (nothing planned, nothing done).

Readiness (1-5) is drawn above the marks as dots, joined only on consecutive days, so a week
without check-ins is a gap, never a made-up line (as in ``charts``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from charts import format_day

WINDOW_DAYS = 14
# The viewBox, in units: one DAY_WIDTH column per day; scaled by CSS to the card's width.
DAY_WIDTH = 10
BAR_WIDTH = 6
HEIGHT = 44
# Readiness band (5 at the top, 1 at the bottom) above the marks.
READINESS_TOP = 3.0
READINESS_BOTTOM = 17.0
READINESS_LOW, READINESS_HIGH = 1, 5
# The marks' baseline: done bars rise BAR_HEIGHT above it, missed bars hang BAR_HEIGHT below.
BASELINE = 31.0
BAR_HEIGHT = 9.0
REST_HEIGHT = 1.5
# Readiness values further apart than this many days are not joined by the line.
READINESS_MAX_GAP_DAYS = 1

DONE, MISSED, DUE, REST = "done", "missed", "due", "rest"


@dataclass(frozen=True)
class DayMark:
    day: date
    state: str  # done | missed | due | rest
    planned: int
    completed: int
    readiness: int | None
    x: float  # the bar's rectangle, in viewBox units
    y: float
    width: float
    height: float
    label: str  # "Tue 17 Nov: missed (1 planned, 0 done); readiness 2"


@dataclass(frozen=True)
class ReadinessPoint:
    day: date
    value: int
    x: float
    y: float


@dataclass(frozen=True)
class Fortnight:
    start: date
    end: date
    days: tuple[DayMark, ...]
    readiness_points: tuple[ReadinessPoint, ...]
    readiness_lines: tuple[str, ...]  # SVG polyline ``points`` per run of consecutive days
    planned: int  # planned sessions that were due by now (today's only once completed)
    completed: int  # of those, completed
    unplanned: int  # completed sessions beyond the plan
    summary: str  # the text equivalent of the picture
    width: int
    height: int = HEIGHT
    baseline: float = BASELINE

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def readiness_area(self) -> tuple[float, float]:
        """(top, height) of the readiness band, 5 to 1, drawn faintly behind the dots."""
        return READINESS_TOP, READINESS_BOTTOM - READINESS_TOP


def day_state(planned: int, completed: int, *, is_today: bool) -> str:
    """A day's mark: done when at least one session was completed and none of the plan is left,
    due when today still has planned sessions to do, missed when an earlier day did not complete
    its plan, rest when nothing was planned or done."""
    if planned and completed < planned:
        return DUE if is_today else MISSED
    if completed:
        return DONE
    return REST


def _readiness_y(value: int) -> float:
    value = min(max(value, READINESS_LOW), READINESS_HIGH)
    share = (value - READINESS_LOW) / (READINESS_HIGH - READINESS_LOW)
    return round(READINESS_BOTTOM - share * (READINESS_BOTTOM - READINESS_TOP), 1)


def _bar(index: int, state: str) -> tuple[float, float, float, float]:
    x = index * DAY_WIDTH + (DAY_WIDTH - BAR_WIDTH) / 2
    if state in (DONE, DUE):
        return x, BASELINE - BAR_HEIGHT, BAR_WIDTH, BAR_HEIGHT
    if state == MISSED:
        return x, BASELINE, BAR_WIDTH, BAR_HEIGHT
    return x, BASELINE - REST_HEIGHT / 2, BAR_WIDTH, REST_HEIGHT


def _day_label(day: date, state: str, planned: int, completed: int, readiness: int | None) -> str:
    words = {DONE: "done", MISSED: "missed", DUE: "due today", REST: "rest"}[state]
    if planned or completed:
        words += f" ({planned} planned, {completed} done)"
    text = f"{day:%a} {format_day(day)}: {words}"
    return text + (f"; readiness {readiness}" if readiness is not None else "")


def _sessions_words(planned: int, completed: int, unplanned: int) -> str:
    if planned:
        text = f"{completed} of {planned} planned session{'s' if planned != 1 else ''} done"
        return text + (f", {unplanned} unplanned" if unplanned else "")
    if unplanned:
        return f"no sessions planned, {unplanned} done"
    return "no sessions planned or done"


def _readiness_words(values: list[int]) -> str:
    if not values:
        return "no check-ins"
    if len(values) == 1:
        return f"readiness {values[0]}"
    return f"readiness {values[0]} → {values[-1]}"


def fortnight(
    *,
    end: date,
    planned_days: Iterable[date],
    completed_days: Iterable[date],
    readiness: Iterable[tuple[date, int | None]],
    days: int = WINDOW_DAYS,
) -> Fortnight:
    """The ``days`` days ending on ``end`` (today) for one client.

    - ``planned_days``: one date per planned session (a day with two sessions appears twice).
    - ``completed_days``: one date per completed session.
    - ``readiness``: (day, 1-5) from check-ins in the order they were made; the day's last wins,
      None is no answer.
    Dates outside the window are ignored. The counts: ``planned`` is the sessions planned on days
    that are over plus today's completed ones (today's still-to-do session is not a miss yet);
    ``completed`` counts those done, at most the day's plan; ``unplanned`` the rest.
    """
    if days < 1:
        raise ValueError("A window has at least one day.")
    start = end - timedelta(days=days - 1)
    planned = Counter(d for d in planned_days if start <= d <= end)
    completed = Counter(d for d in completed_days if start <= d <= end)
    by_day: dict[date, int] = {}
    for day, value in readiness:
        if value is not None and start <= day <= end:
            by_day[day] = int(value)

    marks = []
    planned_total = completed_total = unplanned_total = 0
    for index in range(days):
        day = start + timedelta(days=index)
        p, c = planned[day], completed[day]
        state = day_state(p, c, is_today=day == end)
        planned_so_far = min(p, c) if day == end else p
        planned_total += planned_so_far
        completed_total += min(p, c)
        unplanned_total += max(c - p, 0)
        x, y, width, height = _bar(index, state)
        marks.append(
            DayMark(
                day,
                state,
                p,
                c,
                by_day.get(day),
                x,
                y,
                width,
                height,
                _day_label(day, state, p, c, by_day.get(day)),
            )
        )

    points = tuple(
        ReadinessPoint(
            day, value, (day - start).days * DAY_WIDTH + DAY_WIDTH / 2, _readiness_y(value)
        )
        for day, value in sorted(by_day.items())
    )
    runs: list[list[ReadinessPoint]] = []
    for point in points:
        if runs and (point.day - runs[-1][-1].day).days <= READINESS_MAX_GAP_DAYS:
            runs[-1].append(point)
        else:
            runs.append([point])
    lines = tuple(" ".join(f"{p.x:g},{p.y:g}" for p in run) for run in runs if len(run) >= 2)

    summary = (
        f"Last {days} days: {_sessions_words(planned_total, completed_total, unplanned_total)}; "
        f"{_readiness_words([p.value for p in points])}."
    )
    return Fortnight(
        start=start,
        end=end,
        days=tuple(marks),
        readiness_points=points,
        readiness_lines=lines,
        planned=planned_total,
        completed=completed_total,
        unplanned=unplanned_total,
        summary=summary,
        width=days * DAY_WIDTH,
    )
