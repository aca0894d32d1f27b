"""The nightly proposals beyond the deload: progression, substitution and schedule change.

``propose_adjustments`` runs once per chunk inside ``triage.nightly.score_chunk`` (its
transaction and tenant scope), after the chunk's scores are written. It reads its own inputs
with one query per table for the whole chunk, asks the pure rules (``programs.core.adjustments``,
``triage.core.proposal_rules``) what to propose, asks the tier's review policy (``billing.review``)
what may apply at once, and writes the recommendations in one insert. Automatic ones change the
plan now (the client's plan page shows them as automatic); the rest wait for a coach; a client
on an automation hold gets every one on hold.

Idempotent: every proposal carries a ``dedupe_key`` (unique per client in the database), and
nothing is proposed about an exercise or a program that already has a pending proposal of its
kind, so rerunning a night (or finishing one a killed worker left) proposes nothing twice.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from billing.review import review_decisions_for
from coaching.core.localtime import day_start, local_day
from coaching.models import Intake
from programs.core.adjustments import (
    PROGRESSION,
    SCHEDULE_CHANGE,
    SUBSTITUTION,
    LoggedSet,
    Proposal,
    propose_progression,
    propose_schedule_change,
    propose_substitution,
)
from programs.core.exercises import as_library_exercise
from programs.core.library import Injury, body_region, parse_constraints
from programs.models import (
    Exercise,
    PlannedWorkout,
    Prescription,
    ProgramStatus,
    Recommendation,
    RecommendationStatus,
    SetLog,
    WorkoutLog,
)
from triage.core import proposal_rules as rules
from triage.models import AdherenceScore, CheckIn, ReviewItem

KINDS = (PROGRESSION, SUBSTITUTION, SCHEDULE_CHANGE)
DONE_STATUSES = ("completed", "partial")
WAITING = (RecommendationStatus.PENDING_REVIEW, RecommendationStatus.ON_HOLD)
STATUS_FOR_ACTION = {
    "auto_apply": RecommendationStatus.AUTO_APPLIED,
    "hold": RecommendationStatus.ON_HOLD,
    "review": RecommendationStatus.PENDING_REVIEW,
}


@dataclass(frozen=True)
class PlannedPrescription:
    """An upcoming prescription as the adjustment rules read it (``PrescriptionLike``)."""

    pk: int
    client_id: int
    program_id: int
    planned_date: date
    exercise_id: int
    exercise_key: str
    exercise_name: str
    pattern: str
    primary_muscles: tuple[str, ...]
    equipment: str
    sets: int
    reps_min: int
    reps_max: int
    target_rpe: float | None
    target_load_kg: float | None
    needs: tuple[frozenset[str], ...] = ()


@dataclass
class Candidate:
    """A proposal about to be written: what, for whom, the plan edits, and its identity."""

    client: object
    proposal: Proposal
    changes: list[dict]
    dedupe_key: str
    subject: str  # what it is about: "exercise:<id>" or "program:<id>"
    coach_decides: bool = False
    extra: dict = field(default_factory=dict)


def _number(value) -> float | None:
    return None if value is None else float(value)


def load_inputs(
    organization, client_ids: list[int], day: date, zones: dict[int, str] | None = None
) -> dict:
    """The chunk's inputs: one query per table, whatever the number of clients. Days are each
    client's local days (``zones``: client id to zone name; default the organization's)."""
    zones = zones or {}

    def zone_of(client_id: int) -> str:
        return zones.get(client_id) or organization.time_zone

    names = {zone_of(pk) for pk in client_ids} or {organization.time_zone}

    def since(first: date) -> datetime:
        return min(day_start(first, name) for name in names)

    def local_date(client_id: int, moment: datetime) -> date:
        return local_day(moment, zone_of(client_id))

    month_start = day - timedelta(days=7 * rules.SCHEDULE_PATTERN_WEEKS - 1)
    # Each table is read from the start of its window to the end of ``day``, in the clients'
    # zones (the widest range over them).
    until = max(day_start(day + timedelta(days=1), name) for name in names)
    levels, reason_codes = {}, {}
    for client_id, level, reasons in AdherenceScore.objects.filter(
        client_id__in=client_ids, date=day
    ).values_list("client_id", "level", "reasons"):
        levels[client_id] = level
        reason_codes[client_id] = {r.get("code") for r in reasons or [] if isinstance(r, dict)}
    pain_open = set(
        ReviewItem.objects.filter(
            client_id__in=client_ids, status="open", reason_kind__in=rules.PAIN_REASON_KINDS
        ).values_list("client_id", flat=True)
    )
    upcoming = [
        PlannedPrescription(
            pk=row["pk"],
            client_id=row["workout__client_id"],
            program_id=row["workout__program_id"],
            planned_date=row["workout__planned_date"],
            exercise_id=row["exercise_id"],
            exercise_key=str(row["exercise_id"]),
            exercise_name=row["exercise__name"],
            pattern=row["exercise__pattern"],
            primary_muscles=tuple(row["exercise__primary_muscles"] or ()),
            equipment=row["exercise__equipment"] or rules.BODY_ONLY,
            sets=row["sets"],
            reps_min=row["reps_min"],
            reps_max=row["reps_max"],
            target_rpe=_number(row["target_rpe"]),
            target_load_kg=_number(row["target_load_kg"]),
            needs=tuple(frozenset(option) for option in row["exercise__needs"] or ()),
        )
        for row in Prescription.objects.filter(
            workout__client_id__in=client_ids,
            workout__program__status=ProgramStatus.ACTIVE,
            workout__planned_date__gt=day,
            workout__planned_date__lte=day + timedelta(days=rules.SUBSTITUTION_WINDOW_DAYS),
        )
        .order_by("workout__planned_date", "workout__day_index", "order")
        .values(
            "pk",
            "workout__client_id",
            "workout__program_id",
            "workout__planned_date",
            "exercise_id",
            "exercise__name",
            "exercise__pattern",
            "exercise__primary_muscles",
            "exercise__equipment",
            "exercise__needs",
            "sets",
            "reps_min",
            "reps_max",
            "target_rpe",
            "target_load_kg",
        )
    ]
    planned = defaultdict(list)  # client -> [(program, planned date)] of the last four weeks
    for client_id, program_id, planned_date in PlannedWorkout.objects.filter(
        client_id__in=client_ids,
        program__status=ProgramStatus.ACTIVE,
        planned_date__gte=month_start,
        planned_date__lte=day,
    ).values_list("client_id", "program_id", "planned_date"):
        planned[client_id].append((program_id, planned_date))
    trained = defaultdict(list)
    for client_id, performed_at in WorkoutLog.objects.filter(
        client_id__in=client_ids,
        status__in=DONE_STATUSES,
        performed_at__gte=since(month_start),
        performed_at__lt=until,
    ).values_list("client_id", "performed_at"):
        performed_on = local_date(client_id, performed_at)
        if month_start <= performed_on <= day:
            trained[client_id].append(performed_on)
    sets = defaultdict(list)  # (client, exercise) -> [LoggedSet]
    for client_id, exercise_id, performed_at, reps, load_kg, rpe in SetLog.objects.filter(
        log__client_id__in=client_ids,
        log__status__in=DONE_STATUSES,
        log__performed_at__gte=since(day - timedelta(days=rules.PROGRESSION_LOOKBACK_DAYS)),
        log__performed_at__lt=until,
        is_warmup=False,
    ).values_list("log__client_id", "exercise_id", "log__performed_at", "reps", "load_kg", "rpe"):
        performed_on = local_date(client_id, performed_at)
        if performed_on > day:
            continue
        sets[(client_id, exercise_id)].append(
            LoggedSet(
                reps=reps, load_kg=float(load_kg), rpe=_number(rpe), performed_on=performed_on
            )
        )
    pains = defaultdict(list)
    for client_id, created_at, pain in CheckIn.objects.filter(
        client_id__in=client_ids,
        created_at__gte=since(day - timedelta(days=rules.PAIN_LOOKBACK_DAYS)),
        created_at__lt=until,
        pain__isnull=False,
    ).values_list("client_id", "created_at", "pain"):
        if isinstance(pain, dict) and pain.get("area") and local_date(client_id, created_at) <= day:
            pains[client_id].append(
                rules.PainReport(
                    area=str(pain["area"]).strip().lower(),
                    severity=int(pain.get("severity") or 0),
                    reported_on=local_date(client_id, created_at),
                    exercise_id=pain.get("related_exercise"),
                )
            )
    intakes = {}
    for client_id, equipment, injuries, constraints in (
        Intake.objects.filter(client_id__in=client_ids, status="approved")
        .order_by("client_id", "-version")
        .values_list("client_id", "equipment", "injuries", "constraints")
    ):
        intakes.setdefault(client_id, (equipment, injuries, constraints))
    pain_open |= {cid for cid, reports in pains.items() if any(r.severity > 0 for r in reports)}
    return {
        "levels": levels,
        "reason_codes": reason_codes,
        "pain_open": pain_open,
        "upcoming": upcoming,
        "planned": planned,
        "trained": trained,
        "sets": sets,
        "pains": pains,
        "intakes": intakes,
    }


def _progressions(clients, inputs: dict, day: date) -> list[Candidate]:
    """For each exercise of next week's sessions, the first prescription against the client's
    last session of it; the change covers next week's prescriptions of the exercise."""
    by_client_exercise = defaultdict(list)
    for p in inputs["upcoming"]:
        if rules.within(p.planned_date, day, rules.PROGRESSION_WINDOW_DAYS):
            by_client_exercise[(p.client_id, p.exercise_id)].append(p)
    by_id = {c.pk: c for c in clients}
    candidates = []
    for (client_id, exercise_id), prescriptions in by_client_exercise.items():
        recent = inputs["sets"].get((client_id, exercise_id))
        if not recent:
            continue
        first = prescriptions[0]
        proposal = propose_progression(
            first, recent, region=body_region(first.pattern, first.primary_muscles)
        )
        if proposal is None:
            continue
        field_name, new = proposal.payload["field"], proposal.payload["to"]
        changes = [
            {"prescription": p.pk, "field": field_name, "from": old, "to": new}
            for p in prescriptions
            if (old := getattr(p, field_name)) is None or old < new
        ]
        if changes:
            candidates.append(
                Candidate(
                    client=by_id[client_id],
                    proposal=proposal,
                    changes=changes,
                    dedupe_key=f"progression:{first.pk}",
                    subject=f"exercise:{exercise_id}",
                    extra={"exercise_id": exercise_id},
                )
            )
    return candidates


