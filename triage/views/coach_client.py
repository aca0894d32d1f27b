"""The coach's page for one client: intake, the plan week by week with the AI's rationale and
decisions in place, pending recommendations, recent logs, and the trend of their scores."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.views.decorators.http import require_POST

from coaching.access import organization_page
from coaching.core.localtime import describe_zone
from coaching.intake import IntakeNotApproved
from coaching.models import STAFF_ROLES, Client, Intake
from programs.core.drafting import DraftingError
from programs.models import (
    Prescription,
    Program,
    ProgramTemplate,
    Recommendation,
    RecommendationStatus,
    WorkoutLog,
)
from programs.queries import program_queryset
from programs.services import DecisionConflict, InvalidChange, decide, draft_for_client
from triage import habits as habit_service
from triage.client_trends import load_trends
from triage.core.habit_rules import completion, habit_drop
from triage.models import (
    MAX_HABIT_NAME_CHARS,
    MAX_HABIT_TARGET_CHARS,
    AdherenceScore,
    AutomationHold,
    Habit,
    HabitKind,
    ReviewItem,
    WeeklySummary,
)

FLAG_REASON_MAX = 500
HOLDS_SHOWN = 5  # the latest automation holds, with who released them and why
CHANGE_UNITS = {
    "sets": "sets",
    "reps_min": "reps (min)",
    "reps_max": "reps (max)",
    "target_rpe": "RPE",
    "target_load_kg": "kg",
}


def _changes(recommendation: Recommendation) -> list[dict]:
    payload = recommendation.payload if isinstance(recommendation.payload, dict) else {}
    changes = payload.get("changes", [])
    return [c for c in changes if isinstance(c, dict)] if isinstance(changes, list) else []


def _describe_changes(recommendations: list[Recommendation]) -> None:
    """Give each recommendation ``change_lines``: its prescription edits in words
    ("Barbell Squat: 3 → 2 sets (Lower body, Tue 3 Dec)"), read with one query for all."""
    wanted = {
        change["prescription"]
        for rec in recommendations
        for change in _changes(rec)
        if isinstance(change.get("prescription"), int)
    }
    named = Prescription.objects.select_related("exercise", "workout").in_bulk(wanted)
    for rec in recommendations:
        rec.change_lines = []
        for change in _changes(rec):
            prescription = named.get(change.get("prescription"))
            if prescription is None or "field" not in change:
                continue
            day = prescription.workout.planned_date
            rec.change_lines.append(
                f"{prescription.exercise.name}: {change.get('from', '?')} → {change.get('to')} "
                f"{CHANGE_UNITS.get(change['field'], change['field'])} "
                f"({prescription.workout.name}, {day:%a} {day.day} {day:%b})"
            )


@organization_page(roles=STAFF_ROLES)
def coach_client(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_object_or_404(Client.objects.select_related("user", "coach"), pk=pk)
    programs = list(
        program_queryset(Program.objects.filter(client=client).exclude(status="draft")).order_by(
            "-created_at"
        )[:3]
    )
    pending = list(
        Recommendation.objects.filter(
            client=client,
            status__in=[RecommendationStatus.PENDING_REVIEW, RecommendationStatus.ON_HOLD],
        ).select_related("program")
    )
    _describe_changes(pending)
    history = list(
        Recommendation.objects.filter(client=client)
        .exclude(status__in=[RecommendationStatus.PENDING_REVIEW, RecommendationStatus.ON_HOLD])
        .select_related("decided_by")
        .order_by("-created_at")[:20]
    )
    latest_score = AdherenceScore.objects.filter(client=client).order_by("-date").first()
    open_items = list(ReviewItem.objects.filter(client=client, status="open"))
    logs = list(
        WorkoutLog.objects.filter(client=client)
        .prefetch_related("sets__exercise")
        .order_by("-performed_at")[:10]
    )
    return render(
        request,
        "triage/coach_client.html",
        {
            "client": client,
            "intake": Intake.objects.filter(client=client).order_by("-version").first(),
            "programs": programs,
            "pending": pending,
            "history": history,
            "latest_score": latest_score,
            "trends": load_trends(client, client.today()),
            "client_zone": describe_zone(client.time_zone, request.organization.time_zone),
            "open_items": open_items,
            "red_open": any(item.level == "red" for item in open_items),
            "holds": list(
                AutomationHold.objects.filter(client=client)
                .select_related("released_by")
                .order_by("-id")[:HOLDS_SHOWN]
            ),
            "logs": logs,
            "templates": list(ProgramTemplate.objects.order_by("name")),
            "habits": _habits_panel(client),
            "habit_kinds": HabitKind.choices,
            "weekly_summary": WeeklySummary.objects.filter(client=client)
            .select_related("client__user", "decided_by")
            .order_by("-week_start")
            .first(),
        },
    )


def _habits_panel(client) -> dict:
    """The client's active habits with each one's last seven days, and a drop against their
    usual (``triage.core.habit_rules``)."""
    rows = list(Habit.objects.filter(client=client, active=True))
    today = client.today()
    facts = habit_service.habit_facts(client, today, rows)
    week = completion(facts, today)
    return {
        "rows": [{"habit": h, "week": w} for h, w in zip(rows, week.habits, strict=True)],
        "week": week,
        "drop": habit_drop(facts, today),
    }


@require_POST
@organization_page(roles=STAFF_ROLES)
def coach_habit_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign a daily habit from the client's page (steps, protein, sleep, mobility or their
    own, with a target in words)."""
    client = get_object_or_404(Client.objects, pk=pk)
    kind = request.POST.get("kind", "")
    name = request.POST.get("name", "").strip()
    target = request.POST.get("target", "").strip()
    if (
        kind not in HabitKind.values
        or (kind == HabitKind.CUSTOM and not name)
        or len(name) > MAX_HABIT_NAME_CHARS
        or len(target) > MAX_HABIT_TARGET_CHARS
        or "\x00" in name + target
    ):
        messages.error(
            request,
            "Not added: choose a kind (and name a habit of their own), "
            f"in up to {MAX_HABIT_NAME_CHARS} characters.",
        )
    else:
        habit = habit_service.assign_habit(
            client, kind=kind, name=name, target=target, by=request.user
        )
        messages.success(request, f"Added the habit “{habit.name}”.")
    return redirect("coach_client", org=request.organization.slug, pk=client.pk)


