"""Celery tasks: thin wrappers that take ids and call the same functions the commands call."""

import zoneinfo
from datetime import date, datetime

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from coaching.batch import runs_as_batch
from coaching.models import Client, Organization
from coaching.tenancy import tenant_scope
from triage.nightly import default_day, score_organization
from triage.risk import retrain, risk_provider

NIGHTLY_HOUR = 2


@shared_task(name="triage.tasks.nightly_fanout")
@runs_as_batch
def nightly_fanout() -> list[int]:
    """Every quarter hour: start the night for each organization where it is now 02:00–02:14."""
    now = timezone.now()
    started = []
    for organization in Organization.objects.only("id", "time_zone"):
        local = now.astimezone(zoneinfo.ZoneInfo(organization.time_zone))
        if local.hour == NIGHTLY_HOUR and local.minute < 15:
            score_organization_task.delay(
                organization.id, default_day(organization, now).isoformat()
            )
            started.append(organization.id)
    return started


@shared_task(name="triage.tasks.score_organization", acks_late=True)
@runs_as_batch
def score_organization_task(organization_id: int, day: str) -> dict:
    """Score one organization's night (resumable: a retried task finishes what is left)."""

    organization = Organization.objects.get(pk=organization_id)
    run = score_organization(organization, date.fromisoformat(day), risk_provider=risk_provider)
    return {"organization": organization_id, "date": day, "clients": run.clients_scored}


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
