"""Message pages: the client's thread, the coach's view of a client's thread, the coach's inbox.

Phone first. A thread page polls for new messages with htmx (a sentinel at the end of the list
asks every few seconds for messages after the last one shown; nothing new answers 204), so no
server process beyond the web workers is needed. Opening a thread, and every poll that brings
something new, reads it for the opener's side.
"""

from __future__ import annotations

from django.db.models import Count, F, Max, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from billing.review import messaging_for
from coaching.access import organization_page
from coaching.models import STAFF_ROLES, Client, Role
from messaging import attachments, services
from messaging.core import rules
from messaging.models import AuthorRole, Message, Thread

MESSAGES_SHOWN = 100  # the latest messages a thread page shows
INBOX_THREADS = 100
POLL_SECONDS = 5


def _client_of(request: HttpRequest) -> Client:
    return get_object_or_404(
        Client.objects.select_related("user", "coach", "organization"), user=request.user
    )


def _staff_client(pk: int) -> Client:
    return get_object_or_404(Client.objects.select_related("user", "coach", "organization"), pk=pk)


def _after(request: HttpRequest) -> int:
    value = (request.POST.get("after") or request.GET.get("after") or "0").strip()
    return int(value) if value.isdigit() else 0


def _shown(thread: Thread, after: int = 0) -> list[Message]:
    if thread.pk is None:
        return []
    messages = Message.objects.filter(thread=thread, id__gt=after).select_related("author")
    return list(reversed(messages.order_by("-id")[:MESSAGES_SHOWN]))


def _with_attachments(request: HttpRequest, messages: list[Message]) -> list[Message]:
    """Each shown message's attachments (``attachment_list``), one query for the page."""
    found = attachments.describe(messages, request.membership.role, request.organization.slug)
    for message in messages:
        message.attachment_list = found.get(message.pk, [])
    return messages


def _urls(request: HttpRequest, client: Client) -> dict:
    slug = request.organization.slug
    if request.membership.role == Role.CLIENT:
        return {
            "post_url": reverse("client_messages", args=[slug]),
            "poll_url": reverse("client_messages_poll", args=[slug]),
        }
    return {
        "post_url": reverse("coach_client_messages", args=[slug, client.pk]),
        "poll_url": reverse("coach_client_messages_poll", args=[slug, client.pk]),
    }


def _thread_context(request: HttpRequest, client: Client, thread: Thread, messages) -> dict:
    role = request.membership.role
    terms = messaging_for(client)
    return {
        "client": client,
        "thread": thread,
        "thread_messages": messages,
        "my_side": rules.side_of(role),
        "last_id": messages[-1].pk if messages else 0,
        "terms": terms,
        "promise": rules.promise_words(terms.response_hours),
        "can_write": rules.may_write(role, terms.enabled),
        "max_chars": rules.MAX_BODY_CHARS,
        "poll_seconds": POLL_SECONDS,
        "waiting_since": rules.waiting_since(
            [(m.pk, m.author_role, m.created_at) for m in messages]
        ),
        **_urls(request, client),
    }


def _thread_page(request: HttpRequest, client: Client, template: str) -> HttpResponse:
    role = request.membership.role
    error, body, status = "", "", 200
    if request.method == "POST":
        terms = messaging_for(client)
        body = request.POST.get("body", "")
        if not rules.may_write(role, terms.enabled):
            error, status = "Your plan does not include messaging.", 403
        else:
            error = rules.body_problem(body) or ""
            status = 400 if error else 200
        if not error:
            services.post_message(client, author=request.user, role=role, body=body)
            if request.htmx:
                return _new_messages(request, client)
            return redirect(request.path)
        if request.htmx:
            response = render(
                request, "messaging/partials/error.html", {"error": error}, status=status
            )
            response["HX-Retarget"] = "#message-error"
            response["HX-Reswap"] = "innerHTML"
            return response
    thread = services.existing_thread(client)
    messages = _with_attachments(request, _shown(thread))
    services.read_latest(thread, role)
    context = _thread_context(request, client, thread, messages)
    context.update({"error": error, "body": body})
    return render(request, template, context, status=status)


def _new_messages(request: HttpRequest, client: Client) -> HttpResponse:
    """Messages after ``?after=`` (read for the caller's side) and the next poll sentinel;
    204 when there is nothing new."""
    after = _after(request)
    thread = services.existing_thread(client)
    messages = _shown(thread, after)
    if not messages:
        return HttpResponse(status=204)
    _with_attachments(request, messages)
    services.read_latest(thread, request.membership.role)
    context = {
        "client": client,
        "thread_messages": messages,
        "my_side": rules.side_of(request.membership.role),
        "last_id": messages[-1].pk,
        "poll_seconds": POLL_SECONDS,
        **_urls(request, client),
    }
    return render(request, "messaging/partials/new_messages.html", context)


@require_http_methods(["GET", "POST"])
@organization_page(roles=[Role.CLIENT])
def client_messages(request: HttpRequest) -> HttpResponse:
    """The client's thread with their coaching team, and how to reach them on this tier."""
    return _thread_page(request, _client_of(request), "messaging/client_thread.html")


@require_GET
@organization_page(roles=[Role.CLIENT])
def client_messages_poll(request: HttpRequest) -> HttpResponse:
    return _new_messages(request, _client_of(request))


@require_http_methods(["GET", "POST"])
@organization_page(roles=STAFF_ROLES)
def coach_client_messages(request: HttpRequest, pk: int) -> HttpResponse:
    """A client's thread as the team sees it (any coach or owner: team coverage)."""
    return _thread_page(request, _staff_client(pk), "messaging/coach_thread.html")


@require_GET
@organization_page(roles=STAFF_ROLES)
def coach_client_messages_poll(request: HttpRequest, pk: int) -> HttpResponse:
    return _new_messages(request, _staff_client(pk))


@require_GET
@organization_page(roles=STAFF_ROLES)
def coach_inbox(request: HttpRequest) -> HttpResponse:
    """Threads with the newest first: "mine" (clients I coach, and for an owner those with no
    coach) by default, the whole team's on request. Three queries whatever the number."""
    show_all = request.GET.get("clients") == "all"
    threads = Thread.objects.filter(last_message_at__isnull=False).select_related(
        "client__user", "client__coach"
    )
    if not show_all:
        mine = Q(client__coach=request.user)
        if request.membership.role == Role.OWNER:
            mine |= Q(client__coach__isnull=True)
        threads = threads.filter(mine)
    threads = list(
        threads.annotate(
            unread=Count(
                "messages",
                filter=Q(messages__author_role=AuthorRole.CLIENT)
                & Q(messages__id__gt=F("team_read_up_to")),
            ),
            latest_id=Max("messages__id"),
        ).order_by("-last_message_at")[:INBOX_THREADS]
    )
    latest = Message.objects.select_related("author").in_bulk([t.latest_id for t in threads])
    return render(
        request,
        "messaging/inbox.html",
        {
            "rows": [{"thread": t, "latest": latest.get(t.latest_id)} for t in threads],
            "show_all": show_all,
        },
    )
