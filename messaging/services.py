"""Writing, reading and emailing a client's thread. Runs inside the caller's transaction and
tenant scope; the rules are the pure ``messaging.core.rules``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Max, Q
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from coaching.core import notification_kinds as kinds
from coaching.emails import absolute
from coaching.models import Client, Role
from coaching.notifications import Note, answering_for, notify
from messaging.attachments import InvalidAttachments
from messaging.attachments import claim as claim_attachments
from messaging.core.rules import CLIENT_SIDE, MAX_BODY_CHARS, TEAM_SIDE, body_problem, side_of
from messaging.models import AuthorRole, DigestSent, Message, MessageSource, Thread
from messaging.signals import message_posted

EXCERPT_CHARS = 280


class InvalidMessage(ValueError):
    """The body cannot be sent; ``field`` names the request field."""

    def __init__(self, message: str, field: str = "body"):
        super().__init__(message)
        self.field = field


def thread_for(client: Client) -> Thread:
    """The client's one thread, made on first use."""
    thread, _ = Thread.objects.get_or_create(
        client=client, defaults={"organization": client.organization}
    )
    return thread


def existing_thread(client: Client) -> Thread:
    """The client's thread, or an unsaved empty one when nobody has written yet."""
    return Thread.objects.filter(client=client).first() or Thread(
        organization=client.organization, client=client
    )


def post_message(
    client: Client,
    *,
    author,
    role: str,
    body: str,
    source: str = MessageSource.WRITTEN,
    source_id: int | None = None,
    now: datetime | None = None,
    attachments: list[int] | None = None,
) -> Message:
    """Add a message to the client's thread, with ``attachments`` (ids the attachment app
    checks: ``messaging.attachments``; a bad one raises InvalidMessage(field="attachments")
    before anything is written). Writing reads everything before it for the writer's
    side. A message posted from something (a review item, a decision) is posted once: a second
    call returns the first. The other side is emailed after commit: at once where tasks run
    in-process, else by the digest task (at most one email per person per interval)."""
    problem = body_problem(body)
    if problem:
        raise InvalidMessage(problem)
    try:
        attach = claim_attachments(client, author, list(attachments or []))
    except InvalidAttachments as exc:
        raise InvalidMessage(str(exc), field="attachments") from None
    thread = thread_for(client)
    if source_id is not None:
        existing = Message.objects.filter(source=source, source_id=source_id).first()
        if existing is not None:
            return existing
    now = now or timezone.now()
    message = Message.objects.create(
        organization=client.organization,
        thread=thread,
        author=author,
        author_role=role,
        body=body.strip(),
        created_at=now,
        source=source,
        source_id=source_id,
    )
    if attach is not None:
        attach(message)
    side_field = f"{side_of(role)}_read_up_to"
    Thread.objects.filter(pk=thread.pk).update(last_message_at=now, **{side_field: message.pk})
    thread.last_message_at = now
    setattr(thread, side_field, message.pk)
    message_posted.send(sender=Message, message=message, client=client)
    _email_soon(client.organization, thread)
    return message


def post_from_team(
    client: Client, *, author, body: str, source: str, source_id: int, now=None
) -> Message:
    """Post what a coach said elsewhere (a review item's reply, a plan decision) into the
    client's thread, once per source, as written by that coach (or owner)."""
    from coaching.models import Membership

    role = Membership.objects.filter(user=author).values_list("role", flat=True).first()
    return post_message(
        client,
        author=author,
        role=role if role in (Role.OWNER, Role.COACH) else Role.COACH,
        body=body[:MAX_BODY_CHARS],
        source=source,
        source_id=source_id,
        now=now,
    )


def post_price_notice(sender, subscription, text: str, by, **kwargs) -> Message:
    """A tier's new price reaches a client: the owner's notice, in the client's thread."""
    return post_message(
        subscription.client,
        author=by,
        role=Role.OWNER,
        body=text[:MAX_BODY_CHARS],
        source=MessageSource.PRICE_NOTICE,
    )


