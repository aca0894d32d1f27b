"""Data ownership exports, the pure part: the tables an export holds, rows in, CSV and JSON out,
and the de-identified copy for research. No Django here: the shell (``reporting/export.py``)
reads rows set-wise and hands them over as tuples in column order.

What a de-identified file keeps is decided column by column by the column's kind:

- ``id`` and ``ref`` (row ids, links to clients, coaches, logs...): replaced by a pseudonym,
  HMAC-SHA256(organization salt, "<entity>:<id>") in hex. The salt is the organization's own
  secret (``Organization.research_salt``, made once and never exported), so the same client has
  the same key in every file and in every export (research datasets join across exports), and
  nobody without the salt can turn a key back into an id or link it to another organization.
- ``name``, ``email``, ``text`` (every free-text field: notes, goal notes, messages, check-in
  notes, rationales) and ``detail`` (free-form JSON that may hold text) and ``uuid``: dropped;
  the column is not in the file at all.
- ``number``, ``date``, ``datetime``, ``local_date``, ``category``, ``boolean``: kept as they
  are (a ``local_date`` is the day of a timestamp in the client's time zone).
- ``age``: kept, with every age above 89 written as 90 (the HIPAA safe-harbor rule; Spotter
  stores an age, never a date of birth).
- ``structured``: JSON of categories and numbers, kept; for dicts (or lists of dicts) only the
  keys in ``keep_keys`` survive (an injury keeps its area, not its notes), and a key with a
  vocabulary (``vocabulary_keys``) keeps only the vocabulary's words: anything else someone
  typed there is written as "other" (fail closed: a vocabulary the caller does not supply
  turns every value into "other").
- ``codes``: a list of ``{code, text, ...}`` reduced to the list of codes.
- ``scale_answers``: the organization's own check-in questions, ``{question id: answer}``, kept
  only where the answer is a number (1–5 scales); answers in words are dropped.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
from collections.abc import Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any
from uuid import UUID

from coaching.core.localtime import local_day
from coaching.core.spreadsheet import spreadsheet_safe

# Column kinds.
ID = "id"
REF = "ref"
NAME = "name"
EMAIL = "email"
TEXT = "text"
DETAIL = "detail"
UUID_KIND = "uuid"
NUMBER = "number"
AGE = "age"
DATE = "date"
DATETIME = "datetime"
# The local calendar day of a timestamp, in the row's client's time zone (their own, else the
# organization's): the shell reads the timestamp, ``local_days`` turns it into the day.
LOCAL_DATE = "local_date"
CATEGORY = "category"
BOOLEAN = "boolean"
STRUCTURED = "structured"
CODES = "codes"
SCALE_ANSWERS = "scale_answers"
KEY = "key"  # what an id or ref becomes in a de-identified file

DROPPED_KINDS = frozenset({NAME, EMAIL, TEXT, DETAIL, UUID_KIND})
PSEUDONYMIZED_KINDS = frozenset({ID, REF})
OLDEST_AGE_WRITTEN = 90
OUTSIDE_VOCABULARY = "other"
BODY_AREAS = "body_areas"  # the vocabulary of injury and pain areas (coaching.core.intake_vocab)
PSEUDONYM_HEX_CHARS = 32  # 128 bits of the HMAC: collisions are not a practical concern


@dataclass(frozen=True)
class Column:
    """One column: its name in the file, what kind of value it is, where the shell reads it
    (an ORM lookup; the name when omitted) and, for ids and refs, which entity it names."""

    name: str
    kind: str
    entity: str | None = None
    source: str | None = None
    keep_keys: tuple[str, ...] | None = None
    # (key, vocabulary name): values of the key outside the vocabulary become OUTSIDE_VOCABULARY.
    vocabulary_keys: tuple[tuple[str, str], ...] = ()
    description: str = ""

    @property
    def lookup(self) -> str:
        return self.source or self.name


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...] = field(default_factory=tuple)

    @property
    def lookups(self) -> list[str]:
        return [column.lookup for column in self.columns]


def _entity(column: Column) -> str:
    """The entity an id or ref column names (every one of them is declared with it)."""
    if column.entity is None:
        raise ValueError(f"Column {column.name} ({column.kind}) names no entity.")
    return column.entity


def _id(entity: str) -> Column:
    return Column("id", ID, entity=entity, description=f"the {entity.replace('_', ' ')}'s id")


def _client() -> Column:
    return Column("client", REF, entity="client", source="client_id", description="client id")


def _user(name: str, description: str) -> Column:
    return Column(name, REF, entity="user", source=f"{name}_id", description=description)


CLIENTS = Table(
    "clients",
    "Each client of the organization, with their tier and subscription.",
    (
        _id("client"),
        Column("name", NAME, source="user__name"),
        Column("email", EMAIL, source="user__email"),
        _user("coach", "the assigned coach's user id"),
        Column("coach_name", NAME, source="coach__name"),
        Column("status", CATEGORY, description="active | paused | archived"),
        Column("risk", CATEGORY, description="segment from the approved intake"),
        Column("experience", CATEGORY),
        Column("autonomy", CATEGORY),
        Column("automation_hold", BOOLEAN, description="AI changes paused after a red flag"),
        Column("tier", CATEGORY, source="subscription__tier_id", description="tier id"),
        Column("tier_name", CATEGORY, source="subscription__tier__name"),
        Column("subscription_status", CATEGORY, source="subscription__status"),
        Column("price_charged", NUMBER, source="subscription__price_charged"),
        Column("currency", CATEGORY, source="subscription__currency"),
        Column("created_at", DATETIME),
        Column("anonymized_at", DATETIME, description="when the client's data was deleted"),
    ),
)

INTAKES = Table(
    "intakes",
    "Every version of every intake, with what segmentation made of it and the coach's review.",
    (
        _id("intake"),
        _client(),
        Column("version", NUMBER),
        Column("status", CATEGORY),
        Column("goals", STRUCTURED),
        Column("goal_notes", TEXT),
        Column("training_age_years", NUMBER),
        Column("sessions_per_week", NUMBER),
        Column("session_minutes", NUMBER),
        Column("equipment", STRUCTURED),
        Column(
            "injuries",
            STRUCTURED,
            keep_keys=("area", "current"),
            vocabulary_keys=(("area", BODY_AREAS),),
        ),
        Column("health_screen", STRUCTURED, description="PAR-Q+ answers, true or false"),
        Column("health_notes", TEXT),
        Column("preferences", TEXT),
        Column("constraints", TEXT),
        Column("stress_level", NUMBER),
        Column("sleep_hours", NUMBER),
        Column("age_years", AGE),
        Column("risk", CATEGORY),
        Column("experience", CATEGORY),
        Column("autonomy", CATEGORY),
        Column("suggested_service_model", CATEGORY),
        Column("segment_reasons", CODES),
        Column("issues", CODES),
        Column("referral_suggested", BOOLEAN),
        Column("submitted_at", DATETIME),
        _user("reviewed_by", "the reviewing coach's user id"),
        Column("reviewed_at", DATETIME),
        Column("review_notes", TEXT),
        Column("created_at", DATETIME),
    ),
)

PROGRAMS = Table(
    "programs",
    "Training programs (weeks, workouts and prescriptions are in their own files).",
    (
        _id("program"),
        _client(),
        Column("name", TEXT),
        Column("status", CATEGORY),
        Column("start_date", DATE),
        Column("rationale", DETAIL, description="why the program is built as it is"),
        _user("created_by", "user id of who made it"),
        Column("created_at", DATETIME),
        Column("activated_at", DATETIME),
    ),
)

PROGRAM_WEEKS = Table(
    "program_weeks",
    "The weeks of each program.",
    (
        _id("program_week"),
        Column("program", REF, entity="program", source="program_id"),
        Column("index", NUMBER),
        Column("is_deload", BOOLEAN),
    ),
)

PLANNED_WORKOUTS = Table(
    "planned_workouts",
    "The sessions planned in each week.",
    (
        _id("planned_workout"),
        Column("week", REF, entity="program_week", source="week_id"),
        Column("program", REF, entity="program", source="program_id"),
        _client(),
        Column("day_index", NUMBER),
        Column("planned_date", DATE),
        Column("name", TEXT),
    ),
)

PRESCRIPTIONS = Table(
    "prescriptions",
    "What each planned session prescribes, exercise by exercise.",
    (
        _id("prescription"),
        Column("workout", REF, entity="planned_workout", source="workout_id"),
        Column("exercise", CATEGORY, source="exercise_id", description="exercise id"),
        Column("exercise_name", CATEGORY, source="exercise__name"),
        Column("order", NUMBER),
        Column("sets", NUMBER),
        Column("reps_min", NUMBER),
        Column("reps_max", NUMBER),
        Column("target_rpe", NUMBER),
        Column("target_load_kg", NUMBER),
        Column("rest_seconds", NUMBER),
        Column("notes", TEXT),
    ),
)

WORKOUT_LOGS = Table(
    "workout_logs",
    "Sessions as the clients did them (or skipped them).",
    (
        _id("workout_log"),
        _client(),
        Column("client_uuid", UUID_KIND, description="made by the client's browser"),
        Column("workout", REF, entity="planned_workout", source="workout_id"),
        Column("performed_at", DATETIME),
        Column(
            "performed_on",
            LOCAL_DATE,
            source="performed_at",
            description="the day it was performed, in the client's time zone",
        ),
        Column("status", CATEGORY, description="completed | partial | skipped"),
        Column("skip_reason", CATEGORY),
        Column("session_rpe", NUMBER),
        Column("duration_minutes", NUMBER),
        Column("notes", TEXT),
        Column("source", CATEGORY, description="app | strong | hevy"),
        Column("created_at", DATETIME),
    ),
)

SET_LOGS = Table(
    "set_logs",
    "Each logged set, beside its target.",
    (
        _id("set_log"),
        Column("log", REF, entity="workout_log", source="log_id"),
        Column("exercise", CATEGORY, source="exercise_id", description="exercise id"),
        Column("exercise_name", CATEGORY, source="exercise__name"),
        Column("set_index", NUMBER),
        Column("reps", NUMBER),
        Column("load_kg", NUMBER),
        Column("rpe", NUMBER),
        Column("reps_target", NUMBER),
        Column("load_target_kg", NUMBER),
        Column("rpe_target", NUMBER),
        Column("e1rm_kg", NUMBER),
        Column("is_warmup", BOOLEAN),
    ),
)

CHECK_INS = Table(
    "check_ins",
    "Check-ins: the 1–5 scales (5 is best for readiness, sleep quality and mood; worst for "
    "soreness, fatigue and stress), pain, symptoms and what the red-flag reading found.",
    (
        _id("check_in"),
        _client(),
        Column("created_at", DATETIME),
        Column(
            "created_on",
            LOCAL_DATE,
            source="created_at",
            description="the day it was sent, in the client's time zone",
        ),
        Column("readiness", NUMBER),
        Column("sleep_quality", NUMBER),
        Column("soreness", NUMBER),
        Column("fatigue", NUMBER),
        Column("stress", NUMBER),
        Column("mood", NUMBER),
        Column("satisfaction", NUMBER),
        Column("sleep_hours", NUMBER),
        Column("body_weight_kg", NUMBER),
        Column(
            "pain",
            STRUCTURED,
            keep_keys=("area", "severity", "new", "related_exercise"),
            vocabulary_keys=(("area", BODY_AREAS),),
        ),
        Column("symptoms", STRUCTURED),
        Column("notes", TEXT),
        Column("wants_human_review", BOOLEAN),
        Column("extra_answers", SCALE_ANSWERS, description="{question id: answer}"),
        Column("level", CATEGORY, description="green | yellow | red"),
        Column("reasons", CODES),
        Column("message_to_client", TEXT),
    ),
)

RECOMMENDATIONS = Table(
    "recommendations",
    "Decisions about plans: every proposed change, and who decided what and when.",
    (
        _id("recommendation"),
        _client(),
        Column("kind", CATEGORY),
        Column("status", CATEGORY),
        Column("level", CATEGORY),
        Column("rationale", TEXT),
        Column("confidence", NUMBER),
        Column("payload", DETAIL, description="the proposed change"),
        Column("program", REF, entity="program", source="program_id"),
        Column("source", CATEGORY, description="ai | coach"),
        _user("created_by", "user id of who proposed it (empty: the AI)"),
        Column("created_at", DATETIME),
        Column("due_at", DATETIME),
        _user("decided_by", "user id of the coach who decided"),
        Column("decided_at", DATETIME),
        Column("decision_notes", TEXT),
        Column("applied_automatically", BOOLEAN),
        Column("applied_at", DATETIME),
    ),
)

REVIEW_ITEMS = Table(
    "review_items",
    "Decisions about people: each review item, how it was resolved, by whom and when.",
    (
        _id("review_item"),
        _client(),
        Column("level", CATEGORY),
        Column("reason_kind", CATEGORY),
        Column("reasons", CODES),
        Column("evidence", DETAIL),
        Column("source", CATEGORY),
        Column("check_in", REF, entity="check_in", source="check_in_id"),
        Column("raised_by_ai", BOOLEAN),
        Column("created_at", DATETIME),
        Column("due_at", DATETIME),
        _user("assigned_to", "user id of the coach it was assigned to"),
        Column("status", CATEGORY, description="open | resolved"),
        Column("resolution", CATEGORY),
        Column("message", TEXT, description="the reply sent to the client"),
        _user("resolved_by", "user id of the coach who resolved it"),
        Column("resolved_at", DATETIME),
    ),
)

ADHERENCE_SCORES = Table(
    "adherence_scores",
    "The nightly score of each client for each day (rates are fractions from 0 to 1).",
    (
        _id("adherence_score"),
        _client(),
        Column("date", DATE),
        Column("level", CATEGORY),
        Column("completion_7d", NUMBER),
        Column("completion_28d", NUMBER),
        Column("completion_90d", NUMBER),
        Column("checkin_response_rate", NUMBER),
        Column("readiness_z", NUMBER),
        Column("performance_trend", NUMBER),
        Column("risk", NUMBER, description="modelled probability of missing most of next week"),
        Column("reasons", CODES),
    ),
)

HABITS = Table(
    "habits",
    "Daily habits a coach assigned (steps, protein, sleep, mobility or the client's own).",
    (
        _id("habit"),
        _client(),
        Column("kind", CATEGORY, description="steps | protein | sleep | mobility | custom"),
        Column("name", TEXT),
        Column("target", TEXT),
        Column("active", BOOLEAN),
        Column("created_at", DATETIME),
    ),
)

HABIT_CHECKS = Table(
    "habit_checks",
    "Each day a client ticked a habit done (the day in the client's time zone).",
    (
        _id("habit_check"),
        Column("habit", REF, entity="habit", source="habit_id", description="habit id"),
        Column("day", DATE),
        Column("created_at", DATETIME),
    ),
)

TABLES: tuple[Table, ...] = (
    CLIENTS,
    INTAKES,
    PROGRAMS,
    PROGRAM_WEEKS,
    PLANNED_WORKOUTS,
    PRESCRIPTIONS,
    WORKOUT_LOGS,
    SET_LOGS,
    CHECK_INS,
    RECOMMENDATIONS,
    REVIEW_ITEMS,
    ADHERENCE_SCORES,
    HABITS,
    HABIT_CHECKS,
)


# De-identification -----------------------------------------------------------------------------


def pseudonym(salt: bytes, entity: str, value: Any) -> str | None:
    """The stable research key of one id: HMAC-SHA256(salt, "<entity>:<id>"), hex, truncated."""
    if value is None:
        return None
    message = f"{entity}:{value}".encode()
    return hmac.new(salt, message, hashlib.sha256).hexdigest()[:PSEUDONYM_HEX_CHARS]


def deidentified_columns(table: Table) -> tuple[Column, ...]:
    """The columns a de-identified file has: no names, emails, free text; ids become keys."""
    kept = []
    for column in table.columns:
        if column.kind in DROPPED_KINDS:
            continue
        if column.kind in PSEUDONYMIZED_KINDS:
            column = Column(
                column.name,
                KEY,
                entity=_entity(column),
                description=f"pseudonymous key of the {_entity(column).replace('_', ' ')}",
            )
        kept.append(column)
    return tuple(kept)


def _keep_keys(value: Any, column: Column, vocabularies: dict[str, frozenset[str]]) -> Any:
    if isinstance(value, dict):
        keep_keys = column.keep_keys or ()  # callers pass only columns that name their keys
        kept = {key: value[key] for key in keep_keys if key in value}
        for key, vocabulary in column.vocabulary_keys:
            if kept.get(key) is not None and kept[key] not in vocabularies.get(vocabulary, ()):
                kept[key] = OUTSIDE_VOCABULARY
        return kept
    if isinstance(value, list):
        return [_keep_keys(item, column, vocabularies) for item in value if isinstance(item, dict)]
    return None


def _is_number_answer(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    return isinstance(value, str) and value.strip().isdigit()


def local_days(
    table: Table, rows: Iterable[Sequence[Any]], zones: Mapping[int, str], default_zone: str
) -> Iterator[tuple[Any, ...]]:
    """Rows with each ``LOCAL_DATE`` column's instant turned into its local day in the zone of
    the row's client (``zones``: client id to their own zone; ``default_zone`` otherwise)."""
    positions = [i for i, column in enumerate(table.columns) if column.kind == LOCAL_DATE]
    if not positions:
        yield from (tuple(row) for row in rows)
        return
    client_at = next(i for i, column in enumerate(table.columns) if column.name == "client")
    for row in rows:
        values = list(row)
        zone_name = zones.get(values[client_at]) or default_zone
        for i in positions:
            if values[i] is not None:
                values[i] = local_day(values[i], zone_name)
        yield tuple(values)


