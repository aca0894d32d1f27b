"""Form-check pages: the client sends a video or photo (about a set they logged) and reads their
coach's comments; the coach watches it and comments at moments of the video. Phone first; the
video plays from the authorized file view (``api_form_check_file``), never a public URL, and
each comment's moment is a link that seeks the player there."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from billing.review import form_feedback_for, messaging_for
from coaching.access import organization_page
from coaching.models import STAFF_ROLES, Client, Role
from formchecks import services
from formchecks.core import media
from formchecks.models import FormCheck
from messaging import services as messaging

CHECKS_SHOWN = 50
RECENT_SET_DAYS = 14
RECENT_SETS = 60


def _client_of(request: HttpRequest) -> Client:
    return get_object_or_404(
        Client.objects.select_related("user", "coach", "organization"), user=request.user
    )


def _staff_client(pk: int) -> Client:
    return get_object_or_404(Client.objects.select_related("user", "coach", "organization"), pk=pk)


def _recent_sets(client: Client) -> list:
    from programs.models import SetLog

    since = timezone.now() - timedelta(days=RECENT_SET_DAYS)
    return list(
        SetLog.objects.filter(log__client=client, log__performed_at__gte=since)
        .select_related("exercise", "log")
        .order_by("-log__performed_at", "exercise__name", "set_index")[:RECENT_SETS]
    )


def _check_url(request: HttpRequest, client: Client, form_check: FormCheck) -> str:
    return services.page_url(request.membership.role, request.organization.slug, form_check)


def _message_body(form_check: FormCheck) -> str:
    what = "video" if form_check.is_video else "photo"
    about = services.set_words(form_check.set_log)
    lines = [f"Form check {what}" + (f" — {about}" if about else "") + "."]
    if form_check.note:
        lines.append(form_check.note)
    return "\n".join(lines)


def _upload(request: HttpRequest, client: Client) -> tuple[FormCheck | None, str, int]:
    """Store the posted file; with "send to my coach", post it into the thread too."""
    upload = request.FILES.get("file")
    if upload is None:
        return None, "Choose a video or photo to send.", 400
    try:
        with transaction.atomic():
            form_check = services.create_form_check(
                client,
                uploaded_by=request.user,
                role=request.membership.role,
                upload=upload,
                set_log_id=request.POST.get("set_log") or None,
                note=request.POST.get("note", ""),
            )
    except media.Refusal as refusal:
        return None, refusal.message, refusal.status
    sends = request.POST.get("send_message") == "on"
    if sends and messaging_for(client).enabled:
        messaging.post_message(
            client,
            author=request.user,
            role=request.membership.role,
            body=_message_body(form_check),
            attachments=[form_check.pk],
        )
    return form_check, "", 201


def _list_page(request: HttpRequest, client: Client, template: str) -> HttpResponse:
    error, status = "", 200
    can_upload = request.membership.role != Role.CLIENT or form_feedback_for(client)
    if request.method == "POST":
        if not can_upload:
            error, status = "Your plan does not include form feedback.", 403
        else:
            form_check, error, status = _upload(request, client)
            if form_check is not None:
                return redirect(_check_url(request, client, form_check))
    checks = list(
        FormCheck.objects.filter(client=client)
        .select_related("set_log__exercise")
        .annotate(comment_count=Count("comments"))
        .order_by("-id")[:CHECKS_SHOWN]
    )
    for form_check in checks:
        form_check.page_url = _check_url(request, client, form_check)
    context = {
        "client": client,
        "checks": checks,
        "recent_sets": _recent_sets(client) if can_upload else [],
        "can_upload": can_upload,
        "messaging": messaging_for(client).enabled,
        "error": error,
        "limits": services.limits(),
        "accept": ",".join(m.content_type for m in media.ACCEPTED),
    }
    return render(request, template, context, status=status)


def _check_page(request: HttpRequest, client: Client, check_id: int) -> HttpResponse:
    form_check = get_object_or_404(
        FormCheck.objects.filter(client=client).select_related(
            "set_log__exercise", "set_log__log", "uploaded_by"
        ),
        pk=check_id,
    )
    error, status, body, at = "", 200, "", ""
    if request.method == "POST":
        body = request.POST.get("body", "")
        at = request.POST.get("at_seconds", "").strip()
        try:
            at_seconds = _seconds(at)
            services.add_comment(
                form_check,
                author=request.user,
                role=request.membership.role,
                body=body,
                at_seconds=at_seconds,
            )
        except media.Refusal as refusal:
            error, status = refusal.message, refusal.status
        else:
            return redirect(request.path + "#comments")
    comments = list(form_check.comments.select_related("author"))
    slug = request.organization.slug
    if request.membership.role == Role.CLIENT:
        back = reverse("client_form_checks", args=[slug])
    else:
        back = reverse("coach_form_checks", args=[slug, client.pk])
    context = {
        "client": client,
        "check": form_check,
        "about": services.set_words(form_check.set_log),
        "comments": comments,
        "file_url": reverse("api_form_check_file", args=[slug, client.pk, form_check.pk]),
        "back_url": back,
        "error": error,
        "body": body,
        "at": at,
        "max_chars": services.MAX_COMMENT_CHARS,
    }
    return render(request, "formchecks/check.html", context, status=status)


def _seconds(value: str) -> float | None:
    """A moment typed as seconds ("12.5") or as a clock ("0:12", "1:02:03"); blank: none."""
    if not value:
        return None
    try:
        parts = [float(part) for part in value.split(":")]
    except ValueError:
        raise media.Refusal("at_seconds", "Give the moment as seconds or m:ss.") from None
    if len(parts) > 3 or any(part < 0 or part != part for part in parts):
        raise media.Refusal("at_seconds", "Give the moment as seconds or m:ss.")
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + part
    return seconds


@require_http_methods(["GET", "POST"])
@organization_page(roles=[Role.CLIENT])
def client_form_checks(request: HttpRequest) -> HttpResponse:
    """The client's form checks and the form to send one."""
    return _list_page(request, _client_of(request), "formchecks/client_list.html")


@require_http_methods(["GET", "POST"])
@organization_page(roles=[Role.CLIENT])
def client_form_check(request: HttpRequest, check_id: int) -> HttpResponse:
    return _check_page(request, _client_of(request), check_id)


@require_http_methods(["GET", "POST"])
@organization_page(roles=STAFF_ROLES)
def coach_form_checks(request: HttpRequest, pk: int) -> HttpResponse:
    """A client's form checks as the team sees them (any coach or owner)."""
    return _list_page(request, _staff_client(pk), "formchecks/coach_list.html")


@require_http_methods(["GET", "POST"])
@organization_page(roles=STAFF_ROLES)
def coach_form_check(request: HttpRequest, pk: int, check_id: int) -> HttpResponse:
    return _check_page(request, _staff_client(pk), check_id)
