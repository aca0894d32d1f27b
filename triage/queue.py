"""The review queue: opening items (one per client and reason kind), resolving them, holds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Case, IntegerField, Min, OuterRef, Subquery, Value, When
from django.utils import timezone

from billing.review import response_hours_by_client
from coaching.core import notification_kinds
from coaching.core.traffic_light import RED, YELLOW
from coaching.models import Client
from coaching.notifications import Note, answering_for, notify
from coaching.tenancy import tenant_scope
from messaging.models import MessageSource
from messaging.services import post_from_team
from programs.models import Recommendation, RecommendationStatus
from triage.core import defaults, due_rules, queue_rules
from triage.core.queue_rules import LEVEL_RANK
from triage.models import (
    AutomationHold,
    CheckIn,
    EscalationRule,
    HoldRelease,
    ReplyTemplate,
    Resolution,
    ReviewItem,
    ReviewStatus,
    Source,
)

MAX_EVIDENCE = 50


def ensure_defaults(organization) -> None:
    """Give an organization the brief's escalation rules and reply templates (idempotent)."""
    existing = set(
        EscalationRule.unscoped.filter(organization=organization).values_list("trigger", flat=True)
    )
    EscalationRule.unscoped.bulk_create(
        [
            EscalationRule(
                organization=organization,
                trigger=trigger,
                level=level,
                response_hours=hours,
                action=action,
                description=description,
            )
            for trigger, (level, hours, action, description) in defaults.ESCALATION_RULES.items()
            if trigger not in existing
        ]
    )
    if not ReplyTemplate.unscoped.filter(organization=organization).exists():
        ReplyTemplate.unscoped.bulk_create(
            [
                ReplyTemplate(
                    organization=organization, resolution=resolution, name=name, body=body
                )
                for resolution, templates in defaults.REPLY_TEMPLATES.items()
                for name, body in templates
            ]
        )


def rule_hours(organization) -> dict[str, float]:
    """Each trigger's response hours: the organization's active rules over the defaults (so a
    trigger added to ``defaults.ESCALATION_RULES`` later counts too). One query."""
    return rule_hours_by_organization([organization.pk])[organization.pk]


def rule_hours_by_organization(organization_ids) -> dict[int, dict[str, float]]:
    """``rule_hours`` of many organizations with one query (the nightly job's batches, on the
    batch connection: the query names its organizations)."""
    organization_ids = list(organization_ids)
    base = {trigger: rule[1] for trigger, rule in defaults.ESCALATION_RULES.items()}
    hours = {pk: dict(base) for pk in organization_ids}
    stored = EscalationRule.unscoped.filter(
        organization_id__in=organization_ids, active=True
    ).values_list("organization_id", "trigger", "level", "response_hours")
    # A locked red rule stays within the red hour even if a row stored before the lock says more.
    for organization_id, trigger, level, stored_hours in stored:
        hours[organization_id][trigger] = defaults.enforced_rule(trigger, level, stored_hours)[1]
    return hours


def due_times(organization, clients, now: datetime) -> Callable[[Client, str, str], datetime]:
    """``due(client, level, trigger)`` for items opened at ``now``: the pure
    ``triage.core.due_rules.due_at`` with the organization's rule hours and each client's tier hours
    (read through ``billing.review``). Two queries, whatever the number of clients.
    ``organization`` None: the clients' own organizations (a batch across organizations), still
    two queries."""
    if organization is None:
        rules = rule_hours_by_organization({client.organization_id for client in clients})
    else:
        rules = {organization.pk: rule_hours(organization)}
    tier_hours = response_hours_by_client(clients)

    def due(client: Client, level: str, trigger: str) -> datetime:
        own = rules.get(client.organization_id) or rules.get(getattr(organization, "pk", None))
        return due_rules.due_at(level, own.get(trigger), tier_hours(client, level), now)

    return due


def due_at_for(client: Client, level: str, trigger: str, now: datetime) -> datetime:
    """When an item for this client, level and trigger opened at ``now`` is due."""
    return due_times(client.organization, [client], now)(client, level, trigger)


