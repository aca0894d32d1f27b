"""Celery tasks of programs: thin wrappers that take ids."""

from celery import shared_task

from coaching.batch import runs_as_batch
from coaching.models import Organization


@shared_task(name="programs.tasks.import_workouts", acks_late=True)
@runs_as_batch
def import_workouts_task(job_id: int, organization_id: int) -> dict:
    """Import one uploaded export in the background (see programs.history_import)."""
    from programs.history_import import run_import_job

    organization = Organization.objects.get(pk=organization_id)
    return run_import_job(organization, job_id)


@shared_task(name="programs.tasks.discard_stale_uploads")
@runs_as_batch
def discard_stale_uploads_task() -> int:
    """Hourly: drop uploads left waiting for their unit more than a day, organization by
    organization (the same as ``manage.py discard_stale_uploads``)."""
    from programs.management.commands.discard_stale_uploads import discard_everywhere

    return discard_everywhere()
