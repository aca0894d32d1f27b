"""Local days: the one place a UTC instant becomes the day a person lives it.

Every day a person sees or a rule counts is a local day, in the client's own time zone when one
is set (travelling clients), else the organization's. Timestamps are stored in UTC. Imported
times without a zone are wall-clock times in the client's zone. Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

UTC = ZoneInfo("UTC")


@lru_cache(maxsize=512)
def zone(name: str) -> ZoneInfo:
    """The ZoneInfo for an IANA name, cached (names are validated where they are stored)."""
    return ZoneInfo(name or "UTC")


def zone_name_for(client_zone: str | None, organization_zone: str | None) -> str:
    """The zone a client's days are counted in: their own if set, else the organization's."""
    return client_zone or organization_zone or "UTC"


def local_day(instant: datetime, zone_name: str) -> date:
    """The local calendar day of an aware instant in a zone."""
    if instant.tzinfo is None:
        raise ValueError("local_day needs an aware datetime (stored times are UTC)")
    return instant.astimezone(zone(zone_name)).date()


def day_start(day: date, zone_name: str) -> datetime:
    """The instant (in UTC) a local day begins: midnight, or the first instant after a DST gap.

    UTC, because Python subtracts two times of one zone by their wall clocks."""
    return wall_time_to_aware(datetime.combine(day, time.min), zone_name).astimezone(UTC)


def day_bounds(day: date, zone_name: str) -> tuple[datetime, datetime]:
    """[start, end) of a local day as UTC instants; 23 or 25 hours long across DST changes."""
    return day_start(day, zone_name), day_start(day + timedelta(days=1), zone_name)


def wall_time_to_aware(wall: datetime, zone_name: str) -> datetime:
    """A naive wall-clock time read in a zone, as an aware instant.

    A time that a DST change skipped (02:30 when clocks jump from 02:00 to 03:00) is read as the
    same number of minutes after the jump; a time that happened twice (the hour repeated when
    clocks go back) is read as its first occurrence.
    """
    if wall.tzinfo is not None:
        return wall
    tz = zone(zone_name)
    candidate = wall.replace(tzinfo=tz, fold=0)
    round_trip = candidate.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    if round_trip != wall:  # in a gap: fold=0 uses the offset before the change
        return candidate.astimezone(UTC).astimezone(tz)
    return candidate


def local_today(now: datetime, zone_name: str) -> date:
    """Today in a zone, from an aware 'now'."""
    return local_day(now, zone_name)


def finished_day(day: date, now: datetime, zone_name: str) -> date:
    """The latest local day, up to ``day``, that has ended by ``now`` in a zone.

    The nightly job scores the organization's yesterday; a client whose own zone is behind the
    organization's may still be living that day, and a session not logged yet is not missed."""
    return min(day, local_today(now, zone_name) - timedelta(days=1))


def finished_days(
    days: Mapping[int, date], zones: Mapping[int, str], now: datetime
) -> dict[int, date]:
    """``finished_day`` for each key of ``days`` (a client's day, in their zone ``zones[key]``):
    computed once per distinct day and zone, not once per client."""
    seen: dict[tuple[date, str], date] = {}
    finished = {}
    for key, day in days.items():
        pair = (day, zones[key])
        if pair not in seen:
            seen[pair] = finished_day(day, now, pair[1])
        finished[key] = seen[pair]
    return finished


def zone_label(name: str) -> str:
    """A zone name as people read it: "America/Los Angeles"."""
    return name.replace("_", " ")


def describe_zone(client_zone: str | None, organization_zone: str | None) -> str:
    """Whose days a client lives by, in words for their coach."""
    if client_zone:
        return f"own time zone {zone_label(client_zone)}"
    return f"business time zone {zone_label(organization_zone or 'UTC')}"