def open_or_update_item(
    client: Client,
    *,
    level: str,
    reason_kind: str,
    reasons: list[dict],
    source: str,
    check_in=None,
    raised_by_ai: bool = True,
    raised_by=None,
    now: datetime | None = None,
    due_at: datetime | None = None,
) -> tuple[ReviewItem, bool]:
    """Open an item, or add evidence to the open one for this client and reason kind.

    A repeat never makes a second row; a worse level raises the item and pulls its due time in.
    Returns (item, created). ``due_at`` may be given by a caller that computed it set-wise.
    """
    now = now or timezone.now()
    due_at = due_at or due_at_for(client, level, reason_kind, now)
    evidence = {"at": now.isoformat(), "source": source, "reasons": reasons}
    if raised_by is not None:
        evidence["by"] = raised_by.pk
    for _attempt in range(2):
        item = (
            ReviewItem.objects.select_for_update()
            .filter(client=client, reason_kind=reason_kind, status="open")
            .first()
        )
        if item is not None:
            item.save(update_fields=_add_evidence(item, level, reasons, evidence, due_at, now))
            return item, False
        try:
            with transaction.atomic():
                item = ReviewItem.objects.create(
                    organization=client.organization,
                    client=client,
                    level=level,
                    reason_kind=reason_kind,
                    reasons=reasons,
                    evidence=[evidence],
                    source=source,
                    check_in=check_in,
                    raised_by_ai=raised_by_ai,
                    raised_by=raised_by,
                    created_at=now,
                    due_at=due_at,
                    assigned_to=client.coach,
                )
            return item, True
        except IntegrityError:
            continue  # another request opened it a moment ago: add to theirs
    raise RuntimeError("could not open or update the review item")


def _add_evidence(
    item: ReviewItem, level: str, reasons: list[dict], evidence: dict, due_at, now
) -> list[str]:
    """Add a repeat to an open item: its evidence, any new reasons, and a worse level with the
    earlier due time. Returns the fields changed."""
    item.evidence = (item.evidence + [evidence])[-MAX_EVIDENCE:]
    known = {r["code"] for r in item.reasons}
    item.reasons = item.reasons + [r for r in reasons if r["code"] not in known]
    item.updated_at = now
    fields = ["evidence", "reasons", "updated_at"]
    if LEVEL_RANK[level] < LEVEL_RANK[item.level]:
        item.level = level
        item.due_at = min(item.due_at, due_at)
        fields += ["level", "due_at"]
    return fields


@dataclass(frozen=True)
class Opening:
    """One item to open or add evidence to, for ``open_or_update_items``."""

    client: Client
    level: str
    reason_kind: str
    reasons: list[dict]
    due_at: datetime


def open_or_update_items(organization, openings: list[Opening], *, source: str, now) -> int:
    """``open_or_update_item`` for many items at once (the nightly job's batch): one query reads
    the open items, one updates those that exist, one inserts the rest. Returns how many were
    opened. Inside the caller's transaction and tenant scope; ``organization`` None: across the
    openings' clients' organizations (the nightly job on the batch connection), each item given
    its client's organization and every query naming them."""
    if not openings:
        return 0
    unique: dict[tuple[int, str], Opening] = {}
    for opening in openings:
        unique.setdefault((opening.client.pk, opening.reason_kind), opening)
    if organization is None:
        items = ReviewItem.unscoped.filter(
            organization_id__in={o.client.organization_id for o in unique.values()}
        )
    else:
        items = ReviewItem.objects.all()
    open_items = {
        (item.client_id, item.reason_kind): item
        for item in items.select_for_update().filter(
            client_id__in={client_id for client_id, _ in unique},
            reason_kind__in={kind for _, kind in unique},
            status="open",
        )
    }
    to_update, to_create = [], []
    for key, opening in unique.items():
        evidence = {"at": now.isoformat(), "source": source, "reasons": opening.reasons}
        item = open_items.get(key)
        if item is not None:
            _add_evidence(item, opening.level, opening.reasons, evidence, opening.due_at, now)
            to_update.append(item)
        else:
            to_create.append(
                ReviewItem(
                    organization_id=opening.client.organization_id,
                    client_id=opening.client.pk,
                    level=opening.level,
                    reason_kind=opening.reason_kind,
                    reasons=opening.reasons,
                    evidence=[evidence],
                    source=source,
                    raised_by_ai=True,
                    created_at=now,
                    due_at=opening.due_at,
                    assigned_to_id=opening.client.coach_id,
                )
            )
    if to_update:
        ReviewItem.unscoped.bulk_update(
            to_update, ["evidence", "reasons", "updated_at", "level", "due_at"]
        )
    if not to_create:
        return 0
    try:
        with transaction.atomic():
            ReviewItem.unscoped.bulk_create(to_create)
        return len(to_create)
    except IntegrityError:
        # Someone (a check-in) opened one of them a moment ago: one by one, adding to theirs.
        opened = 0
        for item in to_create:
            opening = unique[(item.client_id, item.reason_kind)]
            with tenant_scope(opening.client.organization):
                _, created = open_or_update_item(
                    opening.client,
                    level=opening.level,
                    reason_kind=opening.reason_kind,
                    reasons=opening.reasons,
                    source=source,
                    now=now,
                    due_at=opening.due_at,
                )
            opened += int(created)
        return opened


