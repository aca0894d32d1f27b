"""What Today shows after the client reported something: pure, no Django.

After a red flag (an automation hold) the planned session is not shown at all: the client was
just told not to train through it, and a list of heavy sets would say the opposite. Today says
what the hold means instead. After pain reported today without a hold, the session stays, under
the check-in's advice to leave out or lighten what hurts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

HOLD_NO_CHECK_IN = "You reported something your coach needs to look at before you train hard again."
HOLD_TODAY = (
    "Your planned session{name} is paused: don't do it until your coach has been in touch. "
    "Automatic changes to your plan are paused too."
)
PAIN_TODAY = "You reported pain in your {area} today: leave out or lighten anything that hurts."


@dataclass(frozen=True)
class CheckInFacts:
    """The client's latest check-in, as Today needs it."""

    day: date  # the local day it was sent
    level: str
    message_to_client: str
    pain_area: str | None = None
    pain_severity: int | None = None


@dataclass(frozen=True)
class TodayAdvice:
    show_session: bool
    title: str
    lines: tuple[str, ...]
    urgent: bool


def today_advice(
    *,
    automation_hold: bool,
    latest_check_in: CheckInFacts | None,
    today: date,
    workout_name: str | None,
) -> TodayAdvice | None:
    """Hold: no session, the red check-in's message and what the hold means today. Pain
    reported in today's check-in (no hold): the session, under the pain advice. Else None."""
    if automation_hold:
        red = latest_check_in if latest_check_in and latest_check_in.level == "red" else None
        lines = [red.message_to_client if red else HOLD_NO_CHECK_IN]
        lines.append(HOLD_TODAY.format(name=f", {workout_name}," if workout_name else ""))
        return TodayAdvice(
            show_session=False,
            title="Today: rest until your coach has been in touch",
            lines=tuple(lines),
            urgent=True,
        )
    if (
        latest_check_in is not None
        and latest_check_in.day == today
        and latest_check_in.pain_area
        and (latest_check_in.pain_severity or 0) > 0
    ):
        return TodayAdvice(
            show_session=True,
            title="Train around the pain today",
            lines=(
                PAIN_TODAY.format(area=latest_check_in.pain_area),
                latest_check_in.message_to_client,
            ),
            urgent=False,
        )
    return None


# How many days back an unlogged session is still offered on Today, to log late or to say what
# got in the way. Older ones are for the coach (the nightly missed-session prompt), not Today.
CATCH_UP_DAYS = 2


@dataclass(frozen=True)
class SessionChoice:
    """Which planned session Today offers, and how to name it.

    ``kind`` is ``"today"`` (planned for today), ``"missed"`` (planned on an earlier day of the
    catch-up window and not logged: the client can still log it or say why not) or ``"next"``
    (the first one ahead). ``also_missed`` are the other unlogged days of the window, oldest
    first, so Today can say they were not logged either."""

    workout_id: int | None
    kind: str | None
    day: date | None
    also_missed: tuple[tuple[int, date], ...] = ()


def choose_session(
    unlogged: list[tuple[int, date]], today: date, catch_up_days: int = CATCH_UP_DAYS
) -> SessionChoice:
    """``unlogged``: (workout id, planned local day) of the client's unlogged planned sessions,
    in plan order. Today's session comes first; without one, the latest missed one of the last
    ``catch_up_days`` days; without that, the first one ahead. A session never reads as "Next"
    when its day has passed."""
    window = [(wid, day) for wid, day in unlogged if today - timedelta(catch_up_days) <= day]
    todays = [(wid, day) for wid, day in window if day == today]
    missed = [(wid, day) for wid, day in window if day < today]
    ahead = [(wid, day) for wid, day in window if day > today]
    if todays:
        wid, day = todays[0]
        return SessionChoice(wid, "today", day, tuple(missed))
    if missed:
        latest_day = max(day for _, day in missed)
        wid, day = next((w, d) for w, d in missed if d == latest_day)
        others = tuple((w, d) for w, d in missed if w != wid)
        return SessionChoice(wid, "missed", day, others)
    if ahead:
        wid, day = min(ahead, key=lambda item: item[1])
        return SessionChoice(wid, "next", day)
    return SessionChoice(None, None, None)