def deidentify_value(
    column: Column, value: Any, salt: bytes, vocabularies: dict[str, frozenset[str]] | None = None
) -> Any:
    """One kept column's value in the research file (callers skip dropped columns)."""
    kind = column.kind
    if kind in PSEUDONYMIZED_KINDS:
        return pseudonym(salt, _entity(column), value)
    if kind == AGE:
        return None if value is None else min(value, OLDEST_AGE_WRITTEN)
    if kind == STRUCTURED and column.keep_keys is not None and value is not None:
        return _keep_keys(value, column, vocabularies or {})
    if kind == STRUCTURED:
        # Lists of categories (goals, equipment, symptoms) or dicts of booleans (health screen).
        return value
    if kind == CODES:
        return [item["code"] for item in value or [] if isinstance(item, dict) and "code" in item]
    if kind == SCALE_ANSWERS:
        return {
            str(key): int(answer) if isinstance(answer, str) else answer
            for key, answer in (value or {}).items()
            if _is_number_answer(answer)
        }
    if kind in DROPPED_KINDS:
        raise ValueError(f"{column.name} is dropped from de-identified files")
    return value


def deidentify_rows(
    table: Table,
    rows: Iterable[Sequence[Any]],
    salt: bytes,
    vocabularies: dict[str, frozenset[str]] | None = None,
) -> Iterable[tuple[Any, ...]]:
    """Rows (tuples in the table's column order) as the de-identified file's rows.
    ``vocabularies`` names the words structured keys may keep (e.g. ``BODY_AREAS``)."""
    if not salt:
        raise ValueError("a de-identified export needs the organization's salt")
    kept = [(i, c) for i, c in enumerate(table.columns) if c.kind not in DROPPED_KINDS]
    for row in rows:
        yield tuple(deidentify_value(column, row[i], salt, vocabularies) for i, column in kept)


