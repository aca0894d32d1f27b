"""Emails: each kind is a trio of templates (``templates/emails/<kind>-subject.txt``,
``-body.txt`` and ``-body.html``) and a one-line function.

Nothing is sent inside a transaction: ``send`` renders now and delivers after the surrounding
transaction commits (``transaction.on_commit``), through a Celery task (in-process without
Redis), so a rolled-back request sends nothing. Whether a person wants an email is the
notification service's question (``coaching.notifications``), asked before these are called.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string

from coaching.tasks import deliver_emails

log = logging.getLogger(__name__)


def absolute(path: str) -> str:
    """A link for an email: the site's address (``SITE_URL``) and the path."""
    return f"{settings.SITE_URL}{path}"


def render(name: str, to: str, context: dict) -> dict:
    """One email of kind ``name`` to one address, rendered now: a payload a task can carry."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = render_to_string(f"emails/{name}-subject.txt", context)
    return {
        "subject": " ".join(subject.split()),
        "text": render_to_string(f"emails/{name}-body.txt", context),
        "html": render_to_string(f"emails/{name}-body.html", context),
        "to": [to],
    }


def deliver_after_commit(payloads: list[dict]) -> None:
    """Hand rendered emails to the delivery task once the current transaction commits."""
    if not payloads:
        return

    transaction.on_commit(partial(deliver_emails.delay, payloads), robust=True)


def deliver(payloads: Iterable[dict]) -> int:
    """Send rendered emails over one connection; a mail outage is logged, never raised (the
    in-app notice is already recorded). Returns how many were sent."""
    messages = []
    for payload in payloads:
        message = EmailMultiAlternatives(
            subject=payload["subject"],
            body=payload["text"],
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=payload["to"],
        )
        message.attach_alternative(payload["html"], "text/html")
        messages.append(message)
    try:
        return get_connection().send_messages(messages) or 0
    except Exception:
        log.exception("could not send %d email(s)", len(messages))
        return 0


# One line per kind: each renders its trio for one address. The notification service
# (``coaching.notifications``) calls them and delivers what they render after the commit.


def invitation(to: str, context: dict) -> dict:
    return render("invitation", to, context)


def red_flag(to: str, context: dict) -> dict:
    return render("red_flag", to, context)


def session_reminder(to: str, context: dict) -> dict:
    return render("session_reminder", to, context)


def missed_session(to: str, context: dict) -> dict:
    return render("missed_session", to, context)


def client_messages(to: str, context: dict) -> dict:
    return render("client_messages", to, context)


def messages(to: str, context: dict) -> dict:
    return render("messages", to, context)
