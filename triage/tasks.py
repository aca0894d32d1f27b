"""Celery tasks: thin wrappers that take ids and call the same functions the commands call."""

import zoneinfo
from datetime import date, datetime

from celery import chord, shared_task
from django.db import transaction
from django.utils import timezone

from coaching.batch import runs_as_batch
from coaching.models import Client, Organization
from coaching.tenancy import tenant_scope
from triage.nightly import begin_night, finish_night, score_batch
from triage.risk import retrain, risk_provider

NIGHTLY_HOUR = 2


@shared_task(name="triage.tasks.nightly_fanout")
@runs_as_batch
def nightly_fanout() -> list[int]:
    """Every quarter hour: start the night of the organizations where it is now 02:00–02:14,
    together (one chord of batches across them)."""
    now = timezone.now()
    started = []
    for organization in Organization.objects.only("id", "time_zone"):
        local = now.astimezone(zoneinfo.ZoneInfo(organization.time_zone))
        if local.hour == NIGHTLY_HOUR and local.minute < 15:
            started.append(organization.id)
    if started:
        start_night(started)
    return started


def start_night(organization_ids: list[int], day: str | None = None):
    """Plan the night of these organizations (each on ``day``, default its own yesterday) and
    run it as a chord: one task per batch, then the run summaries. Returns the chord's result."""
    organizations = list(Organization.objects.filter(pk__in=organization_ids).order_by("pk"))
    started = timezone.now()
    days, batches = begin_night(organizations, date.fromisoformat(day) if day else None)
    summaries = finish_night_task.si(
        {str(pk): when.isoformat() for pk, when in days.items()}, started.isoformat()
    )
    if not batches:
        return summaries.delay()
    return chord(score_batch_task.si(batch) for batch in batches)(summaries)


@shared_task(name="triage.tasks.score_batch", acks_late=True)
@runs_as_batch
def score_batch_task(batch: list) -> dict:
    """Score one batch of the night (resumable: a retried task finishes what is left)."""
    totals = score_batch(batch, risk_provider=risk_provider)
    return {"clients": sum(t["clients"] for t in totals.values())}


@shared_task(name="triage.tasks.finish_night", acks_late=True)
@runs_as_batch
def finish_night_task(days: dict, started_at: str) -> list[dict]:
    """The chord's callback: each organization's run summary."""
    runs = finish_night(
        {int(pk): date.fromisoformat(when) for pk, when in days.items()},
        datetime.fromisoformat(started_at),
    )
    return [
        {
            "organization": run.organization_id,
            "date": run.date.isoformat(),
            "clients": run.clients_scored,
        }
        for run in runs
    ]


@shared_task(name="triage.tasks.score_organization", acks_late=True)
@runs_as_batch
def score_organization_task(organization_id: int, day: str) -> dict:
    """Score one organization's night (its batches as a chord; resumable)."""
    start_night([organization_id], day)
    return {"organization": organization_id, "date": day}


@shared_task(name="triage.tasks.retrain_risk_models")
@runs_as_batch
def retrain_risk_models() -> dict:
    """Weekly: a new risk model version per organization with enough history."""
    trained = {}
    for organization in Organization.objects.all():
        with transaction.atomic(), tenant_scope(organization):
            model = retrain(organization)
        trained[organization.slug] = model.version if model else None
    return trained


@shared_task(name="triage.tasks.reminder_fanout")
@runs_as_batch
def reminder_fanout() -> list[int]:
    """Every quarter hour: send the morning reminders of each organization where a reminder
    window (07:00–11:59) is open, in its time zone or a client's own. Repeats are harmless: each
    workout is reminded once."""
    from triage.reminders import mornings

    now = timezone.now()
    started = []
    own_zones: dict[int, set[str]] = {}
    for organization_id, zone_name in (
        Client.unscoped.exclude(time_zone="").values_list("organization_id", "time_zone").distinct()
    ):
        own_zones.setdefault(organization_id, set()).add(zone_name)
    for organization in Organization.objects.only("id", "time_zone"):
        if mornings(organization, own_zones.get(organization.id, ()), now):
            send_reminders_task.delay(organization.id, now.isoformat())
            started.append(organization.id)
    return started


@shared_task(name="triage.tasks.send_reminders", acks_late=True)
@runs_as_batch
def send_reminders_task(organization_id: int, at: str) -> dict:
    """One organization's reminders for the morning of ``at`` (an ISO moment)."""

    from triage.reminders import send_session_reminders

    organization = Organization.objects.get(pk=organization_id)
    sent = send_session_reminders(organization, datetime.fromisoformat(at))
    return {"organization": organization_id, "sent": sent}