def _needs_substitution(clients, inputs: dict) -> bool:
    if any(inputs["pains"].get(c.pk) for c in clients):
        return True
    return any(
        (intake := inputs["intakes"].get(p.client_id))
        and intake[0]
        and rules.lacks_equipment(p.equipment, p.needs, intake[0])
        for p in inputs["upcoming"]
    )


def _substitutions(clients, inputs: dict) -> list[Candidate]:
    """Swap an exercise of the coming weeks that hurt (or loads where it hurts) or that needs
    equipment the client does not have, for the closest one from the library."""
    if not _needs_substitution(clients, inputs):
        return []
    exercises = {e.pk: e for e in Exercise.objects.all()}  # the library: one query
    library = [as_library_exercise(e) for e in exercises.values()]
    by_id = {c.pk: c for c in clients}
    groups = defaultdict(list)
    for p in inputs["upcoming"]:
        groups[(p.client_id, p.program_id, p.exercise_id)].append(p)
    candidates = []
    for (client_id, program_id, exercise_id), prescriptions in groups.items():
        current = exercises.get(exercise_id)
        if current is None:
            continue
        exercise = as_library_exercise(current)
        pains = inputs["pains"].get(client_id, [])
        equipment, injuries, constraints = inputs["intakes"].get(client_id, (None, [], ""))
        reason = rules.substitution_reason(exercise, exercise_id, pains, equipment or None)
        if reason is None:
            continue
        proposal = propose_substitution(
            exercise,
            library,
            # Without an intake's list, what the exercise itself needs is what the client has.
            equipment=equipment
            or sorted(exercise.needs[0] if exercise.needs else {exercise.equipment}),
            injuries=[
                *rules.pain_areas(pains),
                *(
                    Injury(area=i["area"], current=bool(i.get("current")))
                    for i in injuries or []
                    if isinstance(i, dict) and i.get("area")
                ),
            ],
            constraints=parse_constraints(constraints or ""),
            reason=reason,
        )
        if proposal is None:
            continue
        target = int(proposal.payload["to_key"])
        candidates.append(
            Candidate(
                client=by_id[client_id],
                proposal=proposal,
                changes=[
                    {
                        "prescription": p.pk,
                        "exercise": target,
                        "from": exercise.name,
                        "to": proposal.payload["to"],
                    }
                    for p in prescriptions
                ],
                dedupe_key=f"substitution:{program_id}:{exercise_id}",
                subject=f"exercise:{exercise_id}",
                extra={"exercise_id": exercise_id, "to_exercise_id": target},
            )
        )
    return candidates


