"""Writing the night back set-wise: one insert for the scores of a chunk, and the missed-session
prompts (through the one notification service, which emails after commit)."""

from __future__ import annotations

import json
import math
from datetime import date, datetime
from decimal import Decimal

import orjson
import pandas as pd
from django.db import connection
from django.db.models import Case, F, IntegerField, When
from django.urls import reverse
from django.utils import timezone

from coaching.core import notification_kinds
from coaching.core.localtime import finished_days
from coaching.emails import absolute
from coaching.models import Client, Notification, User
from coaching.notifications import Note, notify_organizations
from triage.models import AdherenceScore, ScoringRun

SCORE_FIELDS = (
    "completion_7d",
    "completion_28d",
    "completion_90d",
    "checkin_response_rate",
    "performance_trend",
)


def insert_scores(scores: list[dict]) -> None:
    """One insert for the chunk's scores; a score already there for the day is kept (the
    unique (organization, client, date) constraint), so a rerun writes nothing twice.
    ``scores``: one dict per score, keyed by every column's attribute name but the id."""
    insert_rows(AdherenceScore, scores, keep_existing=True)


def insert_rows(model, rows: list[dict], *, keep_existing: bool = False) -> None:
    """One insert for many rows of ``model``, each a dict keyed by column attribute names
    (``client_id``, not ``client``); a field left out takes its default. ``keep_existing``: a
    row that meets a unique constraint is skipped (``ON CONFLICT DO NOTHING``); otherwise the
    statement fails, and the caller's transaction with it.

    On Postgres the rows go as one JSON document, unpacked by ``jsonb_to_recordset`` in a single
    statement: no model instance or placeholder per value (the ORM's preparation of each value
    cost more than the insert: a fifth of the night for the scores). The document is parsed
    once, as jsonb, so a JSON column's value is not parsed a second time as it would be by
    ``json_to_recordset`` (15% less for the scores). Elsewhere, the ORM's ``bulk_create``."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.unscoped.bulk_create(
            [model(**values) for values in rows], ignore_conflicts=keep_existing
        )
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    record = ", ".join(f"{quote(f.attname)} {f.db_type(connection)}" for f in fields)
    names = [f.attname for f in fields]
    missing = {f.attname: f for f in fields if any(f.attname not in row for row in rows)}
    if missing:
        defaults = {name: field.get_default() for name, field in missing.items()}
        rows = [{**defaults, **row} for row in rows]
    document = json_document(rows)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(model._meta.db_table)} ({columns})"
            f" SELECT {', '.join('r.' + quote(n) for n in names)}"
            f" FROM jsonb_to_recordset(%s::jsonb) AS r({record})"
            + (" ON CONFLICT DO NOTHING" if keep_existing else ""),
            [document],
        )


def json_document(rows: list[dict]) -> str:
    """Rows as the JSON document ``jsonb_to_recordset`` reads: dates and times in ISO form, a
    decimal as text, and a column's float that is not finite as text too ("nan", "inf": Postgres
    reads them as floats). Inside a JSON column's value, where JSON has no such number, it is
    written as null. Written by orjson: the documents are large (a megabyte per thousand scores)
    and the json module took a tenth of a second per batch."""
    if any(type(v) is float and not math.isfinite(v) for row in rows for v in row.values()):
        rows = [
            {k: str(v) if type(v) is float and not math.isfinite(v) else v for k, v in row.items()}
            for row in rows
        ]
    return orjson.dumps(rows, default=_json_default, option=orjson.OPT_SERIALIZE_NUMPY).decode()


def _json_default(value):
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def prompt_missed_sessions(
    clients: list[Client], inputs: dict, days: dict[int, date], now: datetime | None = None
) -> int:
    """A planned session with nothing logged that day gets a neutral prompt to the client (in the
    app and by email, after the batch commits) asking what got in the way — once per missed
    day, never a scolding. ``clients`` may belong to several organizations (each client's
    ``organization`` set); ``days``: each client's scored day.

    The day is the client's local day (the inputs' dates are), and the last one that has ended
    for them: their scored day, or the day before for a client whose own zone is still living
    it."""
    planned, logs = inputs["planned"], inputs["logs"]
    if planned.empty:
        return 0
    now = now or timezone.now()
    missed_days = finished_days(
        {c.pk: days[c.pk] for c in clients}, {c.pk: c.zone_name for c in clients}, now
    )
    missed_ids = _on_their_day(planned, "planned_date", missed_days) - _on_their_day(
        logs, "performed_date", missed_days
    )
    organizations = {client.organization_id: client.organization for client in clients}
    homes = {pk: reverse("client_home", args=[o.slug]) for pk, o in organizations.items()}
    by_day: dict[tuple[int, date], set[int]] = {}
    for client in clients:
        if client.pk in missed_ids:
            by_day.setdefault((client.organization_id, missed_days[client.pk]), set()).add(
                client.pk
            )
    urls = {
        (organization_id, missed_day): (
            homes[organization_id] + f"?missed={missed_day.isoformat()}",
            missed,
        )
        for (organization_id, missed_day), missed in sorted(by_day.items())
    }
    if not urls:
        return 0
    already = set(
        Notification.unscoped.filter(
            organization_id__in={organization_id for organization_id, _ in urls},
            url__in={url for url, _ in urls.values()},
        ).values_list("url", "user_id")
    )
    by_id = {c.pk: c for c in clients}
    # The people prompted, with one query (the batch's clients come without their users).
    users = User.objects.in_bulk(
        [by_id[cid].user_id for _, missed in urls.values() for cid in missed if cid in by_id]
    )
    preferences = {
        pk: absolute(reverse("notification_settings", args=[o.slug]))
        for pk, o in organizations.items()
        if pk in {organization_id for organization_id, _ in urls}
    }
    notes = []
    for (organization_id, missed_day), (url, missed) in urls.items():
        text = (
            f"No session logged for {missed_day:%A}. What got in the way? "
            "One tap tells your coach — no judgement."
        )
        notes += [
            (
                by_id[cid].organization,
                Note(
                    user=users[by_id[cid].user_id],
                    text=text,
                    url=url,
                    email={"url": url, "preferences_link": preferences[organization_id]},
                ),
            )
            for cid in sorted(missed)
            if cid in by_id and (url, by_id[cid].user_id) not in already
        ]
    notify_organizations(notification_kinds.MISSED_SESSION, notes)
    return len(notes)


def _on_their_day(frame: pd.DataFrame, column: str, when: dict[int, date]) -> set[int]:
    """The clients (of ``when``) with a row of ``frame`` dated on their own day ``when[client]``:
    one vectorized comparison over the frame, whatever the number of clients or days."""
    if frame.empty:
        return set()
    # Each client's day looked up as a datetime64 by the client ids' index, not as a Python date
    # per row converted after.
    days = pd.Series(pd.to_datetime(list(when.values())), index=list(when), dtype="datetime64[ns]")
    wanted = frame["client_id"].map(days)
    dated = frame[column]
    if not pd.api.types.is_datetime64_dtype(dated):  # dates as read by the ORM
        dated = pd.to_datetime(dated, cache=False)
    return set(frame.loc[(dated.dt.normalize() == wanted).to_numpy(), "client_id"].tolist())


def add_to_runs(counts: dict[int, dict], days: dict[int, date]) -> None:
    """Add a batch's items opened and recommendations created (``counts``: organization id to
    {"items": n, "recommendations": n}) to its organizations' run rows for their ``days``: one
    statement. On Postgres the counts go as one JSON document (the ORM's ``Case`` per
    organization costs more to build than to run); elsewhere, one ``Case`` update."""
    if not counts:
        return
    if connection.vendor == "postgresql":
        document = json_document(
            [
                {
                    "org": pk,
                    "day": days[pk].isoformat(),
                    "items": c["items"],
                    "recs": c["recommendations"],
                }
                for pk, c in counts.items()
            ]
        )
        table = connection.ops.quote_name(ScoringRun._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} AS r SET items_opened = r.items_opened + v.items,"
                " recommendations_created = r.recommendations_created + v.recs"
                " FROM json_to_recordset(%s::json) AS v(org bigint, day date, items int, recs int)"
                " WHERE r.organization_id = v.org AND r.date = v.day",
                [document],
            )
        return
    ScoringRun.unscoped.filter(
        organization_id__in=list(counts), date__in={days[pk] for pk in counts}
    ).update(
        items_opened=Case(
            *(
                When(organization_id=pk, then=F("items_opened") + c["items"])
                for pk, c in counts.items()
            ),
            default=F("items_opened"),
            output_field=IntegerField(),
        ),
        recommendations_created=Case(
            *(
                When(organization_id=pk, then=F("recommendations_created") + c["recommendations"])
                for pk, c in counts.items()
            ),
            default=F("recommendations_created"),
            output_field=IntegerField(),
        ),
    )


RUN_SUMMARY_FIELDS = ("status", "finished_at", "clients_scored", "flags", "duration_seconds")


def save_run_summaries(runs: list[ScoringRun]) -> None:
    """Store the runs' summaries (``RUN_SUMMARY_FIELDS``): one statement. On Postgres the values
    go as one JSON document; elsewhere, the ORM's ``bulk_update``."""
    if not runs:
        return
    if connection.vendor != "postgresql":
        ScoringRun.unscoped.bulk_update(runs, list(RUN_SUMMARY_FIELDS))
        return
    document = json.dumps(
        [
            {
                "id": run.pk,
                "status": run.status,
                "finished_at": run.finished_at.isoformat() if run.finished_at else None,
                "clients_scored": run.clients_scored,
                "flags": run.flags,
                "duration_seconds": run.duration_seconds,
            }
            for run in runs
        ]
    )
    table = connection.ops.quote_name(ScoringRun._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS r SET status = v.status, finished_at = v.finished_at,"
            " clients_scored = v.clients_scored, flags = v.flags,"
            " duration_seconds = v.duration_seconds"
            " FROM json_to_recordset(%s::json) AS v(id bigint, status varchar,"
            " finished_at timestamptz, clients_scored int, flags jsonb, duration_seconds"
            " double precision) WHERE r.id = v.id",
            [document],
        )
