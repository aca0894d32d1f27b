"""Rows for Postgres COPY, with the columns taken from the Django models.

The benchmarks load their data with ``COPY table (columns) FROM STDIN``. Hand-written column
lists rotted: a NOT NULL column added to a model later (``research_salt``,
``reminders_enabled``, ``WorkoutLog.name``) broke the benchmark on a fresh machine. Here every
row names only the values it cares about; every other concrete column gets the model field's
own default (``Field.get_default()``: the declared default, "" for text, None for nullable
fields), so a new column with a default needs no change here, and a new column without one fails
at once with its name (``MissingColumn``), in the test suite too: formatting needs no database.
"""

from __future__ import annotations

import datetime
import decimal
import io
import json
import uuid
from collections.abc import Iterable, Mapping


class MissingColumn(ValueError):
    """A NOT NULL column without a default that a row did not give."""


def _text(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (list, dict)):
        value = json.dumps(value)
    elif isinstance(value, (datetime.date, datetime.datetime)):
        value = value.isoformat()
    elif isinstance(value, (int, float, decimal.Decimal, uuid.UUID)):
        return str(value)
    value = str(value)
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


class Table:
    """One model's COPY: ``Table(Model).line(id=1, organization_id=2, ...)`` is one row's text."""

    def __init__(self, model):
        self.model = model
        self.name = model._meta.db_table
        self.fields = [f for f in model._meta.concrete_fields]
        self.columns = [f.column for f in self.fields]
        self._defaults = {}
        for field in self.fields:
            if field.has_default() and callable(field.default):
                continue  # evaluated per row (timezone.now, list, uuid4, ...)
            self._defaults[field.column] = field.get_default()

    def line(self, values: Mapping) -> str:
        out = []
        for field in self.fields:
            column = field.column
            if column in values:
                value = values[column]
            elif field.attname in values:
                value = values[field.attname]
            elif column in self._defaults:
                value = self._defaults[column]
            else:
                value = field.get_default()
            if value is None and not field.null:
                raise MissingColumn(
                    f"{self.name}.{column} is NOT NULL and has no default: give it a value"
                )
            out.append(_text(value))
        return "\t".join(out) + "\n"

    def buffer(self, rows: Iterable[Mapping]) -> tuple[io.StringIO, int]:
        buffer = io.StringIO()
        count = 0
        for row in rows:
            buffer.write(self.line(row))
            count += 1
        buffer.seek(0)
        return buffer, count

    def copy(self, cursor, rows: Iterable[Mapping]) -> int:
        """COPY the rows in (a psycopg2 cursor); returns how many."""
        buffer, count = self.buffer(rows)
        cursor.copy_expert(f"COPY {self.name} ({', '.join(self.columns)}) FROM STDIN", buffer)
        return count


class FormatOnly:
    """Stands in for a cursor: formats every row (so a missing column fails) and counts them,
    without a database. ``copy(table, rows)`` returns the count."""

    def __init__(self):
        self.counts: dict[str, int] = {}

    def copy(self, table: Table, rows: Iterable[Mapping]) -> int:
        _, count = table.buffer(rows)
        self.counts[table.name] = self.counts.get(table.name, 0) + count
        return count


class CopyInto:
    """COPY through a psycopg2 cursor, with the same interface as ``FormatOnly``."""

    def __init__(self, cursor):
        self.cursor = cursor
        self.counts: dict[str, int] = {}

    def copy(self, table: Table, rows: Iterable[Mapping]) -> int:
        count = table.copy(self.cursor, rows)
        self.counts[table.name] = self.counts.get(table.name, 0) + count
        return count
