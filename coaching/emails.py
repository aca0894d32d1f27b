"""Emails: each kind is a trio of templates (``templates/emails/<name>-subject.txt``,
``-body.txt`` and ``-body.html``; ``coaching.notifications.TEMPLATES`` names each kind's).

Nothing is sent inside a transaction: payloads are delivered after the surrounding transaction
commits (``transaction.on_commit``), through a Celery task (in-process without Redis), so a
rolled-back request sends nothing. A payload is rendered now (``render``), or, when its context
is plain values, left for the task to render (``to_render``): the nightly job's thousands of
prompts then cost it no template work. Whether a person wants an email is the notification
service's question (``coaching.notifications``), asked before these are called.
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


def to_render(name: str, to: str, context: dict) -> dict:
    """One email of kind ``name`` to one address, left for the delivery task to render: a
    payload a task can carry when ``context`` is plain values (see ``plain``). Rendering is most
    of an email's cost, and the task runs after the commit, outside the work that asked."""
    return {"template": name, "to": [to], "context": context}


def plain(context: dict) -> bool:
    """Whether a template context travels as JSON as it is: strings, numbers, booleans, None."""
    return all(isinstance(value, str | int | float | bool | None) for value in context.values())


def deliver(payloads: Iterable[dict]) -> int:
    """Send emails over one connection, rendering those left to render (``to_render``), once
    per template and context; a mail outage is logged, never raised (the in-app notice is
    already recorded). Returns how many were sent."""
    messages = []
    # Emails left to render with the same template and context (the night's prompts: everyone
    # of an organization who missed the same day) are rendered once and sent to each address.
    rendered: dict[tuple, dict] = {}
    for payload in payloads:
        if "template" in payload:
            key = (payload["template"], tuple(sorted(payload["context"].items())))
            if key not in rendered:
                rendered[key] = render(payload["template"], "", payload["context"])
            payload = {**rendered[key], "to": payload["to"]}
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