def _schedule_changes(clients, inputs: dict, day: date) -> list[Candidate]:
    """Four weeks of steadily training fewer days than planned: the coach is asked whether
    the plan should fit the week the client actually has."""
    candidates = []
    for client in clients:
        planned = inputs["planned"].get(client.pk)
        if not planned:
            continue
        programs = {program for program, _ in planned}
        if len(programs) != 1:
            continue
        pattern = rules.schedule_pattern(
            [when for _, when in planned], inputs["trained"].get(client.pk, []), day
        )
        if pattern is None:
            continue
        proposal = propose_schedule_change(*pattern)
        if proposal is None:
            continue
        (program,) = programs
        payload = proposal.payload
        candidates.append(
            Candidate(
                client=client,
                proposal=proposal,
                changes=[],
                dedupe_key=f"schedule_change:{program}:{payload['from']}-{payload['to']}",
                subject=f"program:{program}",
                coach_decides=True,
                extra={"program": program},
            )
        )
    return candidates


def _subject(recommendation_payload: dict) -> str | None:
    if recommendation_payload.get("exercise_id") is not None:
        return f"exercise:{recommendation_payload['exercise_id']}"
    if recommendation_payload.get("program") is not None:
        return f"program:{recommendation_payload['program']}"
    return None


def _apply(candidates: list[Candidate]) -> None:
    """The automatic ones' edits, grouped: one update per field and value (or new exercise)."""
    groups = defaultdict(list)
    for candidate in candidates:
        for change in candidate.changes:
            if "exercise" in change:
                groups[("exercise_id", change["exercise"])].append(change["prescription"])
            else:
                value = change["to"]
                if change["field"] in ("target_load_kg", "target_rpe"):
                    value = Decimal(str(value))
                groups[(change["field"], value)].append(change["prescription"])
    for (field_name, value), ids in groups.items():
        Prescription.objects.filter(pk__in=ids).update(**{field_name: value})