@require_POST
@organization_page(roles=STAFF_ROLES)
def coach_habit_archive(request: HttpRequest, pk: int, hid: int) -> HttpResponse:
    """Archive a habit: off the client's Today; its days done are kept."""
    habit = get_object_or_404(Habit.objects.filter(client_id=pk, active=True), pk=hid)
    habit_service.archive_habit(habit)
    messages.success(request, f"Archived the habit “{habit.name}”.")
    return redirect("coach_client", org=request.organization.slug, pk=pk)


@require_POST
@organization_page(roles=STAFF_ROLES)
def coach_flag(request: HttpRequest, pk: int) -> HttpResponse:
    """'Flag this client': a coach raises a review item the AI did not (yellow or red)."""
    from triage.queue import COACH_FLAG_LEVELS, flag_client

    client = get_object_or_404(Client.objects.select_related("user", "coach"), pk=pk)
    level = request.POST.get("level", "")
    reason = request.POST.get("reason", "").strip()
    if level not in COACH_FLAG_LEVELS or not reason or len(reason) > FLAG_REASON_MAX:
        messages.error(
            request,
            f"Not flagged: choose yellow or red and say why (up to {FLAG_REASON_MAX} characters).",
        )
    else:
        flag_client(client, level=level, reason=reason, by=request.user)
        messages.success(request, f"Flagged {level}: the item is in the review queue.")
    return redirect("coach_client", org=request.organization.slug, pk=client.pk)


