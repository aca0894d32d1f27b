"""The night's shell: who is left to score, a chunk scored and written in its transaction, and
the run summary per organization."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pandas as pd
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from coaching.localtime import day_start, local_day, zone_name_for
from coaching.models import Client
from coaching.tenancy import tenant_scope
from triage import queue
from triage.models import AdherenceScore, ScoringRun, Source
from triage.nightly import proposals, write
from triage.nightly.compute import feature_records
from triage.nightly.read import (
    INPUT_NAMES,
    LATEST_ZONE,
    chunk_clients,
    default_day,
    load_chunk,
    name_lifts,
    thresholds_for,
)
from triage.nightly.write import SCORE_FIELDS
from triage.scoring import Thresholds, assess, compute_features

CHUNK_SIZE = 500
# Organizations scored together share one features pass over about this many clients.
BATCH_CLIENTS = 5000


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
    rows = feature_records(features)
    name_lifts(rows)
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
    write.insert_scores(scores)
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
    counts["recommendations"] = proposals.propose_deloads(
        organization,
        flagged,
        inputs,
        day,
        rows={c.pk: r for c, r in zip(clients, rows, strict=True)},
        thresholds=thresholds,
    )
    counts["prompts"] = write.prompt_missed_sessions(organization, clients, inputs, day)
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
