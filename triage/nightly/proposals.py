"""Every nightly proposal, in one place: the deload, progression, substitution and schedule
change.

``propose_deloads`` and ``propose_adjustments`` run once per batch inside the night's
``score_batch`` (its transaction), after the batch's scores are written. They read their inputs
with one query per table for the whole batch, across its organizations, ask the pure rules
(``programs.core.adjustments``, ``triage.core.proposal_rules``) what to propose, ask the tier's review
policy (``billing.review``, the only reader of tiers) what may apply at once, and write the
recommendations in one insert.
Automatic ones change the plan now (the client's plan page shows them as automatic); the rest
wait for a coach; a client on an automation hold gets every one on hold.

Idempotent: every proposal carries a ``dedupe_key`` (unique per client in the database), and
nothing is proposed about an exercise or a program that already has a pending proposal of its
kind, so rerunning a night (or finishing one a killed worker left) proposes nothing twice.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import pandas as pd
from django.db.models import Q
from django.utils import timezone

from billing.review import review_decisions_for
from coaching.core.localtime import day_start
from coaching.core.traffic_light import GREEN
from coaching.models import Intake
from programs.core.adjustments import (
    DELOAD,
    PROGRESSION,
    SCHEDULE_CHANGE,
    SUBSTITUTION,
    LoggedSet,
    Proposal,
    propose_deload,
    propose_progression,
    propose_schedule_change,
    propose_substitution,
)
from programs.core.exercises import as_library_exercise
from programs.core.library import Injury, body_region, parse_constraints
from programs.core.recommendation_rules import status_for_review_action
from programs.models import (
    Exercise,
    PlannedWorkout,
    Prescription,
    ProgramStatus,
    Recommendation,
    RecommendationSource,
    RecommendationStatus,
    SetLog,
    WorkoutLog,
)
from programs.services import apply_prescription_changes
from triage.core import proposal_rules as rules
from triage.core.scoring import Thresholds
from triage.core.scoring.levels import fatigue_elevated
from triage.models import AdherenceScore, CheckIn, ReviewItem
from triage.nightly import write
from triage.nightly.compute import (
    FATIGUE_WEEKS,
    PERFORMANCE_WEEKS,
    weekly_lift_series,
    weekly_series,
)
from triage.nightly.read import local_dates

KINDS = (PROGRESSION, SUBSTITUTION, SCHEDULE_CHANGE)
DONE_STATUSES = ("completed", "partial")
WAITING = (RecommendationStatus.PENDING_REVIEW, RecommendationStatus.ON_HOLD)


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


def _schedules_from_frames(
    planned: pd.DataFrame, logs: pd.DataFrame, days: dict[int, date], month_starts: dict[int, date]
) -> dict[int, tuple[int, tuple[int, list[int]]]]:
    """Each client's one active program and schedule pattern (``rules.schedule_patterns``) over
    the four weeks to ``days[client]``, from the batch's planned and logs frames (as read:
    ``read.PLANNED_AS_READ`` and the logs), set-wise; clients planned from more than one program
    in those weeks, or without a pattern, are left out."""
    if planned.empty:
        return {}
    active = planned[planned["active"].astype(bool) & planned["client_id"].isin(days)]
    # Days as numbers (days since the epoch): comparing them costs nothing per row.
    when = active["planned_date"].to_numpy().astype("datetime64[D]").astype("int64")
    ids = active["client_id"]
    first = ids.map({pk: rules.day_number(day) for pk, day in month_starts.items()}).to_numpy()
    last = ids.map({pk: rules.day_number(day) for pk, day in days.items()}).to_numpy()
    window = active[(when >= first) & (when <= last)]
    programs = window.groupby("client_id")["program_id"].agg(["min", "max"])
    one_program = programs.loc[programs["min"] == programs["max"], "min"].to_dict()
    done = logs[logs["status"].isin(DONE_STATUSES)] if not logs.empty else logs
    patterns = rules.schedule_patterns(
        window[["client_id", "planned_date"]],
        done[["client_id", "performed_date"]],
        {pk: days[pk] for pk in one_program},
    )
    return {pk: (int(one_program[pk]), pattern) for pk, pattern in patterns.items()}


def _schedules_from_lists(
    planned: dict[int, list[tuple[int, date]]],
    trained: dict[int, list[date]],
    days: dict[int, date],
) -> dict[int, tuple[int, tuple[int, list[int]]]]:
    """``_schedules_from_frames`` from each client's (program, day) planned and days trained
    (read by the queries), client by client."""
    schedules = {}
    for client_id, rows in planned.items():
        programs = {program for program, _ in rows}
        if len(programs) != 1:
            continue
        pattern = rules.schedule_pattern(
            [when for _, when in rows], trained.get(client_id, []), days[client_id]
        )
        if pattern is not None:
            (program,) = programs
            schedules[client_id] = (program, pattern)
    return schedules


def load_inputs(
    clients: list,
    days: dict[int, date],
    assessed: dict[int, tuple[str, set]] | None = None,
    logs: pd.DataFrame | None = None,
    planned_frame: pd.DataFrame | None = None,
) -> dict:
    """The batch's inputs: one query per table, whatever the number of clients or organizations
    (each query names the clients' organizations). Days are each client's local days, up to
    their scored day ``days[client id]``. ``assessed``: each client's level and reason codes
    tonight, when the caller has them (else read from the stored scores). ``logs`` and
    ``planned_frame``: the batch's logs frame and planned sessions as read
    (``triage.nightly.read.load_batch``; planned sessions with their program and whether it is
    active, before the days not yet over for a client are dropped: ``read.PLANNED_AS_READ``),
    when the caller has them: the schedule patterns are computed from them set-wise instead of
    read again."""
    client_ids = {c.pk for c in clients}
    organization_ids = sorted({c.organization_id for c in clients})
    zones = {c.pk: c.zone_name for c in clients}
    names = set(zones.values()) or {"UTC"}
    first, last = min(days.values()), max(days.values())

    def since(first: date) -> datetime:
        return min(day_start(first, name) for name in names)

    def local_days(rows: list[tuple], client: int = 0, moment: int = 1) -> list[date]:
        """Each row's local day of its instant (column ``moment``) in its client's zone (column
        ``client``): one vectorized conversion per zone, not one per row."""
        if not rows:
            return []
        frame = pd.DataFrame(
            {"client_id": [r[client] for r in rows], "at": [r[moment] for r in rows]}
        )
        return local_dates(frame, "at", zones).dt.date.tolist()

    def month_start(day: date) -> date:
        return day - timedelta(days=7 * rules.SCHEDULE_PATTERN_WEEKS - 1)

    month_starts = {pk: month_start(day) for pk, day in days.items()}

    # Each table is read from the start of its window to the end of the last day, in the
    # clients' zones (the widest range over them); each client's rows are kept to their own days.
    until = max(day_start(last + timedelta(days=1), name) for name in names)
    levels, reason_codes = {}, {}
    if assessed is not None:
        for client_id, (level, codes) in assessed.items():
            levels[client_id], reason_codes[client_id] = level, set(codes)
    else:
        for client_id, scored_on, level, reasons in AdherenceScore.unscoped.filter(
            organization_id__in=organization_ids,
            client_id__any=client_ids,
            date__in=set(days.values()),
        ).values_list("client_id", "date", "level", "reasons"):
            if scored_on != days[client_id]:
                continue
            levels[client_id] = level
            reason_codes[client_id] = {r.get("code") for r in reasons or [] if isinstance(r, dict)}
    pain_open = set(
        ReviewItem.unscoped.filter(
            organization_id__in=organization_ids,
            client_id__any=client_ids,
            status="open",
            reason_kind__in=rules.PAIN_REASON_KINDS,
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
        for row in Prescription.unscoped.filter(
            organization_id__in=organization_ids,
            workout__client_id__any=client_ids,
            workout__program__status=ProgramStatus.ACTIVE,
            workout__planned_date__gt=first,
            workout__planned_date__lte=last + timedelta(days=rules.SUBSTITUTION_WINDOW_DAYS),
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
        if days[row["workout__client_id"]]
        < row["workout__planned_date"]
        <= days[row["workout__client_id"]] + timedelta(days=rules.SUBSTITUTION_WINDOW_DAYS)
    ]
    if planned_frame is not None and logs is not None:
        schedules = _schedules_from_frames(planned_frame, logs, days, month_starts)
    else:
        planned = defaultdict(list)  # client -> [(program, planned date)] of the last four weeks
        for client_id, program_id, planned_date in PlannedWorkout.unscoped.filter(
            organization_id__in=organization_ids,
            client_id__any=client_ids,
            program__status=ProgramStatus.ACTIVE,
            planned_date__gte=month_start(first),
            planned_date__lte=last,
        ).values_list("client_id", "program_id", "planned_date"):
            if month_starts[client_id] <= planned_date <= days[client_id]:
                planned[client_id].append((program_id, planned_date))
        trained = defaultdict(list)
        logged = list(
            WorkoutLog.unscoped.filter(
                organization_id__in=organization_ids,
                client_id__any=client_ids,
                status__in=DONE_STATUSES,
                performed_at__gte=since(month_start(first)),
                performed_at__lt=until,
            ).values_list("client_id", "performed_at")
        )
        for (client_id, _), performed_on in zip(logged, local_days(logged), strict=True):
            if month_starts[client_id] <= performed_on <= days[client_id]:
                trained[client_id].append(performed_on)
        schedules = _schedules_from_lists(planned, trained, days)
    # (client, exercise) -> [LoggedSet]: only what the progression rule reads, the sets of
    # exercises coming up in each client's plan.
    sets = defaultdict(list)
    coming_up = {(p.client_id, p.exercise_id) for p in upcoming}
    set_rows = (
        [
            row
            for row in SetLog.unscoped.filter(
                organization_id__in=organization_ids,
                log__client_id__any={client for client, _ in coming_up},
                exercise_id__any={exercise for _, exercise in coming_up},
                log__status__in=DONE_STATUSES,
                log__performed_at__gte=since(
                    first - timedelta(days=rules.PROGRESSION_LOOKBACK_DAYS)
                ),
                log__performed_at__lt=until,
                is_warmup=False,
            ).values_list(
                "log__client_id", "exercise_id", "log__performed_at", "reps", "load_kg", "rpe"
            )
            if (row[0], row[1]) in coming_up
        ]
        if coming_up
        else []
    )
    for row, performed_on in zip(set_rows, local_days(set_rows, 0, 2), strict=True):
        client_id, exercise_id, _, reps, load_kg, rpe = row
        if performed_on > days[client_id]:
            continue
        sets[(client_id, exercise_id)].append(
            LoggedSet(
                reps=reps, load_kg=float(load_kg), rpe=_number(rpe), performed_on=performed_on
            )
        )
    pains = defaultdict(list)
    pain_rows = list(
        CheckIn.unscoped.filter(
            organization_id__in=organization_ids,
            client_id__any=client_ids,
            created_at__gte=since(first - timedelta(days=rules.PAIN_LOOKBACK_DAYS)),
            created_at__lt=until,
            pain__isnull=False,
        ).values_list("client_id", "created_at", "pain")
    )
    for (client_id, _, pain), reported_on in zip(pain_rows, local_days(pain_rows), strict=True):
        if (
            isinstance(pain, dict)
            and pain.get("area")
            and days[client_id] - timedelta(days=rules.PAIN_LOOKBACK_DAYS)
            <= reported_on
            <= days[client_id]
        ):
            pains[client_id].append(
                rules.PainReport(
                    area=str(pain["area"]).strip().lower(),
                    severity=int(pain.get("severity") or 0),
                    reported_on=reported_on,
                    exercise_id=pain.get("related_exercise"),
                )
            )
    intakes = {}
    for client_id, equipment, injuries, constraints in (
        Intake.unscoped.filter(
            organization_id__in=organization_ids, client_id__any=client_ids, status="approved"
        )
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
        "schedules": schedules,
        "sets": sets,
        "pains": pains,
        "intakes": intakes,
    }


def _progressions(clients, inputs: dict, days: dict[int, date]) -> list[Candidate]:
    """For each exercise of next week's sessions, the first prescription against the client's
    last session of it; the change covers next week's prescriptions of the exercise."""
    by_client_exercise = defaultdict(list)
    for p in inputs["upcoming"]:
        if rules.within(p.planned_date, days[p.client_id], rules.PROGRESSION_WINDOW_DAYS):
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
    # The library and the clients' organizations' own exercises: one query. Each client chooses
    # from the library and their own organization's.
    exercises = {
        e.pk: e
        for e in Exercise.unscoped.filter(
            Q(organization__isnull=True)
            | Q(organization_id__in={c.organization_id for c in clients})
        )
    }
    library_of = [(e.organization_id, as_library_exercise(e)) for e in exercises.values()]
    libraries = {
        owner: [entry for owned, entry in library_of if owned in (None, owner)]
        for owner in {c.organization_id for c in clients}
    }
    by_id = {c.pk: c for c in clients}
    groups = defaultdict(list)
    for p in inputs["upcoming"]:
        groups[(p.client_id, p.program_id, p.exercise_id)].append(p)
    candidates = []
    for (client_id, program_id, exercise_id), prescriptions in groups.items():
        current = exercises.get(exercise_id)
        owner = by_id[client_id].organization_id
        library = libraries[owner]
        if current is None or current.organization_id not in (None, owner):
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


def _schedule_changes(clients, inputs: dict, days: dict[int, date]) -> list[Candidate]:
    """Four weeks of steadily training fewer days than planned: the coach is asked whether
    the plan should fit the week the client actually has."""
    candidates = []
    for client in clients:
        schedule = inputs["schedules"].get(client.pk)
        if schedule is None:
            continue
        program, pattern = schedule
        proposal = propose_schedule_change(*pattern)
        if proposal is None:
            continue
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
    """The automatic ones' edits, written the one way prescriptions change (the batch's
    organizations at once)."""
    apply_prescription_changes(
        (change for candidate in candidates for change in candidate.changes),
        across_organizations=True,
    )


def _recommendation(
    client, proposal: Proposal, *, status, level, payload, dedupe_key, due_at, now
) -> dict:
    """The AI's recommendation of ``proposal`` to ``client`` as a row to insert."""
    auto = status == RecommendationStatus.AUTO_APPLIED
    return {
        "organization_id": client.organization_id,
        "client_id": client.pk,
        "kind": proposal.kind,
        "status": status,
        "level": level,
        "rationale": proposal.rationale,
        "confidence": proposal.confidence,
        "payload": payload,
        "dedupe_key": dedupe_key,
        "source": RecommendationSource.AI,
        "created_at": now,
        "due_at": due_at,
        "applied_automatically": auto,
        "applied_at": now if auto else None,
    }


def propose_adjustments(
    clients: list,
    days: dict[int, date],
    assessed: dict[int, tuple[str, set]] | None = None,
    logs: pd.DataFrame | None = None,
    planned: pd.DataFrame | None = None,
) -> int:
    """Progression, substitution and schedule-change proposals for one batch of clients (of one
    organization or several; ``days``: each client's scored day; ``assessed``: tonight's level
    and reason codes of each, and ``logs`` and ``planned``: the batch's logs and planned
    frames as read, when the caller has them),
    each through the tier's review policy. Returns how many recommendations were created."""
    if not clients:
        return 0
    inputs = load_inputs(clients, days, assessed, logs, planned)
    candidates = [
        *_progressions(clients, inputs, days),
        *_substitutions(clients, inputs),
        *_schedule_changes(clients, inputs, days),
    ]
    if not candidates:
        return 0
    now = timezone.now()
    existing = Recommendation.unscoped.filter(
        organization_id__in={c.organization_id for c in clients},
        client_id__any={c.pk for c in clients},
    ).filter(
        Q(dedupe_key__in=[c.dedupe_key for c in candidates])
        | Q(kind__in=KINDS, status__in=WAITING)
        | Q(kind=DELOAD, created_at__gte=now - timedelta(days=rules.DELOAD_QUIET_DAYS))
    )
    taken_keys, waiting, deloaded = set(), set(), set()
    for client_id, kind, status, key, payload in existing.values_list(
        "client_id", "kind", "status", "dedupe_key", "payload"
    ):
        taken_keys.add((client_id, key))
        if kind == DELOAD and status != RecommendationStatus.REJECTED:
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
        level = levels.get(client.pk, GREEN)
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
        status = status_for_review_action(decision.action)
        auto = status == RecommendationStatus.AUTO_APPLIED
        created.append(
            _recommendation(
                client,
                candidate.proposal,
                status=status,
                level=level,
                payload={
                    **dict(candidate.proposal.payload),
                    **candidate.extra,
                    "changes": candidate.changes,
                },
                dedupe_key=candidate.dedupe_key,
                due_at=decision.due_at,
                now=now,
            )
        )
        if auto:
            automatic.append(candidate)
    # The unique dedupe key makes a second worker on the same chunk fail here (and its chunk
    # roll back) instead of writing a duplicate.
    write.insert_rows(Recommendation, created)
    _apply(automatic)
    return len(created)


def propose_deloads(
    flagged,
    inputs: dict,
    days: dict[int, date],
    rows: dict[int, dict] | None = None,
    thresholds: dict[int, Thresholds] | None = None,
) -> int:
    """For flagged clients (``(client, assessment)`` pairs, of one organization or several)
    whose fatigue or performance calls for it (programs.core.adjustments, given each main lift's
    weekly e1RM and whether the night found fatigue up beyond the client's spread), the AI
    proposes a deload week; the tier's review policy decides whether it applies now (sets of
    next week's prescriptions lowered by one) or waits for a coach. ``days``: each client's
    scored day; ``thresholds``: each organization's. A constant number of queries."""
    # Any flagged client may need one; propose_deload (the pure rule) decides from the data.
    candidates = list(flagged)
    if not candidates:
        return 0
    organization_ids = {client.organization_id for client, _ in candidates}
    fatigue, readiness, lifts = {}, {}, {}
    by_day = defaultdict(list)
    for client, _ in candidates:
        by_day[days[client.pk]].append(client.pk)
    for day, ids in by_day.items():
        checkins = inputs["checkins"]
        fatigue.update(weekly_series(checkins, "date", "fatigue", day, FATIGUE_WEEKS, ids))
        readiness.update(weekly_series(checkins, "date", "readiness", day, FATIGUE_WEEKS, ids))
        lifts.update(weekly_lift_series(inputs["lift_sets"], day, PERFORMANCE_WEEKS, ids))
    lift_keys = {int(key) for series in lifts.values() for key in series if key.isdigit()}
    lift_names = (
        {
            str(pk): name
            for pk, name in Exercise.unscoped.filter(pk__any=lift_keys).values_list("pk", "name")
        }
        if lift_keys
        else {}
    )
    rows = rows or {}
    thresholds = thresholds or {}

    def week_key(day: date) -> str:
        return f"deload:{day.isocalendar().year}-{day.isocalendar().week}"

    already = set(
        Recommendation.unscoped.filter(
            organization_id__in=organization_ids,
            client_id__any={c.pk for c, _ in candidates},
            dedupe_key__in={week_key(day) for day in by_day},
        ).values_list("client_id", "dedupe_key")
    )
    proposals = []
    for client, assessment in candidates:
        day = days[client.pk]
        if (client.pk, week_key(day)) in already:
            continue
        proposal = propose_deload(
            fatigue.get(client.pk, []),
            {lift_names.get(key, key): values for key, values in lifts.get(client.pk, {}).items()},
            readiness.get(client.pk, []),
            fatigue_elevated=fatigue_elevated(
                rows.get(client.pk, {}), thresholds.get(client.organization_id)
            ),
        )
        if proposal is not None:
            proposals.append((client, assessment, proposal))
    if not proposals:
        return 0
    # Next week's prescriptions of every client proposed a deload: one query.
    next_week = defaultdict(list)
    for pk, client_id, sets, planned_date in (
        Prescription.unscoped.filter(
            organization_id__in=organization_ids,
            workout__client_id__any={client.pk for client, _, _ in proposals},
            workout__program__status=ProgramStatus.ACTIVE,
            workout__planned_date__gt=min(days[c.pk] for c, _, _ in proposals),
            workout__planned_date__lte=max(days[c.pk] for c, _, _ in proposals) + timedelta(days=7),
        )
        .order_by("pk")
        .values_list("pk", "workout__client_id", "sets", "workout__planned_date")
    ):
        day = days[client_id]
        if day < planned_date <= day + timedelta(days=7):
            next_week[client_id].append((pk, sets))
    now = timezone.now()
    decide = review_decisions_for([client for client, _, _ in proposals], now)
    created, automatic = [], []
    for client, assessment, proposal in proposals:
        decision = decide(client, DELOAD, assessment.level)
        status = status_for_review_action(decision.action)
        auto = status == RecommendationStatus.AUTO_APPLIED
        changes = [
            {"prescription": pk, "field": "sets", "from": sets, "to": max(1, sets - 1)}
            for pk, sets in next_week.get(client.pk, [])
        ]
        created.append(
            _recommendation(
                client,
                proposal,
                status=status,
                level=assessment.level,
                payload={**dict(proposal.payload), "changes": changes},
                dedupe_key=week_key(days[client.pk]),
                due_at=decision.due_at,
                now=now,
            )
        )
        if auto:
            automatic.append(Candidate(client, proposal, changes, "", ""))
    write.insert_rows(Recommendation, created)
    _apply(automatic)
    return len(created)
