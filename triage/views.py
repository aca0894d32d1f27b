"""Triage pages: the coach's review queue (their home)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.db.models import Case, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import TruncDate
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from coaching.access import organization_page
from coaching.models import STAFF_ROLES, Intake, IntakeStatus
from messaging.rules import MAX_BODY_CHARS
from programs.models import (
    LogStatus,
    PlannedWorkout,
    ProgramStatus,
    Recommendation,
    RecommendationStatus,
    WorkoutLog,
)
from triage import queue
from triage.fortnight import WINDOW_DAYS, Fortnight, fortnight
from triage.models import MAX_REVIEW_MINUTES, CheckIn, ReplyTemplate, Resolution, ReviewItem

QUEUE_PAGE_SIZE = 100


def _fortnights(client_ids: set[int], today: date) -> dict[int, Fortnight]:
    """Each client's last WINDOW_DAYS days at a glance: three queries (planned sessions,
    completed sessions, check-ins) for all the clients on the page, whatever their number."""
    start = today - timedelta(days=WINDOW_DAYS - 1)
    # Moments, not ``__date`` lookups, so the (organization, client, time) indexes serve.
    since = timezone.make_aware(datetime.combine(start, time.min))
    until = timezone.make_aware(datetime.combine(today + timedelta(days=1), time.min))
    planned, completed, readiness = defaultdict(list), defaultdict(list), defaultdict(list)
    for client_id, day in PlannedWorkout.objects.filter(
        client_id__in=client_ids,
        planned_date__gte=start,
        planned_date__lte=today,
        # What the nightly scoring counts as planned (a superseded program's past still was).
        program__status__in=[ProgramStatus.ACTIVE, ProgramStatus.SUPERSEDED],
    ).values_list("client_id", "planned_date"):
        planned[client_id].append(day)
    for client_id, day in WorkoutLog.objects.filter(
        client_id__in=client_ids,
        status=LogStatus.COMPLETED,
        performed_at__gte=since,
        performed_at__lt=until,
    ).values_list("client_id", TruncDate("performed_at")):
        completed[client_id].append(day)
    for client_id, day, value in (
        CheckIn.objects.filter(
            client_id__in=client_ids, created_at__gte=since, created_at__lt=until
        )
        .order_by("created_at")
        .values_list("client_id", TruncDate("created_at"), "readiness")
    ):
        readiness[client_id].append((day, value))
    return {
        client_id: fortnight(
            end=today,
            planned_days=planned[client_id],
            completed_days=completed[client_id],
            readiness=readiness[client_id],
        )
        for client_id in client_ids
    }


def _queue_context(request: HttpRequest) -> dict:
    mine_only = request.GET.get("clients") != "all"
    items = ReviewItem.objects.filter(status="open").select_related(
        "client__user", "client__coach", "assigned_to"
    )
    if mine_only:
        items = items.filter(client__coach=request.user)
    latest_check_in = CheckIn.objects.filter(client=OuterRef("client")).order_by("-created_at")
    items = list(
        queue.urgency_ordered(items).annotate(
            last_check_in_id=Subquery(latest_check_in.values("id")[:1])
        )[:QUEUE_PAGE_SIZE]
    )
    last_check_ins = CheckIn.objects.in_bulk(
        [i.last_check_in_id for i in items if i.last_check_in_id]
    )
    fortnights = _fortnights({i.client_id for i in items}, timezone.localdate())
    templates = list(ReplyTemplate.objects.order_by("resolution", "name"))
    now = timezone.now()
    return {
        "items": [
            {
                "item": item,
                "overdue": item.due_at < now,
                "time_left": item.due_at - now,
                "last_check_in": last_check_ins.get(item.last_check_in_id),
                "fortnight": fortnights[item.client_id],
            }
            for item in items
        ],
        "mine_only": mine_only,
        "templates": templates,
        "resolutions": Resolution.choices,
    }


@organization_page(roles=STAFF_ROLES)
def coach_home(request: HttpRequest) -> HttpResponse:
    """The review queue, red first, overdue highlighted; intakes and recommendations waiting."""
    context = _queue_context(request)
    context["intakes_to_review"] = list(
        Intake.objects.filter(status=IntakeStatus.SUBMITTED)
        .select_related("client__user", "client__coach")
        .annotate(
            mine=Case(
                When(client__coach=request.user, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("mine", "submitted_at")
    )
    context["pending_recommendations"] = Recommendation.objects.filter(
        status=RecommendationStatus.PENDING_REVIEW
    ).count()
    return render(request, "triage/coach_home.html", context)


@require_POST
@organization_page(roles=STAFF_ROLES)
def resolve(request: HttpRequest, pk: int) -> HttpResponse:
    """Resolve with a (possibly edited) template reply; htmx swaps the item out."""
    item = get_object_or_404(ReviewItem.objects.select_related("client__user"), pk=pk)
    resolution = request.POST.get("resolution", "")
    message = request.POST.get("message", "").strip()
    if resolution not in Resolution.values:
        return render(
            request,
            "triage/partials/resolve_error.html",
            {"item": item, "error": "Choose how this was resolved."},
            status=400,
        )
    if len(message) > MAX_BODY_CHARS:
        return render(
            request,
            "triage/partials/resolve_error.html",
            {"item": item, "error": f"Keep the message to {MAX_BODY_CHARS} characters."},
            status=400,
        )
    minutes_text = request.POST.get("minutes_spent", "").strip()
    minutes_spent = int(minutes_text) if minutes_text.isdigit() else None
    if minutes_text and (minutes_spent is None or minutes_spent > MAX_REVIEW_MINUTES):
        return render(
            request,
            "triage/partials/resolve_error.html",
            {"item": item, "error": f"Minutes spent: a whole number up to {MAX_REVIEW_MINUTES}."},
            status=400,
        )
    try:
        queue.resolve_item(
            item,
            resolution=resolution,
            message=message,
            by=request.user,
            minutes_spent=minutes_spent,
        )
    except queue.AlreadyResolved:
        return render(
            request,
            "triage/partials/resolve_error.html",
            {"item": item, "error": "Someone already resolved this item."},
            status=409,
        )
    if request.htmx:
        return render(request, "triage/partials/resolved.html", {"item": item})
    messages.success(request, f"Resolved: {item.client.user.display_name}.")
    return redirect("coach_home", org=request.organization.slug)
