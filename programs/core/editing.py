"""The coach's program editor, its pure part: which exercises to offer for a swap or an add,
ranked by fit and each with the reasons a coach reads, and the checks on a prescription's
numbers. Pure: no Django (``programs.plan_editor`` loads, calls and saves)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from programs.core.adjustments import ranked_substitutes, sore_areas
from programs.core.library import (
    FEATURE_TEXT,
    GRADE_RANK,
    HIGH,
    PATTERN_TEXT,
    Injury,
    LibraryExercise,
    area_load,
)

# How many suggestions the editor shows at once.
SUGGESTIONS = 8
# The numbers a coach may give a prescription: (least, most).
LIMITS = {
    "sets": (1, 20),
    "reps_min": (0, 100),
    "reps_max": (0, 100),
    "target_rpe": (1, 10),
    "target_load_kg": (0, 1000),
    "rest_seconds": (0, 900),
}
NOTES_MAX = 300
FIELDS = (*LIMITS, "notes")
FIELD_TEXT = {
    "sets": "sets",
    "reps_min": "reps (fewest)",
    "reps_max": "reps (most)",
    "target_rpe": "RPE",
    "target_load_kg": "load",
    "rest_seconds": "rest",
    "notes": "notes",
}
# What a new exercise starts with when the coach gives nothing else.
ADD_DEFAULTS = {
    "sets": 3,
    "reps_min": 8,
    "reps_max": 12,
    "target_rpe": Decimal("7"),
    "target_load_kg": None,
    "rest_seconds": 90,
    "notes": "",
}


class EditError(ValueError):
    """A value the editor refuses; ``field`` names the request field it belongs to."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Suggestion:
    """An exercise offered to the coach, with why it fits (best first)."""

    key: str
    name: str
    equipment: str
    reasons: tuple[str, ...]


def _injury_reasons(
    candidate: LibraryExercise, current: Iterable[str], replacing: LibraryExercise | None
) -> list[str]:
    reasons = []
    for area in current:
        grade = area_load(candidate, area)
        if replacing is not None:
            before = area_load(replacing, area)
            if GRADE_RANK[grade] < GRADE_RANK[before]:
                reasons.append(f"loads the {area} less ({grade}; now {before})")
                continue
        reasons.append(f"loads the {area}: {grade}")
    return reasons


def _reasons(
    candidate: LibraryExercise, exercise: LibraryExercise, current: Sequence[str]
) -> tuple[str, ...]:
    reasons = []
    if candidate.pattern == exercise.pattern:
        reasons.append(f"same pattern ({PATTERN_TEXT[candidate.pattern]})")
    else:
        reasons.append(f"nearby pattern ({PATTERN_TEXT[candidate.pattern]})")
    shared = sorted(
        set(exercise.primary_muscles)
        & (set(candidate.primary_muscles) | set(candidate.secondary_muscles))
    )
    reasons.append("works " + ", ".join(shared or candidate.primary_muscles or ("the same area",)))
    reasons += _injury_reasons(candidate, current, exercise)
    if candidate.equipment == exercise.equipment:
        reasons.append(f"same equipment ({candidate.equipment})")
    else:
        reasons.append(f"uses {candidate.equipment}")
    reasons.append(f"{candidate.level} level")
    reasons += [FEATURE_TEXT[f] for f in candidate.friendlier if f in FEATURE_TEXT][:1]
    return tuple(reasons)


def swap_suggestions(
    exercise: LibraryExercise,
    library: Sequence[LibraryExercise],
    equipment: Iterable[str],
    injuries: Iterable[Injury] = (),
    constraints: Iterable[str] = (),
    *,
    query: str = "",
    limit: int = SUGGESTIONS,
) -> list[Suggestion]:
    """Exercises to swap ``exercise`` for, ranked by fit as a pain substitution is
    (``ranked_substitutes``: same pattern first, then what loads the client's current injuries
    least, a role it could fill, the same equipment, shared prime movers, level), each with
    its reasons. A ``query`` searches the names of every exercise of the pattern (or nearby)
    the client can do, also those training other muscles."""
    equipment = frozenset(equipment)
    injuries = tuple(injuries)
    _, current = sore_areas(injuries)
    ranked = ranked_substitutes(
        exercise,
        library,
        equipment,
        injuries,
        constraints,
        require_shared_muscle=not query.strip(),
    )
    words = query.strip().lower().split()
    if words:
        ranked = [c for c in ranked if all(word in c.name.lower() for word in words)]
    return [
        Suggestion(c.key, c.name, c.equipment, _reasons(c, exercise, current))
        for c in ranked[:limit]
    ]


