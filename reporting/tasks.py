"""Celery tasks: a snapshot of the owner's figures each day, so the charts of MRR and active
clients have a point per day even when nobody opens the owner's page."""

from celery import shared_task
from django.utils import timezone

from coaching.batch import runs_as_batch
from coaching.models import Organization
from reporting.snapshots import due_for_snapshot, snapshot_organization


@shared_task(name="reporting.tasks.snapshot_fanout")
@runs_as_batch
def snapshot_fanout() -> list[int]:
    """Hourly: start the snapshot of each organization where it is now 03:00–03:59 locally."""
    due = due_for_snapshot(Organization.objects.only("id", "time_zone"), timezone.now())
    for organization_id in due:
        snapshot_organization_task.delay(organization_id)
    return due


@shared_task(name="reporting.tasks.snapshot_organization")
@runs_as_batch
def snapshot_organization_task(organization_id: int) -> dict:
    organization = Organization.objects.get(pk=organization_id)
    figures = snapshot_organization(organization)
    return {"organization": organization_id, "date": figures["date"]}
