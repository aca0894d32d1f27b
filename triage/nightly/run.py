"""The night's shell, in three steps that a Celery chord runs as tasks (``triage.tasks``):

1. ``begin_night``: the run row of each organization, and who is left to score, packed into
   batches of about ``BATCH_CLIENTS`` clients across organizations (an organization larger than
   a batch spans several);
2. ``score_batch``, for each batch, independently: one statement per table reads the batch's
   inputs across its organizations, one pandas pass computes the features, and scores, review
   items, proposals and prompts are written set-wise in one transaction;
3. ``finish_night``: each organization's run summary, counted from the stored scores.

Everything runs on the batch connection (``coaching.batch``), whose role sees every organization;
each statement names the batch's organizations and every row written is given its client's.
Idempotent and resumable: a batch skips clients already scored for their day, so a killed batch
(or the whole night) reruns to the same end state.
"""

from __future__ import annotations

import gc
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date, datetime, timedelta

import pandas as pd
from django.db import connection, connections, transaction
from django.db.models import Count
from django.utils import timezone

from coaching.batch import batch_session, crosses_organizations
from coaching.core.localtime import day_start, zone_name_for
from coaching.core.traffic_light import GREEN, RED, YELLOW
from coaching.models import Client, Organization
from coaching.tenancy import tenant_scope
from programs.models import Recommendation
from triage import queue
from triage.core.scoring import assess, compute_features
from triage.habits import habit_rates_for
from triage.models import AdherenceScore, ReviewItem, ScoringRun, Source
from triage.nightly import proposals, write
from triage.nightly.compute import feature_records, stored_feature_records, stored_features
from triage.nightly.read import (
    INPUT_NAMES,
    LATEST_ZONE,
    PLANNED_AS_READ,
    batch_clients,
    default_day,
    load_batch,
    name_lifts,
    thresholds_by_organization,
)
from triage.nightly.write import SCORE_FIELDS

log = logging.getLogger(__name__)

# A batch: about this many clients, across as many organizations as it takes.
BATCH_CLIENTS = 5000

# A batch as tasks pass it (JSON): [organization id, ISO day, [client ids]] per organization.
Batch = list[list]


def begin_night(
    organizations: Iterable, day: date | None = None, *, batch_clients: int = BATCH_CLIENTS
) -> tuple[dict[int, date], list[Batch]]:
    """Each organization's day (``day``, default its own yesterday), its run row (kept when
    there), and the clients left to score packed into batches: four statements, whatever the
    number of organizations (per organization, in its scope, where the connection cannot cross
    organizations)."""
    organizations = list(organizations)
    days = {o.pk: day or default_day(o) for o in organizations}
    if not organizations:
        return days, []
    if crosses_organizations():
        left = _left_to_score(organizations, days)
    else:  # a single-role Postgres: one organization at a time, in its scope
        left = {}
        for organization in organizations:
            with transaction.atomic(), tenant_scope(organization):
                left.update(_left_to_score([organization], days))
    batches: list[Batch] = []
    current: Batch = []
    size = 0
    mixing = crosses_organizations()
    for organization in organizations:
        ids = left[organization.pk]
        if current and not mixing:
            batches.append(current)
            current, size = [], 0
        while ids:
            room = batch_clients - size
            current.append([organization.pk, days[organization.pk].isoformat(), ids[:room]])
            size += len(ids[:room])
            ids = ids[room:]
            if size >= batch_clients:
                batches.append(current)
                current, size = [], 0
    if current:
        batches.append(current)
    return days, batches


