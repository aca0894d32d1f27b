"""When an API token dies, and when its use is worth writing down: pure, no Django.

A token lives ``ttl`` after its last use (30 days by default), then it is refused (401) and the
person signs in again. Its last use is written at most once per ``resolution`` (an hour by
default) instead of on every request, which is precise enough for a lifetime counted in days.
"""

from __future__ import annotations

from datetime import datetime, timedelta


def token_expired(last_used_at: datetime, now: datetime, ttl: timedelta) -> bool:
    """Whether a token last used at ``last_used_at`` is dead at ``now``."""
    return now - last_used_at > ttl


def use_worth_recording(last_used_at: datetime, now: datetime, resolution: timedelta) -> bool:
    """Whether to write this use down (the last recorded one is older than ``resolution``)."""
    return now - last_used_at >= resolution
