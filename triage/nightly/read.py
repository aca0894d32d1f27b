"""Reading the night's inputs: one statement per table for a chunk of clients (COPY on
Postgres, the ORM elsewhere), every date the client's local day."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date, datetime, timedelta

import pandas as pd
from django.db import connection
from django.db.models import Min
from django.utils import timezone

from coaching.localtime import day_start, finished_day, local_today, zone_name_for
from coaching.models import Client
from coaching.tenancy import current_organization
from programs.models import PlannedWorkout, ProgramStatus, SetLog, WorkoutLog
from triage.models import CheckIn, ScoringSettings
from triage.scoring import HISTORY_DAYS, Thresholds

CHECKIN_COLUMNS = (
    "readiness",
    "fatigue",
    "sleep_quality",
    "sleep_hours",
    "mood",
    "stress",
    "soreness",
)

INPUT_NAMES = ("clients", "planned", "logs", "checkins", "lift_sets")
# The zone whose days end last (UTC-12): a day has ended everywhere once it has ended here.
LATEST_ZONE = "Etc/GMT+12"


def default_day(organization, now: datetime | None = None) -> date:
    """The day the night scores: yesterday in the organization's time zone."""
    return local_today(now or timezone.now(), organization.time_zone) - timedelta(days=1)


def client_zones(organization, rows: Iterable[tuple[int, str]]) -> dict[int, str]:
    """Each client's zone (their own, else the organization's) from (id, own zone) pairs."""
    return {pk: zone_name_for(own, organization.time_zone) for pk, own in rows}


def thresholds_for(organization) -> Thresholds:
    settings = ScoringSettings.objects.filter(organization=organization).first()
    return Thresholds.from_overrides(settings.thresholds if settings else None)


# --- Reading a chunk ------------------------------------------------------------------------

# One statement per table. Dates are each client's local days: the chunk's (client, zone) pairs
# are joined in as ``z`` and every timestamp is read ``AT TIME ZONE z.zone``. Time filters are
# ranges on the indexed timestamp columns, wide enough for every zone of the chunk (rows beyond
# a client's own days are ignored by the features), and every statement leads with the
# organization so the (organization, client, time) indexes serve it.
ZONES_SQL = "unnest(%(ids)s::bigint[], %(zones)s::text[]) AS z(client_id, zone)"
CHUNK_SQL = {
    "clients": (
        f"""SELECT c.id AS client_id, (c.created_at AT TIME ZONE z.zone)::date AS created_date,
           (SELECT (min(k.created_at) AT TIME ZONE z.zone)::date FROM triage_checkin k
             WHERE k.organization_id = c.organization_id AND k.client_id = c.id
           ) AS first_checkin_date
           FROM coaching_client c JOIN {ZONES_SQL} ON z.client_id = c.id
           WHERE c.organization_id = %(org)s AND c.id = ANY(%(ids)s)""",
        ["created_date", "first_checkin_date"],
    ),
    "planned": (
        """SELECT p.client_id, p.planned_date, g.start_date AS week_start
           FROM programs_plannedworkout p JOIN programs_program g ON g.id = p.program_id
           WHERE p.organization_id = %(org)s AND p.client_id = ANY(%(ids)s)
             AND p.planned_date >= %(start)s AND p.planned_date <= %(day)s
             AND g.organization_id = %(org)s AND g.client_id = ANY(%(ids)s)
             AND g.status IN %(statuses)s""",
        ["planned_date", "week_start"],
    ),
    "logs": (
        f"""SELECT l.client_id, (l.performed_at AT TIME ZONE z.zone)::date AS performed_date,
           l.status
           FROM programs_workoutlog l JOIN {ZONES_SQL} ON z.client_id = l.client_id
           WHERE l.organization_id = %(org)s AND l.client_id = ANY(%(ids)s)
             AND l.performed_at >= %(start_at)s AND l.performed_at < %(end_at)s""",
        ["performed_date"],
    ),
    "checkins": (
        f"""SELECT k.client_id, (k.created_at AT TIME ZONE z.zone)::date AS date,
           {", ".join("k." + name for name in CHECKIN_COLUMNS)}
           FROM triage_checkin k JOIN {ZONES_SQL} ON z.client_id = k.client_id
           WHERE k.organization_id = %(org)s AND k.client_id = ANY(%(ids)s)
             AND k.created_at >= %(start_at)s AND k.created_at < %(end_at)s""",
        ["date"],
    ),
    "lift_sets": (
        f"""SELECT l.client_id, (l.performed_at AT TIME ZONE z.zone)::date AS performed_date,
           s.exercise_id AS exercise_key, s.e1rm_kg
           FROM programs_workoutlog l JOIN programs_setlog s ON s.log_id = l.id
             JOIN {ZONES_SQL} ON z.client_id = l.client_id
           WHERE l.organization_id = %(org)s AND l.client_id = ANY(%(ids)s)
             AND l.performed_at >= %(start_at)s AND l.performed_at < %(end_at)s
             AND s.organization_id = %(org)s AND NOT s.is_warmup AND s.e1rm_kg IS NOT NULL""",
        ["performed_date"],
    ),
}