def _left_to_score(organizations: list, days: dict[int, date]) -> dict[int, list[int]]:
    """The run rows (kept when there), and each organization's clients left to score on its
    day, in id order: one transaction, four statements."""
    days = {o.pk: days[o.pk] for o in organizations}
    zones = {o.pk: o.time_zone for o in organizations}
    left: dict[int, list[int]] = {o.pk: [] for o in organizations}
    with transaction.atomic():
        ScoringRun.unscoped.bulk_create(
            [ScoringRun(organization_id=pk, date=when) for pk, when in days.items()],
            ignore_conflicts=True,
        )
        scored = set(
            AdherenceScore.unscoped.filter(
                organization_id__in=list(days), date__in=set(days.values())
            ).values_list("client_id", "date")
        )
        # Clients who existed by the end of their day in their own zone (the widest bound in
        # SQL, each client's own day here).
        latest_end = day_start(max(days.values()) + timedelta(days=1), LATEST_ZONE)
        candidates = (
            Client.unscoped.filter(
                organization_id__in=list(days), status="active", created_at__lt=latest_end
            )
            .order_by("organization_id", "pk")
            .values_list("pk", "organization_id", "time_zone", "created_at")
        )
        # A client existed by the end of their day when created before the next day began in
        # their zone: one such instant per zone and day, not a conversion per client.
        ends: dict[tuple[str, date], datetime] = {}
        for pk, organization_id, own_zone, created_at in candidates:
            when = days[organization_id]
            if (pk, when) in scored:
                continue
            name = zone_name_for(own_zone, zones[organization_id])
            end = ends.get((name, when))
            if end is None:
                end = ends[(name, when)] = day_start(when + timedelta(days=1), name)
            if created_at < end:
                left[organization_id].append(pk)
    return left


def _risks(organizations: dict[int, Organization], risk_provider) -> dict[int, Callable | None]:
    """Each organization's risk predictor (``risk_provider.many`` reads them all with one query;
    any other provider is asked per organization, in its scope)."""
    if risk_provider is None:
        return {}
    many = getattr(risk_provider, "many", None)
    if many is not None:
        return many(list(organizations.values()))
    risks = {}
    for organization in organizations.values():
        with transaction.atomic(), tenant_scope(organization):
            risks[organization.pk] = risk_provider(organization)
    return risks


def _features(clients: list[Client], days: dict[int, date], inputs: dict) -> pd.DataFrame:
    """One compute_features pass per day over the batch (organizations in other time zones may
    be scoring another day), each pass given only its clients' rows."""
    by_day: dict[date, list[int]] = defaultdict(list)
    for client in clients:
        by_day[days[client.pk]].append(client.pk)
    if len(by_day) == 1:
        ((day, _),) = by_day.items()
        return compute_features(day, **{name: inputs[name] for name in INPUT_NAMES})
    parts = []
    for day, ids in by_day.items():
        members = set(ids)
        parts.append(
            compute_features(
                day,
                **{
                    name: inputs[name][inputs[name]["client_id"].isin(members)]
                    for name in INPUT_NAMES
                },
            )
        )
    return pd.concat(parts)


class ReadAhead:
    """A batch's inputs read in a thread of their own, on a connection of its own, while the
    batch before it is computed and written: the reads wait mostly on Postgres, the rest mostly
    on Python, so on two cores they overlap. Only where that connection sees what the night's
    does: Postgres, as the batch role, outside any transaction (so never inside a test's), and
    only when there is a next batch to read."""

    def __init__(self, future: Future) -> None:
        self._future = future

    @staticmethod
    def possible(batches: int) -> bool:
        return (
            batches > 1
            and connection.vendor == "postgresql"
            and crosses_organizations()
            and not connection.in_atomic_block
        )

    @classmethod
    def start(cls, batch: Batch, now: datetime) -> ReadAhead:
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="night-read-ahead")
        future = executor.submit(_read_batch, batch, now)
        executor.shutdown(wait=False)
        return cls(future)

    def _result(self) -> tuple[list[Client], dict[str, pd.DataFrame]] | None:
        try:
            return self._future.result()
        except Exception:
            log.warning("reading a batch ahead failed; it reads again", exc_info=True)
            return None

    def clients(self) -> list[Client] | None:
        """The batch's clients as read ahead (``batch_clients``), or ``None`` if the read
        failed."""
        result = self._result()
        return None if result is None else result[0]

    def inputs_for(self, clients: list[Client]) -> dict[str, pd.DataFrame] | None:
        """The inputs read ahead, if they were read for exactly these clients (a rerun that
        finds some already scored reads again); ``None`` otherwise, or if the read failed (the
        batch then reads for itself, and meets the same error there if it is one)."""
        result = self._result()
        if result is None or [c.pk for c in result[0]] != [c.pk for c in clients]:
            return None
        return result[1]


