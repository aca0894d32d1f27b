"""Intake: submitting a version, the coach's review, and the gate before any program."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from coaching.core import segmentation
from coaching.models import Client, Intake, IntakeStatus
from coaching.signals import intake_approved


class IntakeNotApproved(Exception):
    """No program may be drafted before a coach approves the intake."""


class ClearanceNotRecorded(IntakeNotApproved):
    """No program may be drafted while a medical clearance is awaited and not recorded."""


class InvalidClearance(ValueError):
    """A clearance that cannot be recorded; ``field`` names the request field."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.field = field


def answers_for_segmentation(intake: Intake) -> segmentation.IntakeAnswers:
    return segmentation.answers_from(intake)


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
    intake.referrals = [{"code": r.code, "text": r.text} for r in result.referrals]
    intake.groups = list(result.groups)
    intake.clearance_required = result.clearance_required


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


def intake_for_program(client: Client) -> Intake:
    """The approved intake a program may be drafted from: ``IntakeNotApproved`` before the
    coach approves it, ``ClearanceNotRecorded`` while the health screen calls for a doctor's
    clearance that no coach has recorded on it yet (the reason names the answers)."""
    intake = approved_intake(client)
    if intake.awaiting_clearance:
        answers = segmentation.answers_from(intake)
        described = segmentation.HEALTH_SCREEN_TEXT
        said = ", ".join(
            described.get(key, key) for key in segmentation.clearance_screen_answers(answers)
        )
        raise ClearanceNotRecorded(
            f"Awaiting medical clearance (the health screen says {said}): record who cleared "
            "the client, when, and a note on the intake review before drafting a program."
        )
    return intake


CLEARANCE_EARLIEST = date(2000, 1, 1)


@transaction.atomic
def record_clearance(intake: Intake, *, cleared_by: str, cleared_on, note: str, by) -> Intake:
    """The coach records a medical clearance on a submitted, approved or returned intake: who
    cleared the client (a doctor, a physio), on which day, and a note. Recording again
    corrects it. Raises ``InvalidClearance`` naming the field."""
    cleared_by = (cleared_by or "").strip()
    note = (note or "").strip()
    if intake.status == IntakeStatus.DRAFT:
        raise InvalidClearance("The intake has not been submitted yet.", "intake")
    if not cleared_by:
        raise InvalidClearance("Say who cleared the client (name and role).", "cleared_by")
    if not isinstance(cleared_on, date):
        raise InvalidClearance("Give the day of the clearance.", "cleared_on")
    if cleared_on > timezone.localdate() or cleared_on < CLEARANCE_EARLIEST:
        raise InvalidClearance("The clearance day must be a past day (from 2000 on).", "cleared_on")
    if not note:
        raise InvalidClearance(
            "Add a note: what was cleared and any limits the clinician set.", "note"
        )
    Intake.objects.filter(pk=intake.pk).update(
        clearance_by=cleared_by[:200],
        clearance_on=cleared_on,
        clearance_note=note,
        clearance_recorded_by=by,
        clearance_recorded_at=timezone.now(),
    )
    intake.refresh_from_db()
    return intake
