"""Local days in the ORM: the Django side of ``coaching.core.localtime``.

A day in a query is a range of instants (``day_range``), so the (organization, client, time)
indexes serve it, and a day read out of a timestamp is cast in the zone named (``local_date``,
``local_week``), never in the connection's UTC. Queries over clients of several zones read the
instants and leave the days to ``coaching.core.localtime.local_day``.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models.functions import TruncDate, TruncWeek

from coaching.core.localtime import day_start as _day_start
from coaching.core.localtime import zone

# Days this far from the calendar's ends are moved in, so a hostile ``since=0001-01-01`` is
# every day rather than an overflow converting it to UTC.
_FIRST, _LAST = date.min + timedelta(days=2), date.max - timedelta(days=2)


def day_start(day: date, zone_name: str):
    """``coaching.core.localtime.day_start`` with the calendar's ends kept in range."""
    return _day_start(min(max(day, _FIRST), _LAST), zone_name)


def local_date(field: str, zone_name: str) -> TruncDate:
    """The local calendar day of a timestamp column in a zone."""
    return TruncDate(field, tzinfo=zone(zone_name))


def local_week(field: str, zone_name: str) -> TruncWeek:
    """The Monday (a local midnight) of a timestamp column's local week in a zone."""
    return TruncWeek(field, tzinfo=zone(zone_name))


def day_range(field: str, first: date, last: date | None, zone_name: str) -> dict:
    """Filter keywords for a timestamp column within local days ``first``..``last`` (inclusive;
    open-ended when ``last`` is None)."""
    bounds = {f"{field}__gte": day_start(first, zone_name)}
    if last is not None:
        bounds[f"{field}__lt"] = day_start(min(last, _LAST) + timedelta(days=1), zone_name)
    return bounds


def widest_range(field: str, first: date, last: date, zone_names) -> dict:
    """Filter keywords covering local days ``first``..``last`` in every zone named (rows outside
    a row's own zone's days are for the caller to drop)."""
    names = set(zone_names) or {"UTC"}
    return {
        f"{field}__gte": min(day_start(first, name) for name in names),
        f"{field}__lt": max(
            day_start(min(last, _LAST) + timedelta(days=1), name) for name in names
        ),
    }
