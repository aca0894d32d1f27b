"""Reading the night's inputs: one statement per table for a chunk of clients (COPY on
Postgres, the ORM elsewhere), every date the client's local day."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
from django.db import connection
from django.db.models import Min
from django.utils import timezone

from coaching.core.localtime import day_start, finished_days, local_today, zone_name_for
from coaching.models import Client
from coaching.tenancy import current_organization
from programs.models import Exercise, PlannedWorkout, ProgramStatus, SetLog, WorkoutLog
from triage.core.proposal_rules import day_number
from triage.core.scoring import HISTORY_DAYS, Thresholds
from triage.models import CheckIn, ScoringSettings

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
# The planned sessions as read, before the days not yet over for a client are dropped (what the
# proposals read), kept beside the inputs under this name.
PLANNED_AS_READ = "planned_as_read"
# The zone whose days end last (UTC-12): a day has ended everywhere once it has ended here.
LATEST_ZONE = "Etc/GMT+12"


def default_day(organization, now: datetime | None = None) -> date:
    """The day the night scores: yesterday in the organization's time zone."""
    return local_today(now or timezone.now(), organization.time_zone) - timedelta(days=1)


def client_zones(organization, rows: Iterable[tuple[int, str]]) -> dict[int, str]:
    """Each client's zone (their own, else the organization's) from (id, own zone) pairs."""
    return {pk: zone_name_for(own, organization.time_zone) for pk, own in rows}


def thresholds_for(organization) -> Thresholds:
    """The organization's thresholds: its overrides over the defaults."""
    return thresholds_by_organization([organization])[organization.pk]


# --- Reading a chunk ------------------------------------------------------------------------

# One statement per table, each as plain as the rows allow: no per-row zone conversion in
# SQL. Instants are read as whole seconds since the epoch and turned into each client's local
# day here, one vectorized conversion per zone (``local_dates``); lift sets are read by their
# log's id and given the log's client and day from the logs frame. Time filters are ranges on
# the indexed timestamp columns, wide enough for every zone of the batch (rows beyond a client's
# own days are ignored by the features).
#
# Clients are named by range, not one by one: a batch holds a run of each organization's
# clients in id order, so each statement joins the (organization, lowest id, highest id) of the
# batch's organizations and the (organization, client, time) indexes read each run as one range
# (``CLIENT_RANGES``). A client inside a range but not in the batch (one already scored, one
# that is not active) is dropped here. With 5,000 ids one by one, Postgres spent a third more.
EPOCH = "floor(extract(epoch FROM {0}))::bigint AS {1}"
EPOCH_DAY = "({0} - DATE '1970-01-01') AS {1}"
CLIENT_RANGES = """JOIN unnest(%(orgs)s::bigint[], %(lows)s::bigint[], %(highs)s::bigint[])
             AS r(organization_id, low, high) ON {0}.organization_id = r.organization_id
             AND {0}.client_id BETWEEN r.low AND r.high"""
