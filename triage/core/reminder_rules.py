"""When a client is reminded of a planned session, and in which words. Pure: no Django.

A reminder goes out on the morning of a planned session, in the client's time zone (their own, else
the organization's): a nudge while the day can still be arranged around it, never a scolding.
"""

from __future__ import annotations

from datetime import date, datetime

# Reminders for the day's planned sessions go out from this local hour ...
REMINDER_FIRST_HOUR = 7
# ... until this one (exclusive): a scheduler that was down at 07:00 catches up later in the
# morning, but an afternoon reminder of the day's session would come too late to help.
REMINDER_LAST_HOUR = 12


def reminder_day(local_now: datetime) -> date | None:
    """The local day whose planned sessions are due a reminder at ``local_now`` (a time in the
    client's zone): that day between ``REMINDER_FIRST_HOUR`` and ``REMINDER_LAST_HOUR``,
    otherwise None."""
    if REMINDER_FIRST_HOUR <= local_now.hour < REMINDER_LAST_HOUR:
        return local_now.date()
    return None


def reminder_text(workout_name: str) -> str:
    """The in-app words: what is planned, that the time is the client's, and the easy way out."""
    name = workout_name.strip() or "a session"
    return (
        f"Planned for today: {name}. Any time that suits you works — and if today doesn't, "
        "one tap tells your coach what got in the way."
    )
