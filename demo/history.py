"""Ninety days of realistic, varied history for the demo clients.

Most clients are steady; some fade, some drop off, some are tired, one is in pain, and one
reports chest pain in a check-in (the red path). Deterministic (a seeded random), and skipped for
clients who already have history, so re-running seed_demo adds nothing twice.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, time, timedelta
from datetime import timedelta as _td

from django.utils import timezone

from coaching.core.traffic_light import YELLOW
from coaching.intake import apply_segmentation
from coaching.models import Client, Intake, IntakeStatus
from programs.models import (
    Exercise,
    PlannedWorkout,
    Prescription,
    Program,
    ProgramWeek,
    Recommendation,
    SetLog,
    WorkoutLog,
)
from triage.models import CheckIn, ReviewItem

DAYS = 90
AHEAD = 14  # planned sessions still to come, so Today, reminders and progressions have a plan
# (library key, name, equipment, pattern, muscle, starting e1RM kg)
LIFTS = [
    ("Barbell_Squat", "Barbell Squat", "barbell", "squat", "quadriceps", 100.0),
    (
        "Barbell_Bench_Press_-_Medium_Grip",
        "Barbell Bench Press - Medium Grip",
        "barbell",
        "horizontal_push",
        "chest",
        70.0,
    ),
    ("Barbell_Deadlift", "Barbell Deadlift", "barbell", "hinge", "lower back", 120.0),
    (
        "Standing_Military_Press",
        "Standing Military Press",
        "barbell",
        "vertical_push",
        "shoulders",
        45.0,
    ),
]
PROFILES = ["steady"] * 28 + [
    "fading",
    "fading",
    "dropping_off",
    "dropping_off",
    "tired",
    "tired",
    "in_pain",
    "improving",
    "improving",
    "new_client",
    "chest_pain",
]


def _exercises() -> list[Exercise]:
    """The demo's main lifts, from the global library (created if the library is not loaded)."""
    found = []
    for key, name, equipment, pattern, muscle, _ in LIFTS:
        exercise = Exercise.unscoped.filter(organization__isnull=True, key=key).first()
        if exercise is None:
            exercise = Exercise.unscoped.create(
                key=key, name=name, equipment=equipment, pattern=pattern, primary_muscles=[muscle]
            )
        found.append(exercise)
    return found


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _approved_intake(client, coach, rng: random.Random) -> None:
    if Intake.objects.filter(client=client).exists():
        return
    intake = Intake(
        organization=client.organization,
        client=client,
        version=1,
        status=IntakeStatus.APPROVED,
        goals=rng.choice([["strength"], ["muscle"], ["strength", "muscle"], ["general_fitness"]]),
        training_age_years=rng.choice([0.5, 1, 2, 4, 6]),
        sessions_per_week=4,
        session_minutes=60,
        # What the demo's programs use (LIFTS): with less, every night would propose swapping
        # every lift that needs a rack or a bench, for every client.
        equipment=["barbell", "dumbbell", "bench", "rack"],
        injuries=[],
        health_screen={},
        stress_level=2,
        sleep_hours=7.5,
        submitted_at=timezone.now() - timedelta(days=DAYS + 5),
        reviewed_by=coach,
        reviewed_at=timezone.now() - timedelta(days=DAYS + 4),
        submitted_by=client.user,
    )
    apply_segmentation(intake)  # the same pure rules as a real submission
    intake.save()
    client.risk, client.experience, client.autonomy = (
        intake.risk,
        intake.experience,
        intake.autonomy,
    )
    client.save(update_fields=["risk", "experience", "autonomy"])


