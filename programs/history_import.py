"""Bringing a client's history in from Strong or Hevy: parse (pure), match exercises, save once.

Re-importing the same file creates nothing: each session's log gets a uuid derived from the
client and the session key, so a session already in the database is skipped as a duplicate.
Unknown exercise names become organization exercises and are listed; nothing is dropped.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from programs.e1rm import estimated_one_rep_max
from programs.exercise_matching import ExerciseMatcher
from programs.importers import parse_export
from programs.library import derived_columns
from programs.models import Exercise, SetLog, WorkoutLog

IMPORT_NAMESPACE = uuid.UUID("6c3f1f0e-9b7a-4e52-8d2c-5f0a1b2c3d4e")


@dataclass
class ImportResult:
    created_logs: int = 0
    created_sets: int = 0
    skipped_duplicates: int = 0
    unknown_exercises: list[str] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "created_logs": self.created_logs,
            "created_sets": self.created_sets,
            "skipped_duplicates": self.skipped_duplicates,
            "unknown_exercises": self.unknown_exercises,
            "errors": self.errors,
        }


def session_uuid(client_id: int, session_key: str) -> uuid.UUID:
    return uuid.uuid5(IMPORT_NAMESPACE, f"{client_id}:{session_key}")


def _exercise_for_unknown(organization, name: str) -> Exercise:
    key = f"import-{slugify(name)[:100] or 'exercise'}"
    record = {"name": name, "category": "strength", "equipment": "other", "primaryMuscles": []}
    exercise, _ = Exercise.unscoped.get_or_create(
        organization=organization,
        key=key,
        defaults={
            "name": name[:160],
            "equipment": "other",
            **derived_columns(record),
            "aliases": [name],
        },
    )
    return exercise


@transaction.atomic
def import_history(client, data: bytes, fmt: str, *, by, progress=None) -> ImportResult:
    """Parse, match and save; raises programs.importers.UnknownFormat for a file that is no export."""
    parsed = parse_export(data, fmt)
    result = ImportResult(errors=[{"row": e.row, "message": e.message} for e in parsed.errors])
    sets = parsed.sets
    if sets.empty:
        return result
    organization = client.organization
    exercises = list(Exercise.objects.all().values_list("pk", "name", "equipment"))
    matcher = ExerciseMatcher(exercises)
    names = sets["exercise_name"].unique().tolist()
    resolved = {}
    for name in names:
        match = matcher.match(name)
        if match is None:
            match = _exercise_for_unknown(organization, name).pk
            result.unknown_exercises.append(name)
        resolved[name] = match
    sets = sets.assign(exercise_id=sets["exercise_name"].map(resolved))
    sessions = sets.groupby("session_key", sort=False)
    wanted = {key: session_uuid(client.pk, key) for key in sessions.groups}
    existing = set(
        WorkoutLog.objects.filter(client=client, client_uuid__in=list(wanted.values())).values_list(
            "client_uuid", flat=True
        )
    )
    logs, set_rows = [], []
    tz = timezone.get_current_timezone()
    for done, (key, group) in enumerate(sessions, start=1):
        if wanted[key] in existing:
            result.skipped_duplicates += 1
            continue
        first = group.iloc[0]
        performed = pd.Timestamp(first["performed_at"]).to_pydatetime()
        log = WorkoutLog(
            organization=organization,
            client=client,
            client_uuid=wanted[key],
            performed_at=timezone.make_aware(performed, tz)
            if timezone.is_naive(performed)
            else performed,
            status="completed",
            duration_minutes=int(first["duration_minutes"])
            if pd.notna(first["duration_minutes"])
            else None,
            notes=str(first["workout_name"])[:200],
            source=fmt,
            created_by=by,
        )
        logs.append(log)
        for row in group.itertuples(index=False):
            rpe = None if pd.isna(row.rpe) else float(row.rpe)
            e1rm = estimated_one_rep_max(float(row.load_kg), int(row.reps), rpe)
            set_rows.append((log, row, rpe, e1rm))
        if progress:
            progress(done, len(wanted))
    WorkoutLog.objects.bulk_create(logs, batch_size=1000)
    SetLog.objects.bulk_create(
        [
            SetLog(
                organization=organization,
                log=log,
                exercise_id=row.exercise_id,
                set_index=int(row.set_index),
                reps=int(row.reps),
                load_kg=Decimal(str(round(float(row.load_kg), 2))),
                rpe=Decimal(str(rpe)) if rpe is not None else None,
                is_warmup=bool(row.is_warmup),
                e1rm_kg=Decimal(str(round(e1rm, 2))) if e1rm else None,
            )
            for log, row, rpe, e1rm in set_rows
        ],
        batch_size=2000,
    )
    result.created_logs = len(logs)
    result.created_sets = len(set_rows)
    return result
