"""Weekly summaries for the demo's clients: this week's waits for a coach beside its draft reply;
for some clients last week's was already answered (most sent as drafted, some edited), so the
owner's figure has something to show. Answered replies are marked read and emailed, as they
would be a week later. Re-running changes nothing a coach answered."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Max, OuterRef, Subquery

from coaching.core.localtime import local_day
from messaging.models import Message, Thread
from triage import weekly
from triage.models import CheckIn

RECENT_DAYS = 15  # check-ins this recent make summaries: the latest two weeks
EDIT_EVERY = 4  # one answered week in this many was edited before sending
ANSWER_DELAY = timedelta(hours=20)
EDITED_CLOSING = "Proud of the consistency — keep it going."


def seed_summaries(organization, clients, skip_client_ids: set[int], now) -> int:
    """Write each client's latest weekly summary; answer the week before for clients outside
    ``skip_client_ids`` (the demo's message threads). Returns the summaries written."""
    recent = CheckIn.objects.filter(
        client__in=clients, created_at__gte=now - timedelta(days=RECENT_DAYS)
    ).order_by("client_id", "created_at")
    by_client: dict[int, list[CheckIn]] = {}
    for check_in in recent:
        by_client.setdefault(check_in.client_id, []).append(check_in)
    written, answered_clients = 0, []
    for number, client in enumerate(c for c in clients if c.pk in by_client):
        check_ins = by_client[client.pk]
        if len(check_ins) > 1 and client.coach_id and client.pk not in skip_client_ids:
            earlier = weekly.write_summary(client, check_ins[-2])
            if earlier is not None and earlier.week_start != weekly.week_start_of(
                local_day(check_ins[-1].created_at, client.zone_name)
            ):
                written += 1
                body = None
                if number % EDIT_EVERY == 0:
                    body = f"{earlier.draft}\n\n{EDITED_CLOSING}"
                weekly.send_reply(
                    earlier,
                    by=client.coach,
                    body=body,
                    now=check_ins[-2].created_at + ANSWER_DELAY,
                )
                answered_clients.append(client.pk)
        if weekly.write_summary(client, check_ins[-1]) is not None:
            written += 1
    _mark_read_and_emailed(answered_clients)
    return written


def _mark_read_and_emailed(client_ids: list[int]) -> None:
    if not client_ids:
        return
    last = Subquery(
        Message.objects.filter(thread=OuterRef("pk"))
        .values("thread")
        .annotate(last=Max("id"))
        .values("last")[:1]
    )
    Thread.objects.filter(client_id__in=client_ids).update(
        client_read_up_to=last, client_emailed_up_to=last, team_emailed_up_to=last
    )
