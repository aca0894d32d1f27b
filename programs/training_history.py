"""A client's own training history, as they read it: sessions by week, a calendar of planned
against done, and personal bests per exercise. Pure: no Django; days are already local.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from programs.plan_weeks import week_start

# A day's mark on the calendar, from what was planned and what was logged that day.
DONE, PARTIAL, SKIPPED, MISSED, PLANNED, REST = (
    "done",
    "partial",
    "skipped",
    "missed",
    "planned",
    "rest",
)
MARK_WORDS = {
    DONE: "done",
    PARTIAL: "partly done",
    SKIPPED: "skipped",
    MISSED: "missed",
    PLANNED: "planned",
    REST: "no session",
}
# How many loads the "most reps at a load" list shows, heaviest first.
REPS_AT_LOAD_SHOWN = 5


def by_week(items: Iterable[tuple[date, Any]]) -> list[tuple[date, list[Any]]]:
    """(local day, item) pairs grouped by the Monday of their week: newest week first, and
    newest first within a week."""
    weeks: dict[date, list[tuple[date, Any]]] = {}
    for day, item in items:
        weeks.setdefault(week_start(day), []).append((day, item))
    return [
        (start, [item for _, item in sorted(rows, key=lambda r: r[0], reverse=True)])
        for start, rows in sorted(weeks.items(), reverse=True)
    ]


@dataclass(frozen=True)
class CalendarDay:
    day: date
    mark: str
    planned: int
    logged: int
    is_today: bool

    @property
    def words(self) -> str:
        return MARK_WORDS[self.mark]


def day_mark(planned: int, statuses: Sequence[str], day: date, today: date) -> str:
    """The best thing logged that day (done, then partly done, then skipped); else a planned
    day is missed once it has passed, planned until then; else a rest day."""
    for status, mark in (("completed", DONE), ("partial", PARTIAL), ("skipped", SKIPPED)):
        if status in statuses:
            return mark
    if planned:
        return MISSED if day < today else PLANNED
    return REST


def calendar(
    planned: Mapping[date, int],
    logged: Mapping[date, Sequence[str]],
    *,
    today: date,
    weeks: int,
    weeks_ahead: int = 1,
) -> list[list[CalendarDay]]:
    """Whole weeks, Monday to Sunday, oldest first: ``weeks`` weeks up to this one and
    ``weeks_ahead`` after it. ``planned`` counts planned sessions per day; ``logged`` lists
    the statuses logged per day."""
    first = week_start(today) - timedelta(weeks=weeks - 1)
    rows = []
    for w in range(weeks + weeks_ahead):
        row = []
        for d in range(7):
            day = first + timedelta(days=7 * w + d)
            statuses = list(logged.get(day, ()))
            row.append(
                CalendarDay(
                    day=day,
                    mark=day_mark(planned.get(day, 0), statuses, day, today),
                    planned=planned.get(day, 0),
                    logged=len(statuses),
                    is_today=day == today,
                )
            )
        rows.append(row)
    return rows


@dataclass(frozen=True)
class SetFact:
    day: date
    reps: int
    load_kg: float
    e1rm_kg: float | None
    log_id: int


@dataclass(frozen=True)
class Best:
    value: float
    reps: int
    load_kg: float
    day: date
    log_id: int


@dataclass(frozen=True)
class PersonalBests:
    sessions: int
    best_e1rm: Best | None
    heaviest: Best | None
    reps_at_load: tuple[Best, ...]  # the most reps at each load, heaviest loads first
    last_day: date | None


def personal_bests(sets: Iterable[SetFact]) -> PersonalBests:
    """The highest e1RM, the heaviest load lifted (most reps at it), and the most reps at each
    load: each with the day it was first reached (a later equal set is not a new best)."""
    sets = sorted(sets, key=lambda s: (s.day, s.log_id))
    best_e1rm = heaviest = None
    at_load: dict[float, Best] = {}
    for s in sets:
        if s.e1rm_kg is not None and (best_e1rm is None or s.e1rm_kg > best_e1rm.value):
            best_e1rm = Best(s.e1rm_kg, s.reps, s.load_kg, s.day, s.log_id)
        if s.reps > 0 and s.load_kg > 0:
            if heaviest is None or (s.load_kg, s.reps) > (heaviest.load_kg, heaviest.reps):
                heaviest = Best(s.load_kg, s.reps, s.load_kg, s.day, s.log_id)
            current = at_load.get(s.load_kg)
            if current is None or s.reps > current.reps:
                at_load[s.load_kg] = Best(s.reps, s.reps, s.load_kg, s.day, s.log_id)
    top = sorted(at_load.values(), key=lambda b: b.load_kg, reverse=True)[:REPS_AT_LOAD_SHOWN]
    return PersonalBests(
        sessions=len({s.log_id for s in sets}),
        best_e1rm=best_e1rm,
        heaviest=heaviest,
        reps_at_load=tuple(top),
        last_day=sets[-1].day if sets else None,
    )


def daily_best_e1rm(sets: Iterable[SetFact]) -> list[tuple[date, float]]:
    """The best e1RM of each day, for a chart."""
    best: dict[date, float] = {}
    for s in sets:
        if s.e1rm_kg is not None:
            best[s.day] = max(best.get(s.day, 0.0), s.e1rm_kg)
    return sorted(best.items())