def _email_soon(organization, thread: Thread) -> None:
    """Without a worker (tasks in-process), each message is emailed once its request commits;
    with one, the digest task does it on its schedule."""
    from django.db import transaction

    from messaging import tasks

    if tasks.run_in_process():
        transaction.on_commit(
            lambda: tasks.email_new_messages.delay(organization.pk, thread_id=thread.pk),
            robust=True,
        )


def mark_read(thread: Thread, role: str, up_to: int) -> int:
    """The reader's side has read the thread up to message ``up_to`` (never backwards).
    Raises InvalidMessage(field="up_to") for an id that is not in this thread."""
    if thread.pk is None or not Message.objects.filter(thread=thread, pk=up_to).exists():
        raise InvalidMessage("Not a message of this thread.", field="up_to")
    field = f"{side_of(role)}_read_up_to"
    Thread.objects.filter(pk=thread.pk, **{f"{field}__lt": up_to}).update(**{field: up_to})
    thread.refresh_from_db(fields=[field])
    return getattr(thread, field)


def read_latest(thread: Thread, role: str) -> None:
    """Opening the thread reads all of it, for the opener's side."""
    if thread.pk is None:
        return
    latest = Message.objects.filter(thread=thread).aggregate(latest=Max("id"))["latest"]
    if latest:
        field = f"{side_of(role)}_read_up_to"
        Thread.objects.filter(pk=thread.pk, **{f"{field}__lt": latest}).update(**{field: latest})
        setattr(thread, field, max(getattr(thread, field), latest))


# -- unread counts ----------------------------------------------------------------------------


def unread_count(user, role: str) -> int:
    """Messages this person's side has not read, in one query: for a client, the team's messages
    in their thread; for a coach, client messages in the threads of clients they coach; for an
    owner, also those of clients with no coach (an owner answers for them)."""
    if role == Role.CLIENT:
        return (
            Message.objects.filter(thread__client__user=user, id__gt=F("thread__client_read_up_to"))
            .exclude(author_role=AuthorRole.CLIENT)
            .count()
        )
    answered_by = Q(thread__client__coach=user)
    if role == Role.OWNER:
        answered_by |= Q(thread__client__coach__isnull=True)
    return (
        Message.objects.filter(answered_by, author_role=AuthorRole.CLIENT)
        .filter(id__gt=F("thread__team_read_up_to"))
        .count()
    )


class UnreadCounter:
    """The navigation's unread count, computed at most once per request and only if shown."""

    def __init__(self, user, role: str):
        self.user, self.role = user, role

    @cached_property
    def count(self) -> int:
        return unread_count(self.user, self.role)

    def __int__(self) -> int:
        return self.count

    def __str__(self) -> str:
        return str(self.count)

    def __bool__(self) -> bool:
        return self.count > 0


# -- emails -----------------------------------------------------------------------------------


@dataclass
class _News:
    thread: Thread
    side: str  # the side to tell
    count: int
    latest: Message


def email_new_messages(
    organization, *, now: datetime | None = None, thread_id: int | None = None
) -> int:
    """Email each person about messages their side has neither read nor been emailed about:
    one email per person listing their threads, at most once per ``DIGEST_INTERVAL`` (with
    ``thread_id``, that thread at once: each message emails where tasks run in-process).
    People who turned these emails off are skipped. Returns how many emails were queued.
    A fixed number of queries whatever the number of threads and people."""
    now = now or timezone.now()
    news = _news(thread_id)
    if not news:
        return 0
    by_person: dict[int, list[_News]] = {}
    people = {}
    for item in news:
        client = item.thread.client
        recipients = [client.user] if item.side == CLIENT_SIDE else _staff(item, people)
        for person in recipients:
            people[person.pk] = person
            by_person.setdefault(person.pk, []).append(item)
    interval = kinds.DIGEST_INTERVAL if thread_id is None else None
    last_sent = dict(
        DigestSent.objects.filter(user_id__in=list(by_person)).values_list("user_id", "sent_at")
    )
    due = [
        person_id
        for person_id in by_person
        if interval is None or kinds.digest_due(last_sent.get(person_id), now, interval)
    ]
    client_notes, team_notes = [], []
    handled: dict[tuple[int, str], int] = {}
    for person_id in due:
        items = by_person[person_id]
        side = items[0].side
        context = _digest_context(organization, items, side)
        note = Note(user=people[person_id], in_app=False, email=context)
        (client_notes if side == CLIENT_SIDE else team_notes).append(note)
        for item in items:
            handled[(item.thread.pk, item.side)] = item.latest.pk
    sent = notify(organization, kinds.CLIENT_MESSAGES, client_notes)
    sent += notify(organization, kinds.TEAM_MESSAGES, team_notes)
    for (thread_pk, side), latest in handled.items():
        field = f"{side}_emailed_up_to"
        Thread.objects.filter(pk=thread_pk, **{f"{field}__lt": latest}).update(**{field: latest})
    _record_sent(organization, due, now)
    return sent


