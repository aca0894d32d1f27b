"""Daily habits: which days a client may tick, how much of the last week they did, and when a
client who usually keeps their habits has let them go. Pure: no Django.

A day counts for a habit from the day it was assigned. Today counts only once ticked, so an
evening tick is not held against the client in the morning.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

MAX_DAYS_BACK = 7  # a client may tick (or untick) a day up to a week ago
WEEK = 7
BASELINE_DAYS = 28  # the client's usual: the four weeks before the week judged
MIN_BASELINE_DAYS = 14  # habit-days needed before there is a usual to judge against
USUAL_AT_LEAST = 0.7
DROP_BELOW = 0.4


@dataclass(frozen=True)
class HabitFacts:
    name: str
    created_on: date
    done_days: frozenset[date]


@dataclass(frozen=True)
class HabitWeek:
    name: str
    done: int
    days: int


@dataclass(frozen=True)
class WeekCompletion:
    habits: tuple[HabitWeek, ...]
    done: int
    possible: int

    @property
    def rate(self) -> float | None:
        return self.done / self.possible if self.possible else None


@dataclass(frozen=True)
class HabitDrop:
    usual: float
    this_week: float
    words: str


def check_day_problem(day: date, today: date) -> str | None:
    """Why a client may not tick ``day`` (a sentence), or None when they may."""
    if day > today:
        return "That day has not come yet."
    if day < today - timedelta(days=MAX_DAYS_BACK):
        return f"Use a day in the last {MAX_DAYS_BACK} days."
    return None


def _counted(habit: HabitFacts, day: date, today: date) -> bool:
    if day < habit.created_on:
        return False
    return day < today or day in habit.done_days


def _tally(habits: list[HabitFacts], first: date, last: date, today: date) -> tuple[int, int]:
    done = possible = 0
    day = first
    while day <= last:
        for habit in habits:
            if _counted(habit, day, today):
                possible += 1
                done += day in habit.done_days
        day += timedelta(days=1)
    return done, possible


def completion(habits: list[HabitFacts], today: date) -> WeekCompletion:
    """The last seven local days (today and the six before): each habit's days done of days
    it counted, and all habits together."""
    first = today - timedelta(days=WEEK - 1)
    weeks = []
    for habit in habits:
        done, days = _tally([habit], first, today, today)
        weeks.append(HabitWeek(habit.name, done, days))
    return WeekCompletion(
        habits=tuple(weeks),
        done=sum(w.done for w in weeks),
        possible=sum(w.days for w in weeks),
    )


def habit_rates(habits: list[HabitFacts], today: date) -> tuple[float, float] | None:
    """(usual, this week): the share of habit-days kept over the four weeks before the last full
    week, and over that week (the seven days ending yesterday). None while there is no usual yet
    (under ``MIN_BASELINE_DAYS`` habit-days) or no habit was assigned before the week began:
    habits assigned during the week judged are left out (that week was not a full one for them).
    """
    week_last = today - timedelta(days=1)
    week_first = today - timedelta(days=WEEK)
    full_week = [h for h in habits if h.created_on <= week_first]
    if not full_week:
        return None
    usual_done, usual_possible = _tally(
        full_week, week_first - timedelta(days=BASELINE_DAYS), week_first - timedelta(days=1), today
    )
    if usual_possible < MIN_BASELINE_DAYS:
        return None
    done, possible = _tally(full_week, week_first, week_last, today)
    return usual_done / usual_possible, done / possible


def drop_from_rates(usual: float, this_week: float) -> HabitDrop | None:
    """A client who usually keeps ≥ 70% of their habit-days and kept under 40% for the whole
    last week. Judged against their own usual: a client who never kept them is not news."""
    if usual < USUAL_AT_LEAST or this_week >= DROP_BELOW:
        return None
    return HabitDrop(
        usual=usual,
        this_week=this_week,
        words=(
            f"Habits kept on {round(this_week * 100)}% of days this week, "
            f"against their usual {round(usual * 100)}%."
        ),
    )


def habit_drop(habits: list[HabitFacts], today: date) -> HabitDrop | None:
    """The drop (``drop_from_rates``) of the last full week against the client's usual."""
    rates = habit_rates(habits, today)
    return drop_from_rates(*rates) if rates is not None else None
