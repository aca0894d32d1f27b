from celery import current_app, shared_task
from django.utils import timezone


def tasks_run_in_process() -> bool:
    """True where tasks run in the web process (no REDIS_URL): nothing runs on a schedule."""
    # The project's app (config.celery), current once settings are loaded: coaching does not
    # import the project package.
    return bool(current_app.conf.task_always_eager)


@shared_task(name="coaching.tasks.heartbeat")
def heartbeat() -> dict:
    """Proves a worker is alive and consuming: returns the time it ran."""
    return {"status": "ok", "at": timezone.now().isoformat()}


@shared_task(name="coaching.tasks.deliver_emails")
def deliver_emails(payloads: list[dict]) -> int:
    """Send emails the notification service asked for (after the commit that recorded them),
    rendering those it left to render."""
    from coaching.emails import deliver

    return deliver(payloads)