def add_suggestions(
    library: Sequence[LibraryExercise],
    equipment: Iterable[str],
    injuries: Iterable[Injury] = (),
    constraints: Iterable[str] = (),
    *,
    query: str,
    exclude: Iterable[str] = (),
    limit: int = SUGGESTIONS,
) -> list[Suggestion]:
    """Exercises to add whose name holds every word of ``query``, that the client's equipment
    allows, that break no constraint and load no current injury highly; reviewed drafting-pool
    exercises first, then names that start with the query, then by name."""
    words = query.strip().lower().split()
    if not words:
        return []
    equipment = frozenset(equipment)
    _, current = sore_areas(tuple(injuries))
    excluded = set(exclude)
    constraints = frozenset(constraints)

    def fits(candidate: LibraryExercise) -> bool:
        name = candidate.name.lower()
        return (
            candidate.key not in excluded
            and all(word in name for word in words)
            and candidate.available_with(equipment)
            and not candidate.violations(constraints)
            and all(area_load(candidate, area) != HIGH for area in current)
        )

    def rank(candidate: LibraryExercise) -> tuple:
        return (
            not candidate.draftable,
            not candidate.name.lower().startswith(words[0]),
            sum(GRADE_RANK[area_load(candidate, area)] for area in current),
            candidate.name,
            candidate.key,
        )

    ranked = sorted((c for c in library if fits(c)), key=rank)[:limit]
    return [
        Suggestion(
            c.key,
            c.name,
            c.equipment,
            tuple(
                [
                    PATTERN_TEXT[c.pattern],
                    "works " + ", ".join(c.primary_muscles or ("—",)),
                    *_injury_reasons(c, current, None),
                    "reviewed for drafting" if c.draftable else "from the full library",
                    c.equipment,
                ]
            ),
        )
        for c in ranked
    ]


def _number(field: str, value: Any) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise EditError(f"Give {FIELD_TEXT[field]} as a number.", field)
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise EditError(f"Give {FIELD_TEXT[field]} as a number.", field) from None
    if not number.is_finite():
        raise EditError(f"Give {FIELD_TEXT[field]} as a number.", field)
    return number


def clean_changes(changes: Mapping[str, Any], current: Mapping[str, Any]) -> dict[str, Any]:
    """The coach's new values for a prescription, checked against ``LIMITS`` (sets, reps, RPE
    in half points, load in kg, rest in seconds: whole numbers where a fraction means nothing;
    load, RPE and rest may be left empty) and ``NOTES_MAX``; the fewest reps never above the
    most (with ``current`` for the field not changed). Raises ``EditError`` naming the field."""
    if not isinstance(changes, Mapping) or not changes:
        raise EditError("Say what to change: " + ", ".join(FIELDS) + ".", "changes")
    cleaned: dict[str, Any] = {}
    for field, value in changes.items():
        if field not in FIELDS:
            raise EditError(
                f"{field!r} cannot be changed; editable: {', '.join(FIELDS)}.", "changes"
            )
        if field == "notes":
            if value is None:
                value = ""
            if not isinstance(value, str):
                raise EditError("Notes are text.", field)
            if len(value) > NOTES_MAX:
                raise EditError(f"Notes are at most {NOTES_MAX} characters.", field)
            cleaned[field] = value.strip()
            continue
        number = _number(field, value)
        if number is None:
            if field in ("sets", "reps_min", "reps_max"):
                raise EditError(f"Give the {FIELD_TEXT[field]}.", field)
            cleaned[field] = None
            continue
        low, high = LIMITS[field]
        if not low <= number <= high:
            raise EditError(f"{FIELD_TEXT[field].capitalize()} must be {low}–{high}.", field)
        if field == "target_rpe":
            if number * 2 != int(number * 2):
                raise EditError("RPE goes in half points (7, 7.5, 8…).", field)
            cleaned[field] = number.quantize(Decimal("0.1"))
        elif field == "target_load_kg":
            cleaned[field] = number.quantize(Decimal("0.01"))
        else:
            if number != int(number):
                raise EditError(f"Give {FIELD_TEXT[field]} as a whole number.", field)
            cleaned[field] = int(number)
    reps_min = cleaned.get("reps_min", current.get("reps_min"))
    reps_max = cleaned.get("reps_max", current.get("reps_max"))
    if reps_min is not None and reps_max is not None and reps_min > reps_max:
        field = "reps_min" if "reps_min" in cleaned else "reps_max"
        raise EditError("The fewest reps cannot be more than the most.", field)
    return cleaned
