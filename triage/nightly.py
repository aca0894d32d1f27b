"""The nightly job: features set-wise per chunk, a score per client per day, review items for
yellow and red, and a run summary per organization.

Idempotent and resumable: clients already scored for the day are skipped, so re-running the
night (or finishing one a killed worker left half done) changes nothing that was done and opens
no duplicate review items. Each chunk is its own transaction.

Tenancy: every read and write of an organization's rows happens inside that organization's
``tenant_scope`` (row-level security enforced on Postgres). ``score_organizations`` scores
several organizations together only in the pure step: their chunks are read one organization at
a time, the features of up to ``BATCH_CLIENTS`` clients are computed in one pandas pass (the
fixed cost of a pass is what dominates small organizations), and each chunk is written back in
its own organization's scope.
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
from django.db import connection, transaction
from django.db.models import Count, F, Min
from django.utils import timezone

from coaching.core.localtime import day_start, finished_day, local_day, local_today, zone_name_for
from coaching.models import Client
from coaching.tenancy import current_organization, tenant_scope
from programs.models import PlannedWorkout, ProgramStatus, SetLog, WorkoutLog
from triage import proposals, queue
from triage.core.scoring import HISTORY_DAYS, Thresholds, assess, compute_features
from triage.habits import habit_rates_for
from triage.models import AdherenceScore, CheckIn, ScoringRun, ScoringSettings, Source

CHUNK_SIZE = 500
# Organizations scored together share one features pass over about this many clients.
BATCH_CLIENTS = 5000
CHECKIN_COLUMNS = (
    "readiness",
    "fatigue",
    "sleep_quality",
    "sleep_hours",
    "mood",
    "stress",
    "soreness",
)
SCORE_FIELDS = (
    "completion_7d",
    "completion_28d",
    "completion_90d",
    "checkin_response_rate",
    "performance_trend",
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


# --- Scoring and writing a chunk ------------------------------------------------------------


def _number(value) -> float | None:
    if value is None or pd.isna(value):
        return None
    return float(value)


def _jsonable(row: dict) -> dict:
    return {
        key: (_number(value) if not isinstance(value, bool | str) else value)
        for key, value in row.items()
    }


def _name_lifts(rows: list[dict]) -> None:
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


def _feature_records(features: pd.DataFrame) -> list[dict]:
    """The features as one JSON-ready dict per row: numbers as floats, flags as booleans,
    missing values as None (set-wise, instead of a conversion per value)."""
    flags = [name for name in features.columns if features[name].dtype == bool]
    values = features.drop(columns=flags)
    if any(values[name].dtype == object for name in values.columns):
        return [_jsonable(row) for row in features.to_dict("records")]
    numbers = values.to_numpy(dtype="float64")
    cells = numbers.astype(object)
    cells[np.isnan(numbers)] = None
    records = [dict(zip(values.columns, row, strict=True)) for row in cells.tolist()]
    for name in flags:
        for record, flag in zip(records, features[name].tolist(), strict=True):
            record[name] = flag
    return records


SCORE_COLUMNS = (
    "organization_id",
    "client_id",
    "date",
    "level",
    *SCORE_FIELDS,
    "readiness_z",
    "risk",
    "reasons",
    "features",
    "created_at",
)


def _insert_scores(scores: list[dict]) -> None:
    """One insert for the chunk's scores; a score already there for the day is kept (the
    unique (organization, client, date) constraint), so a rerun writes nothing twice."""
    if not scores:
        return
    if connection.vendor != "postgresql":
        AdherenceScore.objects.bulk_create(
            [AdherenceScore(**values) for values in scores], ignore_conflicts=True
        )
        return
    jsonb = {"reasons", "features"}
    row = "(" + ", ".join("%s::jsonb" if c in jsonb else "%s" for c in SCORE_COLUMNS) + ")"
    params = [
        json.dumps(values[c]) if c in jsonb else values[c]
        for values in scores
        for c in SCORE_COLUMNS
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO triage_adherencescore ({', '.join(SCORE_COLUMNS)}) VALUES "
            + ", ".join([row] * len(scores))
            + " ON CONFLICT (organization_id, client_id, date) DO NOTHING",
            params,
        )


def chunk_clients(organization, client_ids: Iterable[int]) -> list[Client]:
    """The chunk's clients with their users (for prompts), in id order; the organization is the
    one in hand rather than a join per row."""
    clients = list(
        Client.objects.filter(pk__in=list(client_ids)).select_related("user").order_by("pk")
    )
    for client in clients:
        client.organization = organization
    return clients


def score_chunk(
    organization,
    clients: list[Client],
    day: date,
    thresholds: Thresholds,
    risk=None,
    *,
    inputs: dict[str, pd.DataFrame] | None = None,
    features: pd.DataFrame | None = None,
) -> dict:
    """Score one chunk (inside the caller's transaction and tenant scope).

    ``inputs`` and ``features`` may come from a caller that read the chunk and computed the
    features together with other chunks; otherwise the chunk reads and computes its own.
    Writes are set-wise: one insert for the scores, one read and at most two writes for the
    review items, whatever the number of clients.
    """
    ids = [client.pk for client in clients]
    if inputs is None:
        inputs = load_chunk(ids, day)
    if features is None:
        features = compute_features(day, **inputs)
    features = features.reindex(pd.Index(ids, name="client_id"))
    risks = risk(features) if risk else {}
    habit_rates = habit_rates_for(clients, day)
    rows = _feature_records(features)
    _name_lifts(rows)
    for client, row in zip(clients, rows, strict=True):
        row["habit_usual"], row["habit_week"] = habit_rates.get(client.pk, (None, None))
    scores, flagged = [], []
    counts = {"green": 0, "yellow": 0, "red": 0, "items": 0}
    created_at = timezone.now()
    for client, row in zip(clients, rows, strict=True):
        assessment = assess(row, thresholds)
        counts[assessment.level] += 1
        scores.append(
            {
                "organization_id": organization.pk,
                "client_id": client.pk,
                "date": day,
                "level": assessment.level,
                **{name: row.get(name) for name in SCORE_FIELDS},
                "readiness_z": row.get("readiness_z"),
                "risk": risks.get(client.pk),
                "reasons": assessment.reason_dicts(),
                "features": row,
                "created_at": created_at,
            }
        )
        if assessment.level != "green":
            flagged.append((client, assessment))
    _insert_scores(scores)
    now = timezone.now()
    due = queue.due_times(organization, [client for client, _ in flagged], now)
    counts["items"] = queue.open_or_update_items(
        organization,
        [
            queue.Opening(
                client=client,
                level=assessment.level,
                reason_kind=reason.code,
                reasons=[{"code": reason.code, "text": reason.text}],
                due_at=due(client, assessment.level, reason.code),
            )
            for client, assessment in flagged
            for reason in assessment.reasons
        ],
        source=Source.NIGHTLY,
        now=now,
    )
    counts["cleared"] = queue.clear_quiet_items(ids, now)
    counts["recommendations"] = propose_deloads(
        organization,
        flagged,
        inputs,
        day,
        rows={c.pk: r for c, r in zip(clients, rows, strict=True)},
        thresholds=thresholds,
    )
    counts["prompts"] = prompt_missed_sessions(organization, clients, inputs, day)
    counts["recommendations"] += proposals.propose_adjustments(organization, clients, day)
    return counts


# --- The night of one or many organizations -------------------------------------------------


@dataclass
class _Night:
    """One organization's night in progress."""

    organization: object
    day: date
    run: ScoringRun
    to_score: list[int]
    thresholds: Thresholds
    risk: Callable | None
    started: float
    zones: dict[int, str]
    now: datetime
    done: int = 0

    def add(self, counts: dict, clients: int) -> None:
        """Count the chunk into the run row with the chunk's own commit, so a worker killed
        later loses none of it (inside the organization's transaction and tenant scope)."""
        ScoringRun.objects.filter(pk=self.run.pk).update(
            items_opened=F("items_opened") + counts["items"],
            recommendations_created=F("recommendations_created") + counts["recommendations"],
        )
        self.done += clients


def _begin(organization, day: date, risk_provider) -> _Night:
    """The run row, and who is left to score (those already scored today are skipped). Inside
    the organization's transaction and tenant scope."""
    started = time.monotonic()
    run, _ = ScoringRun.objects.get_or_create(organization=organization, date=day)
    # Clients who existed by the end of ``day`` in their own zone (the widest bound in SQL,
    # each client's own day here).
    latest_end = day_start(day + timedelta(days=1), LATEST_ZONE)
    candidates = (
        Client.objects.filter(status="active", created_at__lt=latest_end)
        .exclude(pk__in=AdherenceScore.objects.filter(date=day).values("client_id"))
        .order_by("pk")
        .values_list("pk", "time_zone", "created_at")
    )
    zones, to_score = {}, []
    for pk, own_zone, created_at in candidates:
        zone_name = zone_name_for(own_zone, organization.time_zone)
        if local_day(created_at, zone_name) <= day:
            zones[pk] = zone_name
            to_score.append(pk)
    thresholds = thresholds_for(organization)
    risk = risk_provider(organization) if risk_provider else None
    return _Night(
        organization, day, run, to_score, thresholds, risk, started, zones, timezone.now()
    )


def _finish(night: _Night) -> ScoringRun:
    """Record the run summary (inside the organization's transaction and tenant scope). The
    day's levels are counted from the stored scores, so the summary is complete even when an
    earlier, killed run scored part of the night."""
    levels = dict(
        AdherenceScore.objects.filter(date=night.day)
        .values("level")
        .annotate(n=Count("id"))
        .values_list("level", "n")
    )
    ScoringRun.objects.filter(pk=night.run.pk).update(
        status="done",
        finished_at=timezone.now(),
        clients_scored=sum(levels.values()),
        flags={level: levels.get(level, 0) for level in ("green", "yellow", "red")},
        duration_seconds=round(time.monotonic() - night.started, 3),
    )
    night.run.refresh_from_db()
    return night.run


def _features_for(batch: list, loaded: list[dict]) -> list[pd.DataFrame]:
    """One compute_features pass per day over the batch's chunks (organizations in other time
    zones may be scoring another day), split back per chunk."""
    by_day: dict[date, list[int]] = {}
    for position, (night, _) in enumerate(batch):
        by_day.setdefault(night.day, []).append(position)
    result: list = [None] * len(batch)
    for day, positions in by_day.items():
        together = {
            name: pd.concat([loaded[p][name] for p in positions], ignore_index=True)
            for name in INPUT_NAMES
        }
        features = compute_features(day, **together)
        for p in positions:
            result[p] = features.reindex(pd.Index(batch[p][1], name="client_id"))
    return result


def score_organizations(
    organizations: Iterable,
    day: date | None = None,
    *,
    chunk_size: int = CHUNK_SIZE,
    batch_clients: int = BATCH_CLIENTS,
    progress: Callable[[int, int], None] | None = None,
    risk_provider: Callable | None = None,
) -> list[ScoringRun]:
    """Run (or finish) the night for several organizations (each on ``day``, default: its own
    yesterday). Safe to run again. Reads and writes stay inside each organization's scope; only
    the pure features pass is shared (see the module's docstring).

    ``progress(done, total)`` counts clients for one organization, organizations for several.
    """
    organizations = list(organizations)
    nights: list[_Night] = []
    runs: dict[int, ScoringRun] = {}
    batch: list[list] = []  # [night, client ids, inputs or None] per chunk
    clients_done = 0

    def report() -> None:
        if not progress:
            return
        if len(organizations) == 1:
            progress(clients_done, len(nights[0].to_score))
        else:
            progress(len(runs), len(organizations))

    def score_batch() -> None:
        nonlocal clients_done
        unread = [piece for piece in batch if piece[2] is None]
        if unread:
            with transaction.atomic():
                for piece in unread:
                    with tenant_scope(piece[0].organization):
                        night = piece[0]
                        piece[2] = load_chunk(piece[1], night.day, night.zones, night.now)
        features = _features_for([(night, ids) for night, ids, _ in batch], [p[2] for p in batch])
        for (night, ids, inputs), chunk_features in zip(batch, features, strict=True):
            with transaction.atomic(), tenant_scope(night.organization):
                clients = chunk_clients(night.organization, ids)
                counts = score_chunk(
                    night.organization,
                    clients,
                    night.day,
                    night.thresholds,
                    night.risk,
                    inputs=inputs,
                    features=chunk_features.reindex(pd.Index([c.pk for c in clients])),
                )
                night.add(counts, len(ids))
                if night.done >= len(night.to_score):  # its last chunk: the summary too
                    runs[id(night)] = _finish(night)
            clients_done += len(ids)
            report()
        batch.clear()

    for organization in organizations:
        # One transaction starts the night and reads its first chunk.
        with transaction.atomic(), tenant_scope(organization):
            night = _begin(organization, day or default_day(organization), risk_provider)
            chunks = [
                night.to_score[offset : offset + chunk_size]
                for offset in range(0, len(night.to_score), chunk_size)
            ]
            if chunks:
                first = load_chunk(chunks[0], night.day, night.zones, night.now)
            else:
                runs[id(night)] = _finish(night)
        nights.append(night)
        if not chunks:
            report()
        for position, ids in enumerate(chunks):
            batch.append([night, ids, first if position == 0 else None])
            if sum(len(piece[1]) for piece in batch) >= batch_clients:
                score_batch()
    if batch:
        score_batch()
    return [runs[id(night)] for night in nights]


def score_organization(
    organization,
    day: date | None = None,
    *,
    chunk_size: int = CHUNK_SIZE,
    progress: Callable[[int, int], None] | None = None,
    risk_provider: Callable | None = None,
) -> ScoringRun:
    """Run (or finish) the night for one organization. Safe to run again."""
    (run,) = score_organizations(
        [organization],
        day,
        chunk_size=chunk_size,
        batch_clients=chunk_size,
        progress=progress,
        risk_provider=risk_provider,
    )
    return run


FATIGUE_WEEKS = 3
# Weekly e1RM blocks the deload rule reads per lift: a reference week and the two after it.
PERFORMANCE_WEEKS = 3


def _weekly_series(
    frame: pd.DataFrame,
    date_column: str,
    value: str,
    day: date,
    weeks: int,
    clients: Iterable[int] | None = None,
) -> dict[int, list]:
    """Per client (of ``clients``, default all), the weekly mean of ``value`` for the last
    ``weeks`` 7-day blocks, oldest first."""
    if frame.empty:
        return {}
    data = frame[["client_id", date_column, value]].dropna()
    if clients is not None:
        data = data[data["client_id"].isin(set(clients))]
    data = data.assign(
        block=(
            (
                pd.Timestamp(day) - pd.to_datetime(data[date_column], cache=False).dt.normalize()
            ).dt.days
            // 7
        )
    )
    data = data[(data["block"] >= 0) & (data["block"] < weeks)]
    means = (
        data.groupby(["client_id", "block"])[value]
        .mean()
        .unstack()
        .reindex(columns=range(weeks - 1, -1, -1))
    )
    return {
        int(client_id): [None if pd.isna(mean) else float(mean) for mean in row]
        for client_id, row in zip(means.index, means.to_numpy(), strict=True)
    }


def weekly_lift_series(
    lift_sets: pd.DataFrame, day: date, weeks: int, clients: Iterable[int]
) -> dict[int, dict[str, list]]:
    """Per client, each lift's best e1RM in each of the last ``weeks`` 7-day blocks, oldest
    first (None for a week without it): what the deload rule reads as performance."""
    if lift_sets.empty:
        return {}
    data = lift_sets[["client_id", "performed_date", "exercise_key", "e1rm_kg"]].dropna()
    data = data[data["client_id"].isin(set(clients))]
    data = data.assign(
        e1rm_kg=pd.to_numeric(data["e1rm_kg"], errors="coerce"),
        block=(
            pd.Timestamp(day) - pd.to_datetime(data["performed_date"], cache=False).dt.normalize()
        ).dt.days
        // 7,
    )
    data = data[(data["block"] >= 0) & (data["block"] < weeks)]
    best = (
        data.groupby(["client_id", "exercise_key", "block"])["e1rm_kg"]
        .max()
        .unstack()
        .reindex(columns=range(weeks - 1, -1, -1))
    )
    series: dict[int, dict[str, list]] = {}
    for (client_id, lift), row in zip(best.index, best.to_numpy(), strict=True):
        series.setdefault(int(client_id), {})[str(lift)] = [
            None if pd.isna(value) else float(value) for value in row
        ]
    return series


def propose_deloads(
    organization,
    flagged,
    inputs: dict,
    day: date,
    rows: dict[int, dict] | None = None,
    thresholds: Thresholds | None = None,
) -> int:
    """For flagged clients whose fatigue or performance calls for it (programs.core.adjustments, given
    each main lift's weekly e1RM and whether the night found fatigue up beyond the client's
    spread), the AI proposes a deload week; the tier's review policy decides whether it applies
    now (sets of next week's prescriptions lowered by one) or waits for a coach."""
    from billing.review import review_decision
    from programs.core.adjustments import propose_deload
    from programs.models import Exercise, Prescription, Recommendation, RecommendationStatus
    from triage.core.scoring.levels import fatigue_elevated

    # Any flagged client may need one; propose_deload (the pure rule) decides from the data.
    candidates = list(flagged)
    if not candidates:
        return 0
    candidate_ids = [client.pk for client, _ in candidates]
    fatigue = _weekly_series(
        inputs["checkins"], "date", "fatigue", day, FATIGUE_WEEKS, candidate_ids
    )
    readiness = _weekly_series(
        inputs["checkins"], "date", "readiness", day, FATIGUE_WEEKS, candidate_ids
    )
    lifts = weekly_lift_series(inputs["lift_sets"], day, PERFORMANCE_WEEKS, candidate_ids)
    lift_keys = {int(key) for series in lifts.values() for key in series if key.isdigit()}
    lift_names = (
        {
            str(pk): name
            for pk, name in Exercise.objects.filter(pk__in=lift_keys).values_list("pk", "name")
        }
        if lift_keys
        else {}
    )
    rows = rows or {}
    week_key = f"deload:{day.isocalendar().year}-{day.isocalendar().week}"
    already = set(
        Recommendation.objects.filter(
            client__in=[c for c, _ in candidates], dedupe_key=week_key
        ).values_list("client_id", flat=True)
    )
    created = 0
    for client, assessment in candidates:
        if client.pk in already:
            continue
        proposal = propose_deload(
            fatigue.get(client.pk, []),
            {lift_names.get(key, key): values for key, values in lifts.get(client.pk, {}).items()},
            readiness.get(client.pk, []),
            fatigue_elevated=fatigue_elevated(rows.get(client.pk, {}), thresholds),
        )
        if proposal is None:
            continue
        decision = review_decision(client, "deload", assessment.level)
        next_week = Prescription.objects.filter(
            workout__client=client,
            workout__program__status="active",
            workout__planned_date__gt=day,
            workout__planned_date__lte=day + timedelta(days=7),
        )
        status = {
            "auto_apply": RecommendationStatus.AUTO_APPLIED,
            "hold": RecommendationStatus.ON_HOLD,
        }.get(decision.action, RecommendationStatus.PENDING_REVIEW)
        changes = [
            {"prescription": p.pk, "field": "sets", "from": p.sets, "to": max(1, p.sets - 1)}
            for p in next_week.only("pk", "sets")
        ]
        Recommendation.objects.create(
            organization=organization,
            client=client,
            kind="deload",
            status=status,
            level=assessment.level,
            rationale=proposal.rationale,
            confidence=proposal.confidence,
            payload={**dict(proposal.payload), "changes": changes},
            dedupe_key=week_key,
            source="ai",
            due_at=decision.due_at,
            applied_automatically=status == RecommendationStatus.AUTO_APPLIED,
            applied_at=timezone.now() if status == RecommendationStatus.AUTO_APPLIED else None,
        )
        if status == RecommendationStatus.AUTO_APPLIED:
            for change in changes:
                Prescription.objects.filter(pk=change["prescription"]).update(sets=change["to"])
        created += 1
    return created


def prompt_missed_sessions(
    organization, clients: list[Client], inputs: dict, day: date, now: datetime | None = None
) -> int:
    """A planned session with nothing logged that day gets a neutral prompt to the client (in the
    app and by email, after the chunk commits) asking what got in the way — once per missed
    day, never a scolding.

    The day is the client's local day (the inputs' dates are), and the last one that has ended
    for them: ``day``, or the day before for a client whose own zone is still living ``day``."""
    from django.urls import reverse

    from coaching.core import notification_kinds
    from coaching.emails import absolute
    from coaching.models import Notification
    from coaching.notifications import Note, notify

    planned, logs = inputs["planned"], inputs["logs"]
    if planned.empty:
        return 0
    now = now or timezone.now()
    by_day: dict[date, list[Client]] = {}
    for client in clients:
        by_day.setdefault(finished_day(day, now, client.zone_name), []).append(client)
    planned_days = pd.to_datetime(planned["planned_date"], cache=False).dt.normalize()
    logged_days = (
        pd.to_datetime(logs["performed_date"], cache=False).dt.normalize()
        if not logs.empty
        else None
    )
    urls, notes = {}, []
    home = reverse("client_home", args=[organization.slug])
    for missed_day, day_clients in sorted(by_day.items()):
        ids = {c.pk for c in day_clients}
        stamp = pd.Timestamp(missed_day)
        planned_then = set(planned.loc[planned_days == stamp, "client_id"]) & ids
        logged_then = (
            set(logs.loc[logged_days == stamp, "client_id"]) if logged_days is not None else set()
        )
        missed = planned_then - logged_then
        if missed:
            urls[missed_day] = (home + f"?missed={missed_day.isoformat()}", missed)
    if not urls:
        return 0
    already = set(
        Notification.objects.filter(url__in=[url for url, _ in urls.values()]).values_list(
            "url", "user_id"
        )
    )
    by_id = {c.pk: c for c in clients}
    preferences = absolute(reverse("notification_settings", args=[organization.slug]))
    for missed_day, (url, missed) in urls.items():
        text = (
            f"No session logged for {missed_day:%A}. What got in the way? "
            "One tap tells your coach — no judgement."
        )
        notes += [
            Note(
                user=by_id[cid].user,
                text=text,
                url=url,
                email={"url": url, "preferences_link": preferences},
            )
            for cid in sorted(missed)
            if cid in by_id and (url, by_id[cid].user_id) not in already
        ]
    notify(organization, notification_kinds.MISSED_SESSION, notes)
    return len(notes)