def deidentified_table(table: Table) -> Table:
    return Table(table.name, table.description, deidentified_columns(table))


# Writing ---------------------------------------------------------------------------------------


def json_value(value: Any) -> Any:
    """A value as JSON: decimals as numbers, dates ISO 8601, uuids as strings."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    return value


def csv_cell(value: Any) -> str:
    """A value as a CSV cell: empty for none, true/false, JSON for lists and dicts; text that a
    spreadsheet would run as a formula is neutralized (``coaching.core.spreadsheet``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list | tuple):
        return json.dumps(json_value(value), ensure_ascii=False, sort_keys=True)
    return spreadsheet_safe(str(json_value(value)))


def write_table(
    table: Table, rows: Iterable[Sequence[Any]], csv_out: IO[bytes], json_out: IO[bytes]
) -> int:
    """Write ``rows`` once, as CSV (header first, UTF-8) into ``csv_out`` and as a JSON array of
    objects into ``json_out``, without holding them in memory. Returns the number of rows."""
    steps = write_table_steps(table, rows, csv_out, json_out)
    while True:
        try:
            next(steps)
        except StopIteration as done:
            written: int = done.value
            return written


def write_table_steps(
    table: Table,
    rows: Iterable[Sequence[Any]],
    csv_out: IO[bytes],
    json_out: IO[bytes],
    every: int = 2000,
) -> Generator[int, None, int]:
    """``write_table``, pausing (yielding the rows written so far) after every ``every`` rows,
    so a caller can send what is written while the rest is read; returns the number of rows."""
    names = [column.name for column in table.columns]
    text = io.TextIOWrapper(csv_out, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(names)
    json_out.write(b"[")
    count = 0
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
        item = {name: json_value(value) for name, value in zip(names, row, strict=True)}
        json_out.write((b",\n" if count else b"\n") + json.dumps(item, ensure_ascii=False).encode())
        count += 1
        if count % every == 0:
            yield count
    json_out.write(b"\n]\n" if count else b"]\n")
    text.detach()  # leave csv_out open for the caller
    return count


def table_schema(table: Table) -> list[dict[str, Any]]:
    return [
        {"name": c.name, "type": c.kind, "description": c.description}
        | ({"entity": c.entity} if c.entity else {})
        for c in table.columns
    ]


DEIDENTIFICATION_NOTE = (
    "Names, emails, free text (notes, messages, answers in words, rationales) and free-form "
    "details are removed. Every id is replaced by HMAC-SHA256(organization secret salt, "
    "'<entity>:<id>'): the same person or row has the same key in every file and every export "
    "of this organization, and keys cannot be turned back into ids without the salt, which is "
    "never exported. Ages above 89 are written as 90. Numbers, dates and categories are kept."
)


def build_manifest(
    *,
    organization: dict[str, Any],
    generated_at: datetime,
    kind: str,
    tables: Sequence[Table],
    counts: dict[str, int],
) -> dict[str, Any]:
    """What the zip holds: who it is from, when, how many rows, and each file's columns."""
    manifest = {
        "organization": organization,
        "generated_at": generated_at.isoformat(),
        "kind": kind,
        "files": {
            table.name: {
                "csv": f"{table.name}.csv",
                "json": f"{table.name}.json",
                "rows": counts.get(table.name, 0),
                "description": table.description,
                "columns": table_schema(table),
            }
            for table in tables
        },
    }
    if kind == "deidentified":
        manifest["deidentification"] = DEIDENTIFICATION_NOTE
    return manifest