def _read_batch(batch: Batch, now: datetime) -> tuple[list[Client], dict[str, pd.DataFrame]]:
    """A batch's clients (all those it names) and their inputs, on this thread's own batch
    connection, closed at the end."""
    try:
        with batch_session():
            organizations, day_of_org, wanted = _unpack(batch)
            clients = batch_clients(organizations, wanted)
            days = {c.pk: day_of_org[c.organization_id] for c in clients}
            zones = {c.pk: c.zone_name for c in clients}
            return clients, _load(organizations, clients, days, zones, now)
    finally:
        connections.close_all()


def _load(organizations, clients: list[Client], days, zones, now: datetime) -> dict:
    """``load_batch`` for these clients, each named with its organization."""
    return load_batch(organizations, days, zones, now, {c.pk: c.organization_id for c in clients})


def _unpack(batch: Batch) -> tuple[dict[int, Organization], dict[int, date], list[int]]:
    """A batch as tasks pass it: its organizations (one query), each one's day, and the client
    ids it names."""
    organizations = Organization.objects.in_bulk([entry[0] for entry in batch])
    day_of_org = {entry[0]: date.fromisoformat(entry[1]) for entry in batch}
    return organizations, day_of_org, [pk for entry in batch for pk in entry[2]]


def score_batch(
    batch: Batch,
    *,
    risk_provider=None,
    now: datetime | None = None,
    read_ahead: ReadAhead | None = None,
    after_read: Callable[[], None] | None = None,
) -> dict:
    """Score one batch in one transaction: read, compute, write. Clients already scored for
    their day are skipped (a retried batch finishes what is left). Returns, per organization id,
    the clients scored, items opened and recommendations created. Where the connection cannot
    cross organizations (``crosses_organizations``), a batch holds one, scored in its scope."""
    with _collector_paused():
        if not crosses_organizations():
            (organization_id,) = {entry[0] for entry in batch}
            organization = Organization.objects.get(pk=organization_id)
            with transaction.atomic(), tenant_scope(organization):
                return _score_batch(batch, risk_provider=risk_provider, now=now)
        return _score_batch(
            batch,
            risk_provider=risk_provider,
            now=now,
            read_ahead=read_ahead,
            after_read=after_read,
        )


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused for one batch: a batch allocates hundreds of
    thousands of objects (rows, dicts, model instances) that live until its end, and each
    collection they set off walks them all again (about 7% of the night at 10,000 clients,
    measured with and without). Memory is still freed by reference counting; any cycles wait for the
    collector's next pass after the batch. Nothing else changes."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _score_batch(
    batch: Batch,
    *,
    risk_provider=None,
    now: datetime | None = None,
    read_ahead: ReadAhead | None = None,
    after_read: Callable[[], None] | None = None,
) -> dict:
    organizations, day_of_org, wanted = _unpack(batch)
    totals = {pk: {"items": 0, "recommendations": 0, "clients": 0} for pk in organizations}
    with transaction.atomic():
        clients = (read_ahead and read_ahead.clients()) or batch_clients(organizations, wanted)
        done = set(
            AdherenceScore.unscoped.filter(
                organization_id__in=list(organizations),
                client_id__any={c.pk for c in clients},
                date__in=set(day_of_org.values()),
            ).values_list("client_id", "date")
        )
        clients = [c for c in clients if (c.pk, day_of_org[c.organization_id]) not in done]
        if not clients:
            return totals
        days = {c.pk: day_of_org[c.organization_id] for c in clients}
        zones = {c.pk: c.zone_name for c in clients}
        inputs = read_ahead.inputs_for(clients) if read_ahead is not None else None
        if inputs is None:
            inputs = _load(organizations, clients, days, zones, now or timezone.now())
        if after_read is not None:
            after_read()
        features = _features(clients, days, inputs).reindex(
            pd.Index([c.pk for c in clients], name="client_id")
        )
        thresholds = thresholds_by_organization(organizations.values())
        risks: dict[int, float] = {}
        for organization_id, predict in _risks(organizations, risk_provider).items():
            if predict is not None:
                own = [c.pk for c in clients if c.organization_id == organization_id]
                if own:
                    risks.update(predict(features.loc[own]))
        rows = feature_records(features)
        stored = stored_feature_records(features)
        computed = set(features.columns)
        name_lifts(rows)
        habit_rates = habit_rates_for(clients, days)
        for client, row in zip(clients, rows, strict=True):
            row["habit_usual"], row["habit_week"] = habit_rates.get(client.pk, (None, None))
        scores, flagged = [], []
        created_at = timezone.now()
        for client, row, kept in zip(clients, rows, stored, strict=True):
            assessment = assess(row, thresholds[client.organization_id])
            totals[client.organization_id]["clients"] += 1
            scores.append(
                {
                    "organization_id": client.organization_id,
                    "client_id": client.pk,
                    "date": days[client.pk],
                    "level": assessment.level,
                    **{name: row.get(name) for name in SCORE_FIELDS},
                    "readiness_z": row.get("readiness_z"),
                    "risk": risks.get(client.pk),
                    "reasons": assessment.reason_dicts(),
                    # The computed features stored set-wise, then what was added to the row.
                    "features": {
                        **kept,
                        **stored_features({k: row[k] for k in row.keys() - computed}),
                    },
                    "created_at": created_at,
                }
            )
            if assessment.level != GREEN:
                flagged.append((client, assessment))
        write.insert_scores(scores)
        written = timezone.now()
        due = queue.due_times(None, [client for client, _ in flagged], written)
        openings = [
            queue.Opening(
                client=client,
                level=assessment.level,
                reason_kind=reason.code,
                reasons=[{"code": reason.code, "text": reason.text}],
                due_at=due(client, assessment.level, reason.code),
            )
            for client, assessment in flagged
            for reason in assessment.reasons
        ]
        # Opened per organization is counted from the openings of clients without an open item.
        opened_before = _open_items(openings)
        queue.open_or_update_items(None, openings, source=Source.NIGHTLY, now=written)
        for key, opening in {(o.client.pk, o.reason_kind): o for o in openings}.items():
            if key not in opened_before:
                totals[opening.client.organization_id]["items"] += 1
        queue.clear_quiet_items([c.pk for c in clients], written, list(organizations))
        deloads = proposals.propose_deloads(
            flagged,
            inputs,
            days,
            rows={c.pk: r for c, r in zip(clients, rows, strict=True)},
            thresholds=thresholds,
        )
        write.prompt_missed_sessions(clients, inputs, days)
        adjustments = proposals.propose_adjustments(
            clients,
            days,
            {
                score["client_id"]: (score["level"], {r["code"] for r in score["reasons"]})
                for score in scores
            },
            logs=inputs["logs"],
            planned=inputs[PLANNED_AS_READ],
        )
        if deloads + adjustments:
            _count_recommendations(totals, clients, created_at)
        _add_to_runs(totals, day_of_org)
    return totals


