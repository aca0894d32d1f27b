"""The weekly summary's shell: read a client's week after their check-in, call the pure
``triage.core.weekly_summary``, save a ``WeeklySummary``; and the coach's three answers to it (send
as is, send edited, escalate). Runs inside the caller's transaction and tenant scope."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from coaching.core.localtime import day_bounds, day_start, local_day
from coaching.models import Client
from messaging.models import MessageSource
from messaging.services import InvalidMessage, post_from_team
from programs.models import LogStatus, PlannedWorkout, ProgramStatus, SetLog, WorkoutLog
from triage import queue
from triage.core.habit_rules import completion
from triage.core.weekly_summary import Flag, Habit, Lift, Pain, WeekFacts, draft_reply, summarize
from triage.habits import habit_facts
from triage.models import CheckIn, ReplyTemplate, ReviewItem, SummaryStatus, WeeklySummary

WEEK_DAYS = 7
USUAL_WEEKS = 4  # the weeks before this one that make the client's usual
BEST_LOOKBACK_WEEKS = 12  # a lift is a new best against this many weeks before
ESCALATION_NOTE_MAX = 500


class AlreadyDecided(Exception):
    """Another coach answered this week's summary first."""


def _first_name(user) -> str:
    return user.display_name.split()[0] if user.display_name.split() else user.display_name


def week_start_of(day: date) -> date:
    """The Monday of a local day's week: the key of one summary per client per week."""
    return day - timedelta(days=day.weekday())


def _sessions(client: Client, start: date, end: date, zone: str):
    """(planned this week, completed this week, skip reasons, usual completed a week)."""
    planned = PlannedWorkout.objects.filter(
        client=client,
        planned_date__gte=start,
        planned_date__lte=end,
        program__status__in=[ProgramStatus.ACTIVE, ProgramStatus.SUPERSEDED],
    ).count()
    earliest = start - timedelta(weeks=USUAL_WEEKS)
    logs = WorkoutLog.objects.filter(
        client=client,
        performed_at__gte=day_start(earliest, zone),
        performed_at__lt=day_bounds(end, zone)[1],
    ).values_list("performed_at", "status", "skip_reason")
    completed, before, skips, first_day = 0, 0, [], None
    for performed_at, status, skip_reason in logs.order_by("performed_at"):
        day = local_day(performed_at, zone)
        first_day = first_day or day
        if day >= start:
            if status == LogStatus.COMPLETED:
                completed += 1
            elif status == LogStatus.SKIPPED:
                skips.append(skip_reason or "other")
        elif status == LogStatus.COMPLETED:
            before += 1
    usual = None
    if first_day is not None and first_day < start:
        weeks = min(USUAL_WEEKS, math.ceil((start - first_day).days / WEEK_DAYS))
        usual = before / weeks
    return planned, completed, tuple(skips), usual


def _lifts(client: Client, since: datetime, until: datetime) -> tuple[Lift, ...]:
    """Each exercise's best set of the week by estimated max, with its best of the weeks
    before (two queries)."""
    best: dict[int, tuple] = {}
    for exercise_id, name, load, reps, e1rm in SetLog.objects.filter(
        log__client=client,
        log__performed_at__gte=since,
        log__performed_at__lt=until,
        is_warmup=False,
        e1rm_kg__isnull=False,
    ).values_list("exercise_id", "exercise__name", "load_kg", "reps", "e1rm_kg"):
        if exercise_id not in best or e1rm > best[exercise_id][3]:
            best[exercise_id] = (name, load, reps, e1rm)
    earlier = dict(
        SetLog.objects.filter(
            log__client=client,
            exercise_id__in=list(best),
            log__performed_at__gte=since - timedelta(weeks=BEST_LOOKBACK_WEEKS),
            log__performed_at__lt=since,
            is_warmup=False,
        )
        .values("exercise_id")
        .annotate(best=Max("e1rm_kg"))
        .values_list("exercise_id", "best")
    )
    return tuple(
        Lift(
            exercise=name,
            load_kg=float(load),
            reps=reps,
            e1rm_kg=float(e1rm),
            previous_best_e1rm_kg=float(earlier[pk]) if earlier.get(pk) is not None else None,
        )
        for pk, (name, load, reps, e1rm) in best.items()
    )


def _check_ins(client: Client, start: date, end: date, zone: str):
    """This week's and the weeks before's readiness and sleep, and this week's pain."""
    rows = CheckIn.objects.filter(
        client=client,
        created_at__gte=day_start(start - timedelta(weeks=USUAL_WEEKS - 1), zone),
        created_at__lt=day_bounds(end, zone)[1],
    ).values_list("created_at", "readiness", "sleep_hours", "pain", "wants_human_review")
    found = defaultdict(list)
    for created_at, readiness, sleep_hours, pain, wants_human in rows.order_by("created_at"):
        now = local_day(created_at, zone) >= start
        found["readiness" if now else "readiness_before"].append(readiness)
        if sleep_hours is not None:
            found["sleep_hours" if now else "sleep_hours_before"].append(float(sleep_hours))
        if now and isinstance(pain, dict) and pain.get("area"):
            found["pains"].append(
                Pain(str(pain["area"]), int(pain.get("severity") or 0), bool(pain.get("new")))
            )
        if now and wants_human:
            found["wants_human_review"] = [True]
    return {
        key: (bool(values) if key == "wants_human_review" else tuple(values))
        for key, values in found.items()
    }


