from celery import shared_task
from django.utils import timezone


@shared_task(name="coaching.tasks.heartbeat")
def heartbeat() -> dict:
    """Proves a worker is alive and consuming: returns the time it ran."""
    return {"status": "ok", "at": timezone.now().isoformat()}


@shared_task(name="coaching.tasks.deliver_emails")
def deliver_emails(payloads: list[dict]) -> int:
    """Send emails the notification service rendered (after the commit that recorded them)."""
    from coaching.emails import deliver

    return deliver(payloads)
