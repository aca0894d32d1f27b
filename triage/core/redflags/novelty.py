"""Whether an exercise is new to a client: new to them, not new in this block.

- An exercise is new to a client when they logged no set of it, or of a close variant, before
  the last ``NEW_EXERCISE_WINDOW_DAYS`` days (a new block that brings back an exercise they have
  done for months brings nothing new).
- Two exercises are close variants when they train the same movement pattern with the same main
  muscle and either use the same equipment or share the movement's name (a front squat and a
  back squat, a dumbbell and a barbell bench press, pull-ups and chin-ups; not a leg press and a
  squat, not push-ups and a bench press).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NEW_EXERCISE_WINDOW_DAYS = 14


@dataclass(frozen=True)
class ExerciseFacts:
    """What the variant rule reads of an exercise."""

    name: str
    pattern: str
    main_muscle: str | None
    equipment: str


def movement_word(name: str) -> str:
    """The last word of an exercise's name before any " - " or "(", lower case, singular, without
    hyphens: "Barbell Bench Press - Medium Grip" -> "press", "Chin-Up" -> "chinup"."""
    head = re.split(r" - |\(", name.lower(), maxsplit=1)[0].strip()
    last = head.split()[-1] if head.split() else head
    word = re.sub(r"[^a-z]", "", last)
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def are_close_variants(first: ExerciseFacts, second: ExerciseFacts) -> bool:
    """Same movement pattern and main muscle, and the same equipment or the same movement word."""
    if first.name == second.name:
        return True
    if not first.pattern or first.pattern != second.pattern:
        return False
    if first.main_muscle != second.main_muscle:
        return False
    return first.equipment == second.equipment or movement_word(first.name) == movement_word(
        second.name
    )


def is_new_to_client(first_logged_days_ago: int | None) -> bool:
    """New when never logged (None) or first logged within the last NEW_EXERCISE_WINDOW_DAYS."""
    return first_logged_days_ago is None or first_logged_days_ago < NEW_EXERCISE_WINDOW_DAYS
