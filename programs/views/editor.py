"""The coach's program editor page (phone first): one week at a time, each exercise a card
with its numbers and notes, move up or down, swap (suggestions ranked by fit, with why), remove,
and add to a session. Every edit goes through ``programs.plan_editor`` and is recorded."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from coaching.access import organization_page
from coaching.models import STAFF_ROLES
from programs.core import editing
from programs.models import (
    PlannedWorkout,
    Prescription,
    Program,
    ProgramWeek,
    Recommendation,
    WorkoutLog,
)
from programs.plan_editor import (
    EDITABLE_STATUSES,
    EditRefused,
    add_suggestions,
    edit_program,
    swap_suggestions,
)

SEARCH_MAX = 100


def _int(value) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() else None


def _edit_from_post(post) -> dict:
    """The form's fields as one edit for ``edit_program`` (numbers left as typed)."""
    op = post.get("op", "")
    edit: dict = {"op": op, "edit_id": post.get("edit_id", "")[:64]}
    for name in ("prescription", "workout", "exercise"):
        if post.get(name):
            edit[name] = _int(post[name]) if _int(post[name]) is not None else post[name]
    if post.get("direction"):
        edit["direction"] = post["direction"]
    if op == "update":
        edit["changes"] = {field: post[field] for field in editing.FIELDS if field in post}
    return edit


def _context(request, program: Program, week_index: int | None) -> dict:
    weeks = list(ProgramWeek.objects.filter(program=program).order_by("index"))
    week = next((w for w in weeks if w.index == week_index), weeks[0] if weeks else None)
    workouts = []
    if week is not None:
        workouts = list(
            PlannedWorkout.objects.filter(week=week)
            .order_by("planned_date", "day_index")
            .prefetch_related(
                Prefetch(
                    "prescriptions",
                    queryset=Prescription.objects.select_related("exercise").order_by("order"),
                )
            )
        )
    logged = set(
        WorkoutLog.objects.filter(workout__in=workouts).values_list("workout_id", flat=True)
    )
    for workout in workouts:
        workout.logged = workout.pk in logged
    swap_id = _int(request.GET.get("swap", ""))
    add_id = _int(request.GET.get("add", ""))
    query = request.GET.get("q", "").strip()[:SEARCH_MAX]
    swapping = next((p for w in workouts for p in w.prescriptions.all() if p.pk == swap_id), None)
    adding = next((w for w in workouts if w.pk == add_id), None)
    pending = (
        Recommendation.objects.filter(program=program, kind="new_program")
        .order_by("-created_at")
        .first()
    )
    return {
        "program": program,
        "client": program.client,
        "weeks": weeks,
        "week": week,
        "workouts": workouts,
        "swapping": swapping,
        "swap_options": swap_suggestions(swapping, query=query) if swapping else [],
        "adding": adding,
        "add_options": add_suggestions(adding, query=query) if adding and query else [],
        "query": query,
        "edit_id": uuid.uuid4().hex,
        "edits": (pending.payload.get("edits", []) if pending else [])
        if program.status == "pending_review"
        else [],
        "editable": program.status in EDITABLE_STATUSES,
    }


@organization_page(roles=STAFF_ROLES)
@require_http_methods(["GET", "POST"])
def program_editor(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(Program.objects.select_related("client__user"), pk=pk)
    week_index = _int(request.POST.get("week", "") or request.GET.get("week", ""))
    if request.method == "POST":
        edit = _edit_from_post(request.POST)
        try:
            result = edit_program(program, edit, by=request.user)
        except (editing.EditError, EditRefused) as exc:
            context = _context(request, program, week_index)
            field = getattr(exc, "field", "")
            context.update(
                error=str(exc),
                error_field=field.replace("_", " "),
                error_prescription=edit.get("prescription"),
            )
            return render(request, "programs/editor.html", context, status=400 if field else 409)
        messages.success(request, result.text)
        anchor = (
            f"#p-{edit['prescription']}"
            if edit.get("prescription") and edit["op"] != "remove"
            else f"#w-{result.workout.pk}"
        )
        url = reverse("coach_program_editor", args=[request.organization.slug, program.pk])
        return redirect(f"{url}?week={result.workout.week.index}{anchor}")
    return render(request, "programs/editor.html", _context(request, program, week_index))
