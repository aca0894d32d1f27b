"""The plan as the client reads it: calendar weeks, this week first. Pure: no Django.

Workouts are grouped by the calendar week (Monday to Sunday) of their planned day, not by the
program's week numbers, so a plan whose sessions moved reads as the weeks they fall in. The order
is this week, then the weeks to come, then the weeks gone by (most recent first): the session a
client looks for is near the top, and the rest stay folded.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any


def week_start(day: date) -> date:
    """The Monday of a day's week."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class PlanWeek:
    start: date
    number: int  # 1 for the plan's first week
    when: str  # "this" | "next" | "later" | "past"
    deload: bool
    workouts: tuple[Any, ...]

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)


def plan_weeks(
    workouts: Iterable[Any], today: date, *, day_of=lambda w: w.planned_date, deload_of=None
) -> list[PlanWeek]:
    """Workouts (any objects; ``day_of`` reads a planned day) grouped by calendar week: this
    week first, then the coming weeks in order, then past weeks newest first. A week is a
    lighter (deload) week when ``deload_of`` says so of any of its workouts."""
    by_week: dict[date, list[Any]] = {}
    for workout in workouts:
        by_week.setdefault(week_start(day_of(workout)), []).append(workout)
    if not by_week:
        return []
    first = min(by_week)
    this = week_start(today)
    weeks = []
    for start, items in by_week.items():
        items.sort(key=day_of)
        if start == this:
            when = "this"
        elif start == this + timedelta(days=7):
            when = "next"
        elif start > this:
            when = "later"
        else:
            when = "past"
        weeks.append(
            PlanWeek(
                start=start,
                number=(start - first).days // 7 + 1,
                when=when,
                deload=bool(deload_of and any(deload_of(w) for w in items)),
                workouts=tuple(items),
            )
        )
    coming = sorted((w for w in weeks if w.start >= this), key=lambda w: w.start)
    past = sorted((w for w in weeks if w.start < this), key=lambda w: w.start, reverse=True)
    return coming + past


def weeks_total(weeks: Sequence[PlanWeek]) -> int:
    return max((w.number for w in weeks), default=0)
