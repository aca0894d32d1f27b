"""A check-in, read at once: red flags open a red item, pause automation and reach the coach in
the same request; nothing waits for the nightly job."""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone

from coaching.core import notification_kinds
from coaching.core.localtime import local_day, local_today
from programs.models import Exercise, Prescription, ProgramStatus, SetLog
from triage import queue, weekly
from triage.core.redflags import (
    CheckInAnswers,
    ExerciseFacts,
    PainReport,
    are_close_variants,
    read_check_in,
    read_text,
    skipped_for_pain,
)
from triage.models import CheckIn, Notification, Source

MEDICAL_CATEGORIES = frozenset({"medical"})
# The in-app notice holds this much; the full reasons are on the review item and in the email.
NOTICE_MAX_CHARS = Notification._meta.get_field("text").max_length
# Exercises logged this recently count as the client's own when naming one in a reason.
CLIENT_EXERCISES_LOOKBACK_DAYS = 90


def client_exercise_names(client, now=None) -> tuple[str, ...]:
    """The names of the exercises in the client's active plan and of those they logged in the
    last CLIENT_EXERCISES_LOOKBACK_DAYS days (two queries), for the reader to name exercises."""
    now = now or timezone.now()
    planned = Prescription.objects.filter(
        workout__client=client, workout__program__status=ProgramStatus.ACTIVE
    ).values_list("exercise__name", flat=True)
    logged = SetLog.objects.filter(
        log__client=client,
        log__performed_at__gte=now - timedelta(days=CLIENT_EXERCISES_LOOKBACK_DAYS),
    ).values_list("exercise__name", flat=True)
    return tuple(sorted(set(planned.distinct()) | set(logged.distinct())))


def _facts(name: str, pattern: str, primary_muscles, equipment: str) -> ExerciseFacts:
    main = primary_muscles[0] if primary_muscles else None
    return ExerciseFacts(name=name, pattern=pattern or "", main_muscle=main, equipment=equipment)


def exercise_first_logged_days_ago(client, exercise: Exercise | None, now=None) -> int | None:
    """Local days since the client first logged a set of this exercise or of a close variant
    (``triage.core.redflags.are_close_variants``); None when they never did. One query."""
    if exercise is None:
        return None
    now = now or timezone.now()
    same_movement = Q(exercise=exercise)
    if exercise.pattern:
        same_movement |= Q(exercise__pattern=exercise.pattern)
    rows = (
        SetLog.objects.filter(same_movement, log__client=client)
        .values(
            "exercise_id",
            "exercise__name",
            "exercise__pattern",
            "exercise__primary_muscles",
            "exercise__equipment",
        )
        .annotate(first=Min("log__performed_at"))
    )
    target = _facts(exercise.name, exercise.pattern, exercise.primary_muscles, exercise.equipment)
    firsts = [
        row["first"]
        for row in rows
        if row["exercise_id"] == exercise.pk
        or are_close_variants(
            target,
            _facts(
                row["exercise__name"],
                row["exercise__pattern"],
                row["exercise__primary_muscles"],
                row["exercise__equipment"],
            ),
        )
    ]
    if not firsts:
        return None
    zone = client.zone_name
    return max((local_today(now, zone) - local_day(min(firsts), zone)).days, 0)


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
            exercise_first_logged_days_ago=exercise_first_logged_days_ago(client, exercise),
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
        exercise_names=client_exercise_names(client) if data.get("notes") else (),
    )


@transaction.atomic(savepoint=False)  # inside a request's transaction: no savepoint of its own
def submit_check_in(client, data: dict, *, by) -> tuple[CheckIn, bool]:
    """Save and read a check-in. Returns (check_in, created); a retried uuid returns the first
    (the uuid's uniqueness per client decides: no read first, a retry is the rare case)."""
    uuid = data.get("client_uuid")
    reading = read_check_in(answers_from(data, client))
    try:
        with transaction.atomic():
            check_in = _save_check_in(client, data, reading)
    except IntegrityError:
        # The uuid was saved before (a retry) or at the same time by another request, which
        # raised its flags.
        existing = _sent_before(client, uuid) if uuid else None
        if existing is None:
            raise
        return existing, False
    raise_flags(client, check_in, reading.findings)
    weekly.write_summary(client, check_in)
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
        summary = "; ".join(f.text for f in red)
        queue.place_hold(client, reason=summary, now=now)
        url = reverse("coach_home", args=[client.organization.slug])
        name = client.user.display_name
        queue.notify_coach(
            client,
            _clipped(f"Red flag for {name}: {summary}", NOTICE_MAX_CHARS),
            url,
            kind=notification_kinds.RED_FLAG,
            email={"name": name, "summary": summary, "url": url},
        )


def _clipped(text: str, limit: int) -> str:
    """The text, cut to ``limit`` characters with an ellipsis when longer."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def flag_pain_on_log(sender, log, **kwargs) -> None:
    """A log's notes are read like a check-in's, and a session skipped because of pain is pain
    that stopped training (``triage.core.redflags.skipped_for_pain``): graded the same way, it
    reaches a person at once (red: an item due within the hour and an automation hold).
    Receives ``programs.signals.workout_logged``."""
    skipped_for = log.status == "skipped" and log.skip_reason == "pain"
    if not (log.notes or "").strip() and not skipped_for:
        return
    names = client_exercise_names(log.client)
    if skipped_for:
        day = local_day(log.performed_at, log.client.zone_name)
        findings = skipped_for_pain(log.notes or "", names, f"{day:%-d %b}")
    else:
        findings = read_text(log.notes or "", names)
    if findings:
        raise_flags(log.client, None, findings, source=Source.LOGGING)


def flag_red_in_message(sender, message, client, **kwargs) -> None:
    """A client's message that describes a red flag (chest pain, fainting, distress…) reaches a
    person at once, like a check-in: a red item, an automation hold and the coach's alert, and it
    does not wait for the tier's answer time. Milder words are left to the coach reading the
    thread (a yellow item for each would only repeat the message)."""
    if message.author_role != "client":
        return
    red = [f for f in read_text(message.body) if f.level == "red"]
    if red:
        raise_flags(client, None, red, source=Source.MESSAGE)


IMPORTED_NOTES_REASON = "imported_notes"


def flag_imported_notes(sender, client, notes, **kwargs) -> int:
    """Notes of the last two weeks brought in from Strong or Hevy are read like a check-in's
    words, but as history: what they describe already happened and was not reported when it
    did, so it asks for a coach's look (yellow), never a red item or a hold. Returns how many
    notes raised something."""
    reasons, flagged = [], 0
    zone = client.zone_name
    for note in notes:
        findings = read_text(note.text)
        if not findings:
            continue
        flagged += 1
        where = f" ({note.exercise})" if note.exercise else ""
        for finding in findings:
            reasons.append(
                {
                    "code": finding.code,
                    "text": f"Imported notes of {local_day(note.performed_at, zone):%-d %b}{where}: "
                    f"{finding.text}",
                }
            )
    if reasons:
        queue.open_or_update_item(
            client,
            level="yellow",
            reason_kind=IMPORTED_NOTES_REASON,
            reasons=reasons,
            source=Source.LOGGING,
        )
    return flagged