def seed_history(organization, clients, today: date | None = None) -> list[str]:
    """Plans, logs, lift sets and weekly check-ins for each client. Returns the profiles used."""
    today = today or organization.today()
    exercises = _exercises()
    used = []
    for index, client in enumerate(clients):
        profile = PROFILES[index % len(PROFILES)]
        used.append(profile)
        if Program.objects.filter(client=client).exists():
            continue
        rng = random.Random(index)
        _approved_intake(client, client.coach, rng)
        days = 21 if profile == "new_client" else DAYS
        start = today - timedelta(days=days)
        client.created_at = _at(start - timedelta(days=7), 9)
        client.save(update_fields=["created_at"])
        program = Program.objects.create(
            organization=organization,
            client=client,
            name="Strength block",
            status="active",
            start_date=start,
            activated_at=_at(start, 8),
            rationale=[
                {"topic": "split", "text": "Four full-body sessions a week around the main lifts."}
            ],
        )
        week = ProgramWeek.objects.create(organization=organization, program=program, index=1)
        training_days = sorted(rng.sample(range(6), 4))
        if index == 0 and today.weekday() not in training_days:
            # The demo's own client login has a session planned today.
            training_days = sorted([today.weekday(), *training_days[1:]])
        habit = rng.uniform(0.82, 0.97)
        workouts, prescribed, logs, sets, check_ins = [], [], [], [], []
        for offset in range(days + AHEAD):
            day = start + timedelta(days=offset)
            back = (today - day).days
            lift = LIFTS[offset % len(LIFTS)]
            exercise = exercises[offset % len(LIFTS)]
            trend = {"improving": 0.004, "tired": -0.001}.get(profile, 0.0015)
            if profile == "fading" and back <= 28:
                trend = -0.002
            if day.weekday() in training_days:
                workout = PlannedWorkout(
                    organization=organization,
                    week=week,
                    program=program,
                    client=client,
                    day_index=day.weekday(),
                    planned_date=day,
                    name=f"Day {training_days.index(day.weekday()) + 1}",
                )
                workouts.append(workout)
                planned_e1rm = lift[5] * (1 + 0.0015 * min(offset, days)) * (1 + index % 5 * 0.1)
                prescribed.append((workout, exercise, round(planned_e1rm / 1.1667 / 2.5) * 2.5))
            if back <= 0:
                continue  # today and the days ahead are planned, not yet lived
            if day.weekday() in training_days:
                chance = habit
                if profile == "fading" and back <= 21:
                    chance = 0.35
                if profile == "dropping_off" and back <= 16:
                    chance = 0.0
                if profile == "tired" and back <= 10:
                    chance = 0.15
                if rng.random() < chance:
                    log = WorkoutLog(
                        organization=organization,
                        client=client,
                        client_uuid=uuid.UUID(int=rng.getrandbits(128)),
                        workout=workout,
                        performed_at=_at(day, 18),
                        status="completed",
                        duration_minutes=rng.randint(45, 75),
                        session_rpe=rng.choice([7, 7.5, 8]),
                    )
                    logs.append(log)
                    e1rm = (
                        lift[5]
                        * (1 + trend * offset)
                        * rng.uniform(0.98, 1.02)
                        * (1 + index % 5 * 0.1)
                    )
                    load = round(e1rm / 1.1667 / 2.5) * 2.5
                    for set_index in range(3):
                        sets.append((log, exercise, set_index, load, round(load * 1.1667, 2)))
                elif profile != "dropping_off" and rng.random() < 0.5:
                    logs.append(
                        WorkoutLog(
                            organization=organization,
                            client=client,
                            client_uuid=uuid.UUID(int=rng.getrandbits(128)),
                            workout=workout,
                            performed_at=_at(day, 18),
                            status="skipped",
                            skip_reason=rng.choice(["time", "energy", "schedule", "travel"]),
                        )
                    )
            if day.weekday() == 6 and not (profile == "dropping_off" and back <= 16):
                tired = profile == "tired" and back <= 14
                check_ins.append(
                    CheckIn(
                        organization=organization,
                        client=client,
                        created_at=_at(day, 20),
                        readiness=2 if tired else rng.choice([4, 4, 4, 3, 5]),
                        sleep_quality=2 if tired else rng.choice([4, 4, 3, 5]),
                        soreness=rng.choice([2, 2, 1, 3]),
                        fatigue=5 if tired else rng.choice([2, 2, 1, 3]),
                        stress=4 if tired else rng.choice([2, 2, 1, 3]),
                        mood=2 if tired else rng.choice([4, 4, 5]),
                        satisfaction=rng.randint(3, 5),
                        sleep_hours=6 if tired else rng.choice([7, 7.5, 8]),
                    )
                )
        PlannedWorkout.objects.bulk_create(workouts)
        Prescription.objects.bulk_create(
            [
                Prescription(
                    organization=organization,
                    workout=workout,
                    exercise=exercise,
                    order=1,
                    sets=3,
                    reps_min=5,
                    reps_max=5,
                    target_rpe=8,
                    target_load_kg=load,
                    rest_seconds=180,
                )
                for workout, exercise, load in prescribed
            ]
        )
        WorkoutLog.objects.bulk_create(logs)
        SetLog.objects.bulk_create(
            [
                SetLog(
                    organization=organization,
                    log=log,
                    exercise=exercise,
                    set_index=set_index,
                    reps=5,
                    load_kg=load,
                    rpe=8,
                    e1rm_kg=e1rm,
                )
                for log, exercise, set_index, load, e1rm in sets
            ]
        )
        CheckIn.objects.bulk_create(check_ins)
    return used