def _open_items(openings: list) -> set[tuple[int, str]]:
    """Which of these (client, reason kind) already have an open item: one query."""
    if not openings:
        return set()
    return set(
        ReviewItem.unscoped.filter(
            organization_id__in={o.client.organization_id for o in openings},
            client_id__any={o.client.pk for o in openings},
            status="open",
        ).values_list("client_id", "reason_kind")
    )


def _count_recommendations(totals: dict, clients: list[Client], since: datetime) -> None:
    """The AI's recommendations this batch created, per organization: one query (the batch's
    clients only, so a batch running beside another of the same organization counts its own)."""
    for organization_id, n in (
        Recommendation.unscoped.filter(
            organization_id__in=list(totals),
            client_id__any={c.pk for c in clients},
            source="ai",
            created_at__gte=since,
        )
        .values("organization_id")
        .annotate(n=Count("id"))
        .values_list("organization_id", "n")
    ):
        totals[organization_id]["recommendations"] += n


def _add_to_runs(totals: dict, days: dict[int, date]) -> None:
    """Count the batch into its organizations' run rows with the batch's own commit, so a worker
    killed later loses none of it: one statement."""
    write.add_to_runs(
        {pk: t for pk, t in totals.items() if t["items"] or t["recommendations"]}, days
    )


def finish_night(days: dict[int, date], started_at: datetime | None = None) -> list[ScoringRun]:
    """Each organization's run summary (``days``: organization id to its day), counted from the
    stored scores so it is complete even when an earlier, killed run scored part of the night:
    three statements, whatever the number of organizations. Returns the runs in ``days``'
    order."""
    if not days:
        return []
    if not crosses_organizations():
        runs = []
        for organization in Organization.objects.filter(pk__in=list(days)).order_by("pk"):
            with transaction.atomic(), tenant_scope(organization):
                runs += _finish({organization.pk: days[organization.pk]}, started_at)
        by_organization = {run.organization_id: run for run in runs}
        return [by_organization[pk] for pk in days]
    return _finish(days, started_at)


