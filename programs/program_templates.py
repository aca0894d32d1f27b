"""Coach program templates: save an approved program's structure, start another client from it."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import transaction

from billing.review import review_decision
from coaching.core.traffic_light import GREEN
from programs.core.recommendation_rules import status_for_review_action
from programs.models import (
    PlannedWorkout,
    Prescription,
    Program,
    ProgramStatus,
    ProgramTemplate,
    ProgramWeek,
    Recommendation,
    RecommendationKind,
    RecommendationSource,
)
from programs.services import next_monday


def save_as_template(program: Program, *, name: str, by) -> ProgramTemplate:
    """The program's weeks, workouts (as days from the start) and prescriptions, by exercise id."""
    weeks = []
    for week in program.weeks.all():
        weeks.append(
            {
                "index": week.index,
                "is_deload": week.is_deload,
                "workouts": [
                    {
                        "day_index": workout.day_index,
                        "offset_days": (workout.planned_date - program.start_date).days,
                        "name": workout.name,
                        "prescriptions": [
                            {
                                "exercise": p.exercise_id,
                                "sets": p.sets,
                                "reps_min": p.reps_min,
                                "reps_max": p.reps_max,
                                "target_rpe": str(p.target_rpe)
                                if p.target_rpe is not None
                                else None,
                                "rest_seconds": p.rest_seconds,
                                "notes": p.notes,
                            }
                            for p in workout.prescriptions.all()
                        ],
                    }
                    for workout in week.workouts.all()
                ],
            }
        )
    template, _ = ProgramTemplate.objects.update_or_create(
        organization=program.organization,
        name=name,
        defaults={
            "structure": {"weeks": weeks, "rationale": program.rationale},
            "created_by": by,
            "description": f"From {program.name}",
        },
    )
    return template


@transaction.atomic
def start_from_template(client, template: ProgramTemplate, *, by) -> Recommendation:
    """A new program for the client from a template; like any new program it waits for approval.
    Loads are left out: they belong to the first client, not this one."""
    start = next_monday(client.today())
    program = Program.objects.create(
        organization=client.organization,
        client=client,
        name=template.name,
        status=ProgramStatus.PENDING_REVIEW,
        start_date=start,
        rationale=template.structure.get("rationale", []),
        created_by=by,
    )
    for week_data in template.structure.get("weeks", []):
        week = ProgramWeek.objects.create(
            organization=client.organization,
            program=program,
            index=week_data["index"],
            is_deload=week_data["is_deload"],
        )
        for workout_data in week_data["workouts"]:
            workout = PlannedWorkout.objects.create(
                organization=client.organization,
                week=week,
                program=program,
                client=client,
                day_index=workout_data["day_index"],
                name=workout_data["name"],
                planned_date=start + timedelta(days=workout_data["offset_days"]),
            )
            Prescription.objects.bulk_create(
                [
                    Prescription(
                        organization=client.organization,
                        workout=workout,
                        exercise_id=p["exercise"],
                        order=order,
                        sets=p["sets"],
                        reps_min=p["reps_min"],
                        reps_max=p["reps_max"],
                        target_rpe=Decimal(p["target_rpe"]) if p["target_rpe"] else None,
                        rest_seconds=p["rest_seconds"],
                        notes=p["notes"],
                    )
                    for order, p in enumerate(workout_data["prescriptions"])
                ]
            )
    decision = review_decision(client, RecommendationKind.NEW_PROGRAM, GREEN)
    return Recommendation.objects.create(
        organization=client.organization,
        client=client,
        kind=RecommendationKind.NEW_PROGRAM,
        status=status_for_review_action(decision.action),
        rationale=f"Started from the template “{template.name}”.",
        confidence=1.0,
        payload={"program": program.pk, "template": template.pk},
        program=program,
        source=RecommendationSource.COACH,
        created_by=by,
        due_at=decision.due_at,
    )
