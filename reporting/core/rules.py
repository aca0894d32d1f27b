"""The owner's figures as pure functions: aggregates in, figures out (no Django).

The shell (``reporting.metrics``) runs a fixed set of grouped queries and hands their rows here;
every definition an owner might question lives in one function below, with its rule in the
docstring.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median
from typing import Any

from coaching.core.traffic_light import GREEN, RED, YELLOW

LEVELS = (RED, YELLOW, GREEN)
SATISFACTION_SCALE = (1, 2, 3, 4, 5)
DECIDED_STATUSES = ("approved", "modified", "rejected")
OVERRIDE_STATUSES = ("modified", "rejected")
RATE_DIGITS = 4


def rate(numerator: float, denominator: float) -> float | None:
    """A share from 0 to 1, or None when there is nothing to divide by (not 0: unknown)."""
    return round(numerator / denominator, RATE_DIGITS) if denominator else None


def escalation_accuracy(
    ai_resolved: int, ai_false_alarms: int, ai_raised: int, coach_raised: int
) -> dict[str, Any]:
    """How often the AI was right to raise an item, and how often a coach caught what it missed.

    accuracy: of AI-raised items resolved in the window, the share the coach did not mark a false
    alarm. missed_share: of items raised in the window by the AI or by a coach's own flag, the
    share a coach raised (client requests are neither and count in neither).
    """
    return {
        "rate": rate(ai_resolved - ai_false_alarms, ai_resolved),
        "ai_resolved": ai_resolved,
        "false_alarms": ai_false_alarms,
        "ai_raised": ai_raised,
        "coach_raised": coach_raised,
        "missed_share": rate(coach_raised, ai_raised + coach_raised),
    }


def override_rate(counts_by_status: Mapping[str, int]) -> dict[str, Any]:
    """How often coaches overrule the AI: of AI recommendations a coach decided in the window,
    the share rejected or modified. Changes applied automatically were never put to a coach, so
    they are counted apart (``automatic``), not as agreement."""
    decided = sum(counts_by_status.get(s, 0) for s in DECIDED_STATUSES)
    overridden = sum(counts_by_status.get(s, 0) for s in OVERRIDE_STATUSES)
    return {
        "rate": rate(overridden, decided),
        "decided": decided,
        "approved": counts_by_status.get("approved", 0),
        "modified": counts_by_status.get("modified", 0),
        "rejected": counts_by_status.get("rejected", 0),
        "automatic": counts_by_status.get("auto_applied", 0),
    }


def weekly_replies(sent_unedited: int, sent_edited: int, escalated: int) -> dict[str, Any]:
    """How often coaches change the reply Spotter drafts after a weekly check-in: of weekly
    summaries answered in the window, those sent as drafted, sent after editing, and escalated
    instead. ``edited_rate`` is the share of sent replies a coach edited (the drafts' override
    rate); ``override_rate`` counts escalations as overrides too."""
    sent = sent_unedited + sent_edited
    answered = sent + escalated
    return {
        "answered": answered,
        "sent_unedited": sent_unedited,
        "sent_edited": sent_edited,
        "escalated": escalated,
        "edited_rate": rate(sent_edited, sent),
        "override_rate": rate(sent_edited + escalated, answered),
    }


def satisfaction(counts_by_score: Mapping[int, int]) -> dict[str, Any]:
    """Client satisfaction: the mean answer (1–5) to the check-in's satisfaction question over
    the window, with how many answered. Answers outside 1–5 are ignored."""
    answers = {s: counts_by_score.get(s, 0) for s in SATISFACTION_SCALE}
    responses = sum(answers.values())
    total = sum(score * n for score, n in answers.items())
    return {
        "mean": round(total / responses, 2) if responses else None,
        "responses": responses,
        "distribution": {str(s): n for s, n in answers.items()},
    }


def sla_by_level(rows: Iterable[tuple[str, int, int]]) -> dict[str, Any]:
    """For each level, review items resolved in the window, how many by their due time, and the
    share. Rows are (level, resolved, on_time); a level with no row has no rate."""
    found = {level: (resolved, on_time) for level, resolved, on_time in rows}
    return {
        level: {
            "resolved": found.get(level, (0, 0))[0],
            "on_time": found.get(level, (0, 0))[1],
            "rate": rate(found.get(level, (0, 0))[1], found.get(level, (0, 0))[0]),
        }
        for level in LEVELS
        if level != GREEN or level in found
    }


@dataclass(frozen=True)
class CoachOpen:
    coach: int
    open_items: int
    overdue: int


@dataclass(frozen=True)
class CoachResolved:
    """Items one coach resolved in the window. Hours are means over those items."""

    coach: int
    resolved: int
    on_time: int
    minutes_recorded: int  # sum of the minutes coaches wrote down
    items_with_minutes: int
    mean_response_hours: float | None  # created → resolved
    mean_promised_hours: float | None  # created → due (the tier's or the rule's promise)


def message_response(
    threads: Mapping[int, Iterable[tuple[bool, datetime]]],
    already_waiting: Collection[int],
    promised_hours: Mapping[int, float],
    default_promise_hours: float,
    now: datetime,
) -> dict[str, Any]:
    """Message response time: from a client's message to the team's first answer.

    In each thread a wait starts when the client writes after the team's last message (or as the
    first message) and ends at the team's next message; further client messages in between
    belong to the same wait. ``threads`` maps a thread to its messages in the window, oldest
    first, as (from_client, at); a thread in ``already_waiting`` had an unanswered client
    message before the window, so the wait its first messages continue is not counted (it did
    not start in the window). Each wait is held to its thread's promise (``promised_hours``,
    else the default): the client's tier's routine response time.

    answered: waits answered; median_hours: their median length; within_promise_rate: the
    share answered within the promise; waiting: waits not answered yet, of which
    waiting_overdue are past the promise. Separate from ``sla_met_rate`` (review items).
    """
    answered: list[float] = []
    kept = waiting = overdue = 0
    for thread, messages in threads.items():
        promise = promised_hours.get(thread, default_promise_hours)
        started: datetime | None = None
        counted = thread not in already_waiting
        for from_client, at in messages:
            if from_client:
                if started is None:
                    started = at
                continue
            if started is not None and counted:
                hours = (at - started).total_seconds() / 3600
                answered.append(hours)
                kept += hours <= promise
            started, counted = None, True
        if started is not None and counted:
            waiting += 1
            overdue += (now - started).total_seconds() / 3600 > promise
    return {
        "answered": len(answered),
        "median_hours": _hours(median(answered)) if answered else None,
        "within_promise_rate": rate(kept, len(answered)),
        "waiting": waiting,
        "waiting_overdue": overdue,
    }


def coach_load(
    names: Mapping[int, str],
    clients: Mapping[int, int],
    open_rows: Iterable[CoachOpen],
    resolved_rows: Iterable[CoachResolved],
) -> list[dict[str, Any]]:
    """Each coach's load beside what their clients' tiers promise.

    open_items: open items assigned to the coach (overdue: past due). resolved: items the coach
    resolved in the window. review_minutes: the minutes coaches recorded when resolving (not an
    estimate; ``items_with_minutes`` says how many items had a figure, and
    ``minutes_per_review`` averages over those only). Against the promise: the mean time from an
    item's opening to its resolution beside the mean time it was given (due − opened, which is the
    client's tier's response hours, or the escalation rule's when stricter, or 1 hour for red);
    ``within_promise`` is true when the first is not longer. People are listed when they coach
    clients or hold items; items of someone no longer on the team stay under their id.
    """
    open_by = {row.coach: row for row in open_rows}
    resolved_by = {row.coach: row for row in resolved_rows}
    people = set(names) & (set(clients) | set(open_by) | set(resolved_by))
    people |= (set(open_by) | set(resolved_by)) - set(names)
    result = []
    for coach in people:
        o = open_by.get(coach, CoachOpen(coach, 0, 0))
        r = resolved_by.get(coach, CoachResolved(coach, 0, 0, 0, 0, None, None))
        response, promised = r.mean_response_hours, r.mean_promised_hours
        result.append(
            {
                "coach": coach,
                "name": names.get(coach, f"former member #{coach}"),
                "active_clients": clients.get(coach, 0),
                "open_items": o.open_items,
                "overdue": o.overdue,
                "resolved": r.resolved,
                "on_time_rate": rate(r.on_time, r.resolved),
                "review_minutes": r.minutes_recorded,
                "items_with_minutes": r.items_with_minutes,
                "minutes_per_review": (
                    round(r.minutes_recorded / r.items_with_minutes, 1)
                    if r.items_with_minutes
                    else None
                ),
                "mean_response_hours": _hours(response),
                "mean_promised_hours": _hours(promised),
                "within_promise": (
                    None if response is None or promised is None else response <= promised
                ),
            }
        )
    return sorted(result, key=lambda row: (row["name"].lower(), row["coach"]))


def _hours(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def week_starts(today: date, weeks: int) -> list[date]:
    """The Mondays of the last ``weeks`` weeks, oldest first; the last is this week's."""
    this_monday = today - timedelta(days=today.weekday())
    return [this_monday - timedelta(weeks=weeks - 1 - i) for i in range(weeks)]


