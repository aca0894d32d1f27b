"""Messaging's part of deleting a client (coaching.erasure): every message body in their thread
goes (what they wrote, and what was written to them about them); who wrote when stays, so the
response-time figures keep their history."""

from __future__ import annotations

from messaging.models import Message


def anonymize_client_messages(sender, client, **kwargs):

    Message.objects.filter(thread__client=client).update(body="")