def place_hold(client: Client, reason: str = "", now: datetime | None = None) -> int:
    """Pause automation for a client: pending AI recommendations go on hold, and the hold is
    recorded (once: a second red during the same hold adds nothing). Returns how many
    recommendations went on hold."""
    now = now or timezone.now()
    Client.objects.filter(pk=client.pk).update(automation_hold=True)
    client.automation_hold = True
    if not AutomationHold.objects.filter(client=client, released_at__isnull=True).exists():
        try:
            with transaction.atomic():
                AutomationHold.objects.create(
                    organization=client.organization,
                    client=client,
                    placed_at=now,
                    reason=reason[:300],
                )
        except IntegrityError:
            pass  # another request recorded this hold a moment ago
    return Recommendation.objects.filter(
        client=client, status=RecommendationStatus.PENDING_REVIEW
    ).update(status=RecommendationStatus.ON_HOLD)


def _open_hold(client: Client) -> AutomationHold:
    """The record of the client's current hold (made now for a hold placed before holds were
    recorded)."""
    hold = (
        AutomationHold.objects.select_for_update()
        .filter(client=client, released_at__isnull=True)
        .first()
    )
    if hold is None:
        hold = AutomationHold.objects.create(organization=client.organization, client=client)
    return hold


def lift_hold(client: Client, *, by, how: str, note: str, now: datetime | None = None) -> int:
    """End the client's hold, recording who, when, how and why: held recommendations go back
    to review (none auto-apply). Returns how many went back."""
    now = now or timezone.now()
    hold = _open_hold(client)
    hold.released_at, hold.released_by, hold.released_how, hold.release_note = now, by, how, note
    hold.save(update_fields=["released_at", "released_by", "released_how", "release_note"])
    Client.objects.filter(pk=client.pk).update(automation_hold=False)
    client.automation_hold = False
    return Recommendation.objects.filter(client=client, status=RecommendationStatus.ON_HOLD).update(
        status=RecommendationStatus.PENDING_REVIEW
    )


class CannotRelease(Exception):
    """The hold cannot be released now (the message says why)."""


class NotOnHold(CannotRelease):
    pass


@transaction.atomic
def release_hold(client: Client, *, by, note: str, now: datetime | None = None) -> AutomationHold:
    """A coach lifts a client's automation hold with its own step, saying why (after a referral,
    say, once the client is cleared). Not while a red item is open: that one is resolved first.
    Returns the closed hold record."""
    note = note.strip()
    if not note:
        raise ValueError("Say why the hold can be lifted.")
    locked = Client.objects.select_for_update().filter(pk=client.pk, automation_hold=True)
    if not locked.exists():
        raise NotOnHold("Automation is not paused for this client.")
    if ReviewItem.objects.filter(client=client, status="open", level=RED).exists():
        raise CannotRelease(
            "A red item is still open for this client: resolve it first (a false alarm or no "
            "change lifts the hold with it)."
        )
    lift_hold(client, by=by, how=HoldRelease.COACH, note=note, now=now)
    return AutomationHold.objects.filter(client=client).order_by("-released_at", "-id").first()


class AlreadyResolved(Exception):
    pass


