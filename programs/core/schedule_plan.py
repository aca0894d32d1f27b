"""Carrying out an approved schedule change: which planned sessions to drop, and where the main
lifts of a dropped session go. Pure: no Django.

The rule in a sentence: in every week that plans more sessions than the coach's new number, drop
the sessions the client most often missed on that weekday, keeping a rest day between the sessions
that remain where some choice allows it, and move any main lift that no remaining session of the
week holds onto the nearest remaining session, so the week still trains every main lift.

Only reductions are carried out: adding training days needs the coach to choose the day and the
work, so a higher number changes nothing here (the shell says so).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

# Sessions this many days apart or more have a rest day between them.
REST_DAY_GAP = 2
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class PlannedLift:
    """A main lift's prescription in a session."""

    prescription_id: int
    exercise_key: str
    exercise_name: str


@dataclass(frozen=True)
class PlannedSession:
    """A planned session of the program. ``fixed`` sessions (past, today, or already logged)
    count in their week and hold their lifts, but are never dropped nor receive moved lifts."""

    workout_id: int
    planned_date: date
    name: str
    lifts: tuple[PlannedLift, ...] = ()
    fixed: bool = False


@dataclass(frozen=True)
class PastSession:
    """A planned session of the last weeks and whether the client trained it."""

    planned_date: date
    completed: bool


@dataclass(frozen=True)
class DropSession:
    workout_id: int
    planned_date: date
    reason: str


@dataclass(frozen=True)
class MoveLift:
    prescription_id: int
    exercise_name: str
    from_workout_id: int
    to_workout_id: int
    to_date: date
    reason: str


@dataclass(frozen=True)
class SchedulePlan:
    drops: tuple[DropSession, ...]
    moves: tuple[MoveLift, ...]

    def lines(self) -> list[str]:
        """What the plan does, in words, in date order (a move follows the drop it comes from)."""
        by_workout = defaultdict(list)
        for move in self.moves:
            by_workout[move.from_workout_id].append(move.reason)
        lines = []
        for drop in sorted(self.drops, key=lambda d: d.planned_date):
            lines.append(drop.reason)
            lines.extend(by_workout[drop.workout_id])
        return lines


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def miss_rates(history: Iterable[PastSession]) -> dict[int, tuple[int, int]]:
    """Per weekday (0 = Monday): (sessions missed, sessions planned)."""
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for session in history:
        entry = counts[session.planned_date.weekday()]
        entry[1] += 1
        entry[0] += 0 if session.completed else 1
    return {weekday: (missed, planned) for weekday, (missed, planned) in counts.items()}


def _back_to_back(days: Sequence[date]) -> int:
    ordered = sorted(days)
    return sum((b - a).days < REST_DAY_GAP for a, b in zip(ordered, ordered[1:], strict=False))


def _smallest_gap(days: Sequence[date]) -> int:
    ordered = sorted(days)
    return min(((b - a).days for a, b in zip(ordered, ordered[1:], strict=False)), default=7)


def _choose_drops(
    week: list[PlannedSession], target: int, rates: dict[int, tuple[int, int]]
) -> list[PlannedSession]:
    """Drop one session at a time: first the choice leaving the fewest back-to-back days, then
    the weekday missed most often (by share, then count), then the one leaving the sessions
    most spread out, then the later date."""
    kept = list(week)
    dropped: list[PlannedSession] = []
    while len(kept) > target:
        candidates = [s for s in kept if not s.fixed]
        if not candidates:
            break

        def rank(session: PlannedSession) -> tuple:
            rest = [s.planned_date for s in kept if s is not session]
            missed, planned = rates.get(session.planned_date.weekday(), (0, 0))
            share = missed / planned if planned else 0.0
            return (
                _back_to_back(rest),
                -share,
                -missed,
                -_smallest_gap(rest),
                -session.planned_date.toordinal(),
            )

        choice = min(candidates, key=rank)
        kept.remove(choice)
        dropped.append(choice)
    return dropped


def _drop_reason(
    session: PlannedSession, rates: dict[int, tuple[int, int]], target: int, spacing: bool
) -> str:
    weekday = WEEKDAYS[session.planned_date.weekday()]
    missed, planned = rates.get(session.planned_date.weekday(), (0, 0))
    why = (
        f"the client missed {missed} of {planned} planned {weekday}s"
        if planned
        else f"no {weekday} sessions in the recent history"
    )
    if spacing:
        why += "; the sessions left keep a rest day between them"
    return f"Dropped {session.name} on {_day(session.planned_date)} ({target} a week): {why}."


def plan_schedule_change(
    sessions: Sequence[PlannedSession], history: Iterable[PastSession], sessions_per_week: int
) -> SchedulePlan:
    """The drops and lift moves that bring every week of ``sessions`` down to
    ``sessions_per_week`` sessions (see the module's rule). Weeks run Monday to Sunday."""
    if sessions_per_week < 1:
        raise ValueError("sessions_per_week must be at least 1")
    rates = miss_rates(history)
    weeks: dict[date, list[PlannedSession]] = defaultdict(list)
    for session in sorted(sessions, key=lambda s: (s.planned_date, s.workout_id)):
        weeks[_week_start(session.planned_date)].append(session)
    drops: list[DropSession] = []
    moves: list[MoveLift] = []
    for _, week in sorted(weeks.items()):
        dropped = _choose_drops(week, sessions_per_week, rates)
        if not dropped:
            continue
        kept = [s for s in week if s not in dropped]
        spacing = _back_to_back([s.planned_date for s in kept]) == 0
        for session in dropped:
            drops.append(
                DropSession(
                    session.workout_id,
                    session.planned_date,
                    _drop_reason(session, rates, sessions_per_week, spacing),
                )
            )
        moves.extend(_moves(dropped, kept))
    return SchedulePlan(tuple(drops), tuple(moves))


def _moves(dropped: list[PlannedSession], kept: list[PlannedSession]) -> list[MoveLift]:
    """Main lifts of the dropped sessions that no kept session of the week holds, each onto the
    nearest kept session that can still change (the earlier one on a tie)."""
    held = {lift.exercise_key for s in kept for lift in s.lifts}
    receivers = [s for s in kept if not s.fixed]
    moves = []
    for session in dropped:
        for lift in session.lifts:
            if lift.exercise_key in held or not receivers:
                continue
            target = min(
                receivers,
                key=lambda s: (
                    abs((s.planned_date - session.planned_date).days),
                    s.planned_date,
                ),
            )
            held.add(lift.exercise_key)
            moves.append(
                MoveLift(
                    lift.prescription_id,
                    lift.exercise_name,
                    session.workout_id,
                    target.workout_id,
                    target.planned_date,
                    f"Moved {lift.exercise_name} to {target.name} on "
                    f"{_day(target.planned_date)}, so the week still trains it.",
                )
            )
    return moves