# The statements that name clients by range (``CLIENT_RANGES``).
BY_RANGE = ("planned", "logs", "checkins")
# A log's status as its position among these (0: any other), so the logs read as numbers.
LOG_STATUSES = ("completed", "partial", "skipped")
LOG_STATUS_POSITION = (
    "CASE {0} "
    + " ".join(f"WHEN '{status}' THEN {i}" for i, status in enumerate(LOG_STATUSES, start=1))
    + " ELSE 0 END"
)
# Check-in answers as fixed-width numbers: the 1-5 answers (never null) as they are stored
# (smallint), hours of sleep (optional) as a float, NaN when not given.
CHECKIN_SELECT = {name: f"k.{name}" for name in CHECKIN_COLUMNS} | {
    "sleep_hours": "coalesce(k.sleep_hours, 'NaN')::float8 AS sleep_hours"
}
BATCH_SQL = {
    "clients": (
        f"""SELECT c.id AS client_id, {EPOCH.format("c.created_at", "created_date")},
           (SELECT floor(extract(epoch FROM min(k.created_at)))::bigint FROM triage_checkin k
             WHERE k.organization_id = c.organization_id AND k.client_id = c.id
           ) AS first_checkin_date
           FROM coaching_client c
           WHERE c.organization_id = ANY(%(orgs)s) AND c.id = ANY(%(ids)s)""",
        ["created_date", "first_checkin_date"],
    ),
    # Planned sessions and their programs are read apart and joined here: the join in SQL cost
    # more than both reads (a hash join over 260,000 rows a batch). Dates as days since the
    # epoch: integers are cheaper to write, send and parse than ISO text.
    "programs": (
        f"""SELECT g.id AS program_id, {EPOCH_DAY.format("g.start_date", "week_start")},
           (g.status = %(active)s)::int AS active
           FROM programs_program g
           WHERE g.organization_id = ANY(%(orgs)s) AND g.client_id = ANY(%(ids)s)
             AND g.status IN %(statuses)s""",
        [],
    ),
    "planned": (
        f"""SELECT p.client_id, p.program_id, p.planned_date
           FROM programs_plannedworkout p {CLIENT_RANGES.format("p")}
           WHERE p.planned_date >= %(start)s AND p.planned_date <= %(day)s""",
        [],
    ),
    "logs": (
        f"""SELECT l.id AS log_id, l.client_id, l.performed_at AS performed_date,
           {LOG_STATUS_POSITION.format("l.status")} AS status
           FROM programs_workoutlog l {CLIENT_RANGES.format("l")}
           WHERE l.performed_at >= %(start_at)s AND l.performed_at < %(end_at)s""",
        ["performed_date"],
    ),
    "checkins": (
        f"""SELECT k.client_id, k.created_at AS date,
           {", ".join(CHECKIN_SELECT[name] for name in CHECKIN_COLUMNS)}
           FROM triage_checkin k {CLIENT_RANGES.format("k")}
           WHERE k.created_at >= %(start_at)s AND k.created_at < %(end_at)s""",
        ["date"],
    ),
    # Sets carry no time of their own: those of the batch's organizations from the window's
    # first log on (log ids grow with time; a log imported later only adds rows), matched to
    # the logs frame by log id, which keeps exactly the batch's clients and window.
    "lift_sets": (
        """SELECT s.log_id, s.exercise_id AS exercise_key, s.e1rm_kg::float8 AS e1rm_kg
           FROM programs_setlog s
           WHERE s.organization_id = ANY(%(orgs)s) AND s.log_id >= %(first_log)s
             AND NOT s.is_warmup AND s.e1rm_kg IS NOT NULL""",
        [],
    ),
}
# The large reads come as Postgres' binary COPY: every column a number that is never null, so
# each row has the same width and numpy reads the whole buffer as one array (no text written by
# Postgres, none parsed here). Each column's name and kind: its width in bytes (8: bigint, 4:
# integer, 2: smallint), "f" a float8, and the two kinds of time sent as Postgres stores them,
# with no conversion in SQL: DATE, a date (4 bytes: days since 2000-01-01), read as days since
# 1970-01-01; INSTANT, a timestamptz (8 bytes: microseconds since 2000-01-01 UTC), read as whole
# seconds since 1970-01-01 UTC (what ``local_dates`` takes).
DATE = "date"
INSTANT = "instant"
BINARY_COLUMNS = {
    "planned": [("client_id", 8), ("program_id", 8), ("planned_date", DATE)],
    "logs": [("log_id", 8), ("client_id", 8), ("performed_date", INSTANT), ("status", 4)],
    "lift_sets": [("log_id", 8), ("exercise_key", 8), ("e1rm_kg", "f")],
    "checkins": [
        ("client_id", 8),
        ("date", INSTANT),
        *((name, "f" if name == "sleep_hours" else 2) for name in CHECKIN_COLUMNS),
    ],
}
# Postgres' epoch (2000-01-01) from the Unix one, in days and in seconds.
POSTGRES_EPOCH_DAYS = day_number(date(2000, 1, 1))
POSTGRES_EPOCH_SECONDS = POSTGRES_EPOCH_DAYS * 86_400
UNIX_EPOCH = pd.Timestamp("1970-01-01")
# Each kind's type and width in a binary COPY (the rest are integers of their width).
BINARY_KINDS = {"f": (">f8", 8), DATE: (">i4", 4), INSTANT: (">i8", 8)}
# No log in the window: no set can match (the statement still runs, and returns nothing).
NO_LOG = 2**63 - 1
# Dates (no zone) read as days since the epoch.
EPOCH_DAYS = {"programs": ["week_start"], "planned": ["planned_date"]}
# The binary format's header (signature, flags, length of the extension that follows) and
# trailer (a field count of -1).
COPY_SIGNATURE = b"PGCOPY\n\xff\r\n\x00"
COPY_HEADER = len(COPY_SIGNATURE) + 8
COPY_TRAILER = 2


