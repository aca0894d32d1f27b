"""Bringing a client's history in from Strong or Hevy: parse (pure), match exercises, save once.

- Re-importing the same file creates nothing: each session's log gets a uuid derived from the
  client and the session key, so a session already in the database is skipped as a duplicate.
- Times in the file are wall-clock times in the client's zone (``Client.zone_name``; DST gaps
  and folds as ``coaching.core.localtime.wall_time_to_aware`` reads them).
- Weights the file gives no unit for are in the unit the caller names (kg by default, as the
  API promises); the answer says which unit was used and, without a unit in the file, what the
  weights look like (``programs.core.importers.guess_unit``).
- Unknown exercise names become organization exercises and are listed; nothing is dropped.
- The notes of the last ``NOTES_READ_DAYS`` days go out as ``programs.signals.notes_imported`` (triage reads
  them as history: a coach review, never a red).
- A file of more than ``ASYNC_ROWS`` rows is an ``ImportJob`` imported by a Celery task
  (in-process without Redis), committing ``SESSIONS_PER_WRITE`` sessions at a time so its
  progress shows; the upload is kept in the job (tenant-scoped) and emptied once it is done.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache

import pandas as pd
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from coaching.core.localtime import local_day, wall_time_to_aware
from coaching.tenancy import tenant_scope
from programs.core.e1rm import estimated_one_rep_max
from programs.core.exercise_matching import ExerciseMatcher
from programs.core.importers import (
    ASYNC_ROWS,
    MAX_ERRORS,
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    ParsedImport,
    TooLarge,
    UnknownFormat,
    estimated_rows,
    minutes_rounded,
    normalize_unit,
    parse_export,
    too_big_message,
    too_many_rows_message,
)
from programs.core.library import derived_columns
from programs.models import Exercise, ImportJob, ImportStatus, SetLog, WorkoutLog
from programs.signals import notes_imported

log = logging.getLogger(__name__)

IMPORT_NAMESPACE = uuid.UUID("6c3f1f0e-9b7a-4e52-8d2c-5f0a1b2c3d4e")
NOTES_READ_DAYS = 14  # imported notes this recent are read for red flags (as history)
SESSIONS_PER_WRITE = 250  # a background import commits this many sessions at a time
STALE_UPLOAD = timedelta(days=1)  # an upload waiting for its unit longer than this is dropped
HEAD_LINES = 2000  # lines read in the request to check a file queued for the background
SKIPPED_ROWS_LISTED = 100  # line numbers listed per skip reason


@dataclass(frozen=True)
class ImportedNote:
    performed_at: datetime  # aware
    text: str
    exercise: str = ""  # the exercise a set note belongs to; "" for the session's notes


@dataclass
class ImportResult:
    created_logs: int = 0
    created_sets: int = 0
    skipped_duplicates: int = 0
    unknown_exercises: list[str] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    errors_total: int = 0
    skipped_rows: list[dict] = field(default_factory=list)
    unit: str = "kg"
    unit_source: str = "default"
    unit_guess: dict | None = None
    cardio_sets: int = 0
    assisted_sets: int = 0
    flagged_notes: int = 0

    def as_dict(self) -> dict:
        return {
            "created_logs": self.created_logs,
            "created_sets": self.created_sets,
            "skipped_duplicates": self.skipped_duplicates,
            "unknown_exercises": self.unknown_exercises,
            "errors": self.errors,
            "errors_total": self.errors_total,
            "errors_not_shown": max(0, self.errors_total - len(self.errors)),
            "skipped_rows": self.skipped_rows,
            "unit": self.unit,
            "unit_source": self.unit_source,
            "unit_guess": self.unit_guess,
            "cardio_sets": self.cardio_sets,
            "assisted_sets": self.assisted_sets,
            "flagged_notes": self.flagged_notes,
        }


@lru_cache(maxsize=8)
def _matcher(library: tuple) -> ExerciseMatcher:
    """A matcher per distinct library (the global one plus an organization's own), built once
    per process: building it reads every name's aliases and variant words."""
    return ExerciseMatcher(library)


def session_uuid(client_id: int, session_key: str) -> uuid.UUID:
    return uuid.uuid5(IMPORT_NAMESPACE, f"{client_id}:{session_key}")


def _exercise_for_unknown(organization, name: str, category: str) -> Exercise:
    key = f"import-{slugify(name)[:100] or 'exercise'}"
    record = {"name": name, "category": category, "equipment": "other", "primaryMuscles": []}
    exercise, _ = Exercise.unscoped.get_or_create(
        organization=organization,
        key=key,
        defaults={
            "name": name[:160],
            "category": category,
            "equipment": "other",
            **derived_columns(record),
            "aliases": [name],
        },
    )
    return exercise


def _summary(parsed: ParsedImport, unit: str, unit_source: str) -> ImportResult:
    skipped: dict[str, list[int]] = {}
    for row in parsed.skipped:
        skipped.setdefault(row.reason, []).append(row.row)
    guess = parsed.unit_guess
    return ImportResult(
        errors=[{"row": e.row, "message": e.message} for e in parsed.errors[:MAX_ERRORS]],
        errors_total=parsed.errors_total,
        skipped_rows=[
            {"reason": reason, "count": len(rows), "rows": rows[:SKIPPED_ROWS_LISTED]}
            for reason, rows in skipped.items()
        ],
        unit=parsed.unit if parsed.unit_in_file else unit,
        unit_source="file" if parsed.unit_in_file else unit_source,
        unit_guess={"unit": guess.unit, "reason": guess.reason} if guess else None,
    )


def import_history(
    client,
    data: bytes,
    fmt: str,
    *,
    by,
    unit: str = "kg",
    unit_source: str = "default",
    progress: Callable[[int, int], None] | None = None,
    now: datetime | None = None,
    write_scope: Callable[[], contextlib.AbstractContextManager] = contextlib.nullcontext,
    sessions_per_write: int | None = None,
) -> ImportResult:
    """Parse, match and save. Raises programs.core.importers.UnknownFormat (or its TooLarge and
    EveryRowFailed) for a file that cannot be imported. Callers in a request or a command run it
    inside their transaction and tenant scope; a background task passes ``write_scope`` (a
    transaction in the tenant scope) and ``sessions_per_write`` to commit part by part."""
    unit = normalize_unit(unit)
    parsed = parse_export(data, fmt, unit=unit)
    result = _summary(parsed, unit, unit_source)
    sets = parsed.sets
    if sets.empty:
        return result
    organization = client.organization
    zone_name = client.zone_name
    names = sets["exercise_name"].unique().tolist()
    timed = (sets["reps"] == 0) & sets["distance_m"].notna()
    cardio_names = set(sets.loc[timed, "exercise_name"]) - set(sets.loc[~timed, "exercise_name"])
    sessions = sets.groupby("session_key", sort=False)
    wanted = {key: session_uuid(client.pk, key) for key in sessions.groups}
    with write_scope():
        matcher = _matcher(tuple(Exercise.objects.values_list("pk", "name", "equipment")))
        resolved = {}
        for name in names:
            match = matcher.match(name)
            if match is None:
                category = "cardio" if name in cardio_names else "strength"
                match = _exercise_for_unknown(organization, name, category).pk
                result.unknown_exercises.append(name)
            resolved[name] = match
        existing = set(
            WorkoutLog.objects.filter(
                client=client, client_uuid__in=list(wanted.values())
            ).values_list("client_uuid", flat=True)
        )
    sets = sets.assign(exercise_id=sets["exercise_name"].map(resolved))
    now = now or timezone.now()
    notes_since = local_day(now, zone_name) - timedelta(days=NOTES_READ_DAYS - 1)
    firsts = sets.drop_duplicates("session_key")
    logs: dict[str, WorkoutLog] = {}
    for first in firsts.itertuples(index=False):
        if wanted[first.session_key] in existing:
            result.skipped_duplicates += 1
            continue
        logs[first.session_key] = _log(client, first, wanted[first.session_key], zone_name, fmt, by)
    recent = {
        key for key, log_ in logs.items() if local_day(log_.performed_at, zone_name) >= notes_since
    }
    recent_notes = _notes(sets[sets["session_key"].isin(recent)], logs)
    new_sets = sets[sets["session_key"].isin(logs.keys())]
    keys = list(logs)
    total = len(keys)
    step = sessions_per_write or max(total, 1)
    for start in range(0, total, step):
        chunk = keys[start : start + step]
        with write_scope():
            WorkoutLog.objects.bulk_create([logs[key] for key in chunk], batch_size=1000)
            rows = new_sets[new_sets["session_key"].isin(chunk)]
            _insert_sets(organization.pk, rows, {key: logs[key].pk for key in chunk})
            result.created_logs += len(chunk)
            result.created_sets += len(rows)
            result.cardio_sets += int((rows["distance_m"].notna() | rows["seconds"].notna()).sum())
            result.assisted_sets += int((rows["assistance_kg"] > 0).sum())
            if progress:
                progress(start + len(chunk), total)
    if recent_notes:
        with write_scope():
            answers = notes_imported.send(sender=WorkoutLog, client=client, notes=recent_notes)
            result.flagged_notes += sum(int(count or 0) for _, count in answers)
    return result


def _log(client, first, client_uuid, zone_name, fmt, by) -> WorkoutLog:
    """The log of one session of the file (not saved yet), from its first set's row."""
    performed = wall_time_to_aware(pd.Timestamp(first.performed_at).to_pydatetime(), zone_name)
    seconds = None if pd.isna(first.duration_seconds) else int(round(first.duration_seconds))
    return WorkoutLog(
        organization=client.organization,
        client=client,
        client_uuid=client_uuid,
        performed_at=performed,
        status="completed",
        duration_seconds=seconds,
        duration_minutes=minutes_rounded(seconds),
        name=str(first.workout_name)[:200],
        notes=str(first.workout_notes or ""),
        source=fmt,
        created_by=by,
    )


def _notes(sets: pd.DataFrame, logs: dict[str, WorkoutLog]) -> list[ImportedNote]:
    """The session and set notes of these sets' sessions, each with its session's time."""
    notes = [
        ImportedNote(logs[key].performed_at, logs[key].notes)
        for key in sets["session_key"].unique()
        if logs[key].notes
    ]
    with_notes = sets[sets["notes"] != ""]
    notes += [
        ImportedNote(logs[key].performed_at, str(text), str(exercise))
        for key, text, exercise in with_notes[["session_key", "notes", "exercise_name"]]
        .drop_duplicates()
        .itertuples(index=False, name=None)
    ]
    return notes


# SetLog columns an import writes, in the order of _set_values.
_SET_FIELDS = (
    "organization",
    "log",
    "exercise",
    "set_index",
    "reps",
    "load_kg",
    "rpe",
    "is_warmup",
    "e1rm_kg",
    "assistance_kg",
    "distance_m",
    "duration_seconds",
    "notes",
)
INSERT_PAGE = 2000


def _optional(values: pd.Series, transform=None) -> list:
    """A column as Python values, NaN and non-positive numbers as None."""
    kept = values.where(values.notna() & (values > 0))
    if transform is not None:
        kept = kept.map(transform, na_action="ignore")
    return kept.astype(object).where(kept.notna(), None).tolist()


def _insert_sets(organization_id: int, rows: pd.DataFrame, log_ids: dict[str, int]) -> None:
    """Insert the sets of saved logs set-wise: tens of thousands of rows as a few multi-row
    INSERTs (no model instance per set; the e1RM still comes from programs.core.e1rm)."""
    if rows.empty:
        return
    rpe = rows["rpe"].astype(object).where(rows["rpe"].notna(), None).tolist()
    loads = rows["load_kg"].round(2).tolist()
    reps = rows["reps"].astype(int).tolist()
    e1rm = [
        None if value is None else round(value, 2)
        for value in (
            estimated_one_rep_max(load, rep, r)
            for load, rep, r in zip(loads, reps, rpe, strict=True)
        )
    ]
    values = list(
        zip(
            [organization_id] * len(rows),
            rows["session_key"].map(log_ids).tolist(),
            rows["exercise_id"].tolist(),
            rows["set_index"].astype(int).tolist(),
            reps,
            loads,
            rpe,
            rows["is_warmup"].astype(bool).tolist(),
            e1rm,
            _optional(rows["assistance_kg"], lambda v: round(float(v), 2)),
            _optional(rows["distance_m"], lambda v: round(float(v), 2)),
            _optional(rows["seconds"], lambda v: int(round(float(v)))),
            rows["notes"].astype(str).tolist(),
            strict=True,
        )
    )
    meta = SetLog._meta
    columns = ", ".join(connection.ops.quote_name(meta.get_field(f).column) for f in _SET_FIELDS)
    table = connection.ops.quote_name(meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            from psycopg2.extras import execute_values

            execute_values(
                cursor.cursor,
                f"INSERT INTO {table} ({columns}) VALUES %s",
                values,
                page_size=INSERT_PAGE,
            )
        else:
            placeholders = ", ".join(["%s"] * len(_SET_FIELDS))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", values)


# --- Uploads, jobs and the background path ----------------------------------------------------


def resolve_unit(value: str | None) -> tuple[str, str]:
    """(unit, where it came from) for a request's optional ``unit``; ValueError if unreadable."""
    if value in (None, ""):
        return "kg", "default"
    return normalize_unit(value), "request"


def check_head(data: bytes, fmt: str, unit: str) -> ParsedImport:
    """Parse the first lines only: is this an export at all? (a big file's check in the
    request; the task reads it whole). The limits are checked on the whole file first."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise TooLarge(too_big_message(len(data)))
    if estimated_rows(data) > MAX_ROWS:
        raise TooLarge(too_many_rows_message(estimated_rows(data)))
    end = 0
    for _ in range(HEAD_LINES + 1):
        end = data.find(b"\n", end) + 1
        if end == 0:
            return parse_export(data, fmt, unit=unit)
    return parse_export(data[:end], fmt, unit=unit)


def discard_stale_uploads(client=None, now: datetime | None = None) -> int:
    """Uploads that waited more than a day for their unit are dropped (the file is not kept):
    the client's own, or every one of the organization in scope."""
    now = now or timezone.now()
    jobs = ImportJob.objects.filter(
        status=ImportStatus.AWAITING_UNIT, created_at__lt=now - STALE_UPLOAD
    )
    if client is not None:
        jobs = jobs.filter(client=client)
    return jobs.update(
        status=ImportStatus.FAILED,
        upload=b"",
        error="No unit was chosen within a day, so the file was not kept. Upload it again.",
        finished_at=now,
    )


def queue_import(job: ImportJob) -> None:
    """Start the background import once the job is committed (in-process without Redis)."""
    from programs.tasks import import_workouts_task

    organization_id, job_id = job.organization_id, job.pk
    transaction.on_commit(lambda: import_workouts_task.delay(job_id, organization_id))


def run_job_in_request(job: ImportJob, *, by) -> ImportJob:
    """Import a small job's file now, inside the caller's transaction and scope."""
    job.status = ImportStatus.RUNNING
    job.started_at = timezone.now()
    try:
        result = import_history(
            job.client,
            bytes(job.upload),
            job.format,
            by=by,
            unit=job.unit or "kg",
            unit_source=job.unit_source or "default",
        )
    except UnknownFormat as exc:
        _finish(job, status=ImportStatus.FAILED, error=exc.message)
    else:
        _finish(job, status=ImportStatus.DONE, result=result.as_dict())
    return job


def _finish(job: ImportJob, *, status: str, result: dict | None = None, error: str = "") -> None:
    job.status = status
    job.result = result or {}
    job.error = error
    job.upload = b""  # the file is not kept once imported (or refused)
    job.finished_at = timezone.now()
    if status == ImportStatus.DONE:
        job.sessions_done = job.sessions_total = (result or {}).get("created_logs", 0) + (
            result or {}
        ).get("skipped_duplicates", 0)
    job.save(
        update_fields=[
            "status",
            "result",
            "error",
            "upload",
            "started_at",
            "finished_at",
            "sessions_done",
            "sessions_total",
        ]
    )


@contextlib.contextmanager
def _scoped(organization):
    with transaction.atomic(), tenant_scope(organization):
        yield


def run_import_job(organization, job_id: int) -> dict:
    """The background import of one job: claim it, import part by part (each part committed
    with the progress), then store the summary and drop the file. Safe to run twice: a job
    already finished is left alone, and sessions a killed run saved are skipped as duplicates."""
    with _scoped(organization):
        claimed = ImportJob.objects.filter(
            pk=job_id, status__in=[ImportStatus.QUEUED, ImportStatus.RUNNING]
        ).update(status=ImportStatus.RUNNING, started_at=timezone.now())
        if not claimed:
            return {"job": job_id, "status": "not run"}
        job = ImportJob.objects.select_related("client__organization", "created_by").get(pk=job_id)
        data = bytes(job.upload)

    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(sessions_done=done, sessions_total=total)

    try:
        result = import_history(
            job.client,
            data,
            job.format,
            by=job.created_by,
            unit=job.unit or "kg",
            unit_source=job.unit_source or "default",
            progress=progress,
            write_scope=lambda: _scoped(organization),
            sessions_per_write=SESSIONS_PER_WRITE,
        )
    except UnknownFormat as exc:
        status, summary, error = ImportStatus.FAILED, None, exc.message
    except Exception:  # a crash must still drop the file and tell the person
        log.exception("import job %s failed", job_id)
        status, summary, error = (
            ImportStatus.FAILED,
            None,
            "The import stopped on an unexpected error. Sessions saved so far are kept; upload "
            "the file again to import the rest (nothing is imported twice).",
        )
    else:
        status, summary, error = ImportStatus.DONE, result.as_dict(), ""
    with _scoped(organization):
        job = ImportJob.objects.get(pk=job_id)
        _finish(job, status=status, result=summary, error=error)
    return {"job": job_id, "status": status}


def start_import(client, data: bytes, fmt: str, *, unit: str | None, by, filename: str = ""):
    """What the API does with an upload: import it now (an ImportResult), or, past
    ``ASYNC_ROWS`` rows, check its head and queue it (an ImportJob). Raises UnknownFormat."""
    unit_value, source = resolve_unit(unit)
    rows = estimated_rows(data)
    if rows <= ASYNC_ROWS:
        return import_history(client, data, fmt, by=by, unit=unit_value, unit_source=source)
    check_head(data, fmt, unit_value)
    discard_stale_uploads(client)
    job = ImportJob.objects.create(
        organization=client.organization,
        client=client,
        format=fmt,
        filename=filename[:200],
        unit=unit_value,
        unit_source=source,
        status=ImportStatus.QUEUED,
        rows=rows,
        upload=data,
        created_by=by,
    )
    queue_import(job)
    return job
