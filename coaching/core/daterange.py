"""Which calendar days Spotter accepts from a person or a program: pure, no Django.

Nothing Spotter records happened before 2000 (a year 1 or 1900 is a typo, and day arithmetic
near year 1 or 9999 overflows), and nothing looked up lies more than a year ahead.
"""

from __future__ import annotations

from datetime import date, timedelta

EARLIEST_DAY = date(2000, 1, 1)
MAX_DAYS_AHEAD = 366


def day_problem(day: date, today: date, max_days_ahead: int | None = MAX_DAYS_AHEAD) -> str | None:
    """Why ``day`` is not accepted (a sentence for the person), or None when it is."""
    if day < EARLIEST_DAY:
        return f"Use a date from {EARLIEST_DAY:%Y-%m-%d} on."
    if max_days_ahead is not None and day > today + timedelta(days=max_days_ahead):
        return f"Use a date at most {max_days_ahead} days ahead."
    return None
