"""Data ownership exports, the shell: read each table set-wise, write a zip.

One query per table (``values_list(...).iterator()``) whatever the number of clients, rows
written straight into the zip (CSV) and a spooled file (JSON) as they arrive, so an export holds
one row at a time in memory, not the organization. ``stream_export`` (what the API sends) hands
the zip out chunk by chunk as it is written; ``build_export`` writes it whole into a
``SpooledTemporaryFile`` (in memory while small, on disk beyond ``SPOOL_BYTES``).

Runs inside a tenant scope (``stream_export``'s chunks open their own): every queryset goes
through ``objects`` (and row-level security on Postgres), so an export can only ever hold its
own organization's rows.
"""

from __future__ import annotations

import contextvars
import json
import secrets
import tempfile
import zipfile
from collections.abc import Generator, Iterator
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from coaching.core.intake_vocab import INJURY_AREAS
from coaching.models import Client, Intake, Organization
from coaching.tenancy import tenant_scope
from programs.models import (
    PlannedWorkout,
    Prescription,
    Program,
    ProgramWeek,
    Recommendation,
    SetLog,
    WorkoutLog,
)
from reporting.core import export_core as core
from triage.models import AdherenceScore, CheckIn, Habit, HabitCheck, ReviewItem

SPOOL_BYTES = 8 * 1024 * 1024
ITERATOR_CHUNK = 2000
COPY_BYTES = 1024 * 1024  # a table's JSON goes into the zip a megabyte at a time

# Each table's model, and the lookup that names the client a row belongs to.
SOURCES = {
    core.CLIENTS.name: (Client, "id"),
    core.INTAKES.name: (Intake, "client_id"),
    core.PROGRAMS.name: (Program, "client_id"),
    core.PROGRAM_WEEKS.name: (ProgramWeek, "program__client_id"),
    core.PLANNED_WORKOUTS.name: (PlannedWorkout, "client_id"),
    core.PRESCRIPTIONS.name: (Prescription, "workout__client_id"),
    core.WORKOUT_LOGS.name: (WorkoutLog, "client_id"),
    core.SET_LOGS.name: (SetLog, "log__client_id"),
    core.CHECK_INS.name: (CheckIn, "client_id"),
    core.RECOMMENDATIONS.name: (Recommendation, "client_id"),
    core.REVIEW_ITEMS.name: (ReviewItem, "client_id"),
    core.ADHERENCE_SCORES.name: (AdherenceScore, "client_id"),
    core.HABITS.name: (Habit, "client_id"),
    core.HABIT_CHECKS.name: (HabitCheck, "habit__client_id"),
}

# The words de-identified structured fields may keep (anything else typed there is "other").
VOCABULARIES = {core.BODY_AREAS: frozenset(INJURY_AREAS)}

FULL = "full"
CLIENT = "client"
DEIDENTIFIED = "deidentified"


@dataclass
class Export:
    file: tempfile.SpooledTemporaryFile
    filename: str
    counts: dict[str, int]


def research_salt(organization: Organization) -> bytes:
    """The organization's pseudonym secret, made once (a conditional update: two first exports
    at the same moment agree on one salt)."""
    if not organization.research_salt:
        Organization.objects.filter(pk=organization.pk, research_salt="").update(
            research_salt=secrets.token_hex(32)
        )
        organization.refresh_from_db(fields=["research_salt"])
    return organization.research_salt.encode()


def _rows(table: core.Table, client_id: int | None):
    model, client_lookup = SOURCES[table.name]
    queryset = model.objects.all()
    if client_id is not None:
        queryset = queryset.filter(**{client_lookup: client_id})
    return queryset.order_by("id").values_list(*table.lookups).iterator(chunk_size=ITERATOR_CHUNK)


