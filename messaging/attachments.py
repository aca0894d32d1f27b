"""Attachments on messages. The app that holds them (formchecks: videos and photos) builds on
messaging and registers here how to claim and show them, so messaging never imports it.

A handler has two methods:

- ``claim(client, user, ids) -> attach``: checks that every id may go on a new message of this
  client's thread, sent by this user, and raises ``InvalidAttachments`` otherwise (before
  anything is written); ``attach(message)`` then links them to the message.
- ``describe(messages, role, organization_slug) -> {message id: [attachment dict]}``: the
  attachments of many messages, in one query, with the page each opens on for that role.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

MAX_ATTACHMENTS = 4  # a form check or two per message; more is a gallery, not a message

_handlers: list = []


class InvalidAttachments(ValueError):
    """The attachments cannot be sent (the message's ``attachments`` field)."""


def register(handler) -> None:
    if handler not in _handlers:
        _handlers.append(handler)


def claim(client, user, ids: list[int]) -> Callable | None:
    """What links ``ids`` to the message about to be written, or None without attachments.
    Raises ``InvalidAttachments``."""
    if not ids:
        return None
    if len(ids) > MAX_ATTACHMENTS:
        raise InvalidAttachments(f"At most {MAX_ATTACHMENTS} attachments on one message.")
    if len(set(ids)) != len(ids):
        raise InvalidAttachments("The same attachment is listed twice.")
    if not _handlers:
        raise InvalidAttachments("Attachments cannot be sent: write the message as text.")
    attachers = [handler.claim(client, user, ids) for handler in _handlers]

    def attach(message) -> None:
        for attach_to in attachers:
            attach_to(message)

    return attach


def describe(messages: Iterable, role: str, organization_slug: str) -> dict[int, list[dict]]:
    """Each message's attachments (an empty list for none), one query per handler."""
    messages = [m for m in messages if m.pk]
    found: dict[int, list[dict]] = {m.pk: [] for m in messages}
    if not messages:
        return found
    for handler in _handlers:
        for message_id, items in handler.describe(messages, role, organization_slug).items():
            found.setdefault(message_id, []).extend(items)
    return found
