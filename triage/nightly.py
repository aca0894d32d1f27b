"""The nightly job for one organization: features set-wise per chunk, a score per client per
day, review items for yellow and red, and a run summary.

Idempotent and resumable: clients already scored for the day are skipped, so re-running the
night (or finishing one a killed worker left half done) changes nothing that was done and opens
no duplicate review items. Each chunk is its own transaction.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime, timedelta

import pandas as pd
from django.db import transaction
from django.db.models import Count, F, Min
from django.utils import timezone

from coaching.models import Client
from coaching.tenancy import tenant_scope
from programs.models import PlannedWorkout, ProgramStatus, SetLog, WorkoutLog
from triage import queue
from triage.models import AdherenceScore, CheckIn, ScoringRun, ScoringSettings, Source
from triage.scoring import HISTORY_DAYS, Thresholds, assess, compute_features

CHUNK_SIZE = 500
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


def default_day(organization, now: datetime | None = None) -> date:
    """The day the night scores: yesterday in the organization's time zone."""
    import zoneinfo

    now = now or timezone.now()
    return (now.astimezone(zoneinfo.ZoneInfo(organization.time_zone)) - timedelta(days=1)).date()


def thresholds_for(organization) -> Thresholds:
    settings = ScoringSettings.objects.filter(organization=organization).first()
    return Thresholds.from_overrides(settings.thresholds if settings else None)


def _frame(rows, columns) -> pd.DataFrame:
    return pd.DataFrame.from_records(list(rows), columns=list(columns))


def load_chunk(client_ids: list[int], day: date) -> dict[str, pd.DataFrame]:
    """The chunk's inputs: one query per table, whatever the number of clients."""
    start = day - timedelta(days=HISTORY_DAYS + 1)
    clients = _frame(
        Client.objects.filter(pk__in=client_ids)
        .annotate(first_checkin=Min("check_ins__created_at"))
        .values_list("id", "created_at", "first_checkin"),
        ["client_id", "created_date", "first_checkin_date"],
    )
    for column in ("created_date", "first_checkin_date"):
        clients[column] = pd.to_datetime(clients[column], utc=True).dt.tz_localize(None)
    planned = _frame(
        PlannedWorkout.objects.filter(
            client_id__in=client_ids,
            planned_date__gte=start,
            planned_date__lte=day,
            program__status__in=[ProgramStatus.ACTIVE, ProgramStatus.SUPERSEDED],
        ).values_list("client_id", "planned_date"),
        ["client_id", "planned_date"],
    )
    logs = _frame(
        WorkoutLog.objects.filter(
            client_id__in=client_ids, performed_at__date__gte=start, performed_at__date__lte=day
        ).values_list("client_id", "performed_at", "status"),
        ["client_id", "performed_date", "status"],
    )
    logs["performed_date"] = pd.to_datetime(logs["performed_date"], utc=True).dt.tz_localize(None)
    checkins = _frame(
        CheckIn.objects.filter(
            client_id__in=client_ids, created_at__date__gte=start, created_at__date__lte=day
        ).values_list("client_id", "created_at", *CHECKIN_COLUMNS),
        ["client_id", "date", *CHECKIN_COLUMNS],
    )
    checkins["date"] = pd.to_datetime(checkins["date"], utc=True).dt.tz_localize(None)
    lift_sets = _frame(
        SetLog.objects.filter(
            log__client_id__in=client_ids,
            log__performed_at__date__gte=start,
            log__performed_at__date__lte=day,
            is_warmup=False,
            e1rm_kg__isnull=False,
        ).values_list("log__client_id", "log__performed_at", "exercise_id", "e1rm_kg"),
        ["client_id", "performed_date", "exercise_key", "e1rm_kg"],
    )
    lift_sets["performed_date"] = pd.to_datetime(
        lift_sets["performed_date"], utc=True
    ).dt.tz_localize(None)
    return {
        "clients": clients,
        "planned": planned,
        "logs": logs,
        "checkins": checkins,
        "lift_sets": lift_sets,
    }


def _number(value) -> float | None:
    if value is None or pd.isna(value):
        return None
    return float(value)


def _jsonable(row: dict) -> dict:
    return {
        key: (_number(value) if not isinstance(value, bool | str) else value)
        for key, value in row.items()
    }


