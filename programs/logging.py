"""Recording workouts: one log with its sets, atomically, never twice for the same uuid."""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction

from programs.core.e1rm import estimated_one_rep_max
from programs.models import Prescription, SetLog, WorkoutLog
from programs.signals import workout_logged


def _targets_by_exercise(workout) -> dict[int, Prescription]:
    if workout is None:
        return {}
    return {p.exercise_id: p for p in Prescription.objects.filter(workout=workout)}


def record_workout(client, data: dict, *, by) -> tuple[WorkoutLog, bool]:
    """Save a validated log and its sets. Returns (log, created); a retried uuid returns the
    first log and saves nothing (the uniqueness of the uuid per client decides: no read first,
    a retry is the rare case)."""
    sets = data.pop("sets", [])
    if data.get("duration_minutes") is not None and data.get("duration_seconds") is None:
        data["duration_seconds"] = data["duration_minutes"] * 60  # seconds are the stored measure
    try:
        with transaction.atomic():
            log = WorkoutLog.objects.create(
                organization=client.organization, client=client, created_by=by, **data
            )
            targets = _targets_by_exercise(log.workout)
            rows = []
            for entry in sets:
                target = targets.get(entry["exercise"].pk)
                e1rm = estimated_one_rep_max(
                    float(entry["load_kg"]),
                    entry["reps"],
                    float(entry["rpe"]) if entry.get("rpe") else None,
                )
                rows.append(
                    SetLog(
                        organization=client.organization,
                        log=log,
                        exercise=entry["exercise"],
                        set_index=entry["set_index"],
                        reps=entry["reps"],
                        load_kg=entry["load_kg"],
                        rpe=entry.get("rpe"),
                        is_warmup=entry.get("is_warmup", False),
                        assistance_kg=entry.get("assistance_kg") or None,
                        distance_m=entry.get("distance_m"),
                        duration_seconds=entry.get("duration_seconds"),
                        notes=entry.get("notes", ""),
                        reps_target=target.reps_max if target else None,
                        load_target_kg=target.target_load_kg if target else None,
                        rpe_target=target.target_rpe if target else None,
                        e1rm_kg=Decimal(str(round(e1rm, 2))) if e1rm else None,
                    )
                )
            SetLog.objects.bulk_create(rows)
            # What the answer shows is what was just written: no need to read the sets back.
            log._prefetched_objects_cache = {
                "sets": sorted(rows, key=lambda s: (s.set_index, s.pk or 0))
            }
    except IntegrityError:
        # The uuid was saved before (a retry) or at the same time by another request.
        existing = WorkoutLog.objects.filter(client=client, client_uuid=data["client_uuid"]).first()
        if existing is None:
            raise
        return existing, False
    workout_logged.send(sender=WorkoutLog, log=log)
    return log, True