def clear_quiet_items(client_ids, now: datetime, organization_ids=None) -> int:
    """Close, as "cleared", the open items of these clients that clear by themselves
    (``queue_rules.clears_by_itself``): nightly yellows not flagged again for
    ``QUIET_NIGHTS_TO_CLEAR`` nights. The nightly job calls it after adding tonight's evidence,
    which touches ``updated_at``. One statement; inside the caller's transaction and scope, or
    (``organization_ids`` given: the nightly job's batch) across those organizations."""
    items = (
        ReviewItem.objects.all()
        if organization_ids is None
        else ReviewItem.unscoped.filter(organization_id__in=list(organization_ids))
    )
    return items.filter(
        client_id__any=set(client_ids),
        status=ReviewStatus.OPEN,
        source__in=queue_rules.CLEARS_BY_ITSELF_SOURCES,
        level__in=queue_rules.CLEARS_BY_ITSELF_LEVELS,
        updated_at__lt=queue_rules.quiet_since(now),
    ).update(status=ReviewStatus.CLEARED, resolved_at=now)


@transaction.atomic
def resolve_items(
    items: list[ReviewItem],
    *,
    resolution: str,
    message: str,
    by,
    now: datetime | None = None,
    minutes_spent: int | None = None,
) -> list[ReviewItem]:
    """Close one client's items at once with the reply sent, all or none: an item someone
    resolved a moment ago makes the whole call ``AlreadyResolved``. The minutes given are shared
    among the items. What happens to the client's automation hold is
    ``queue_rules.hold_after_resolving``. The client is told once."""
    if resolution not in Resolution.values:
        raise ValueError(f"unknown resolution {resolution!r}")
    if not items:
        raise ValueError("nothing to resolve")
    clients = {item.client_id for item in items}
    if len(clients) != 1:
        raise ValueError("resolve one client's items at a time")
    now = now or timezone.now()
    items = sorted(items, key=queue_rules.urgency_key)
    ids = [item.pk for item in items]
    minutes = queue_rules.share_minutes(minutes_spent, len(items))
    claimed = ReviewItem.objects.filter(pk__in=ids, status="open").update(
        status="resolved",
        resolution=resolution,
        message=message,
        resolved_by=by,
        resolved_at=now,
        minutes_spent=minutes[-1],
    )
    if claimed != len(ids):
        # Raising rolls the claim back: nothing is half resolved.
        raise AlreadyResolved(
            "This item was already resolved."
            if len(ids) == 1
            else "Someone resolved some of these items a moment ago."
        )
    if minutes[0] != minutes[-1]:
        extra = [pk for pk, share in zip(ids, minutes, strict=True) if share != minutes[-1]]
        ReviewItem.objects.filter(pk__in=extra).update(minutes_spent=minutes[0])
    client = Client.objects.select_related("user", "organization").get(pk=clients.pop())
    if client.automation_hold:
        _hold_after_resolving(client, items, resolution, by, now)
    if message.strip():
        # Told once, however many items the reply closes; the reply goes into the client's
        # thread with their coaching team, where they can answer it.
        notify(
            client.organization,
            notification_kinds.COACH_REPLY,
            [Note(user=client.user, text=f"Your coach replied: {message[:250]}")],
        )
        post_from_team(
            client,
            author=by,
            body=message,
            source=MessageSource.REVIEW_REPLY,
            source_id=ids[0],
            now=now,
        )
    resolved = ReviewItem.objects.select_related("client__user").in_bulk(ids)
    return [resolved[pk] for pk in ids]


def _hold_after_resolving(client: Client, items, resolution: str, by, now) -> None:
    resolved_red = any(item.level == RED for item in items)
    if not resolved_red:
        return
    hold = AutomationHold.objects.filter(client=client, released_at__isnull=True).first()
    outcome = queue_rules.hold_after_resolving(
        resolution=resolution,
        resolved_red=resolved_red,
        red_still_open=ReviewItem.objects.filter(client=client, status="open", level=RED).exists(),
        referred_during_hold=hold is not None and hold.referred,
    )
    if outcome == queue_rules.HOLD_KEPT:
        hold = hold or _open_hold(client)
        if not hold.referred:
            hold.referred = True
            hold.save(update_fields=["referred"])
    elif outcome == queue_rules.HOLD_LIFTED:
        label = Resolution(resolution).label.lower()
        lift_hold(
            client,
            by=by,
            how=HoldRelease.RESOLVED,
            note=f"The last red item was resolved: {label}.",
            now=now,
        )


