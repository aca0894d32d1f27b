"""The exercise library in the database, and the bridge to the pure drafting core."""

from __future__ import annotations

from programs.library import LibraryExercise, load_library


def library_rows(exercise_model) -> list:
    """Unsaved global Exercise rows for every record of the shipped library."""
    return [
        exercise_model(
            organization=None,
            key=item.key,
            name=item.name,
            category=item.category,
            equipment=item.equipment,
            level=item.level,
            force=item.force,
            mechanic=item.mechanic,
            primary_muscles=list(item.primary_muscles),
            secondary_muscles=list(item.secondary_muscles),
            instructions=list(item.instructions),
            pattern=item.pattern,
            contraindications=sorted(item.contraindications),
        )
        for item in load_library()
    ]


def sync_library(exercise_model, using: str = "default") -> tuple[int, int]:
    """Insert missing global exercises and refresh the derived fields of existing ones, on the
    database alias ``using`` (a migration passes the one it migrates).

    Idempotent: returns (created, updated)."""
    rows = library_rows(exercise_model)
    manager = exercise_model._default_manager.db_manager(using)
    existing = {e.key: e for e in manager.filter(organization__isnull=True)}
    new = [row for row in rows if row.key not in existing]
    manager.bulk_create(new, batch_size=500)
    changed = []
    for row in rows:
        current = existing.get(row.key)
        if current is not None and (
            current.pattern != row.pattern
            or current.contraindications != row.contraindications
            or current.name != row.name
        ):
            current.pattern, current.contraindications, current.name = (
                row.pattern,
                row.contraindications,
                row.name,
            )
            changed.append(current)
    manager.bulk_update(changed, ["pattern", "contraindications", "name"], batch_size=500)
    return len(new), len(changed)


def as_library_exercise(exercise) -> LibraryExercise:
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
    )
