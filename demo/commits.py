"""Commits that do not wait for the disk, while the demo is seeded."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.db import connection


@contextlib.contextmanager
def quick_commits() -> Iterator[None]:
    """Let the block's commits return before the disk has them (SQLite ``synchronous=OFF``,
    Postgres ``synchronous_commit=off``), on this connection only, and restore the setting after.

    Scoring the past nights commits several times a night; on a busy disk each fsync cost more
    than the night's work. Safe here: a crash of the process loses nothing on either database,
    and one of the machine can at worst lose the last commits (SQLite: corrupt the file) of a
    demo that ``seed_demo`` rebuilds in seconds. Never for the app's own writes. Inside a
    transaction (a test's) it changes nothing: there is no commit to hurry."""
    if connection.in_atomic_block:
        yield
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous")
            (previous,) = cursor.fetchone()
            cursor.execute("PRAGMA synchronous = OFF")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA synchronous = {int(previous)}")
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO off")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")
    else:
        yield