def weekly_series(
    starts: list[date], rows: Mapping[date, tuple[float, float]], *, kind: str = "rate"
) -> list[dict[str, Any]]:
    """A chart's points, one per week, with no gaps: rows map a week's Monday to (numerator,
    denominator) for ``kind="rate"`` (value = share) or (sum, count) for ``kind="mean"``.
    A week without data has ``value: None`` and ``n: 0`` (a gap in the line, not a zero)."""
    points = []
    for start in starts:
        numerator, denominator = rows.get(start, (0, 0))
        if kind == "rate":
            value = rate(numerator, denominator)
        else:
            value = round(numerator / denominator, 2) if denominator else None
        points.append({"week": start.isoformat(), "value": value, "n": int(denominator)})
    return points


def last_in_week(starts: list[date], rows: Iterable[tuple[date, float]]) -> list[dict[str, Any]]:
    """A chart of a level figure (MRR, active clients) from daily snapshots: each week takes the
    last snapshot taken in it; a week without one is a gap."""
    by_week: dict[date, tuple[date, float]] = {}
    for day, value in rows:
        monday = day - timedelta(days=day.weekday())
        if monday not in by_week or day >= by_week[monday][0]:
            by_week[monday] = (day, value)
    return [
        {"week": start.isoformat(), "value": by_week[start][1] if start in by_week else None}
        for start in starts
    ]