def resolve_item(
    item: ReviewItem,
    *,
    resolution: str,
    message: str,
    by,
    now=None,
    minutes_spent: int | None = None,
) -> ReviewItem:
    """Close one item (``resolve_items`` for one)."""
    return resolve_items(
        [item], resolution=resolution, message=message, by=by, now=now, minutes_spent=minutes_spent
    )[0]


COACH_FLAG_KIND = "coach_flag"
COACH_FLAG_LEVELS = (YELLOW, RED)


@transaction.atomic
def flag_client(
    client: Client, *, level: str, reason: str, by, now=None
) -> tuple[ReviewItem, bool]:
    """A coach raises a review item by hand: something the AI did not flag.

    One open coach flag per client: flagging again adds the new reason as evidence (and a red
    flag raises a yellow one). Red means what it means everywhere: due within the red response
    time and automation paused until a coach clears it. The assigned coach is told when someone
    else flagged their client."""
    if level not in COACH_FLAG_LEVELS:
        raise ValueError(f"a coach flag is yellow or red, not {level!r}")
    now = now or timezone.now()
    reasons = [{"code": COACH_FLAG_KIND, "text": f"{by.display_name} flagged: {reason}"}]
    item, created = open_or_update_item(
        client,
        level=level,
        reason_kind=COACH_FLAG_KIND,
        reasons=reasons,
        source=Source.COACH,
        raised_by_ai=False,
        raised_by=by,
        now=now,
    )
    if level == RED:
        place_hold(client, reason=reasons[0]["text"], now=now)
    if client.coach_id and client.coach_id != by.pk:
        notify_coach(
            client,
            f"{by.display_name} flagged {client.user.display_name} ({level}).",
            kind=notification_kinds.COACH_FLAG,
        )
    return item, created


def notify_coach(
    client: Client, text: str, url: str = "", *, kind: str, email: dict | None = None
) -> None:
    """A notice to whoever answers for the client: the assigned coach (or every owner when no
    coach is assigned), through the notification service. ``email`` (the email's context) goes
    to the assigned coach only."""

    people = get_user_model().objects.filter(pk__in=answering_for(client)).only("id", "email")
    notify(
        client.organization,
        kind,
        [
            Note(
                user=person,
                text=text,
                url=url,
                email=email if email is not None and person.pk == client.coach_id else None,
            )
            for person in people
        ],
    )


def _level_rank() -> Case:
    """``queue_rules.LEVEL_RANK`` as a database expression."""
    return Case(
        *[When(level=level, then=Value(rank)) for level, rank in LEVEL_RANK.items()],
        default=Value(len(LEVEL_RANK)),
        output_field=IntegerField(),
    )


def urgency_ordered(queryset, now: datetime | None = None):
    """Red before yellow, overdue first, then the earliest due time (``queue_rules.urgency_key``
    in the database)."""
    now = now or timezone.now()
    return queryset.annotate(
        level_rank=_level_rank(),
        overdue_rank=Case(
            When(due_at__lt=now, then=Value(0)), default=Value(1), output_field=IntegerField()
        ),
    ).order_by("level_rank", "overdue_rank", "due_at", "id")


def clients_by_urgency(open_items):
    """One row per client with open items, most urgent first: ``{client_id, level_rank,
    first_due}``, ordered by the client's highest level, then their earliest due time (overdue
    first), then client id. One query (a page of it, with its count, for a paginator)."""
    return (
        open_items.order_by()
        .values("client_id")
        .annotate(level_rank=Min(_level_rank()), first_due=Min("due_at"))
        .order_by("level_rank", "first_due", "client_id")
    )


def client_cards(open_items, client_ids: list[int]) -> list[queue_rules.Card]:
    """The cards of these clients (in this order): their open items, most urgent first, with the
    client, their coach and the id of their latest check-in. One query."""
    latest_check_in = CheckIn.objects.filter(client=OuterRef("client")).order_by("-created_at")
    items = (
        open_items.filter(client_id__in=client_ids)
        .select_related("client__user", "client__coach", "assigned_to")
        .annotate(last_check_in_id=Subquery(latest_check_in.values("id")[:1]))
    )
    return queue_rules.cards_by_client(items, order=client_ids)
