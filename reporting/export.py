"""Data ownership exports, the shell: read each table set-wise, write a zip.

One query per table (``values_list(...).iterator()``) whatever the number of clients, rows
written straight into the zip (CSV) and a spooled file (JSON) as they arrive, so an export holds
one row at a time in memory, not the organization. The zip itself is a
``SpooledTemporaryFile``: in memory while small, on disk beyond ``SPOOL_BYTES``.

Runs inside the request's tenant scope: every queryset goes through ``objects`` (and row-level
security on Postgres), so an export can only ever hold its own organization's rows.
"""

from __future__ import annotations

import json
import secrets
import shutil
import tempfile
import zipfile
from dataclasses import dataclass

from django.utils import timezone

from coaching.core.intake_vocab import INJURY_AREAS
from coaching.models import Client, Intake, Organization
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


def build_export(
    organization: Organization, *, kind: str = FULL, client_id: int | None = None, now=None
) -> Export:
    """The organization's data (or one client's, or the de-identified copy) as a zip of one
    CSV and one JSON file per table plus ``manifest.json``. Call inside the organization's
    tenant scope."""
    if kind == CLIENT and client_id is None:
        raise ValueError("a client export names its client")
    now = now or timezone.now()
    salt = research_salt(organization) if kind == DEIDENTIFIED else b""
    archive = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (the caller streams and closes it)
    counts: dict[str, int] = {}
    written_tables = []
    # Clients' own zones, for the local days of their rows (one query).
    zones = dict(Client.objects.exclude(time_zone="").values_list("pk", "time_zone"))
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zip_file:
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
                    counts[table.name] = core.write_table(table, rows, csv_file, json_file)
                json_file.seek(0)
                with zip_file.open(f"{table.name}.json", "w") as json_entry:
                    shutil.copyfileobj(json_file, json_entry)
            written_tables.append(table)
        manifest = core.build_manifest(
            organization={"slug": organization.slug, "name": organization.name},
            generated_at=now,
            kind=kind,
            tables=written_tables,
            counts=counts,
        )
        zip_file.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
    archive.seek(0)
    stamp = now.strftime("%Y%m%d-%H%M%S")
    suffix = {FULL: "", CLIENT: f"-client-{client_id}", DEIDENTIFIED: "-deidentified"}[kind]
    return Export(archive, f"spotter-{organization.slug}{suffix}-{stamp}.zip", counts)