def _copy_frame(sql: str, params: dict, dates: list[str]) -> pd.DataFrame:
    """One statement's rows as a frame, through COPY ... TO STDOUT (CSV) and read_csv: the
    database's fastest way out, without building a Python object per row."""
    with connection.cursor() as cursor:
        statement = (
            f"COPY ({cursor.mogrify(sql, params).decode()}) TO STDOUT WITH (FORMAT csv, HEADER)"
        )
        buffer = io.StringIO()
        # Recorded like any query, so query-count tests see it.
        recording = getattr(cursor, "debug_sql", None)
        if recording is not None:
            with recording(statement):
                cursor.copy_expert(statement, buffer)
        else:
            cursor.copy_expert(statement, buffer)
    buffer.seek(0)
    frame = pd.read_csv(buffer)
    for column in dates:
        # cache=False: pandas' cache check walks the column in Python and costs far more here.
        frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d", cache=False)
    return frame


def _window(day: date, zones: dict[int, str]) -> tuple[date, datetime, datetime]:
    """The chunk's first day, and UTC instants from the earliest start of that day to the
    latest end of ``day`` over the chunk's zones."""
    start = day - timedelta(days=HISTORY_DAYS + 1)
    names = set(zones.values()) or {"UTC"}
    start_at = min(day_start(start, name) for name in names)
    end_at = max(day_start(day + timedelta(days=1), name) for name in names)
    return start, start_at, end_at


def _load_chunk_postgres(
    client_ids: list[int], day: date, zones: dict[int, str]
) -> dict[str, pd.DataFrame]:
    organization = current_organization()
    if organization is None:
        raise RuntimeError("load_chunk reads inside the organization's tenant_scope")
    start, start_at, end_at = _window(day, zones)
    ids = list(client_ids)
    params = {
        "org": organization.pk,
        "ids": ids,
        "zones": [zones[pk] for pk in ids],
        "start": start,
        "day": day,
        "start_at": start_at,
        "end_at": end_at,
        "statuses": (ProgramStatus.ACTIVE.value, ProgramStatus.SUPERSEDED.value),
    }
    return {name: _copy_frame(sql, params, dates) for name, (sql, dates) in CHUNK_SQL.items()}


def _frame(rows, columns) -> pd.DataFrame:
    return pd.DataFrame.from_records(list(rows), columns=list(columns))


def local_dates(frame: pd.DataFrame, column: str, zones: dict[int, str]) -> pd.Series:
    """The local day (a naive midnight) of each row's UTC instant in its client's zone: one
    conversion per zone, not per row."""
    stamps = pd.to_datetime(frame[column], utc=True)
    days = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    if frame.empty:
        return days
    for name, rows in frame.groupby(frame["client_id"].map(zones)).groups.items():
        days.loc[rows] = (
            stamps.loc[rows].dt.tz_convert(name).dt.tz_localize(None).dt.normalize()
        ).astype("datetime64[ns]")
    return days


