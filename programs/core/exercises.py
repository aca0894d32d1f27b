"""The exercise library in the database, and the bridge to the pure drafting core."""

from __future__ import annotations

from typing import Any

from programs.core.library import LibraryExercise, derived_columns, load_library

# The Exercise model class is passed in (a migration passes its historical model): the pure core
# imports no Django models, so model classes and rows are typed Any here.
ExerciseModel = type[Any]

# Columns refreshed from the shipped data on every sync (when the model has them: early
# migrations run this with an older model).
DERIVED_FIELDS = (
    "name",
    "pattern",
    "contraindications",
    "joint_loads",
    "friendlier",
    "needs",
    "draft_roles",
)


def _field_names(exercise_model: ExerciseModel) -> set[str]:
    return {field.name for field in exercise_model._meta.get_fields()}


def library_rows(exercise_model: ExerciseModel) -> list[Any]:
    """Unsaved global Exercise rows for every record of the shipped library (with the reviewed
    pool's roles and grade corrections)."""
    fields = _field_names(exercise_model)
    rows = []
    for item in load_library():
        values = {
            "organization": None,
            "key": item.key,
            "name": item.name,
            "category": item.category,
            "equipment": item.equipment,
            "level": item.level,
            "force": item.force,
            "mechanic": item.mechanic,
            "primary_muscles": list(item.primary_muscles),
            "secondary_muscles": list(item.secondary_muscles),
            "instructions": list(item.instructions),
            "pattern": item.pattern,
            "contraindications": sorted(item.contraindications),
            "joint_loads": dict(item.joint_loads),
            "friendlier": list(item.friendlier),
            "needs": [sorted(option) for option in item.needs],
            "draft_roles": sorted(item.roles),
        }
        rows.append(exercise_model(**{k: v for k, v in values.items() if k in fields}))
    return rows


def sync_library(exercise_model: ExerciseModel, using: str = "default") -> tuple[int, int]:
    """Insert missing global exercises and refresh the derived fields of existing ones, on the
    database alias ``using`` (a migration passes the one it migrates).

    Idempotent: returns (created, updated)."""
    fields = [name for name in DERIVED_FIELDS if name in _field_names(exercise_model)]
    rows = library_rows(exercise_model)
    manager = exercise_model._default_manager.db_manager(using)
    existing = {e.key: e for e in manager.filter(organization__isnull=True)}
    new = [row for row in rows if row.key not in existing]
    manager.bulk_create(new, batch_size=500)
    changed = []
    for row in rows:
        current = existing.get(row.key)
        if current is None:
            continue
        if any(getattr(current, name) != getattr(row, name) for name in fields):
            for name in fields:
                setattr(current, name, getattr(row, name))
            changed.append(current)
    manager.bulk_update(changed, fields, batch_size=500)
    return len(new), len(changed)


def as_library_exercise(exercise: Any) -> LibraryExercise:
    """A database Exercise (global or an organization's) as the drafting core sees it."""
    return LibraryExercise(
        key=str(exercise.pk),
        name=exercise.name,
        category=exercise.category,
        equipment=exercise.equipment or "body only",
        level=exercise.level or "beginner",
        force=exercise.force or "",
        mechanic=exercise.mechanic or "",
        primary_muscles=tuple(exercise.primary_muscles),
        secondary_muscles=tuple(exercise.secondary_muscles),
        instructions=tuple(exercise.instructions),
        pattern=exercise.pattern or "isolation_upper",
        contraindications=frozenset(exercise.contraindications),
        joint_loads=tuple(sorted((exercise.joint_loads or {}).items())),
        friendlier=tuple(exercise.friendlier or ()),
        needs=tuple(frozenset(option) for option in exercise.needs or ()),
        roles=frozenset(exercise.draft_roles or ()),
    )


def as_record(exercise: Any) -> dict[str, Any]:
    """An Exercise row as a free-exercise-db record, for the library's classification rules."""
    return {
        "name": exercise.name,
        "category": exercise.category,
        "equipment": exercise.equipment,
        "force": exercise.force,
        "mechanic": exercise.mechanic,
        "level": exercise.level,
        "primaryMuscles": list(exercise.primary_muscles or ()),
        "secondaryMuscles": list(exercise.secondary_muscles or ()),
        "instructions": list(exercise.instructions or ()),
    }


def refresh_organization_exercises(exercise_model: ExerciseModel, using: str = "default") -> int:
    """Recompute the derived grades, friendlier features and equipment needs of every
    organization's own exercise (their pattern and roles stay as they are). Returns how many
    changed. Runs across tenants: for migrations and ``load_exercises`` only."""
    manager = exercise_model._default_manager.db_manager(using)
    changed = []
    for exercise in manager.filter(organization__isnull=False):
        derived = derived_columns(as_record(exercise))
        updates = {name: derived[name] for name in ("joint_loads", "friendlier", "needs")}
        if any(getattr(exercise, name) != value for name, value in updates.items()):
            for name, value in updates.items():
                setattr(exercise, name, value)
            changed.append(exercise)
    manager.bulk_update(changed, ["joint_loads", "friendlier", "needs"], batch_size=500)
    return len(changed)