def _due_times(organization, clients: list[Client], now):
    """Due times for the chunk's flags, from two queries instead of two per item."""
    from billing.models import Subscription
    from billing.policy import CAREFUL_POLICY, RED_RESPONSE_HOURS
    from triage.defaults import ESCALATION_RULES
    from triage.models import EscalationRule

    rules = {trigger: hours for trigger, (_, hours, _, _) in ESCALATION_RULES.items()}
    rules.update(
        dict(EscalationRule.objects.filter(active=True).values_list("trigger", "response_hours"))
    )
    tier_hours = dict(
        Subscription.objects.filter(client__in=clients).values_list(
            "client_id", "tier__response_hours"
        )
    )

    def due(client: Client, level: str, trigger: str):
        rule_hours = rules.get(trigger, CAREFUL_POLICY.yellow_hours)
        if level == "red":
            return now + timedelta(hours=min(rule_hours, RED_RESPONSE_HOURS))
        tier = tier_hours.get(client.pk) or {}
        promised = float(tier.get("yellow", CAREFUL_POLICY.yellow_hours))
        return now + timedelta(hours=min(rule_hours, promised))

    return due


def score_chunk(
    organization, clients: list[Client], day: date, thresholds: Thresholds, risk=None
) -> dict:
    """Score one chunk (inside the caller's transaction and tenant scope)."""
    inputs = load_chunk([c.pk for c in clients], day)
    features = compute_features(day, **inputs)
    risks = risk(features) if risk else {}
    scores, flagged = [], []
    counts = {"green": 0, "yellow": 0, "red": 0, "items": 0}
    for client in clients:
        row = features.loc[client.pk].to_dict() if client.pk in features.index else {}
        assessment = assess(row, thresholds)
        counts[assessment.level] += 1
        scores.append(
            AdherenceScore(
                organization=organization,
                client=client,
                date=day,
                level=assessment.level,
                readiness_z=_number(row.get("readiness_z")),
                risk=risks.get(client.pk),
                reasons=assessment.reason_dicts(),
                features=_jsonable(row),
                **{name: _number(row.get(name)) for name in SCORE_FIELDS},
            )
        )
        if assessment.level != "green":
            flagged.append((client, assessment))
    AdherenceScore.objects.bulk_create(scores, ignore_conflicts=True)
    now = timezone.now()
    due = _due_times(organization, [client for client, _ in flagged], now)
    for client, assessment in flagged:
        for reason in assessment.reasons:
            _, created = queue.open_or_update_item(
                client,
                level=assessment.level,
                reason_kind=reason.code,
                reasons=[{"code": reason.code, "text": reason.text}],
                source=Source.NIGHTLY,
                now=now,
                due_at=due(client, assessment.level, reason.code),
            )
            counts["items"] += int(created)
    counts["recommendations"] = propose_deloads(organization, flagged, inputs, day)
    counts["prompts"] = prompt_missed_sessions(organization, clients, inputs, day)
    return counts