def _zip_steps(
    target, organization: Organization, *, kind: str, client_id: int | None, now, salt: bytes
) -> Generator[object, None, dict[str, int]]:
    """Write the export's zip into ``target`` (seekable or not), pausing (yielding) after each
    entry's header and every ``ITERATOR_CHUNK`` rows, so a caller can send what was written so
    far; returns (StopIteration's value) the row count of each table."""
    counts: dict[str, int] = {}
    written_tables = []
    # Clients' own zones, for the local days of their rows (one query).
    zones = dict(Client.objects.exclude(time_zone="").values_list("pk", "time_zone"))
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zip_file:
        for table in core.TABLES:
            rows = core.local_days(
                table,
                _rows(table, client_id if kind == CLIENT else None),
                zones,
                organization.time_zone,
            )
            if kind == DEIDENTIFIED:
                rows = core.deidentify_rows(table, rows, salt, VOCABULARIES)
                table = core.deidentified_table(table)
            with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as json_file:
                with zip_file.open(f"{table.name}.csv", "w") as csv_file:
                    yield counts
                    counts[table.name] = yield from core.write_table_steps(
                        table, rows, csv_file, json_file, every=ITERATOR_CHUNK
                    )
                json_file.seek(0)
                with zip_file.open(f"{table.name}.json", "w") as json_entry:
                    while block := json_file.read(COPY_BYTES):
                        json_entry.write(block)
                        yield counts
            written_tables.append(table)
        manifest = core.build_manifest(
            organization={"slug": organization.slug, "name": organization.name},
            generated_at=now,
            kind=kind,
            tables=written_tables,
            counts=counts,
        )
        zip_file.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
    return counts


def _filename(organization: Organization, kind: str, client_id: int | None, now) -> str:
    stamp = now.strftime("%Y%m%d-%H%M%S")
    suffix = {FULL: "", CLIENT: f"-client-{client_id}", DEIDENTIFIED: "-deidentified"}[kind]
    return f"spotter-{organization.slug}{suffix}-{stamp}.zip"


def _check(kind: str, client_id: int | None) -> None:
    if kind == CLIENT and client_id is None:
        raise ValueError("a client export names its client")


def build_export(
    organization: Organization, *, kind: str = FULL, client_id: int | None = None, now=None
) -> Export:
    """The organization's data (or one client's, or the de-identified copy) as a zip of one
    CSV and one JSON file per table plus ``manifest.json``, whole, in a spooled file. Call
    inside the organization's tenant scope."""
    _check(kind, client_id)
    now = now or timezone.now()
    salt = research_salt(organization) if kind == DEIDENTIFIED else b""
    archive = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (the caller streams and closes it)
    steps = _zip_steps(archive, organization, kind=kind, client_id=client_id, now=now, salt=salt)
    counts = _run(steps)
    archive.seek(0)
    return Export(archive, _filename(organization, kind, client_id, now), counts)


def _run(steps: Iterator) -> dict[str, int]:
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value


class _Pipe:
    """A write-only, unseekable stream: what zipfile writes waits here until taken (zipfile
    then writes each entry's sizes after its data, as the zip format allows)."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


@dataclass
class StreamedExport:
    chunks: Iterator[bytes]
    filename: str


def stream_export(
    organization: Organization, *, kind: str = FULL, client_id: int | None = None, now=None
) -> StreamedExport:
    """The same zip as ``build_export`` (the same entries, bytes for bytes once unpacked), sent
    as it is written: its first bytes leave before the first table is read to the end.

    The rows are read while the response is sent, after the view has returned and the
    request's transaction and tenant scope have ended, so the chunks open their own: one
    transaction and ``tenant_scope(organization)`` for the whole zip, closed when the last
    chunk is taken or when the response is closed early (a client that hangs up). Each chunk
    is made inside a private copy of the context: the scope never shows outside the
    iterator, even between two chunks. Call from inside the organization's scope (a
    de-identified export's salt is made here, before the first byte)."""
    _check(kind, client_id)
    now = now or timezone.now()
    salt = research_salt(organization) if kind == DEIDENTIFIED else b""

    def chunks() -> Iterator[bytes]:
        pipe = _Pipe()
        with transaction.atomic(), tenant_scope(organization):
            steps = _zip_steps(
                pipe, organization, kind=kind, client_id=client_id, now=now, salt=salt
            )
            for _ in steps:
                if data := pipe.take():
                    yield data
        if data := pipe.take():  # the zip's central directory, written as it closed
            yield data

    return StreamedExport(_OwnContext(chunks()), _filename(organization, kind, client_id, now))


class _OwnContext:
    """An iterator run step by step inside its own copy of the context (contextvars): what it
    sets, such as the organization in scope, stays inside it."""

    def __init__(self, iterator: Iterator) -> None:
        self._iterator = iterator
        self._context = contextvars.copy_context()

    def __iter__(self):
        return self

    def __next__(self):
        return self._context.run(next, self._iterator)

    def close(self) -> None:
        self._context.run(self._iterator.close)
