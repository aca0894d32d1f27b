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

import copy
import logging
from collections.abc import Iterable
from email.message import Message
from email.utils import formatdate, make_msgid
from functools import partial

from django.conf import settings
from django.core.mail import (
    DNS_NAME,
    EmailMultiAlternatives,
    forbid_multi_line_headers,
    get_connection,
)
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


class SameContent:
    """The MIME of a group of emails that differ only by recipient, built by the first of them
    whose message is asked for (``SameContentEmail``), and what it was built from."""

    __slots__ = ("content", "mime")

    def __init__(self) -> None:
        self.content: tuple | None = None
        self.mime: Message | None = None

    def __deepcopy__(self, memo: dict) -> SameContent:
        # A copy of an email (the locmem backend's outbox keeps one of each) stays in its group:
        # copying the group's MIME with each would cost more than building it.
        return self


class SameContentEmail(EmailMultiAlternatives):
    """An email of a group (``same``) whose emails differ only by their recipients (``to``):
    the first whose ``message()`` is asked for builds the MIME as Django does, once for the
    group, and each email's message is a copy of it with the email's own To, a new Date and a
    new Message-ID, as Django would build it. Still one message per email, sent by any backend.

    An email whose content no longer matches the group's (changed after it was made), that has
    attachments, or that has no ``to`` is built by Django alone."""

    def __init__(self, *args, same: SameContent, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.same = same

    def message(self) -> Message:
        if not self.to or self.attachments:
            return super().message()
        content = self._content()
        same = self.same
        if same.mime is None:
            # Kept, never sent itself: sending a message sets its boundary in its headers.
            same.mime, same.content = super().message(), content
        elif same.content != content:
            return super().message()
        return self._addressed(same.mime)

    def _content(self) -> tuple:
        """Everything the MIME is built from but the recipients (and Django's settings)."""
        return (
            self.subject,
            self.body,
            self.from_email,
            tuple(self.cc),
            tuple(self.reply_to),
            tuple(self.extra_headers.items()),
            tuple(self.alternatives),
            self.encoding,
            self.content_subtype,
            self.alternative_subtype,
        )

    def _addressed(self, built: Message) -> Message:
        """A copy of ``built`` (sharing its parts, which sending does not change) with this
        email's headers: To (unless ``extra_headers`` gives it), Date and Message-ID (unless
        ``extra_headers`` gives them), each set as ``EmailMessage.message()`` sets it and where
        it sets it."""
        message = copy.copy(built)
        # copy.copy shares the list of headers: the copy gets its own before any is replaced
        # (as Message.__delitem__ and set_boundary do, they assign a new list).
        message._headers = list(built._headers)
        names = {name.lower() for name in self.extra_headers}
        own = {}
        if "To" not in self.extra_headers:
            own["To"] = ", ".join(str(address) for address in self.to)
        if "date" not in names:
            own["Date"] = formatdate(localtime=settings.EMAIL_USE_LOCALTIME)
        if "message-id" not in names:
            own["Message-ID"] = make_msgid(domain=DNS_NAME)
        for name, value in own.items():
            message.replace_header(*forbid_multi_line_headers(name, value, message.encoding))
        return message


def deliver(payloads: Iterable[dict]) -> int:
    """Send emails over one connection, one message per email, rendering those left to render
    (``to_render``) once per template and context, and building the MIME of those once too
    (``SameContentEmail``); a mail outage is logged, never raised (the in-app notice is
    already recorded). Returns how many were sent."""
    messages = []
    # Emails left to render with the same template and context (the night's prompts: everyone
    # of an organization who missed the same day) are rendered once and sent to each address.
    rendered: dict[tuple, tuple[dict, SameContent]] = {}
    for payload in payloads:
        if "template" in payload:
            key = (payload["template"], tuple(sorted(payload["context"].items())))
            if key not in rendered:
                content = render(payload["template"], "", payload["context"])
                rendered[key] = (content, SameContent())
            content, same = rendered[key]
            message = SameContentEmail(
                subject=content["subject"],
                body=content["text"],
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=payload["to"],
                same=same,
            )
        else:
            content = payload
            message = EmailMultiAlternatives(
                subject=content["subject"],
                body=content["text"],
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=content["to"],
            )
        message.attach_alternative(content["html"], "text/html")
        messages.append(message)
    try:
        return get_connection().send_messages(messages) or 0
    except Exception:
        log.exception("could not send %d email(s)", len(messages))
        return 0