def score_organization(
    organization,
    day: date | None = None,
    *,
    chunk_size: int = CHUNK_SIZE,
    progress: Callable[[int, int], None] | None = None,
    risk_provider: Callable | None = None,
) -> ScoringRun:
    """Run (or finish) the night for one organization. Safe to run again."""
    day = day or default_day(organization)
    started = time.monotonic()
    with transaction.atomic(), tenant_scope(organization):
        run, _ = ScoringRun.objects.get_or_create(organization=organization, date=day)
        scored_ids = set(
            AdherenceScore.objects.filter(date=day).values_list("client_id", flat=True)
        )
        to_score = list(
            Client.objects.filter(status="active", created_at__date__lte=day)
            .exclude(pk__in=scored_ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        thresholds = thresholds_for(organization)
        risk = risk_provider(organization) if risk_provider else None
    total = len(to_score)
    done = 0
    for offset in range(0, total, chunk_size):
        ids = to_score[offset : offset + chunk_size]
        with transaction.atomic(), tenant_scope(organization):
            clients = list(
                Client.objects.filter(pk__in=ids)
                .select_related("coach", "organization", "user")
                .order_by("pk")
            )
            counts = score_chunk(organization, clients, day, thresholds, risk)
            # Counted with the chunk's own commit, so a worker killed later loses none of it.
            ScoringRun.objects.filter(pk=run.pk).update(
                items_opened=F("items_opened") + counts["items"],
                recommendations_created=F("recommendations_created") + counts["recommendations"],
            )
        done += len(ids)
        if progress:
            progress(done, total)
    with transaction.atomic(), tenant_scope(organization):
        # The day's levels as stored: complete even when an earlier, killed run scored part.
        levels = {
            row["level"]: row["n"]
            for row in AdherenceScore.objects.filter(date=day)
            .values("level")
            .annotate(n=Count("id"))
        }
        ScoringRun.objects.filter(pk=run.pk).update(
            status="done",
            finished_at=timezone.now(),
            clients_scored=sum(levels.values()),
            flags={level: levels.get(level, 0) for level in ("green", "yellow", "red")},
            duration_seconds=round(time.monotonic() - started, 3),
        )
        run.refresh_from_db()
    return run


FATIGUE_WEEKS = 3


def _weekly_series(
    frame: pd.DataFrame, date_column: str, value: str, day: date, weeks: int
) -> dict[int, list]:
    """Per client, the weekly mean of ``value`` for the last ``weeks`` 7-day blocks, oldest first."""
    if frame.empty:
        return {}
    data = frame[["client_id", date_column, value]].dropna()
    data = data.assign(
        block=((pd.Timestamp(day) - pd.to_datetime(data[date_column]).dt.normalize()).dt.days // 7)
    )
    data = data[(data["block"] >= 0) & (data["block"] < weeks)]
    means = data.groupby(["client_id", "block"])[value].mean().unstack()
    return {
        int(client_id): [
            None if pd.isna(row.get(b)) else float(row.get(b)) for b in range(weeks - 1, -1, -1)
        ]
        for client_id, row in means.iterrows()
    }


def propose_deloads(organization, flagged, inputs: dict, day: date) -> int:
    """For flagged clients whose fatigue or performance calls for it (programs.adjustments), the
    AI proposes a deload week; the tier's review policy decides whether it applies now (sets of
    next week's prescriptions lowered by one) or waits for a coach."""
    from billing.review import review_decision
    from programs.adjustments import propose_deload
    from programs.models import Prescription, Recommendation, RecommendationStatus

    # Any flagged client may need one; propose_deload (the pure rule) decides from the data.
    candidates = list(flagged)
    if not candidates:
        return 0
    fatigue = _weekly_series(inputs["checkins"], "date", "fatigue", day, FATIGUE_WEEKS)
    readiness = _weekly_series(inputs["checkins"], "date", "readiness", day, FATIGUE_WEEKS)
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
        proposal = propose_deload(fatigue.get(client.pk, []), [], readiness.get(client.pk, []))
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


def prompt_missed_sessions(organization, clients: list[Client], inputs: dict, day: date) -> int:
    """A planned session with nothing logged that day gets a neutral prompt to the client (in the
    app and by email) asking what got in the way — once per missed day, never a scolding."""
    from django.conf import settings
    from django.core.mail import send_mass_mail
    from django.urls import reverse

    from triage.models import Notification

    planned, logs = inputs["planned"], inputs["logs"]
    if planned.empty:
        return 0
    planned_today = set(
        planned.loc[pd.to_datetime(planned["planned_date"]).dt.date == day, "client_id"]
    )
    logged_today = (
        set(logs.loc[pd.to_datetime(logs["performed_date"]).dt.date == day, "client_id"])
        if not logs.empty
        else set()
    )
    missed = planned_today - logged_today
    if not missed:
        return 0
    url = reverse("client_home", args=[organization.slug]) + f"?missed={day.isoformat()}"
    already = set(Notification.objects.filter(url=url).values_list("user_id", flat=True))
    by_id = {c.pk: c for c in clients}
    targets = [by_id[cid] for cid in missed if cid in by_id and by_id[cid].user_id not in already]
    text = f"No session logged for {day:%A}. What got in the way? One tap tells your coach — no judgement."
    Notification.objects.bulk_create(
        [
            Notification(organization=organization, user_id=c.user_id, text=text, url=url)
            for c in targets
        ]
    )
    send_mass_mail(
        [
            ("What got in the way?", f"{text}\n\n{settings.SITE_URL}{url}\n", None, [c.user.email])
            for c in targets
        ],
        fail_silently=True,
    )
    return len(targets)
