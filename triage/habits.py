"""Daily habits (imperative shell): a coach assigns and archives, the client ticks a day off.
The rules (which days, last week's completion, a drop against the client's usual) live in
``triage.core.habit_rules``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from django.db import IntegrityError, transaction

from coaching.core.localtime import local_day
from triage.core.habit_rules import (
    BASELINE_DAYS,
    WEEK,
    HabitDrop,
    HabitFacts,
    WeekCompletion,
    completion,
    habit_drop,
    habit_rates,
)
from triage.models import Habit, HabitCheck, HabitKind


def assign_habit(client, *, kind: str, name: str = "", target: str = "", by=None) -> Habit:
    """A new active habit; its name defaults to the kind's ("Steps")."""
    return Habit.objects.create(
        organization=client.organization,
        client=client,
        kind=kind,
        name=name.strip() or HabitKind(kind).label,
        target=target.strip(),
        created_by=by,
    )


def archive_habit(habit: Habit) -> None:
    """Off the client's Today; its checks stay for the record."""
    if habit.active:
        habit.active = False
        habit.save(update_fields=["active"])


def tick(habit: Habit, day: date) -> tuple[HabitCheck, bool]:
    """The habit done on ``day``: (check, created). A retry finds the first check."""
    existing = HabitCheck.objects.filter(habit=habit, day=day).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            check = HabitCheck.objects.create(
                organization_id=habit.organization_id, habit=habit, day=day
            )
    except IntegrityError:  # a concurrent retry won the race
        return HabitCheck.objects.get(habit=habit, day=day), False
    return check, True


def untick(habit: Habit, day: date) -> bool:
    deleted, _ = HabitCheck.objects.filter(habit=habit, day=day).delete()
    return bool(deleted)


def habit_facts(client, today: date, habits=None) -> list[HabitFacts]:
    """The client's active habits with their done days over the five weeks ending today."""
    if habits is None:
        habits = list(Habit.objects.filter(client=client, active=True))
    since = today - timedelta(days=WEEK + BASELINE_DAYS)
    done: dict[int, set[date]] = {h.pk: set() for h in habits}
    for habit_id, day in HabitCheck.objects.filter(
        habit_id__in=list(done), day__gte=since
    ).values_list("habit_id", "day"):
        done[habit_id].add(day)
    return [
        HabitFacts(
            name=h.name,
            created_on=local_day(h.created_at, client.zone_name),
            done_days=frozenset(done[h.pk]),
        )
        for h in habits
    ]


def week_and_drop(client, today: date | None = None) -> tuple[WeekCompletion, HabitDrop | None]:
    today = today or client.today()
    facts = habit_facts(client, today)
    return completion(facts, today), habit_drop(facts, today)


def habit_rates_for(clients, days: Mapping[int, date]) -> dict[int, tuple[float, float]]:
    """For the night: each client's (usual, last week) habit rates, judged on the morning after
    the day the night scores for them (``days``: client id -> that day), so that the week ends
    with it (``habit_rules.habit_rates``). Clients without habits, or without a usual yet, are
    left out. Two statements for any number of clients, across organizations on the batch
    connection (each filtered by organization first)."""
    by_id = {client.pk: client for client in clients}
    if not by_id:
        return {}
    organizations = sorted({client.organization_id for client in clients})
    habits = list(
        Habit.unscoped.filter(
            organization_id__in=organizations, client_id__any=set(by_id), active=True
        )
    )
    if not habits:
        return {}
    since = min(days.values()) + timedelta(days=1) - timedelta(days=WEEK + BASELINE_DAYS)
    done: dict[int, set[date]] = {h.pk: set() for h in habits}
    for habit_id, check_day in HabitCheck.unscoped.filter(
        organization_id__in=organizations, habit_id__any=set(done), day__gte=since
    ).values_list("habit_id", "day"):
        done[habit_id].add(check_day)
    facts: dict[int, list[HabitFacts]] = {}
    for h in habits:
        zone = by_id[h.client_id].zone_name
        facts.setdefault(h.client_id, []).append(
            HabitFacts(h.name, local_day(h.created_at, zone), frozenset(done[h.pk]))
        )
    rates = {
        pk: habit_rates(client_facts, days[pk] + timedelta(days=1))
        for pk, client_facts in facts.items()
    }
    return {pk: rate for pk, rate in rates.items() if rate is not None}