def _finish(days: dict[int, date], started_at: datetime | None) -> list[ScoringRun]:
    finished = timezone.now()
    levels: dict[int, dict[str, int]] = defaultdict(dict)
    with transaction.atomic():
        for organization_id, scored_on, level, n in (
            AdherenceScore.unscoped.filter(
                organization_id__in=list(days), date__in=set(days.values())
            )
            .values("organization_id", "date", "level")
            .annotate(n=Count("id"))
            .values_list("organization_id", "date", "level", "n")
        ):
            if scored_on == days[organization_id]:
                levels[organization_id][level] = n
        runs = {
            run.organization_id: run
            for run in ScoringRun.unscoped.filter(
                organization_id__in=list(days), date__in=set(days.values())
            )
            if run.date == days[run.organization_id]
        }
        for organization_id, run in runs.items():
            counts = levels.get(organization_id, {})
            run.status = "done"
            run.finished_at = finished
            run.clients_scored = sum(counts.values())
            run.flags = {level: counts.get(level, 0) for level in (GREEN, YELLOW, RED)}
            run.duration_seconds = round(
                (finished - (started_at or run.started_at)).total_seconds(), 3
            )
        write.save_run_summaries(list(runs.values()))
    return [runs[pk] for pk in days]


def score_organizations(
    organizations: Iterable,
    day: date | None = None,
    *,
    batch_clients: int = BATCH_CLIENTS,
    progress: Callable[[int, int], None] | None = None,
    risk_provider: Callable | None = None,
) -> list[ScoringRun]:
    """Run (or finish) the night for several organizations (each on ``day``, default: its own
    yesterday), in this process: ``begin_night``, each batch, ``finish_night`` (the Celery
    chord in ``triage.tasks`` runs the same steps as tasks). Safe to run again.

    ``progress(done, total)`` counts clients for one organization, organizations for several.
    A batch is ``batch_clients`` clients, each committed on its own.
    """
    organizations = list(organizations)
    started = timezone.now()
    days, batches = begin_night(organizations, day, batch_clients=batch_clients)
    total_clients = sum(len(entry[2]) for batch in batches for entry in batch)
    last_batch = {entry[0]: i for i, batch in enumerate(batches) for entry in batch}
    clients_done = 0
    if progress and len(organizations) > 1:
        progress(len(organizations) - len(last_batch), len(organizations))
    # One moment for the whole night, so a batch read ahead sees what its scoring would. Each
    # batch starts reading the next once its own inputs are in (two reads at once would only
    # compete for the same cores).
    now = timezone.now()
    reading_ahead = ReadAhead.possible(len(batches))
    ahead: list[ReadAhead | None] = [None] * (len(batches) + 1)

    def read_next(position: int) -> Callable[[], None] | None:
        if not reading_ahead or position + 1 >= len(batches):
            return None

        def start() -> None:
            ahead[position + 1] = ReadAhead.start(batches[position + 1], now)

        return start

    for position, batch in enumerate(batches):
        score_batch(
            batch,
            risk_provider=risk_provider,
            now=now,
            read_ahead=ahead[position],
            after_read=read_next(position),
        )
        clients_done += sum(len(entry[2]) for entry in batch)
        if progress:
            if len(organizations) == 1:
                progress(clients_done, total_clients)
            else:
                finished = len(organizations) - sum(
                    1 for last in last_batch.values() if last > position
                )
                progress(finished, len(organizations))
    return finish_night(days, started)


def score_organization(
    organization,
    day: date | None = None,
    *,
    chunk_size: int = BATCH_CLIENTS,
    progress: Callable[[int, int], None] | None = None,
    risk_provider: Callable | None = None,
) -> ScoringRun:
    """Run (or finish) the night for one organization: the batch path with one organization,
    in batches of ``chunk_size`` clients. Safe to run again."""
    (run,) = score_organizations(
        [organization],
        day,
        batch_clients=chunk_size,
        progress=progress,
        risk_provider=risk_provider,
    )
    return run
