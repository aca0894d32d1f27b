"""Intake pages: the client's multi-step form and the coach's review."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_http_methods, require_POST

from coaching import intake as intake_service
from coaching.access import organization_page
from coaching.api.intake import IntakeSerializer
from coaching.core import intake_vocab as vocab
from coaching.extensions import price_impact
from coaching.intake_forms import FIELD_STEP, STEPS, step_answers, step_initial
from coaching.models import STAFF_ROLES, Client, Intake, IntakeStatus, Role


def _draft_or_latest(client: Client) -> Intake | None:
    return intake_service.latest_intake(client)


@organization_page(roles=[Role.CLIENT])
@require_http_methods(["GET", "POST"])
def client_intake(request: HttpRequest) -> HttpResponse:
    """Where the client stands, or the step they are on (``?step=1..5``), saved as they go."""
    client = get_object_or_404(Client.objects.select_related("coach"), user=request.user)
    latest = _draft_or_latest(client)
    step_param = request.GET.get("step") or request.POST.get("step")
    editing = step_param is not None or latest is None
    if not editing:
        return render(request, "coaching/intake_status.html", {"intake": latest, "client": client})
    if latest is not None and latest.status == IntakeStatus.SUBMITTED and request.method == "GET":
        messages.info(
            request, "Your coach has not reviewed your answers yet; changes make a new version."
        )
    try:
        step = min(max(int(step_param or 1), 1), len(STEPS))
    except ValueError:
        step = 1
    step_class = STEPS[step - 1]
    if request.method == "POST":
        form = step_class(request.POST)
        if form.is_valid():
            draft = intake_service.save_draft(client, step_answers(form), by=request.user)
            if step < len(STEPS):
                return redirect(
                    f"{reverse('client_intake', args=[request.organization.slug])}?step={step + 1}"
                )
            return _submit(request, client, draft)
    else:
        form = step_class(initial=step_initial(step_class, latest))
    return render(
        request,
        "coaching/intake_step.html",
        {
            "form": form,
            "step": step,
            "steps": [s.title for s in STEPS],
            "total": len(STEPS),
            "is_last": step == len(STEPS),
            "intake": latest,
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def _submit(request: HttpRequest, client: Client, draft: Intake) -> HttpResponse:
    """Check the whole intake with the API's rules; send the client to the step to fix."""
    serializer = IntakeSerializer(data=_as_api_data(draft))
    if not serializer.is_valid():
        field = next(iter(serializer.errors))
        step = FIELD_STEP.get(field, 1)
        messages.error(request, f"Please complete: {field.replace('_', ' ')}.")
        return redirect(f"{reverse('client_intake', args=[request.organization.slug])}?step={step}")
    answers = {name: serializer.validated_data.get(name) for name in Intake.ANSWER_FIELDS}
    intake_service.submit_intake(client, answers, by=request.user)
    messages.success(
        request, "Thanks — your coach will review your answers before your first program."
    )
    return redirect("client_intake", org=request.organization.slug)


def _as_api_data(intake: Intake) -> dict:
    data = intake.answers()
    return {key: value for key, value in data.items() if value is not None}


def _review_context(request, client: Client, intake: Intake | None) -> dict:
    return {
        "client": client,
        "intake": intake,
        "versions": list(
            Intake.objects.filter(client=client)
            .exclude(status=IntakeStatus.DRAFT)
            .order_by("-version")
        ),
        "price_impact": price_impact(client, intake.risk) if intake else None,
        "goals": vocab.GOALS,
        "equipment_labels": vocab.EQUIPMENT,
        "health_questions": [
            (question, intake.health_screen.get(key, False))
            for key, question in vocab.HEALTH_SCREEN.items()
        ]
        if intake
        else [],
        "screen_questions": [
            (question, (intake.eating_screen or {}).get(key, False))
            for key, question in vocab.EATING_SCREEN.items()
        ]
        + [
            (question, (intake.energy_screen or {}).get(key, False))
            for key, question in vocab.ENERGY_SCREEN.items()
        ]
        + [(vocab.MAKING_WEIGHT, intake.making_weight)]
        if intake
        else [],
        "postpartum_stage": vocab.POSTPARTUM_STAGES.get((intake.postpartum or {}).get("stage"))
        if intake
        else None,
        "postpartum_symptoms": [
            vocab.POSTPARTUM_SYMPTOMS.get(key, key)
            for key in (intake.postpartum or {}).get("symptoms", [])
        ]
        if intake
        else [],
        "today": timezone.localdate(),
    }


@organization_page(roles=STAFF_ROLES)
def coach_intake_review(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_object_or_404(Client.objects.select_related("user", "coach"), pk=pk)
    intake = (
        Intake.objects.filter(client=client)
        .exclude(status=IntakeStatus.DRAFT)
        .order_by("-version")
        .first()
    )
    return render(request, "coaching/intake_review.html", _review_context(request, client, intake))


@require_POST
@organization_page(roles=STAFF_ROLES)
def coach_intake_decide(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_object_or_404(Client.objects.select_related("user"), pk=pk)
    intake = intake_service.latest_intake(client)
    decision = request.POST.get("decision")
    notes = request.POST.get("notes", "").strip()
    error = None
    if decision not in (IntakeStatus.APPROVED, IntakeStatus.NEEDS_INFO):
        error = "Choose approve or ask for more information."
    elif decision == IntakeStatus.NEEDS_INFO and not notes:
        error = "Tell the client what to add or change."
    elif intake is None or intake.status != IntakeStatus.SUBMITTED:
        error = "There is no intake waiting for review."
    if error:
        context = _review_context(request, client, intake)
        context.update(decision_error=error, notes=notes)
        return render(request, "coaching/intake_review.html", context, status=400)
    intake_service.review_intake(intake, decision=decision, notes=notes, by=request.user)
    if decision == IntakeStatus.APPROVED:
        messages.success(
            request, f"Intake approved: {client.user.display_name} can get a first program."
        )
    else:
        messages.success(request, f"Asked {client.user.display_name} for more information.")
    return redirect("coach_intake_review", org=request.organization.slug, pk=client.pk)


@require_POST
@organization_page(roles=STAFF_ROLES)
def coach_intake_clearance(request: HttpRequest, pk: int) -> HttpResponse:
    """The coach records who cleared the client to train, on which day, and a note."""
    client = get_object_or_404(Client.objects.select_related("user", "coach"), pk=pk)
    intake = (
        Intake.objects.filter(client=client)
        .exclude(status=IntakeStatus.DRAFT)
        .order_by("-version")
        .first()
    )
    cleared_by = request.POST.get("cleared_by", "").strip()
    cleared_on_text = request.POST.get("cleared_on", "").strip()
    note = request.POST.get("note", "").strip()
    try:
        cleared_on = parse_date(cleared_on_text) if cleared_on_text else None
    except ValueError:
        cleared_on = None
    error = None
    if intake is None:
        error = "There is no submitted intake to record a clearance on."
    else:
        try:
            intake_service.record_clearance(
                intake, cleared_by=cleared_by, cleared_on=cleared_on, note=note, by=request.user
            )
        except intake_service.InvalidClearance as exc:
            error = str(exc)
    if error:
        context = _review_context(request, client, intake)
        context.update(
            clearance_error=error,
            clearance_form={"cleared_by": cleared_by, "cleared_on": cleared_on_text, "note": note},
        )
        return render(request, "coaching/intake_review.html", context, status=400)
    messages.success(
        request, f"Clearance recorded: a program can be drafted for {client.user.display_name}."
    )
    return redirect("coach_intake_review", org=request.organization.slug, pk=client.pk)