def _load_chunk_orm(
    client_ids: list[int], day: date, zones: dict[int, str]
) -> dict[str, pd.DataFrame]:
    """The same frames through the ORM (SQLite, where there is no COPY)."""
    start, start_at, end_at = _window(day, zones)
    clients = _frame(
        Client.objects.filter(pk__in=client_ids)
        .annotate(first_checkin=Min("check_ins__created_at"))
        .values_list("id", "created_at", "first_checkin"),
        ["client_id", "created_date", "first_checkin_date"],
    )
    for column in ("created_date", "first_checkin_date"):
        clients[column] = local_dates(clients, column, zones)
    planned = _frame(
        PlannedWorkout.objects.filter(
            client_id__in=client_ids,
            planned_date__gte=start,
            planned_date__lte=day,
            program__status__in=[ProgramStatus.ACTIVE, ProgramStatus.SUPERSEDED],
        ).values_list("client_id", "planned_date", "program__start_date"),
        ["client_id", "planned_date", "week_start"],
    )
    logs = _frame(
        WorkoutLog.objects.filter(
            client_id__in=client_ids, performed_at__gte=start_at, performed_at__lt=end_at
        ).values_list("client_id", "performed_at", "status"),
        ["client_id", "performed_date", "status"],
    )
    logs["performed_date"] = local_dates(logs, "performed_date", zones)
    checkins = _frame(
        CheckIn.objects.filter(
            client_id__in=client_ids, created_at__gte=start_at, created_at__lt=end_at
        ).values_list("client_id", "created_at", *CHECKIN_COLUMNS),
        ["client_id", "date", *CHECKIN_COLUMNS],
    )
    checkins["date"] = local_dates(checkins, "date", zones)
    lift_sets = _frame(
        SetLog.objects.filter(
            log__client_id__in=client_ids,
            log__performed_at__gte=start_at,
            log__performed_at__lt=end_at,
            is_warmup=False,
            e1rm_kg__isnull=False,
        ).values_list("log__client_id", "log__performed_at", "exercise_id", "e1rm_kg"),
        ["client_id", "performed_date", "exercise_key", "e1rm_kg"],
    )
    lift_sets["performed_date"] = local_dates(lift_sets, "performed_date", zones)
    return {
        "clients": clients,
        "planned": planned,
        "logs": logs,
        "checkins": checkins,
        "lift_sets": lift_sets,
    }


def unfinished_planned_dropped(
    planned: pd.DataFrame, zones: dict[int, str], day: date, now: datetime
) -> pd.DataFrame:
    """The planned sessions without those on a day the client is still living at ``now`` (a
    client whose own zone is behind the organization's): not logged yet is not missed."""
    last = {pk: finished_day(day, now, name) for pk, name in zones.items()}
    if planned.empty or all(value == day for value in last.values()):
        return planned
    cutoff = pd.to_datetime(planned["client_id"].map(last), cache=False)
    keep = pd.to_datetime(planned["planned_date"], cache=False) <= cutoff
    return planned[keep.fillna(True)].reset_index(drop=True)


def load_chunk(
    client_ids: list[int],
    day: date,
    zones: dict[int, str] | None = None,
    now: datetime | None = None,
) -> dict[str, pd.DataFrame]:
    """The chunk's inputs (inside its organization's tenant scope): one query per table,
    whatever the number of clients. Every date is the client's local day (``zones``: each
    client's zone name, read here when not given); planned days that have not ended for the
    client at ``now`` are left out."""
    if zones is None:
        organization = current_organization()
        if organization is None:
            raise RuntimeError("load_chunk reads inside the organization's tenant_scope")
        zones = client_zones(
            organization, Client.objects.filter(pk__in=client_ids).values_list("pk", "time_zone")
        )
    if connection.vendor == "postgresql":
        inputs = _load_chunk_postgres(client_ids, day, zones)
    else:
        inputs = _load_chunk_orm(client_ids, day, zones)
    inputs["planned"] = unfinished_planned_dropped(
        inputs["planned"], zones, day, now or timezone.now()
    )
    return inputs


def name_lifts(rows: list[dict]) -> None:
    """Give each row's declining lift its exercise name (``performance_lift_name``), so the reason
    names it: one query for the chunk."""
    from programs.models import Exercise

    keys = {int(row["performance_lift"]) for row in rows if row.get("performance_lift") is not None}
    if not keys:
        return
    names = dict(Exercise.objects.filter(pk__in=keys).values_list("pk", "name"))
    for row in rows:
        key = row.get("performance_lift")
        if key is not None:
            row["performance_lift_name"] = names.get(int(key))


def chunk_clients(organization, client_ids: Iterable[int]) -> list[Client]:
    """The chunk's clients with their users (for prompts), in id order; the organization is the
    one in hand rather than a join per row."""
    clients = list(
        Client.objects.filter(pk__in=list(client_ids)).select_related("user").order_by("pk")
    )
    for client in clients:
        client.organization = organization
    return clients