def propose_adjustments(organization, clients: list, day: date) -> int:
    """Progression, substitution and schedule-change proposals for one chunk of clients, each
    through the tier's review policy. Returns how many recommendations were created."""
    if not clients:
        return 0
    inputs = load_inputs(
        organization, [c.pk for c in clients], day, {c.pk: c.zone_name for c in clients}
    )
    candidates = [
        *_progressions(clients, inputs, day),
        *_substitutions(clients, inputs),
        *_schedule_changes(clients, inputs, day),
    ]
    if not candidates:
        return 0
    now = timezone.now()
    existing = Recommendation.objects.filter(client__in=clients).filter(
        Q(dedupe_key__in=[c.dedupe_key for c in candidates])
        | Q(kind__in=KINDS, status__in=WAITING)
        | Q(kind="deload", created_at__gte=now - timedelta(days=rules.DELOAD_QUIET_DAYS))
    )
    taken_keys, waiting, deloaded = set(), set(), set()
    for client_id, kind, status, key, payload in existing.values_list(
        "client_id", "kind", "status", "dedupe_key", "payload"
    ):
        taken_keys.add((client_id, key))
        if kind == "deload" and status != RecommendationStatus.REJECTED:
            deloaded.add(client_id)
        elif status in WAITING:
            waiting.add((client_id, kind, _subject(payload or {})))
    swapping = {(c.client.pk, c.subject) for c in candidates if c.proposal.kind == SUBSTITUTION} | {
        (client_id, subject) for client_id, kind, subject in waiting if kind == SUBSTITUTION
    }
    decide = review_decisions_for(clients, now)
    levels = inputs["levels"]
    created, automatic, seen = [], [], set()
    for candidate in candidates:
        client, kind = candidate.client, candidate.proposal.kind
        identity = (client.pk, kind, candidate.subject)
        if (client.pk, candidate.dedupe_key) in taken_keys or identity in waiting:
            continue
        if identity in seen:  # one proposal per subject and kind a night
            continue
        level = levels.get(client.pk, "green")
        if kind == PROGRESSION and not rules.progression_allowed(
            level,
            deloaded_recently=client.pk in deloaded,
            being_swapped=(client.pk, candidate.subject) in swapping,
            reason_codes=inputs["reason_codes"].get(client.pk, ()),
            pain_open=client.pk in inputs["pain_open"],
        ):
            continue
        seen.add(identity)
        decision = decide(client, kind, level, coach_decides=candidate.coach_decides)
        status = STATUS_FOR_ACTION[decision.action]
        auto = status == RecommendationStatus.AUTO_APPLIED
        created.append(
            Recommendation(
                organization=organization,
                client=client,
                kind=kind,
                status=status,
                level=level,
                rationale=candidate.proposal.rationale,
                confidence=candidate.proposal.confidence,
                payload={
                    **dict(candidate.proposal.payload),
                    **candidate.extra,
                    "changes": candidate.changes,
                },
                dedupe_key=candidate.dedupe_key,
                source="ai",
                created_at=now,
                due_at=decision.due_at,
                applied_automatically=auto,
                applied_at=now if auto else None,
            )
        )
        if auto:
            automatic.append(candidate)
    # The unique dedupe key makes a second worker on the same chunk fail here (and its chunk
    # roll back) instead of writing a duplicate.
    Recommendation.objects.bulk_create(created)
    _apply(automatic)
    return len(created)
