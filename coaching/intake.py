"""Intake: submitting a version, the coach's review, and the gate before any program."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from coaching import segmentation
from coaching.models import Client, Intake, IntakeStatus
from coaching.signals import intake_approved


class IntakeNotApproved(Exception):
    """No program may be drafted before a coach approves the intake."""


def answers_for_segmentation(intake: Intake) -> segmentation.IntakeAnswers:
    return segmentation.IntakeAnswers(
        goals=tuple(intake.goals),
        goal_notes=intake.goal_notes,
        training_age_years=float(intake.training_age_years or 0),
        sessions_per_week=int(intake.sessions_per_week or 0),
        session_minutes=int(intake.session_minutes or 0),
        equipment=frozenset(intake.equipment),
        injuries=tuple(
            segmentation.InjuryAnswer(
                area=injury.get("area", ""),
                notes=injury.get("notes", ""),
                current=bool(injury.get("current")),
            )
            for injury in intake.injuries
        ),
        health_screen={key: bool(value) for key, value in intake.health_screen.items()},
        health_notes=intake.health_notes,
        preferences=intake.preferences,
        constraints=intake.constraints,
        stress_level=int(intake.stress_level or 3),
        sleep_hours=float(intake.sleep_hours if intake.sleep_hours is not None else 7),
        age_years=intake.age_years,
    )


def apply_segmentation(intake: Intake) -> None:
    """Fill the intake's segment, issues and referral flag from its answers (pure rules)."""
    result = segmentation.segment(answers_for_segmentation(intake))
    intake.risk = result.risk
    intake.experience = result.experience
    intake.autonomy = result.autonomy
    intake.suggested_service_model = result.suggested_service_model
    intake.segment_reasons = [{"code": r.code, "text": r.text} for r in result.reasons]
    intake.issues = [{"code": i.code, "text": i.text} for i in result.issues]
    intake.referral_suggested = result.referral_suggested


def latest_intake(client: Client) -> Intake | None:
    return Intake.objects.filter(client=client).order_by("-version").first()


def _same_answers(intake: Intake, answers: dict) -> bool:
    return all(getattr(intake, name) == answers.get(name) for name in Intake.ANSWER_FIELDS)


@transaction.atomic
def save_draft(client: Client, answers: dict, *, by) -> Intake:
    """Save answers without submitting (the form's save-and-resume). One draft at a time."""
    draft = (
        Intake.objects.select_for_update()
        .filter(client=client, status=IntakeStatus.DRAFT)
        .order_by("-version")
        .first()
    )
    if draft is None:
        draft = Intake(
            organization=client.organization, client=client, version=_next_version(client)
        )
        previous = latest_intake(client)
        if previous is not None:  # start from the last answers
            for name in Intake.ANSWER_FIELDS:
                setattr(draft, name, getattr(previous, name))
    for name, value in answers.items():
        if name in Intake.ANSWER_FIELDS:
            setattr(draft, name, value)
    draft.save()
    return draft


def _next_version(client: Client) -> int:
    current = Intake.objects.filter(client=client).aggregate(v=Max("version"))["v"] or 0
    return current + 1


@transaction.atomic
def submit_intake(client: Client, answers: dict, *, by) -> tuple[Intake, bool]:
    """Submit a complete set of answers for review. Returns (intake, created).

    The same answers submitted again return the waiting version (a retry creates nothing);
    different answers make a new version and keep the old one.
    """
    # Lock the client row so two submissions in parallel number their versions in turn.
    Client.objects.select_for_update().filter(pk=client.pk).first()
    latest = (
        Intake.objects.filter(client=client)
        .exclude(status=IntakeStatus.DRAFT)
        .order_by("-version")
        .first()
    )
    if (
        latest is not None
        and latest.status == IntakeStatus.SUBMITTED
        and _same_answers(latest, answers)
    ):
        return latest, False
    intake = (
        Intake.objects.filter(client=client, status=IntakeStatus.DRAFT).order_by("-version").first()
    )
    if intake is None:
        intake = Intake(
            organization=client.organization, client=client, version=_next_version(client)
        )
    for name in Intake.ANSWER_FIELDS:
        setattr(intake, name, answers.get(name, getattr(intake, name)))
    apply_segmentation(intake)
    intake.status = IntakeStatus.SUBMITTED
    intake.submitted_by = by
    intake.submitted_at = timezone.now()
    intake.save()
    return intake, True


class ReviewConflict(Exception):
    pass


@transaction.atomic
def review_intake(intake: Intake, *, decision: str, notes: str, by) -> Intake:
    """The first human gate: approve (the segment becomes the client's) or ask for more."""
    claimed = Intake.objects.filter(pk=intake.pk, status=IntakeStatus.SUBMITTED).update(
        status=decision, reviewed_by=by, reviewed_at=timezone.now(), review_notes=notes
    )
    if not claimed:
        intake.refresh_from_db()
        raise ReviewConflict(
            f"This intake is {intake.get_status_display().lower()}; only a submitted intake can be reviewed."
        )
    intake.refresh_from_db()
    if decision == IntakeStatus.APPROVED:
        client = intake.client
        client.risk = intake.risk
        client.experience = intake.experience
        client.autonomy = intake.autonomy
        client.save(update_fields=["risk", "experience", "autonomy"])
        intake_approved.send(sender=Intake, intake=intake, client=client)
    return intake


def approved_intake(client: Client) -> Intake:
    """The client's latest approved intake, or ``IntakeNotApproved`` saying why not."""
    latest = latest_intake(client)
    approved = (
        Intake.objects.filter(client=client, status=IntakeStatus.APPROVED)
        .order_by("-version")
        .first()
    )
    if approved is not None and (
        latest is None or latest.version == approved.version or latest.status == IntakeStatus.DRAFT
    ):
        return approved
    if latest is None:
        raise IntakeNotApproved("This client has not filled in an intake yet.")
    if latest.status == IntakeStatus.SUBMITTED:
        raise IntakeNotApproved("The intake is waiting for a coach's review.")
    if latest.status == IntakeStatus.NEEDS_INFO:
        raise IntakeNotApproved("The coach asked the client for more information.")
    raise IntakeNotApproved("The intake is a draft the client has not submitted.")
