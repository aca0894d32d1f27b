"""The traffic light every app speaks: green, yellow, red. Pure.

One definition for the whole project: the red-flag reading and nightly scoring (triage), the
review policy (billing), charts (coaching) and reports read these members, and the models'
``choices`` are built from them (``triage.models.Level``). A ``Level`` is a ``str``, so it
compares equal to the stored value, keys JSON and dicts as that value and renders as it.
"""

from __future__ import annotations

from enum import StrEnum


class Level(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"

    @property
    def label(self) -> str:
        return self.value.capitalize()


GREEN, YELLOW, RED = Level.GREEN, Level.YELLOW, Level.RED
# Low to high: the worst of several is the one with the highest rank.
LEVEL_RANK: dict[str, int] = {GREEN: 0, YELLOW: 1, RED: 2}
# The levels a person is asked to look at (green needs no one).
FLAG_LEVELS: tuple[Level, ...] = (YELLOW, RED)