def news_filter() -> Q:
    """Messages that are news to the side they are for: neither read nor emailed about."""
    to_team = Q(author_role=AuthorRole.CLIENT) & Q(
        id__gt=Greatest(F("thread__team_read_up_to"), F("thread__team_emailed_up_to"))
    )
    to_client = ~Q(author_role=AuthorRole.CLIENT) & Q(
        id__gt=Greatest(F("thread__client_read_up_to"), F("thread__client_emailed_up_to"))
    )
    return to_team | to_client


def _news(thread_id: int | None) -> list[_News]:
    """Per thread and side, the messages that are news to that side (two queries)."""
    rows = Message.objects.filter(news_filter())
    if thread_id is not None:
        rows = rows.filter(thread_id=thread_id)
    grouped = list(
        rows.annotate(
            from_client=ExpressionWrapper(
                Q(author_role=AuthorRole.CLIENT), output_field=BooleanField()
            )
        )
        .values("thread_id", "from_client")
        .annotate(count=Count("id"), latest=Max("id"))
        .order_by("thread_id")
    )
    if not grouped:
        return []
    latest = Message.objects.select_related(
        "author", "thread__client__user", "thread__client__coach"
    ).in_bulk([row["latest"] for row in grouped])
    return [
        _News(
            thread=latest[row["latest"]].thread,
            side=TEAM_SIDE if row["from_client"] else CLIENT_SIDE,
            count=row["count"],
            latest=latest[row["latest"]],
        )
        for row in grouped
    ]


_OWNERS_KEY = "__owners__"


def _staff(item: _News, people: dict) -> list:
    """Who on the team hears of a client's message: the assigned coach, else the owners."""
    client = item.thread.client
    if client.coach_id:
        return [client.coach]
    if _OWNERS_KEY not in people:
        from django.contrib.auth import get_user_model

        ids = answering_for(client)
        people[_OWNERS_KEY] = list(get_user_model().objects.filter(pk__in=ids))
    return people[_OWNERS_KEY]


def _digest_context(organization, items: list[_News], side: str) -> dict:
    organization_slug = organization.slug
    preferences = reverse("notification_settings", args=[organization_slug])
    threads = []
    for item in items:
        client = item.thread.client
        if side == CLIENT_SIDE:
            path = reverse("client_messages", args=[organization_slug])
        else:
            path = reverse("coach_client_messages", args=[organization_slug, client.pk])
        author = item.latest.author
        threads.append(
            {
                "client": client.user.display_name,
                "author": author.display_name if author else "your coach",
                "count": item.count,
                "latest": _excerpt(item.latest.body),
                "link": absolute(path),
            }
        )
    return {
        "threads": threads,
        "preferences_link": absolute(preferences),
        "interval_minutes": int(kinds.DIGEST_INTERVAL.total_seconds() // 60),
    }


def _excerpt(body: str) -> str:
    text = " ".join(body.split())
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1].rstrip() + "…"


def _record_sent(organization, person_ids: list[int], now: datetime) -> None:
    if not person_ids:
        return
    DigestSent.objects.filter(user_id__in=person_ids).update(sent_at=now)
    existing = set(
        DigestSent.objects.filter(user_id__in=person_ids).values_list("user_id", flat=True)
    )
    DigestSent.objects.bulk_create(
        [
            DigestSent(organization=organization, user_id=person_id, sent_at=now)
            for person_id in person_ids
            if person_id not in existing
        ]
    )
