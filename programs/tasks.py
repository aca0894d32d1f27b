"""Celery tasks of programs: thin wrappers that take ids."""

from celery import shared_task

from coaching.models import Organization


@shared_task(name="programs.tasks.import_workouts", acks_late=True)
def import_workouts_task(job_id: int, organization_id: int) -> dict:
    """Import one uploaded export in the background (see programs.history_import)."""
    from programs.history_import import run_import_job

    organization = Organization.objects.get(pk=organization_id)
    return run_import_job(organization, job_id)
