"""Triage pages: the coach's review queue (their home)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, OuterRef, Subquery, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from coaching.access import organization_page
from coaching.core.localtime import local_day, local_today
from coaching.local_sql import widest_range
from coaching.models import STAFF_ROLES, Client, Intake, IntakeStatus
from programs.models import (
    LogStatus,
    PlannedWorkout,
    ProgramStatus,
    Recommendation,
    RecommendationStatus,
    WorkoutLog,
)
from triage import queue, weekly
from triage.core.fortnight import WINDOW_DAYS, Fortnight, fortnight
from triage.forms import HoldReleaseForm, ResolveForm
from triage.models import (
    AutomationHold,
    CheckIn,
    ReplyTemplate,
    Resolution,
    ReviewItem,
    WeeklySummary,
)

QUEUE_PAGE_SIZE = 20  # client cards per page
INTAKES_SHOWN = 5  # intakes listed above the cards (all of them with ?intakes=all)
PAUSED_SHOWN = 5  # paused clients listed above the cards
WEEKLY_SHOWN = 5  # weekly check-ins to answer shown above the cards (all of them with ?weekly=all)


def _fortnights(zones: dict[int, str], now: datetime) -> dict[int, Fortnight]:
    """Each client's last WINDOW_DAYS local days (``zones``: client id to zone name) at a glance:
    three queries (planned sessions, completed sessions, check-ins) for all the clients on the
    page, whatever their number."""
    today = {client_id: local_today(now, name) for client_id, name in zones.items()}
    if not today:
        return {}
    first = min(today.values()) - timedelta(days=WINDOW_DAYS - 1)
    last = max(today.values())

    def in_window(client_id: int, day: date) -> bool:
        return today[client_id] - timedelta(days=WINDOW_DAYS - 1) <= day <= today[client_id]

    # Ranges of instants, not ``__date`` lookups, so the (organization, client, time) indexes
    # serve; each row's day is its client's local day.
    span = widest_range("performed_at", first, last, zones.values())
    planned, completed, readiness = defaultdict(list), defaultdict(list), defaultdict(list)
    for client_id, day in PlannedWorkout.objects.filter(
        client_id__in=zones,
        planned_date__gte=first,
        planned_date__lte=last,
        # What the nightly scoring counts as planned (a superseded program's past still was).
        program__status__in=[ProgramStatus.ACTIVE, ProgramStatus.SUPERSEDED],
    ).values_list("client_id", "planned_date"):
        if in_window(client_id, day):
            planned[client_id].append(day)
    for client_id, moment in WorkoutLog.objects.filter(
        client_id__in=zones, status=LogStatus.COMPLETED, **span
    ).values_list("client_id", "performed_at"):
        day = local_day(moment, zones[client_id])
        if in_window(client_id, day):
            completed[client_id].append(day)
    for client_id, moment, value in (
        CheckIn.objects.filter(
            client_id__in=zones,
            created_at__gte=span["performed_at__gte"],
            created_at__lt=span["performed_at__lt"],
        )
        .order_by("created_at")
        .values_list("client_id", "created_at", "readiness")
    ):
        day = local_day(moment, zones[client_id])
        if in_window(client_id, day):
            readiness[client_id].append((day, value))
    return {
        client_id: fortnight(
            end=today[client_id],
            planned_days=planned[client_id],
            completed_days=completed[client_id],
            readiness=readiness[client_id],
        )
        for client_id in zones
    }


def _open_items(request: HttpRequest, mine_only: bool):
    items = ReviewItem.objects.filter(status="open")
    return items.filter(client__coach=request.user) if mine_only else items


def _card_entries(cards, forms: dict | None = None) -> list[dict]:
    """What a card shows beside the client's items: their latest check-in and last 14 days
    (four queries for all the cards, whatever their number)."""
    items = [card.items[0] for card in cards]
    last_check_ins = CheckIn.objects.in_bulk(
        [item.last_check_in_id for item in items if item.last_check_in_id]
    )
    now = timezone.now()
    fortnights = _fortnights({item.client_id: item.client.zone_name for item in items}, now)
    forms = forms or {}
    return [
        {
            "card": card,
            "client": item.client,
            "overdue": card.overdue(now),
            "several": len(card.items) > 1,
            "mixed_levels": len(card.levels) > 1,
            "last_check_in": last_check_ins.get(item.last_check_in_id),
            "fortnight": fortnights[card.client_id],
            "form": forms.get(card.client_id),
            "checked": _checked(card, forms.get(card.client_id)),
        }
        for card, item in zip(cards, items, strict=True)
    ]


def _checked(card, form) -> set[int]:
    """The card's ticked items: all at first, as the coach left them after an error."""
    if form is None:
        return set(card.item_ids)
    return {int(value) for value in form.data.getlist("items") if value.isdigit()}


