"""The review queue: opening items (one per client and reason kind), resolving them, holds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from billing.review import response_hours_for
from coaching.models import Client
from programs.models import Recommendation, RecommendationStatus
from triage import defaults
from triage.models import EscalationRule, Notification, ReplyTemplate, ReviewItem, Source

LEVEL_RANK = {"red": 0, "yellow": 1, "green": 2}
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


def rule_for(organization, trigger: str) -> tuple[str, float]:
    """(level, response hours) for a trigger: the organization's rule, else the default; a
    locked red rule stays red within the hour even if a stored row says otherwise."""
    rule = (
        EscalationRule.unscoped.filter(organization=organization, trigger=trigger, active=True)
        .values_list("level", "response_hours")
        .first()
    )
    if rule is None:
        level, hours, _, _ = defaults.ESCALATION_RULES.get(
            trigger, ("yellow", defaults.PLAN_CHANGE_HOURS, "", "")
        )
        rule = (level, hours)
    return defaults.enforced_rule(trigger, *rule)


def due_at_for(client: Client, level: str, trigger: str, now: datetime) -> datetime:
    """Red: the rule's hours, at most 1 h (every tier). Yellow: the tier's promise, or the
    rule's hours when the rule is stricter."""
    _, rule_hours = rule_for(client.organization, trigger)
    if level == "red":
        _, red_hours = defaults.enforced_rule(trigger, level, rule_hours)
        return now + timedelta(hours=red_hours)
    return now + timedelta(hours=min(rule_hours, response_hours_for(client, level)))


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
    """``open_or_update_item`` for many items at once (the nightly job's chunk): one query reads
    the open items, one updates those that exist, one inserts the rest. Returns how many were
    opened. Inside the caller's transaction and tenant scope."""
    if not openings:
        return 0
    unique: dict[tuple[int, str], Opening] = {}
    for opening in openings:
        unique.setdefault((opening.client.pk, opening.reason_kind), opening)
    open_items = {
        (item.client_id, item.reason_kind): item
        for item in ReviewItem.objects.select_for_update().filter(
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
                    organization=organization,
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
        ReviewItem.objects.bulk_update(
            to_update, ["evidence", "reasons", "updated_at", "level", "due_at"]
        )
    if not to_create:
        return 0
    try:
        with transaction.atomic():
            ReviewItem.objects.bulk_create(to_create)
        return len(to_create)
    except IntegrityError:
        # Someone (a check-in) opened one of them a moment ago: one by one, adding to theirs.
        opened = 0
        for item in to_create:
            opening = unique[(item.client_id, item.reason_kind)]
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


def place_hold(client: Client) -> int:
    """Pause automation for a client: pending AI recommendations go on hold. Returns how many."""
    Client.objects.filter(pk=client.pk).update(automation_hold=True)
    client.automation_hold = True
    return Recommendation.objects.filter(
        client=client, status=RecommendationStatus.PENDING_REVIEW
    ).update(status=RecommendationStatus.ON_HOLD)


def lift_hold(client: Client) -> int:
    """A coach cleared the client: held recommendations go back to review (none auto-apply)."""
    Client.objects.filter(pk=client.pk).update(automation_hold=False)
    client.automation_hold = False
    return Recommendation.objects.filter(client=client, status=RecommendationStatus.ON_HOLD).update(
        status=RecommendationStatus.PENDING_REVIEW
    )


class AlreadyResolved(Exception):
    pass


@transaction.atomic
def resolve_item(
    item: ReviewItem,
    *,
    resolution: str,
    message: str,
    by,
    now=None,
    minutes_spent: int | None = None,
) -> ReviewItem:
    """Close an item with the reply sent (and, if the coach says, the minutes it took).
    Clearing the client's last red item lifts the hold."""
    now = now or timezone.now()
    claimed = ReviewItem.objects.filter(pk=item.pk, status="open").update(
        status="resolved",
        resolution=resolution,
        message=message,
        resolved_by=by,
        resolved_at=now,
        minutes_spent=minutes_spent,
    )
    if not claimed:
        raise AlreadyResolved("This item was already resolved.")
    item.refresh_from_db()
    client = item.client
    if item.level == "red" and client.automation_hold:
        still_red = ReviewItem.objects.filter(client=client, status="open", level="red").exists()
        if not still_red:
            lift_hold(client)
    if message.strip():
        Notification.objects.create(
            organization=item.organization,
            user=client.user,
            text=f"Your coach replied: {message[:250]}",
        )
    return item


COACH_FLAG_KIND = "coach_flag"
COACH_FLAG_LEVELS = ("yellow", "red")


@transaction.atomic
def flag_client(
    client: Client, *, level: str, reason: str, by, now=None
) -> tuple[ReviewItem, bool]:
    """A coach raises a review item by hand: something the AI did not flag.

    One open coach flag per client: flagging again adds the new reason as evidence (and a red
    flag raises a yellow one). Red means what it means everywhere: due within the red response
    time and automation paused until a coach clears it. The assigned coach is told when someone
    else flagged their client."""
    from billing.policy import RED_RESPONSE_HOURS

    if level not in COACH_FLAG_LEVELS:
        raise ValueError(f"a coach flag is yellow or red, not {level!r}")
    now = now or timezone.now()
    reasons = [{"code": COACH_FLAG_KIND, "text": f"{by.display_name} flagged: {reason}"}]
    due_at = now + timedelta(hours=RED_RESPONSE_HOURS) if level == "red" else None
    item, created = open_or_update_item(
        client,
        level=level,
        reason_kind=COACH_FLAG_KIND,
        reasons=reasons,
        source=Source.COACH,
        raised_by_ai=False,
        raised_by=by,
        now=now,
        due_at=due_at,
    )
    if level == "red":
        place_hold(client)
    if client.coach_id and client.coach_id != by.pk:
        notify_coach(client, f"{by.display_name} flagged {client.user.display_name} ({level}).")
    return item, created


def notify_coach(client: Client, text: str, url: str = "") -> None:
    """In-app notice to the assigned coach (or every owner when no coach is assigned)."""
    from coaching.models import Membership

    recipients = (
        [client.coach_id]
        if client.coach_id
        else list(Membership.objects.filter(role="owner").values_list("user_id", flat=True))
    )
    Notification.objects.bulk_create(
        [
            Notification(organization=client.organization, user_id=user_id, text=text, url=url)
            for user_id in recipients
        ]
    )


def urgency_ordered(queryset, now: datetime | None = None):
    """Red before yellow, overdue first, then the earliest due time."""
    now = now or timezone.now()
    return queryset.annotate(
        level_rank=Case(
            When(level="red", then=Value(0)),
            When(level="yellow", then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ),
        overdue_rank=Case(
            When(due_at__lt=now, then=Value(0)), default=Value(1), output_field=IntegerField()
        ),
    ).order_by("level_rank", "overdue_rank", "due_at", "id")
