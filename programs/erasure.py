"""Programs' part of deleting a client (coaching.erasure): free text goes, numbers stay."""

from __future__ import annotations

from programs.models import ImportJob, Prescription, Program, Recommendation, SetLog, WorkoutLog


def anonymize_client_training(sender, client, former_user, user, **kwargs) -> None:

    WorkoutLog.objects.filter(client=client).update(notes="", name="")
    SetLog.objects.filter(log__client=client).exclude(notes="").update(notes="")
    ImportJob.objects.filter(client=client).update(upload=b"", filename="", result={}, error="")
    Prescription.objects.filter(workout__client=client).update(notes="")
    Program.objects.filter(client=client).update(rationale=[])
    Recommendation.objects.filter(client=client).update(rationale="", decision_notes="")
    if user.pk != former_user.pk:
        WorkoutLog.objects.filter(client=client, created_by=former_user).update(created_by=user)
        Recommendation.objects.filter(client=client, created_by=former_user).update(created_by=user)