def _reply_templates() -> dict:
    """The organization's reply templates: choices for every card's picker, and their bodies
    once for the whole page (the picker's script reads them)."""
    templates = list(ReplyTemplate.objects.order_by("resolution", "name"))
    return {
        "templates": templates,
        # Every card has the same two pickers: their options are made once for the page.
        "template_options": format_html_join(
            "",
            '<option value="{}">{}: {}</option>',
            ((t.pk, t.get_resolution_display(), t.name) for t in templates),
        ),
        "template_bodies": {
            str(t.pk): {"resolution": t.resolution, "body": t.body} for t in templates
        },
        "resolutions": Resolution.choices,
        "resolution_options": format_html_join(
            "", '<option value="{}">{}</option>', Resolution.choices
        ),
    }


def _queue_context(request: HttpRequest) -> dict:
    """One card per client, most urgent first, a page at a time."""
    mine_only = request.GET.get("clients") != "all"
    open_items = _open_items(request, mine_only)
    page = Paginator(queue.clients_by_urgency(open_items), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    cards = queue.client_cards(open_items, [row["client_id"] for row in page.object_list])
    return {
        "cards": _card_entries(cards),
        "page": page,
        "mine_only": mine_only,
        "queue_url": request.get_full_path(),
        **_reply_templates(),
    }


def _waiting_context(request: HttpRequest, mine_only: bool) -> dict:
    """What sits above the cards, compact: intakes to review and clients whose automation is
    paused with nothing left in the queue (after a referral, say), each with its count."""
    intakes = (
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
    all_intakes = request.GET.get("intakes") == "all"
    open_hold = AutomationHold.objects.filter(client=OuterRef("pk"), released_at__isnull=True)
    paused = (
        Client.objects.filter(automation_hold=True)
        .exclude(review_items__status="open")
        .select_related("user")
        .annotate(
            paused_since=Subquery(open_hold.values("placed_at")[:1]),
            referred=Subquery(open_hold.values("referred")[:1]),
        )
        .order_by("user__name", "pk")
    )
    if mine_only:
        paused = paused.filter(coach=request.user)
    intakes_shown, intakes_count = _shown_and_count(intakes, None if all_intakes else INTAKES_SHOWN)
    paused_shown, paused_count = _shown_and_count(paused, PAUSED_SHOWN)
    return {
        "intakes_to_review": intakes_shown,
        "intakes_count": intakes_count,
        "all_intakes": all_intakes,
        "paused_clients": paused_shown,
        "paused_count": paused_count,
    }


def _shown_and_count(queryset, limit: int | None) -> tuple[list, int]:
    """The first ``limit`` rows (all with None) and how many there are in all: counted only
    when the rows shown may not be all of them (a short list is its own count)."""
    shown = list(queryset if limit is None else queryset[:limit])
    if limit is None or len(shown) < limit:
        return shown, len(shown)
    return shown, queryset.count()


def _weekly_context(request: HttpRequest, mine_only: bool) -> dict:
    """Weekly check-ins waiting for an answer, urgent first: each summary beside its draft."""
    summaries = WeeklySummary.objects.select_related("client__user")
    if mine_only:
        summaries = summaries.filter(client__coach=request.user)
    pending = weekly.pending_for(summaries)
    all_weekly = request.GET.get("weekly") == "all"
    shown, count = _shown_and_count(pending, None if all_weekly else WEEKLY_SHOWN)
    return {"weekly_summaries": shown, "weekly_count": count, "all_weekly": all_weekly}


@organization_page(roles=STAFF_ROLES)
def coach_home(request: HttpRequest) -> HttpResponse:
    """The review queue: intakes and paused clients on top, then one card per client, red
    first, overdue highlighted."""
    context = _queue_context(request)
    context.update(_waiting_context(request, context["mine_only"]))
    context.update(_weekly_context(request, context["mine_only"]))
    context["pending_recommendations"] = Recommendation.objects.filter(
        status=RecommendationStatus.PENDING_REVIEW
    ).count()
    return render(request, "triage/coach_home.html", context)


@require_POST
@organization_page(roles=STAFF_ROLES)
def resolve(request: HttpRequest, pk: int) -> HttpResponse:
    """Resolve one item with a (possibly edited) template reply; htmx swaps the item out."""
    item = get_object_or_404(ReviewItem.objects.select_related("client__user"), pk=pk)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "triage/partials/resolve_error.html",
            {"item": item, "error": _first_error(form)},
            status=400,
        )
    try:
        queue.resolve_item(
            item,
            resolution=form.cleaned_data["resolution"],
            message=form.cleaned_data["message"].strip(),
            by=request.user,
            minutes_spent=form.cleaned_data["minutes_spent"],
        )
    except queue.AlreadyResolved:
        return render(
            request,
            "triage/partials/resolve_error.html",
            {"item": item, "error": "Someone already resolved this item."},
            status=409,
        )
    if request.htmx:
        item.refresh_from_db()
        item.client.refresh_from_db(fields=["automation_hold"])
        return render(request, "triage/partials/resolved.html", {"item": item})
    messages.success(request, f"Resolved: {item.client.user.display_name}.")
    return redirect("coach_home", org=request.organization.slug)


def _first_error(form) -> str:
    field, errors = next(iter(form.errors.items()))
    label = "" if field == "__all__" else f"{field.replace('_', ' ').capitalize()}: "
    return f"{label}{errors[0]}"


def _render_card(request, client: Client, *, form=None, notice: str = "", status: int = 200):
    """One client's card (htmx swaps it in place; without htmx it stands on its own page)."""
    cards = queue.client_cards(_open_items(request, mine_only=False), [client.pk])
    context = {
        "entry": _card_entries(cards, {client.pk: form})[0] if cards else None,
        "client": client,
        "notice": notice,
        "queue_url": reverse("coach_home", args=[request.organization.slug]),
        **_reply_templates(),
    }
    template = "triage/partials/queue_card.html" if request.htmx else "triage/queue_card_page.html"
    return render(request, template, context, status=status)


@require_POST
@organization_page(roles=STAFF_ROLES)
def resolve_client(request: HttpRequest, pk: int) -> HttpResponse:
    """Resolve a client's card: the items ticked (all of them at first) with one reply."""
    client = get_object_or_404(Client.objects.select_related("user"), pk=pk)
    open_items = list(
        queue.urgency_ordered(ReviewItem.objects.filter(client=client, status="open"))
    )
    form = ResolveForm(request.POST, open_items=open_items)
    if not open_items:
        return _render_card(
            request, client, notice="Someone already resolved these items.", status=409
        )
    if not form.is_valid():
        return _render_card(request, client, form=form, status=400)
    chosen = form.cleaned_data["items"]
    try:
        queue.resolve_items(
            chosen,
            resolution=form.cleaned_data["resolution"],
            message=form.cleaned_data["message"].strip(),
            by=request.user,
            minutes_spent=form.cleaned_data["minutes_spent"],
        )
    except queue.AlreadyResolved as exc:
        return _render_card(request, client, notice=str(exc), status=409)
    client.refresh_from_db(fields=["automation_hold"])
    label = Resolution(form.cleaned_data["resolution"]).label.lower()
    done = f"Resolved {len(chosen)} item{pluralize(len(chosen))} for {client.user.display_name}: {label}."
    if client.automation_hold:
        done += " Automation stays paused until a coach releases it."
    if not request.htmx:
        messages.success(request, done)
        return redirect("coach_home", org=request.organization.slug)
    if len(chosen) < len(open_items):
        return _render_card(request, client, notice=done)
    return render(request, "triage/partials/card_resolved.html", {"client": client, "notice": done})


@require_POST
@organization_page(roles=STAFF_ROLES)
def release_hold(request: HttpRequest, pk: int) -> HttpResponse:
    """A coach lifts a client's automation hold, saying why (from the queue or the client's
    page); back to where they came from."""
    client = get_object_or_404(Client.objects.select_related("user"), pk=pk)
    form = HoldReleaseForm(request.POST)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    if not form.is_valid():
        return render(
            request,
            "triage/hold_release.html",
            {"client": client, "form": form, "next": back},
            status=400,
        )
    try:
        queue.release_hold(client, by=request.user, note=form.cleaned_data["note"])
        messages.success(
            request, f"Automation resumed for {client.user.display_name}. Your note is recorded."
        )
    except queue.CannotRelease as exc:
        messages.error(request, str(exc))
    return redirect(back or reverse("coach_client", args=[request.organization.slug, client.pk]))
