"""A check-in, read at once: red flags open a red item, pause automation and reach the coach in
the same request; nothing waits for the nightly job."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Min
from django.urls import reverse
from django.utils import timezone

from programs.models import Exercise, Prescription, ProgramStatus
from triage import queue
from triage.models import CheckIn, Source
from triage.redflags import CheckInAnswers, PainReport, read_check_in

log = logging.getLogger(__name__)

MEDICAL_CATEGORIES = frozenset({"medical"})


def exercise_added_days_ago(client, exercise: Exercise | None) -> int | None:
    """Days since the exercise first appeared in the client's active plan (None if it did not)."""
    if exercise is None:
        return None
    first = Prescription.objects.filter(
        workout__client=client,
        workout__program__status=ProgramStatus.ACTIVE,
        exercise=exercise,
    ).aggregate(first=Min("workout__planned_date"))["first"]
    if first is None:
        return None
    return max((timezone.localdate() - first).days, 0)


def answers_from(data: dict, client) -> CheckInAnswers:
    pain = data.get("pain")
    pain_report = None
    if pain:
        exercise = pain.get("related_exercise")
        pain_report = PainReport(
            area=pain["area"],
            severity=pain["severity"],
            new=pain.get("new", False),
            related_exercise=exercise.name if exercise else None,
            exercise_added_days_ago=exercise_added_days_ago(client, exercise),
        )
    return CheckInAnswers(
        readiness=data["readiness"],
        sleep_quality=data["sleep_quality"],
        soreness=data["soreness"],
        fatigue=data["fatigue"],
        stress=data["stress"],
        mood=data["mood"],
        sleep_hours=data.get("sleep_hours"),
        pain=pain_report,
        symptoms=tuple(data.get("symptoms") or ()),
        notes=data.get("notes") or "",
        wants_human_review=bool(data.get("wants_human_review")),
    )


@transaction.atomic
def submit_check_in(client, data: dict, *, by) -> tuple[CheckIn, bool]:
    """Save and read a check-in. Returns (check_in, created); a retried uuid returns the first."""
    uuid = data.get("client_uuid")
    if uuid:
        existing = _sent_before(client, uuid)
        if existing is not None:
            return existing, False
    reading = read_check_in(answers_from(data, client))
    try:
        with transaction.atomic():
            check_in = _save_check_in(client, data, reading)
    except IntegrityError:
        # The same uuid arrived twice at once: the other request saved it (and raised its flags).
        existing = _sent_before(client, uuid) if uuid else None
        if existing is None:
            raise
        return existing, False
    raise_flags(client, check_in, reading.findings)
    return check_in, True


def _sent_before(client, uuid) -> CheckIn | None:
    return CheckIn.objects.filter(client=client, client_uuid=uuid).first()


def _save_check_in(client, data: dict, reading) -> CheckIn:
    pain = data.get("pain")
    return CheckIn.objects.create(
        organization=client.organization,
        client=client,
        client_uuid=data.get("client_uuid"),
        readiness=data["readiness"],
        sleep_quality=data["sleep_quality"],
        soreness=data["soreness"],
        fatigue=data["fatigue"],
        stress=data["stress"],
        mood=data["mood"],
        satisfaction=data.get("satisfaction"),
        sleep_hours=data.get("sleep_hours"),
        body_weight_kg=data.get("body_weight_kg"),
        pain=(
            {
                **pain,
                "related_exercise": pain["related_exercise"].pk
                if pain.get("related_exercise")
                else None,
            }
            if pain
            else None
        ),
        symptoms=list(data.get("symptoms") or []),
        notes=data.get("notes") or "",
        wants_human_review=bool(data.get("wants_human_review")),
        extra_answers=data.get("extra_answers") or {},
        level=reading.level,
        reasons=[{"code": f.code, "text": f.text, "words": f.words} for f in reading.findings],
        message_to_client=reading.message_to_client,
    )


def raise_flags(client, check_in: CheckIn | None, findings, source: str = Source.CHECKIN) -> None:
    """Open (or add to) an item per finding; on red, pause automation and tell the coach now."""
    now = timezone.now()
    red = [f for f in findings if f.level == "red"]
    for finding in findings:
        queue.open_or_update_item(
            client,
            level=finding.level,
            reason_kind=finding.code,
            reasons=[{"code": finding.code, "text": finding.text}],
            source=Source.CLIENT_REQUEST if finding.code == "human_requested" else source,
            check_in=check_in,
            now=now,
        )
    if red:
        queue.place_hold(client)
        summary = "; ".join(f.text for f in red)
        url = reverse("coach_home", args=[client.organization.slug])
        queue.notify_coach(client, f"Red flag for {client.user.display_name}: {summary}", url)
        recipient = client.coach.email if client.coach else None
        if recipient:
            transaction.on_commit(
                lambda: _email_coach(recipient, client.user.display_name, summary, url)
            )


def _email_coach(recipient: str, name: str, summary: str, url: str) -> None:
    try:
        send_mail(
            subject=f"Red flag: {name} needs a person now",
            message=(
                f"{name} reported: {summary}\n\nAutomation is paused for {name} until you clear it.\n"
                f"Open the queue: {settings.SITE_URL}{url}\n"
            ),
            from_email=None,
            recipient_list=[recipient],
        )
    except Exception:  # a mail outage must not hide the in-app notice
        log.exception("could not email the red flag to %s", recipient)


def flag_pain_on_log(log, created: bool) -> None:
    """A log that reports pain (a session skipped for pain, or notes describing a red flag)
    reaches a person at once, like a check-in: a red item and an automation hold."""
    from triage.redflags import Finding, read_text

    if not created:
        return
    findings = list(read_text(log.notes or ""))
    if log.status == "skipped" and log.skip_reason == "pain":
        findings.append(
            Finding(
                code="new_pain",
                level="red",
                words="skipped: pain",
                text=f"Skipped the session on {log.performed_at:%d %b} because of pain.",
                category="pain",
            )
        )
    if findings:
        raise_flags(log.client, None, findings, source=Source.LOGGING)