def sparkline(
    values: list[float | None], width: int = 240, height: int = 40, top: float | None = None
) -> str:
    """SVG polyline points for a series from 0 (bottom) to ``top`` (shares pass 1; figures like
    MRR default to their own maximum). None values are skipped, so a missing week leaves no fake
    dip; fewer than two values draw nothing."""
    present = [v for v in values if v is not None]
    if len(present) < 2:
        return ""
    ceiling = top if top is not None else max(present)
    ceiling = ceiling or 1.0
    step = width / max(len(values) - 1, 1)
    return " ".join(
        f"{i * step:.1f},{height - min(v, ceiling) / ceiling * height:.1f}"
        for i, v in enumerate(values)
        if v is not None
    )


COMPARE_WEEKS = 4  # the latest complete weeks against the ones before them
ADHERENCE_TOLERANCE = 0.02  # a drop in mean 28-day completion smaller than this is noise
SATISFACTION_TOLERANCE = 0.2  # likewise on the 1–5 scale


def _mean(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(sum(present) / len(present), RATE_DIGITS) if present else None


def workload_and_outcomes(series: Mapping[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Is the AI taking work off coaches without hurting outcomes?

    Compares the latest ``COMPARE_WEEKS`` complete weeks (this partial week left out) with the
    ``COMPARE_WEEKS`` before them. Coach reviews per week: review items resolved plus AI
    recommendations decided by a coach. Automatic share: changes applied without a coach of all
    AI changes that took effect or were decided. Outcomes: mean 28-day completion and mean
    satisfaction. The verdict says the workload fell (or not) and whether either outcome fell by
    more than its tolerance; with no reviews in the earlier period, or no outcome measured in
    both, there is no verdict.
    """

    def column(key: str, field: str = "value") -> list[float | None]:
        return [point.get(field) for point in series.get(key, [])][:-1]

    def halves(values: list[Any]) -> tuple[list[Any], list[Any]]:
        recent = values[-COMPARE_WEEKS:]
        before = values[-2 * COMPARE_WEEKS : -COMPARE_WEEKS]
        return before, recent

    reviews = [
        (resolved or 0) + (decided or 0)
        for resolved, decided in zip(
            column("sla_met_rate", "n"), column("override_rate", "n"), strict=True
        )
    ]
    automatic = [a or 0 for a in column("automatic_changes")]
    decided = [d or 0 for d in column("override_rate", "n")]
    result: dict[str, Any] = {}
    for name, values in (
        ("adherence_28d", column("adherence_28d")),
        ("satisfaction", column("satisfaction")),
    ):
        before, recent = halves(values)
        result[name] = {"before": _mean(before), "recent": _mean(recent)}
    before_reviews, recent_reviews = halves(reviews)
    # A recent week without reviews is a zero; an earlier period without any is a business too
    # new to compare (no data), not a workload of nothing.
    known = len(before_reviews) == COMPARE_WEEKS and any(before_reviews)
    result["coach_reviews_per_week"] = {
        "before": _mean(before_reviews) if known else None,
        "recent": _mean(recent_reviews) if known else None,
    }
    before_auto, recent_auto = halves(automatic)
    before_decided, recent_decided = halves(decided)
    result["automatic_share"] = {
        "before": rate(sum(before_auto), sum(before_auto) + sum(before_decided)),
        "recent": rate(sum(recent_auto), sum(recent_auto) + sum(recent_decided)),
    }
    result["weeks_compared"] = COMPARE_WEEKS
    result["verdict"] = _verdict(result)
    return result


def _fell(figure: dict[str, Any], tolerance: float) -> bool | None:
    before: float | None = figure["before"]
    recent: float | None = figure["recent"]
    if before is None or recent is None:
        return None
    return recent < before - tolerance


def _verdict(result: dict[str, Any]) -> str | None:
    reviews = result["coach_reviews_per_week"]
    if reviews["before"] is None or reviews["recent"] is None:
        return None
    adherence_fell = _fell(result["adherence_28d"], ADHERENCE_TOLERANCE)
    satisfaction_fell = _fell(result["satisfaction"], SATISFACTION_TOLERANCE)
    if adherence_fell is None and satisfaction_fell is None:
        return None
    worse = [
        name
        for name, fell in (("completion", adherence_fell), ("satisfaction", satisfaction_fell))
        if fell
    ]
    lighter = reviews["recent"] < reviews["before"]
    if lighter and not worse:
        return "Coaches reviewed less and outcomes held."
    if lighter:
        return f"Coaches reviewed less, but {' and '.join(worse)} fell: look closer."
    if worse:
        return f"Coaches reviewed as much or more, and {' and '.join(worse)} fell."
    return "Coaches reviewed as much or more; outcomes held."