@require_POST
@organization_page(roles=STAFF_ROLES)
def coach_draft(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_object_or_404(Client.objects.select_related("user"), pk=pk)
    try:
        draft_for_client(client, by=request.user)
        messages.success(request, "A program was drafted. Review it below before it goes live.")
    except (IntakeNotApproved, DraftingError) as exc:
        messages.error(request, f"No program drafted: {exc}")
    return redirect("coach_client", org=request.organization.slug, pk=client.pk)


@require_POST
@organization_page(roles=STAFF_ROLES)
def coach_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve, reject (with a note) or modify: sets / reps / RPE / load edits per prescription,
    or another number of sessions a week for a schedule change."""
    recommendation = get_object_or_404(
        Recommendation.objects.select_related("client", "program"), pk=pk
    )
    decision = request.POST.get("decision")
    notes = request.POST.get("notes", "").strip()
    changes = []
    for key, value in request.POST.items():
        # edit-<prescription id>-<field> inputs carry the coach's edits
        if key.startswith("edit-") and value != request.POST.get(f"orig-{key[5:]}"):
            _, prescription_id, field = key.split("-", 2)
            changes.append(
                {"prescription": int(prescription_id), "field": field, "to": value or None}
            )
    if decision == "approve" and changes:
        decision = "modify"
    sessions_per_week = None
    asked = request.POST.get("sessions_per_week", "").strip()
    if recommendation.kind == "schedule_change" and asked:
        # The coach's own number instead of the proposed one makes the approval a modification.
        sessions_per_week = int(asked) if asked.isdigit() else asked
        if decision == "approve" and asked != str(recommendation.payload.get("to")):
            decision = "modify"
    try:
        if decision not in ("approve", "reject", "modify"):
            raise InvalidChange("Choose approve, edit or reject.")
        if decision == "reject" and not notes:
            raise InvalidChange("Say why you reject it, so the client and the AI learn.")
        decided = decide(
            recommendation,
            decision=decision,
            notes=notes,
            by=request.user,
            payload={"changes": changes},
            sessions_per_week=sessions_per_week,
        )
        applied = decided.payload.get("applied") if decided.status != "rejected" else None
        if applied is not None:
            dropped = sum(a.get("action") == "drop" for a in applied)
            messages.success(
                request,
                f"Schedule change carried out: {dropped} planned session{pluralize(dropped)} "
                f"removed, {decided.payload['sessions_per_week']} a week from tomorrow."
                if dropped
                else "Schedule change recorded: no session from tomorrow on needed removing.",
            )
        else:
            messages.success(
                request, f"Recommendation {recommendation.get_kind_display().lower()}: done."
            )
    except (DecisionConflict, InvalidChange) as exc:
        messages.error(request, str(exc))
    return redirect("coach_client", org=request.organization.slug, pk=recommendation.client_id)


@require_POST
@organization_page(roles=STAFF_ROLES)
def save_template(request: HttpRequest, pk: int) -> HttpResponse:
    from programs.program_templates import save_as_template
    from programs.queries import program_queryset

    program = get_object_or_404(program_queryset(Program.objects.filter(status="active")), pk=pk)
    name = request.POST.get("name", "").strip()[:160] or program.name
    save_as_template(program, name=name, by=request.user)
    messages.success(request, f"Saved as the template “{name}”.")
    return redirect("coach_client", org=request.organization.slug, pk=program.client_id)


@require_POST
@organization_page(roles=STAFF_ROLES)
def start_template(request: HttpRequest, pk: int) -> HttpResponse:
    from coaching.intake import latest_intake
    from programs.models import ProgramTemplate
    from programs.program_templates import start_from_template

    client = get_object_or_404(Client.objects, pk=pk)
    template = ProgramTemplate.objects.filter(pk=request.POST.get("template") or 0).first()
    latest = latest_intake(client)
    if latest is not None and latest.awaiting_clearance:
        messages.error(
            request,
            "No program yet: the client is awaiting medical clearance. Record it on the intake "
            "review first.",
        )
    elif template is None:
        messages.error(request, "Choose a template.")
    else:
        start_from_template(client, template, by=request.user)
        messages.success(
            request, f"Started from “{template.name}”. Review it below before it goes live."
        )
    return redirect("coach_client", org=request.organization.slug, pk=client.pk)


@organization_page(roles=STAFF_ROLES)
def pending_recommendations(request: HttpRequest) -> HttpResponse:
    """Every recommendation waiting for a coach, my clients first, oldest due first."""
    from django.db.models import Case, IntegerField, Value, When

    pending = (
        Recommendation.objects.filter(
            status__in=[RecommendationStatus.PENDING_REVIEW, RecommendationStatus.ON_HOLD]
        )
        .select_related("client__user", "client__coach")
        .annotate(
            mine=Case(
                When(client__coach=request.user, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("mine", "due_at", "created_at")
    )
    return render(request, "triage/pending_recommendations.html", {"pending": list(pending[:200])})
