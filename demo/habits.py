"""The demo client's daily habits: steps and protein from their coach, ticked most days."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from triage.models import Habit, HabitCheck, HabitKind

HABITS = [
    (HabitKind.STEPS, "Steps", "8,000 steps"),
    (HabitKind.PROTEIN, "Protein", "120 g a day"),
]
DAYS = 28
MISSED = {0: {3, 9, 16, 24}, 1: {2, 5, 11, 12, 19, 26}}  # days back each habit was not done


def seed_habits(organization, client, coach, today: date) -> int:
    """Two habits assigned four weeks ago, each ticked on most days since (not yet today).
    A client who already has habits is left alone, so re-running seed_demo adds nothing twice."""
    if Habit.objects.filter(client=client).exists():
        return 0
    created_at = timezone.now() - timedelta(days=DAYS + 1)
    checks = []
    for index, (kind, name, target) in enumerate(HABITS):
        habit = Habit.objects.create(
            organization=organization,
            client=client,
            kind=kind,
            name=name,
            target=target,
            created_by=coach,
            created_at=created_at,
        )
        checks += [
            HabitCheck(organization=organization, habit=habit, day=today - timedelta(days=back))
            for back in range(1, DAYS + 1)
            if back not in MISSED[index]
        ]
    HabitCheck.objects.bulk_create(checks)
    return len(checks)
