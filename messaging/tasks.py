"""Celery tasks for messages: the digest (beat, every few minutes) and, without a worker, the
email of each message once its request commits."""

from celery import shared_task
from django.db import transaction

from coaching.batch import runs_as_batch
from coaching.models import Organization
from coaching.tasks import tasks_run_in_process
from coaching.tenancy import tenant_scope
from messaging.models import Message


def run_in_process() -> bool:
    """True where tasks run in the web process (no REDIS_URL): there is no beat to batch."""
    return tasks_run_in_process()


@shared_task(name="messaging.tasks.digest_fanout")
@runs_as_batch
def digest_fanout() -> list[int]:
    """Every few minutes: a digest task for each organization with messages that are news to
    someone (found with one query across tenants)."""
    from messaging.services import news_filter

    # On the batch connection, which row-level security lets see every organization.
    with transaction.atomic():
        organization_ids = sorted(
            set(Message.unscoped.filter(news_filter()).values_list("organization_id", flat=True))
        )
    for organization_id in organization_ids:
        email_new_messages.delay(organization_id)
    return organization_ids


@shared_task(name="messaging.tasks.email_new_messages", acks_late=True)
@runs_as_batch
def email_new_messages(organization_id: int, thread_id: int | None = None) -> int:
    """One organization's digests (or, with ``thread_id``, that thread's news at once)."""
    from messaging.services import email_new_messages as send

    organization = Organization.objects.get(pk=organization_id)
    with transaction.atomic(), tenant_scope(organization):
        return send(organization, thread_id=thread_id)
