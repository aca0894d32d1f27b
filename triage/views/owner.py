"""The owner's escalation matrix and reply templates."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from coaching.access import organization_page
from coaching.models import Role
from triage.core.defaults import LOCKED_REASON, LOCKED_RED_TRIGGERS
from triage.models import (
    CheckInQuestion,
    EscalationAction,
    EscalationRule,
    Level,
    ReplyTemplate,
    Resolution,
)
from triage.serializers import EscalationRuleSerializer, ReplyTemplateSerializer


def _context(request, errors=None) -> dict:
    return {
        "questions": list(CheckInQuestion.objects.filter(active=True)),
        "question_kinds": CheckInQuestion.KINDS,
        "rules": list(EscalationRule.objects.order_by("-level", "trigger")),
        "locked_triggers": LOCKED_RED_TRIGGERS,
        "locked_reason": LOCKED_REASON,
        "templates": list(ReplyTemplate.objects.order_by("resolution", "name")),
        "levels": Level.choices,
        "actions": EscalationAction.choices,
        "resolutions": Resolution.choices,
        "errors": errors or {},
    }


@organization_page(roles=[Role.OWNER])
def escalation(request: HttpRequest) -> HttpResponse:
    return render(request, "triage/escalation.html", _context(request))


@require_POST
@organization_page(roles=[Role.OWNER])
def update_rule(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(EscalationRule.objects, pk=pk)
    serializer = EscalationRuleSerializer(
        rule,
        data={
            "description": request.POST.get("description", rule.description),
            "level": request.POST.get("level"),
            "response_hours": request.POST.get("response_hours"),
            "action": request.POST.get("action"),
            "active": request.POST.get("active") == "on",
        },
    )
    if not serializer.is_valid():
        return render(
            request,
            "triage/escalation.html",
            _context(request, {rule.pk: serializer.errors}),
            status=400,
        )
    serializer.save()
    messages.success(request, f"Rule “{rule.description}” saved.")
    return redirect("owner_escalation", org=request.organization.slug)


@require_POST
@organization_page(roles=[Role.OWNER])
def save_template(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    template = get_object_or_404(ReplyTemplate.objects, pk=pk) if pk else None
    serializer = ReplyTemplateSerializer(
        template,
        data={
            "resolution": request.POST.get("resolution"),
            "name": request.POST.get("name", ""),
            "body": request.POST.get("body", ""),
        },
    )
    if not serializer.is_valid():
        key = template.pk if template else "new"
        return render(
            request,
            "triage/escalation.html",
            _context(request, {key: serializer.errors}),
            status=400,
        )
    serializer.save(organization=request.organization)
    messages.success(request, "Template saved.")
    return redirect("owner_escalation", org=request.organization.slug)


@require_POST
@organization_page(roles=[Role.OWNER])
def add_question(request: HttpRequest) -> HttpResponse:
    """Owners add their own check-in questions (or retire one with ``retire=<id>``)."""
    if request.POST.get("retire"):
        CheckInQuestion.objects.filter(pk=request.POST["retire"]).update(active=False)
        return redirect("owner_escalation", org=request.organization.slug)
    text = request.POST.get("text", "").strip()
    kind = request.POST.get("kind", "text")
    if not text or len(text) > 200 or kind not in dict(CheckInQuestion.KINDS):
        return render(
            request,
            "triage/escalation.html",
            _context(
                request, {"question": {"text": ["Write the question (up to 200 characters)."]}}
            ),
            status=400,
        )
    CheckInQuestion.objects.create(organization=request.organization, text=text, kind=kind)
    messages.success(request, "Question added to the check-in.")
    return redirect("owner_escalation", org=request.organization.slug)