def settle_old_items(organization, coaches, before) -> int:
    """Coaches worked the queue on earlier days: the backfilled nights' items are resolved, most
    in time and a few late, so the business figures have a history. ``before`` is now."""

    rng = random.Random(99)
    minutes = random.Random(7)  # its own stream, so the rest of the history stays as it was
    settled = 0
    for item in ReviewItem.objects.filter(status="open", source="nightly").order_by("pk"):
        # The backfilled nights ran just now: date each item back to a day of the last month.
        window = item.due_at - item.created_at
        item.created_at = before - _td(days=rng.randint(2, 27), hours=rng.randint(0, 12))
        item.due_at = item.created_at + window
        late = rng.random() < 0.15
        item.status = "resolved"
        item.resolution = rng.choice(["no_change", "no_change", "minor_change", "false_alarm"])
        item.message = "Looked at this in your weekly review — thanks for keeping me posted."
        item.resolved_by = item.assigned_to or coaches[0]
        item.minutes_spent = minutes.choice([None, 5, 8, 10, 12, 15, 20])  # some left it blank
        item.resolved_at = (
            item.due_at + _td(hours=3) if late else item.due_at - _td(hours=rng.randint(1, 8))
        )
        item.save(
            update_fields=[
                "status",
                "resolution",
                "message",
                "resolved_by",
                "resolved_at",
                "minutes_spent",
                "created_at",
                "due_at",
            ]
        )
        settled += 1
    return settled + _past_coach_flags(organization, before)


COACH_FLAG_NOTES = (
    "Sounded flat on our call: work is swamping them.",
    "Mentioned a sore shoulder in passing; check the pressing.",
    "Talked about skipping meals to make weight.",
)


def _past_coach_flags(organization, before) -> int:
    """A few things coaches noticed that the software did not, raised and settled last month."""

    flagged = Client.objects.filter(coach__isnull=False).select_related("coach").order_by("pk")
    items = []
    for days_ago, note, client in zip((24, 15, 6), COACH_FLAG_NOTES, flagged[3::11], strict=False):
        opened = before - _td(days=days_ago)
        items.append(
            ReviewItem(
                organization=organization,
                client=client,
                level=YELLOW,
                reason_kind="coach_flag",
                reasons=[
                    {"code": "coach_flag", "text": f"{client.coach.display_name} flagged: {note}"}
                ],
                evidence=[{"at": opened.isoformat(), "source": "coach", "by": client.coach_id}],
                source="coach",
                raised_by_ai=False,
                raised_by=client.coach,
                created_at=opened,
                due_at=opened + _td(hours=24),
                assigned_to=client.coach,
                status="resolved",
                resolution="minor_change",
                message="Thanks for talking it through: I've adjusted your week.",
                resolved_by=client.coach,
                resolved_at=opened + _td(hours=5),
                minutes_spent=15,
            )
        )
    ReviewItem.objects.bulk_create(items)
    return len(items)


REJECTION_NOTES = (
    "Holding the load this week: they mentioned a busy stretch at work.",
    "Keeping the plan as it is until we talk on Friday.",
)


def settle_old_recommendations(organization, coaches, before) -> int:
    """Coaches decided the backfilled nights' proposals on the days they were made: most
    approved, some edited, a few rejected with a note, so the override rate has a history.
    Proposals the tier applied automatically are dated back with them. ``before`` is now."""

    rng = random.Random(42)
    settled = []
    for rec in Recommendation.objects.filter(source="ai").select_related("client").order_by("pk"):
        rec.created_at = before - _td(days=rng.randint(2, 27), hours=rng.randint(0, 12))
        if rec.status == "auto_applied":
            rec.applied_at = rec.created_at
        elif rec.status == "pending_review":
            roll = rng.random()
            rec.status = "approved" if roll < 0.8 else "modified" if roll < 0.92 else "rejected"
            rec.decided_by = rec.client.coach or coaches[0]
            rec.decided_at = rec.created_at + _td(hours=rng.randint(2, 20))
            if rec.status == "rejected":
                rec.decision_notes = rng.choice(REJECTION_NOTES)
        else:
            continue  # on hold: it waits for the red flag to be cleared
        settled.append(rec)
    Recommendation.objects.bulk_update(
        settled,
        ["created_at", "applied_at", "status", "decided_by", "decided_at", "decision_notes"],
    )
    return len(settled)
