"""The coach's answer to a weekly summary from a page (the queue or the client's page): send the
draft as is, send it edited, or escalate. htmx swaps the summary in place."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from coaching.access import organization_page
from coaching.models import STAFF_ROLES
from messaging.core.rules import MAX_BODY_CHARS
from messaging.services import InvalidMessage
from triage import weekly
from triage.models import WeeklySummary

ACTIONS = ("send", "escalate")


def _back(request: HttpRequest) -> str:
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return back
    return reverse("coach_home", args=[request.organization.slug])


def _render(request, summary, *, error: str = "", body: str | None = None, status: int = 200):
    return render(
        request,
        "triage/partials/weekly_summary.html",
        {"summary": summary, "error": error, "body": body, "next": _back(request)},
        status=status,
    )


@require_POST
@organization_page(roles=STAFF_ROLES)
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    summary = get_object_or_404(
        WeeklySummary.objects.select_related("client__user", "decided_by"), pk=pk
    )
    action = request.POST.get("action", "")
    body = request.POST.get("body")
    error = ""
    if action not in ACTIONS:
        error = "Choose to send the reply or escalate."
    elif action == "send" and body is not None and len(body) > MAX_BODY_CHARS:
        error = f"Reply: keep it under {MAX_BODY_CHARS:,} characters."
    else:
        try:
            if action == "send":
                weekly.send_reply(summary, by=request.user, body=body)
                done = f"Reply sent to {summary.client.user.display_name}."
            else:
                weekly.escalate(summary, by=request.user, note=request.POST.get("note", ""))
                done = f"{summary.client.user.display_name}'s week is in the review queue."
        except InvalidMessage as exc:
            error = f"Reply: {exc}"
        except weekly.AlreadyDecided as exc:
            summary.refresh_from_db()
            if request.htmx:
                return _render(request, summary, error=str(exc), status=409)
            messages.error(request, str(exc))
            return redirect(_back(request))
    if error:
        if request.htmx:
            return _render(request, summary, error=error, body=body, status=400)
        messages.error(request, error)
        return redirect(_back(request))
    if request.htmx:
        summary.refresh_from_db()
        return _render(request, summary)
    messages.success(request, done)
    return redirect(_back(request))