def _flags(client: Client) -> tuple[Flag, ...]:
    return tuple(
        Flag(level, reason.get("text", ""))
        for level, reasons in ReviewItem.objects.filter(client=client, status="open")
        .order_by("due_at")
        .values_list("level", "reasons")
        for reason in (reasons or [])[:1]
        if isinstance(reason, dict)
    )


def _habits(client: Client, end: date) -> tuple[Habit, ...]:
    """Each active habit's days done of the days it counted in the week (two queries; none
    but one when the client has no habits)."""
    facts = habit_facts(client, end)
    if not facts:
        return ()
    return tuple(Habit(h.name, h.done, h.days) for h in completion(facts, end).habits)


def week_facts(client: Client, end: date) -> WeekFacts:
    """The client's seven local days ending on ``end``, and the weeks before (up to nine
    queries)."""
    zone = client.zone_name
    start = end - timedelta(days=WEEK_DAYS - 1)
    planned, completed, skips, usual = _sessions(client, start, end, zone)
    return WeekFacts(
        first_name=_first_name(client.user),
        coach_name=client.coach.display_name if client.coach_id else "",
        period_start=start,
        period_end=end,
        planned=planned,
        completed=completed,
        usual_completed=usual,
        skip_reasons=skips,
        lifts=_lifts(client, day_start(start, zone), day_bounds(end, zone)[1]),
        flags=_flags(client),
        habits=_habits(client, end),
        **_check_ins(client, start, end, zone),
    )


def organization_templates() -> dict[str, list[str]]:
    """The organization's reply template bodies by resolution, in the order coaches see them."""
    found = defaultdict(list)
    for resolution, body in ReplyTemplate.objects.order_by("resolution", "name").values_list(
        "resolution", "body"
    ):
        found[resolution].append(body)
    return found


def write_summary(client: Client, check_in: CheckIn) -> WeeklySummary | None:
    """Write (or rewrite, while no coach has answered it) the summary of the week ending on the
    check-in's local day. A week a coach already answered keeps its answer: None."""
    end = local_day(check_in.created_at, client.zone_name)
    week = week_start_of(end)
    existing = WeeklySummary.objects.filter(client=client, week_start=week).first()
    if existing is not None and existing.status != SummaryStatus.PENDING:
        return None
    facts = week_facts(client, end)
    summary = summarize(facts)
    values = {
        "check_in": check_in,
        "period_start": facts.period_start,
        "period_end": facts.period_end,
        "outlook": summary.outlook,
        "suggested": summary.suggested,
        "lines": list(summary.lines),
        "reasons": list(summary.reasons),
        "draft": draft_reply(facts, summary, organization_templates()),
    }
    if existing is not None:
        for name, value in values.items():
            setattr(existing, name, value)
        existing.save(update_fields=[*values, "updated_at"])
        return existing
    try:
        with transaction.atomic():
            return WeeklySummary.objects.create(
                organization=client.organization, client=client, week_start=week, **values
            )
    except IntegrityError:  # a check-in of the same week at the same moment wrote it first
        return WeeklySummary.objects.filter(client=client, week_start=week).first()


def _claim(summary: WeeklySummary, by, now: datetime, **changes) -> None:
    """Mark the summary answered, if nobody did first (a conditional update)."""
    claimed = WeeklySummary.objects.filter(pk=summary.pk, status=SummaryStatus.PENDING).update(
        decided_by=by, decided_at=now, updated_at=now, **changes
    )
    if not claimed:
        raise AlreadyDecided("Someone already answered this week's check-in.")
    for name, value in {"decided_by": by, "decided_at": now, **changes}.items():
        setattr(summary, name, value)


@transaction.atomic
def send_reply(summary: WeeklySummary, *, by, body: str | None = None, now=None) -> WeeklySummary:
    """Send the reply into the client's thread: the draft as is (``body`` None or unchanged) or
    the coach's edit of it. Which one is recorded (``edited``): the owner's override figures."""
    now = now or timezone.now()
    # Browsers send a textarea's line breaks as CRLF: the same words are not an edit.
    text = summary.draft if body is None else body.replace("\r\n", "\n").strip()
    if not text:
        raise InvalidMessage("Write a reply, or send the draft as it is.")
    edited = text != summary.draft.strip()
    _claim(summary, by, now, status=SummaryStatus.SENT, sent_body=text, edited=edited)
    post_from_team(
        summary.client,
        author=by,
        body=text,
        source=MessageSource.WEEKLY_REPLY,
        source_id=summary.pk,
        now=now,
    )
    return summary


@transaction.atomic
def escalate(summary: WeeklySummary, *, by, note: str = "", now=None) -> WeeklySummary:
    """Nothing goes to the client yet: the week goes to the review queue as a coach's flag (a
    live call, a closer look, a referral), with the coach's note."""
    now = now or timezone.now()
    note = note.strip()[:ESCALATION_NOTE_MAX]
    _claim(summary, by, now, status=SummaryStatus.ESCALATED, escalation_note=note)
    level = "red" if summary.outlook == "urgent" else "yellow"
    reason = f"weekly check-in escalated{': ' + note if note else ''}"
    queue.flag_client(summary.client, level=level, reason=reason, by=by, now=now)
    return summary


def pending_for(queryset):
    """Summaries still waiting for a coach, urgent first, then oldest."""
    from django.db.models import Case, IntegerField, Value, When

    return (
        queryset.filter(status=SummaryStatus.PENDING)
        .annotate(
            urgency=Case(
                When(outlook="urgent", then=Value(0)),
                When(outlook="watch", then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("urgency", "created_at")
    )