def _copy(sql: str, params: dict, options: str) -> bytes:
    """One statement's rows through COPY ... TO STDOUT: the database's fastest way out."""
    with connection.cursor() as cursor:
        statement = f"COPY ({cursor.mogrify(sql, params).decode()}) TO STDOUT WITH ({options})"
        buffer = io.BytesIO()
        # Recorded like any query, so query-count tests see it.
        recording = getattr(cursor, "debug_sql", None)
        if recording is not None:
            with recording(statement):
                cursor.copy_expert(statement, buffer)
        else:
            cursor.copy_expert(statement, buffer)
    return buffer.getvalue()


def _copy_frame(sql: str, params: dict) -> pd.DataFrame:
    """One statement's rows as a frame, as CSV read by read_csv (no Python object per row)."""
    return pd.read_csv(io.BytesIO(_copy(sql, params, "FORMAT csv, HEADER")))


def binary_rows(data: bytes, columns: list[tuple[str, int | str]]) -> pd.DataFrame | None:
    """The rows of a binary COPY whose columns are all fixed-width numbers (``columns``: name
    and kind, as in ``BINARY_COLUMNS``), as a frame of int64 and float64 columns (dates as days
    and instants as whole seconds since 1970); ``None`` when the data is not that (a null,
    another width): the caller then reads the statement as text."""
    if not data.startswith(COPY_SIGNATURE) or len(data) < COPY_HEADER + COPY_TRAILER:
        return None
    start = COPY_HEADER + int.from_bytes(data[COPY_HEADER - 4 : COPY_HEADER], "big")
    fields = [("count", ">i2")]
    widths = {}
    for name, kind in columns:
        dtype, widths[name] = BINARY_KINDS.get(kind, (f">i{kind}", kind))
        fields += [(f"{name}_width", ">i4"), (name, dtype)]
    layout = np.dtype(fields)
    body = len(data) - start - COPY_TRAILER
    if body < 0 or body % layout.itemsize or data[-COPY_TRAILER:] != b"\xff\xff":
        return None
    rows = np.frombuffer(data, dtype=layout, offset=start, count=body // layout.itemsize)
    if len(rows) and (
        (rows["count"] != len(columns)).any()
        or any((rows[f"{name}_width"] != widths[name]).any() for name, _ in columns)
    ):
        return None
    frame = {}
    for name, kind in columns:
        values = rows[name].astype("float64" if kind == "f" else "int64")
        if kind == DATE:
            values += POSTGRES_EPOCH_DAYS
        elif kind == INSTANT:
            values = values // 1_000_000 + POSTGRES_EPOCH_SECONDS
        frame[name] = values
    return pd.DataFrame(frame)


def _times_as_numbers(frame: pd.DataFrame, columns: list[tuple[str, int | str]]) -> pd.DataFrame:
    """A text read's dates and instants (``DATE``, ``INSTANT``) as ``binary_rows`` gives them:
    days, and whole seconds, since 1970 (missing ones as NaN)."""
    for name, kind in columns:
        if kind == DATE:
            frame[name] = (pd.to_datetime(frame[name]) - UNIX_EPOCH) // pd.Timedelta(days=1)
        elif kind == INSTANT:
            frame[name] = (
                pd.to_datetime(frame[name], utc=True) - UNIX_EPOCH.tz_localize("UTC")
            ) // pd.Timedelta(seconds=1)
    return frame


def _read(name: str, sql: str, params: dict) -> pd.DataFrame:
    """A statement's rows as a frame: binary where its columns allow (``BINARY_COLUMNS``), else
    (or if a row does not fit) CSV, its times read as the binary ones are."""
    columns = BINARY_COLUMNS.get(name)
    if columns is not None:
        frame = binary_rows(_copy(sql, params, "FORMAT binary"), columns)
        if frame is not None:
            return frame
        return _times_as_numbers(_copy_frame(sql, params), columns)
    return _copy_frame(sql, params)


def _window(days: dict[int, date], zones: dict[int, str]) -> tuple[date, date, datetime, datetime]:
    """The batch's first and last day, and UTC instants from the earliest start of that first
    day to the latest end of the last one over the batch's zones (each client's own window is
    inside; rows beyond it are dropped by ``within_days``)."""
    first, last = min(days.values()), max(days.values())
    start = first - timedelta(days=HISTORY_DAYS + 1)
    names = set(zones.values()) or {"UTC"}
    start_at = min(day_start(start, name) for name in names)
    end_at = max(day_start(last + timedelta(days=1), name) for name in names)
    return start, last, start_at, end_at


def client_ranges(
    organization_ids: list[int], client_ids: list[int], organization_of: dict[int, int] | None
) -> dict[int, tuple[int, int]]:
    """Each organization's lowest and highest id among ``client_ids`` (``organization_of``:
    client id to organization id; without it, every organization gets the range of them all:
    wider, never wrong). An organization without a client gets an empty range."""
    if organization_of is None:
        every = (min(client_ids), max(client_ids)) if client_ids else (0, -1)
        return {pk: every for pk in organization_ids}
    ranges = {pk: (0, -1) for pk in organization_ids}
    for pk in client_ids:
        organization_id = organization_of[pk]
        low, high = ranges[organization_id]
        ranges[organization_id] = (pk, pk) if low > high else (min(low, pk), max(high, pk))
    return ranges


def _load_postgres(
    organization_ids: list[int],
    client_ids: list[int],
    days: dict[int, date],
    zones: dict[int, str],
    organization_of: dict[int, int] | None,
) -> dict[str, pd.DataFrame]:
    start, last, start_at, end_at = _window(days, zones)
    ids = list(client_ids)
    orgs = sorted(organization_ids)
    ranges = client_ranges(orgs, ids, organization_of)
    params = {
        "orgs": orgs,
        "ids": ids,
        "lows": [ranges[pk][0] for pk in orgs],
        "highs": [ranges[pk][1] for pk in orgs],
        "start": start,
        "day": last,
        "start_at": start_at,
        "end_at": end_at,
        "statuses": (ProgramStatus.ACTIVE.value, ProgramStatus.SUPERSEDED.value),
        "active": ProgramStatus.ACTIVE.value,
    }
    wanted = set(ids)
    inputs: dict[str, pd.DataFrame] = {}
    for name, (sql, instants) in BATCH_SQL.items():
        if name == "lift_sets":  # read after the logs: from the window's first log on
            first_logs = inputs["logs"]["log_id"]
            params["first_log"] = int(first_logs.min()) if len(first_logs) else NO_LOG
        frame = _read(name, sql, params)
        if name in BY_RANGE:  # only the batch's clients
            frame = frame[frame["client_id"].isin(wanted)].reset_index(drop=True)
        for column in EPOCH_DAYS.get(name, ()):
            frame[column] = pd.to_datetime(frame[column], unit="D").astype("datetime64[ns]")
        for column in instants:
            frame[column] = local_dates(frame, column, zones)
        inputs[name] = frame
    programs = inputs.pop("programs")
    inputs["planned"] = inputs["planned"].merge(programs, on="program_id")
    inputs["planned"]["active"] = inputs["planned"]["active"].astype(bool)
    logs = inputs["logs"]
    # Back from positions to the statuses' names (an unknown one reads as missing, which no
    # rule counts, as it would not count the unknown name).
    logs["status"] = np.array([None, *LOG_STATUSES], dtype=object)[
        logs["status"].to_numpy(dtype="int64")
    ]
    inputs["lift_sets"] = (
        inputs["lift_sets"]
        .merge(logs[["log_id", "client_id", "performed_date"]], on="log_id")
        .loc[:, ["client_id", "performed_date", "exercise_key", "e1rm_kg"]]
    )
    inputs["logs"] = logs.drop(columns=["log_id"])
    return inputs


def _frame(rows, columns) -> pd.DataFrame:
    return pd.DataFrame.from_records(list(rows), columns=list(columns))


def local_dates(frame: pd.DataFrame, column: str, zones: dict[int, str]) -> pd.Series:
    """The local day (a naive midnight) of each row's UTC instant in its client's zone: one
    conversion per zone, not per row. Instants are datetimes, or whole seconds since the epoch
    (as the Postgres reads give them)."""
    values = frame[column]
    if pd.api.types.is_numeric_dtype(values):
        stamps = pd.to_datetime(values, unit="s", utc=True)
    else:
        stamps = pd.to_datetime(values, utc=True)
    days = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    if frame.empty:
        return days
    for name, rows in frame.groupby(frame["client_id"].map(zones)).groups.items():
        days.loc[rows] = (
            stamps.loc[rows].dt.tz_convert(name).dt.tz_localize(None).dt.normalize()
        ).astype("datetime64[ns]")
    return days


def _load_orm(
    organization_ids: list[int], client_ids: list[int], days: dict[int, date], zones: dict[int, str]
) -> dict[str, pd.DataFrame]:
    """The same frames through the ORM (SQLite, where there is no COPY); every query names the
    batch's organizations, like the SQL."""
    start, last, start_at, end_at = _window(days, zones)
    orgs = list(organization_ids)
    clients = _frame(
        Client.unscoped.filter(organization_id__in=orgs, pk__any=client_ids)
        .annotate(first_checkin=Min("check_ins__created_at"))
        .values_list("id", "created_at", "first_checkin"),
        ["client_id", "created_date", "first_checkin_date"],
    )
    for column in ("created_date", "first_checkin_date"):
        clients[column] = local_dates(clients, column, zones)
    planned = _frame(
        PlannedWorkout.unscoped.filter(
            organization_id__in=orgs,
            client_id__any=client_ids,
            planned_date__gte=start,
            planned_date__lte=last,
            program__status__in=[ProgramStatus.ACTIVE, ProgramStatus.SUPERSEDED],
        ).values_list(
            "client_id", "planned_date", "program__start_date", "program_id", "program__status"
        ),
        ["client_id", "planned_date", "week_start", "program_id", "active"],
    )
    planned["active"] = (planned["active"] == ProgramStatus.ACTIVE).astype(bool)
    logs = _frame(
        WorkoutLog.unscoped.filter(
            organization_id__in=orgs,
            client_id__any=client_ids,
            performed_at__gte=start_at,
            performed_at__lt=end_at,
        ).values_list("client_id", "performed_at", "status"),
        ["client_id", "performed_date", "status"],
    )
    logs["performed_date"] = local_dates(logs, "performed_date", zones)
    checkins = _frame(
        CheckIn.unscoped.filter(
            organization_id__in=orgs,
            client_id__any=client_ids,
            created_at__gte=start_at,
            created_at__lt=end_at,
        ).values_list("client_id", "created_at", *CHECKIN_COLUMNS),
        ["client_id", "date", *CHECKIN_COLUMNS],
    )
    checkins["date"] = local_dates(checkins, "date", zones)
    lift_sets = _frame(
        SetLog.unscoped.filter(
            organization_id__in=orgs,
            log__client_id__any=client_ids,
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
    planned: pd.DataFrame, zones: dict[int, str], days: dict[int, date], now: datetime
) -> pd.DataFrame:
    """The planned sessions up to each client's day, without those on a day the client is still
    living at ``now`` (a client whose own zone is behind the organization's): not logged yet is
    not missed."""
    last = finished_days({pk: days[pk] for pk in zones}, zones, now)
    if planned.empty or (
        len(set(days.values())) <= 1 and all(value == days[pk] for pk, value in last.items())
    ):
        return planned  # one day for all and nothing unfinished: nothing to drop
    cutoff = pd.to_datetime(planned["client_id"].map(last), cache=False)
    keep = pd.to_datetime(planned["planned_date"], cache=False) <= cutoff
    return planned[keep.fillna(True)].reset_index(drop=True)


def load_batch(
    organization_ids: Iterable[int],
    days: dict[int, date],
    zones: dict[int, str],
    now: datetime | None = None,
    organization_of: dict[int, int] | None = None,
) -> dict[str, pd.DataFrame]:
    """A batch's inputs, across organizations: one statement per table, whatever the number of
    clients or organizations (on the batch connection, whose role sees every organization; each
    statement names the batch's organizations). ``days``: each client's scored day; ``zones``:
    each client's zone; ``organization_of``: each client's organization (``client_ranges``).
    Every date is the client's local day; planned days that have not ended
    for the client at ``now`` are left out (kept under ``PLANNED_AS_READ``); planned sessions
    carry their program (``program_id``) and whether it is the active one (``active``)."""
    client_ids = sorted(days)
    organization_ids = sorted(set(organization_ids))
    if connection.vendor == "postgresql":
        inputs = _load_postgres(organization_ids, client_ids, days, zones, organization_of)
    else:
        inputs = _load_orm(organization_ids, client_ids, days, zones)
    inputs[PLANNED_AS_READ] = inputs["planned"]
    inputs["planned"] = unfinished_planned_dropped(
        inputs["planned"], zones, days, now or timezone.now()
    )
    return inputs


def load_chunk(
    client_ids: list[int],
    day: date,
    zones: dict[int, str] | None = None,
    now: datetime | None = None,
) -> dict[str, pd.DataFrame]:
    """One organization's chunk (inside its tenant scope): ``load_batch`` for its clients, all
    scored on ``day``. ``zones`` are read here when not given."""
    organization = current_organization()
    if organization is None:
        raise RuntimeError("load_chunk reads inside the organization's tenant_scope")
    if zones is None:
        zones = client_zones(
            organization, Client.objects.filter(pk__any=client_ids).values_list("pk", "time_zone")
        )
    return load_batch([organization.pk], {pk: day for pk in client_ids}, zones, now)


def name_lifts(rows: list[dict]) -> None:
    """Give each row's declining lift its exercise name (``performance_lift_name``), so the reason
    names it: one query for the batch."""
    keys = {int(row["performance_lift"]) for row in rows if row.get("performance_lift") is not None}
    if not keys:
        return
    names = dict(Exercise.unscoped.filter(pk__any=keys).values_list("pk", "name"))
    for row in rows:
        key = row.get("performance_lift")
        if key is not None:
            row["performance_lift_name"] = names.get(int(key))


def batch_clients(organizations: dict[int, object], client_ids: Iterable[int]) -> list[Client]:
    """The batch's clients in id order, each given its organization from ``organizations`` (id to
    organization) rather than a join per row (their users are read for those prompted only)."""
    clients = list(
        Client.unscoped.filter(
            organization_id__in=list(organizations), pk__any=set(client_ids)
        ).order_by("pk")
    )
    for client in clients:
        client.organization = organizations[client.organization_id]
    return clients


def chunk_clients(organization, client_ids: Iterable[int]) -> list[Client]:
    """One organization's clients of ``client_ids`` (see ``batch_clients``)."""
    return batch_clients({organization.pk: organization}, client_ids)


def thresholds_by_organization(organizations: Iterable) -> dict[int, Thresholds]:
    """Each organization's thresholds (its overrides over the defaults), with one query."""
    organizations = list(organizations)
    stored = dict(
        ScoringSettings.unscoped.filter(
            organization_id__in=[o.pk for o in organizations]
        ).values_list("organization_id", "thresholds")
    )
    return {o.pk: Thresholds.from_overrides(stored.get(o.pk)) for o in organizations}
