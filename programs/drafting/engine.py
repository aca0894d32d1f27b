"""The drafting engine: intake + segment + exercise library → a block of training that explains
itself. Pure: no Django, no randomness (the same request always drafts the same program).

The steps, each a small rule stated where it lives:
1. rank the goals (``GOAL_PRIORITY``): the first shapes the main lifts, the second the
   accessories, endurance / fat loss add conditioning and sport performance adds jumps;
2. choose the block length and whether it ends in a deload (``block_weeks``, ``needs_deload``);
3. choose the split and the days (``splits.choose_split``, ``splits.SESSION_DAY_OFFSETS``);
4. keep the exercises the client may do (``selection.exclusions``) and fill each session's
   slots by movement pattern, as many as the session's minutes allow (``_fill_session``);
5. dose each exercise and progress it week by week (``dosing``);
6. write the rationale a coach reads and the monitoring rules the nightly job applies.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta

from programs.adjustments import (
    HIGH_FATIGUE,
    HIGH_FATIGUE_WEEKS,
    PERFORMANCE_DROP_FRACTION,
    PERFORMANCE_DROP_WEEKS,
    SCHEDULE_PATTERN_WEEKS,
    SCHEDULE_RELIABLE_WEEKS,
)
from programs.drafting.dosing import (
    CARRY_SCHEME,
    CONDITIONING,
    CONDITIONING_SCHEMES,
    DELOAD_LOAD_FACTOR,
    DELOAD_RPE_DROP,
    DELOAD_SET_FACTOR,
    HOLD_SCHEME,
    MAIN,
    MOBILITY_ROLE,
    MOBILITY_SCHEME,
    NOVICE_RPE_CAP,
    POWER,
    POWER_SCHEME,
    RECOVERY,
    RECOVERY_CARDIO_SCHEME,
    RISK_RPE_CAP,
    SHORT_SESSION_MINUTES,
    Dose,
    RepScheme,
    deload_dose,
    first_dose,
    fits_sets,
    minutes_for,
    next_dose,
    scheme_for,
    temper,
)
from programs.drafting.selection import (
    ClientFit,
    candidates,
    client_fit,
    describe_exclusions,
    exclusions,
    pick,
)
from programs.drafting.splits import (
    FULL_BODY,
    SESSION_DAY_OFFSETS,
    SessionTemplate,
    Slot,
    choose_split,
    with_goal_slots,
)
from programs.drafting.types import (
    GOAL_TEXT,
    MINUTES,
    REPS,
    SECONDS,
    DraftedProgram,
    DraftedWeek,
    DraftedWorkout,
    DraftingError,
    DraftRequest,
    Prescription,
    RationaleItem,
)
from programs.e1rm import LOAD_INCREMENT_LOWER_KG, LOAD_INCREMENT_UPPER_KG
from programs.library import (
    BODY_ONLY,
    CARRY,
    INJURY_AREAS,
    LOWER_BODY_MUSCLES,
    MOBILITY,
    PATTERN_TEXT,
    UPPER_BODY_MUSCLES,
    LibraryExercise,
    loads_injured_area,
)

# Safety first, then the goals that most constrain the rep scheme.
GOAL_PRIORITY = (
    "rehab_return",
    "strength",
    "sport_performance",
    "muscle",
    "endurance",
    "fat_loss",
    "general_fitness",
)
# Block length when the coach does not set one: longer for lifters who need longer to adapt;
# a high-risk or returning client gets a short block so the coach reviews it sooner.
DEFAULT_WEEKS = {"novice": 4, "intermediate": 5, "advanced": 6}
CAUTIOUS_WEEKS = 4
# Every block of this many weeks ends in a deload; for intermediate and advanced lifters
# (heavier relative loads, more fatigue) from this many.
DELOAD_FROM_WEEKS = 5
DELOAD_FROM_WEEKS_TRAINED = 4
# Minutes of general warm-up before the first exercise (less in very short sessions).
WARMUP_MINUTES = 8
SHORT_WARMUP_MINUTES = 4
# Novices learn a few movements well; more experienced lifters can use more exercises.
MAX_EXERCISES_PER_SESSION = {"novice": 5, "intermediate": 7, "advanced": 8}
# Monitoring thresholds quoted in the rules the program carries.
RPE_OVER_TARGET_FLAG = 1.0
PAIN_FLAG_OUT_OF_10 = 3
LOW_COMPLETION_14D = 0.75
MAX_NOTES_CHARS = 300

# Body-weight exercises that still need something to hang from.
NEEDS_A_BAR = re.compile(r"pull-?ups?\b|chin-?ups?\b|inverted row|hanging|muscle up")

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def rank_goals(goals: Sequence[str]) -> tuple[str, ...]:
    """The client's goals in ``GOAL_PRIORITY`` order: the first drives the main lifts."""
    return tuple(sorted(dict.fromkeys(goals), key=GOAL_PRIORITY.index))


def block_weeks(request: DraftRequest) -> tuple[int, str]:
    """The coach's block length when given; else 4 weeks for high-risk or returning clients
    and ``DEFAULT_WEEKS`` by experience otherwise."""
    if request.weeks is not None:
        return request.weeks, f"The block is {request.weeks} weeks, as requested."
    if request.risk == "high" or "rehab_return" in request.goals:
        why = "high risk" if request.risk == "high" else "a return from injury"
        return (
            CAUTIOUS_WEEKS,
            f"A {CAUTIOUS_WEEKS}-week block because of {why}: the coach reviews the next one "
            "with real logs in hand.",
        )
    weeks = DEFAULT_WEEKS[request.experience]
    return (
        weeks,
        f"A {weeks}-week block, the default for {_a(request.experience)} lifter: long enough to "
        "progress, short enough to re-plan from real logs.",
    )


def needs_deload(weeks: int, experience: str) -> bool:
    """A block of ``DELOAD_FROM_WEEKS``+ weeks ends in a deload week, and so does one of
    ``DELOAD_FROM_WEEKS_TRAINED``+ weeks for an intermediate or advanced lifter."""
    if weeks >= DELOAD_FROM_WEEKS:
        return True
    return experience != "novice" and weeks >= DELOAD_FROM_WEEKS_TRAINED


@dataclass(frozen=True)
class _Context:
    request: DraftRequest
    main_goal: str
    accessory_goal: str
    conditioning_goal: str | None
    rehab: bool
    short: bool
    available_minutes: float
    max_exercises: int


@dataclass(frozen=True)
class _Entry:
    exercise: LibraryExercise
    slot: Slot
    scheme: RepScheme


@dataclass
class _Session:
    template: SessionTemplate
    entries: list[_Entry] = field(default_factory=list)
    missing_patterns: list[str] = field(default_factory=list)
    left_for_time: list[str] = field(default_factory=list)
    minutes: float = 0.0
    fallback: bool = False


def _scheme(slot: Slot, exercise: LibraryExercise, ctx: _Context) -> RepScheme:
    if slot.role in (POWER, CONDITIONING, RECOVERY, MOBILITY_ROLE):
        base = scheme_for(slot.role, ctx.conditioning_goal or "fat_loss")
    elif exercise.pattern == CARRY:
        base = CARRY_SCHEME
    elif exercise.force == "static" or exercise.pattern == MOBILITY:
        base = HOLD_SCHEME
    else:
        goal = ctx.main_goal if slot.role == MAIN else ctx.accessory_goal
        base = scheme_for(slot.role, goal)
    request = ctx.request
    return temper(
        base, experience=request.experience, risk=request.risk, rehab=ctx.rehab, short=ctx.short
    )


def _fill_session(
    template: SessionTemplate, allowed: Sequence[LibraryExercise], fit: ClientFit, ctx: _Context
) -> _Session:
    """Slots in priority order: each takes its pick among the allowed exercises of its pattern
    not already in the session; it is left out when nothing fits (noted), when the session
    already has its maximum of exercises, or when its minutes no longer fit. The first
    exercise always goes in, with fewer sets if the session is very short."""
    session = _Session(template)
    used: set[str] = set()
    for slot in template.slots:
        ranked = candidates(slot.pattern, allowed, slot, fit)
        if not ranked:
            session.missing_patterns.append(slot.pattern)
            continue
        exercise = pick(ranked, slot, used)
        if exercise is None:
            continue
        scheme = _scheme(slot, exercise, ctx)
        cost = minutes_for(scheme)
        if len(session.entries) >= ctx.max_exercises:
            session.left_for_time.append(exercise.name)
            continue
        if session.minutes + cost > ctx.available_minutes:
            if session.entries:
                session.left_for_time.append(exercise.name)
                continue
            sets = min(scheme.sets, fits_sets(scheme, ctx.available_minutes))
            scheme = replace(scheme, sets=sets)
            cost = minutes_for(scheme)
        session.entries.append(_Entry(exercise, slot, scheme))
        session.minutes += cost
        used.add(exercise.key)
    return session


def draft_program(request: DraftRequest, library: Sequence[LibraryExercise]) -> DraftedProgram:
    """Draft a block for the client from the given library (see the module docstring for the
    steps). Raises ``DraftingError`` when no session can hold a single exercise."""
    goals = rank_goals(request.goals)
    main_goal = goals[0]
    accessory_goal = goals[1] if len(goals) > 1 else goals[0]
    rehab = "rehab_return" in goals
    weeks, weeks_why = block_weeks(request)
    deload = needs_deload(weeks, request.experience)
    split = choose_split(request.sessions_per_week, request.session_minutes)
    power = "sport_performance" in goals and request.risk != "high" and not rehab
    conditioning_goal = next((g for g in ("endurance", "fat_loss") if g in goals), None)
    short = request.session_minutes <= SHORT_SESSION_MINUTES
    warmup = SHORT_WARMUP_MINUTES if short else WARMUP_MINUTES
    ctx = _Context(
        request=request,
        main_goal=main_goal,
        accessory_goal=accessory_goal,
        conditioning_goal=conditioning_goal,
        rehab=rehab,
        short=short,
        available_minutes=request.session_minutes - warmup,
        max_exercises=MAX_EXERCISES_PER_SESSION[request.experience],
    )
    fit = client_fit(
        request.equipment,
        request.injuries,
        request.constraints,
        request.experience,
        request.risk,
        request.e1rm_by_exercise,
    )
    ordered = sorted(library, key=lambda exercise: (exercise.name, exercise.key))
    allowed = [exercise for exercise in ordered if not exclusions(exercise, fit)]

    def shaped(template: SessionTemplate) -> SessionTemplate:
        return with_goal_slots(
            template,
            power=power,
            conditioning=conditioning_goal,
            conditioning_early=main_goal == "endurance",
        )

    sessions = [_fill_session(shaped(t), allowed, fit, ctx) for t in split.sessions]
    if not any(session.entries for session in sessions):
        raise DraftingError(
            "No exercise in the library fits this client: "
            + " ".join(describe_exclusions(ordered, fit))
        )
    for index, session in enumerate(sessions):
        if not session.entries:
            refill = _fill_session(shaped(FULL_BODY), allowed, fit, ctx)
            refill.template = SessionTemplate(session.template.name, refill.template.slots)
            refill.fallback = True
            refill.missing_patterns = session.missing_patterns
            sessions[index] = refill

    drafted_weeks = _draft_weeks(request, sessions, weeks, deload)
    rationale = _rationale(
        request,
        goals=goals,
        split_name=split.name,
        split_why=split.why,
        weeks=weeks,
        weeks_why=weeks_why,
        deload=deload,
        sessions=sessions,
        library=ordered,
        allowed=allowed,
        fit=fit,
        ctx=ctx,
        warmup=warmup,
        power=power,
    )
    goal_names = " + ".join(GOAL_TEXT[g] for g in goals[:2])
    n = request.sessions_per_week
    name = (
        f"{goal_names[:1].upper()}{goal_names[1:]}: {split.name}, "
        f"{n} day{'s' if n > 1 else ''} a week, {weeks} week{'s' if weeks > 1 else ''}"
    )
    return DraftedProgram(
        name=name,
        weeks=drafted_weeks,
        rationale=tuple(rationale),
        monitoring_rules=tuple(_monitoring_rules(request, fit)),
    )


# --- Weeks, doses and notes -----------------------------------------------------------------
def _dose_series(entry: _Entry, request: DraftRequest, weeks: int, deload: bool) -> list[Dose]:
    e1rm = request.e1rm_by_exercise.get(entry.exercise.key)
    first = first_dose(entry.scheme, e1rm)
    series, loading = [first], first
    for week in range(2, weeks + 1):
        if deload and week == weeks:
            series.append(deload_dose(loading, first))
            continue
        loading = next_dose(
            loading,
            entry.scheme,
            double_progression=request.experience == "novice",
            e1rm_kg=e1rm,
            region=entry.exercise.region,
        )
        series.append(loading)
    return series


def _draft_weeks(
    request: DraftRequest, sessions: list[_Session], weeks: int, deload: bool
) -> tuple[DraftedWeek, ...]:
    offsets = SESSION_DAY_OFFSETS[request.sessions_per_week]
    doses = [
        [_dose_series(entry, request, weeks, deload) for entry in session.entries]
        for session in sessions
    ]
    past_areas = sorted(
        {i.area.strip().lower() for i in request.injuries if not i.current}
        - {i.area.strip().lower() for i in request.injuries if i.current}
    )
    drafted = []
    for week in range(1, weeks + 1):
        is_deload = deload and week == weeks
        workouts = []
        for position, session in enumerate(sessions):
            prescriptions = tuple(
                _prescription(
                    entry,
                    doses[position][i][week - 1],
                    request=request,
                    is_deload=is_deload,
                    first_main=i == _first_main_index(session),
                    past_areas=past_areas,
                )
                for i, entry in enumerate(session.entries)
            )
            workouts.append(
                DraftedWorkout(
                    day_index=position + 1,
                    planned_date=request.start_date
                    + timedelta(days=7 * (week - 1) + offsets[position]),
                    name=session.template.name,
                    focus=_focus(session),
                    prescriptions=prescriptions,
                )
            )
        drafted.append(DraftedWeek(index=week, is_deload=is_deload, workouts=tuple(workouts)))
    return tuple(drafted)


def _first_main_index(session: _Session) -> int | None:
    return next((i for i, e in enumerate(session.entries) if e.slot.role == MAIN), None)


def _focus(session: _Session) -> str:
    patterns = dict.fromkeys(entry.exercise.pattern for entry in session.entries)
    return ", ".join(PATTERN_TEXT[p] for p in patterns)


def _prescription(
    entry: _Entry,
    dose: Dose,
    *,
    request: DraftRequest,
    is_deload: bool,
    first_main: bool,
    past_areas: list[str],
) -> Prescription:
    exercise, scheme = entry.exercise, entry.scheme
    notes = []
    if is_deload:
        notes.append("Deload week: lighter and fewer sets, finish fresh.")
    if scheme.unit == SECONDS:
        notes.append("Reps are seconds per set (each side if one-sided).")
    elif scheme.unit == MINUTES:
        notes.append("Reps are minutes of continuous work.")
    if first_main:
        notes.append("Warm up with 2-3 lighter sets first.")
    if NEEDS_A_BAR.search(exercise.name.lower()):
        notes.append("Needs a bar to hang from (a sturdy table works for rows).")
    if scheme.unit == REPS and dose.load_kg is None:
        reserve = 10 - dose.rpe
        if exercise.equipment == BODY_ONLY:
            notes.append(
                f"Adjust range, tempo or assistance to finish about {reserve:g} reps short of failure."
            )
        else:
            notes.append(f"Pick a load that leaves about {reserve:g} reps in reserve.")
    if scheme.unit == REPS and request.experience == "novice" and not is_deload:
        notes.append(f"When every set reaches {dose.reps_max} reps, the load goes up.")
    if "rehab_return" in request.goals:
        notes.append("Slow, controlled reps in a pain-free range.")
    for area in past_areas:
        if loads_injured_area(exercise, area):
            notes.append(f"Past {area} injury: stop and tell your coach if it hurts.")
    text = " ".join(notes)
    if len(text) > MAX_NOTES_CHARS:
        text = text[: MAX_NOTES_CHARS - 1].rstrip() + "…"
    timed = scheme.unit != REPS
    return Prescription(
        exercise_key=exercise.key,
        exercise_name=exercise.name,
        sets=dose.sets,
        reps_min=dose.reps_min,
        reps_max=dose.reps_max,
        target_rpe=dose.rpe,
        target_load_kg=None if timed else dose.load_kg,
        rest_seconds=scheme.rest_seconds,
        notes=text,
        pattern=exercise.pattern,
        rep_unit=scheme.unit,
    )


# --- Rationale ------------------------------------------------------------------------------
def _range(scheme: RepScheme) -> str:
    unit = {REPS: "reps", SECONDS: "s", MINUTES: "min"}[scheme.unit]
    return (
        f"{scheme.sets} × {scheme.reps_min}–{scheme.reps_max} {unit} at RPE "
        f"{scheme.rpe_start:g} rising to at most {scheme.rpe_cap:g}, {scheme.rest_seconds} s rest"
    )


def _rationale(
    request: DraftRequest,
    *,
    goals: tuple[str, ...],
    split_name: str,
    split_why: str,
    weeks: int,
    weeks_why: str,
    deload: bool,
    sessions: list[_Session],
    library: list[LibraryExercise],
    allowed: list[LibraryExercise],
    fit: ClientFit,
    ctx: _Context,
    warmup: int,
    power: bool,
) -> list[RationaleItem]:
    items: list[RationaleItem] = []

    def add(topic: str, text: str) -> None:
        items.append(RationaleItem(topic, text))

    n, minutes = request.sessions_per_week, request.session_minutes
    main_goal, accessory_goal = ctx.main_goal, ctx.accessory_goal
    goal_text = f"Main goal: {GOAL_TEXT[main_goal]}, which sets the main lifts' rep scheme."
    if accessory_goal != main_goal:
        goal_text += f" Accessories follow the next goal, {GOAL_TEXT[accessory_goal]}."
    if ctx.conditioning_goal:
        where = (
            "third in each session" if main_goal == "endurance" else "at the end of each session"
        )
        goal_text += (
            f" {GOAL_TEXT[ctx.conditioning_goal].capitalize()} adds a conditioning piece {where} "
            "when the time and the client's equipment allow."
        )
    if power:
        goal_text += " Sport performance adds a jump or throw first on lower-body days."
    elif "sport_performance" in goals:
        goal_text += " Jumps are left out for sport performance: the risk level or a return from injury rules them out."
    add("goals", goal_text)
    add(
        "split",
        f"{n} session{'s' if n > 1 else ''} a week of {minutes} minutes: {split_name}. "
        f"{split_why[:1].upper()}{split_why[1:]}.",
    )
    days = [
        WEEKDAYS[(request.start_date.weekday() + offset) % 7] for offset in SESSION_DAY_OFFSETS[n]
    ]
    add(
        "schedule",
        f"Sessions fall on {', '.join(days)}, starting {request.start_date.isoformat()}: spread "
        "through the week with rest days between sessions where the count allows.",
    )
    add("block", weeks_why)

    level_text = {
        "novice": "a novice gets beginner-level variations ahead of intermediate ones, never "
        f"expert work, and at most {MAX_EXERCISES_PER_SESSION['novice']} exercises a session",
        "intermediate": "an intermediate lifter gets beginner and intermediate variations, no "
        f"expert-level work, at most {MAX_EXERCISES_PER_SESSION['intermediate']} exercises a session",
        "advanced": "an advanced lifter may get expert-level and Olympic variations, at most "
        f"{MAX_EXERCISES_PER_SESSION['advanced']} exercises a session",
    }[request.experience]
    if request.risk == "high":
        level_text += "; high risk rules out expert-level and Olympic lifts"
    familiar = " exercises the client already logs, then" if request.e1rm_by_exercise else ""
    add(
        "exercise_selection",
        f"{len(allowed)} of {len(library)} library exercises fit the client's equipment, "
        "injuries, constraints and level. Each session fills its slots by movement pattern, "
        f"preferring{familiar} curated staples; {level_text}.",
    )
    for session in sessions:
        names = ", ".join(entry.exercise.name for entry in session.entries)
        add("exercise_selection", f"{session.template.name}: {names}.")
    for sentence in describe_exclusions(library, fit):
        add("exclusions", sentence)

    missing: dict[str, list[str]] = {}
    for session in sessions:
        for pattern in session.missing_patterns:
            missing.setdefault(pattern, [])
            if session.template.name not in missing[pattern]:
                missing[pattern].append(session.template.name)
    for pattern, names in missing.items():
        add(
            "skipped_patterns",
            f"No {PATTERN_TEXT[pattern]} exercise fits the client's equipment, injuries and "
            f"constraints, so {', '.join(names)} skip{'s' if len(names) == 1 else ''} that slot.",
        )
    for session in sessions:
        if session.fallback:
            add(
                "skipped_patterns",
                f"Nothing fit {session.template.name}'s own slots, so it is a full-body session.",
            )

    estimates = sorted(round(session.minutes) for session in sessions)
    counts = sorted(len(session.entries) for session in sessions)
    length_text = (
        f"{minutes}-minute sessions: {warmup} minutes of warm-up, then {_span(counts)} "
        f"exercise{'' if counts[-1] == 1 else 's'} (an estimated {_span(estimates)} minutes of "
        "work including rests)."
    )
    dropped = sorted({name for s in sessions for name in s.left_for_time})
    if dropped:
        length_text += (
            " Lower-priority exercises were left out of some sessions to fit the time or the "
            f"{ctx.max_exercises}-exercise cap ({', '.join(dropped[:4])}"
            f"{'…' if len(dropped) > 4 else ''})."
        )
    if ctx.short:
        length_text += " Short sessions cap rests at 90 s and sets at 3."
    add("session_length", length_text)

    main_scheme = _tempered(scheme_for(MAIN, main_goal), request, ctx)
    accessory_scheme = _tempered(scheme_for("accessory", accessory_goal), request, ctx)
    reps_text = (
        f"Main lifts ({GOAL_TEXT[main_goal]}): {_range(main_scheme)}. "
        f"Accessories ({GOAL_TEXT[accessory_goal]}): {_range(accessory_scheme)}. "
        f"Holds and carries are timed ({_range(_tempered(HOLD_SCHEME, request, ctx))})."
    )
    if ctx.conditioning_goal:
        conditioning = _tempered(CONDITIONING_SCHEMES[ctx.conditioning_goal], request, ctx)
        reps_text += f" Conditioning: {_range(conditioning)}."
    if power:
        reps_text += (
            f" Jumps and throws: {_range(_tempered(POWER_SCHEME, request, ctx))}, never to failure."
        )
    if n == 7:
        reps_text += (
            f" Recovery day: easy cardio ({_range(_tempered(RECOVERY_CARDIO_SCHEME, request, ctx))}) "
            f"and mobility ({_range(_tempered(MOBILITY_SCHEME, request, ctx))})."
        )
    if request.experience == "novice":
        reps_text += f" As a novice the client starts half an RPE point lower and never passes RPE {NOVICE_RPE_CAP:g}."
    if request.risk != "low":
        reps_text += f" {request.risk.capitalize()} risk caps every set at RPE {RISK_RPE_CAP[request.risk]:g}."
    if ctx.rehab:
        reps_text += " Returning from injury keeps every set at RPE 6.5 or below."
    add("rep_ranges", reps_text)

    used = {entry.exercise.key: entry for s in sessions for entry in s.entries}
    loaded = sorted(
        (entry.exercise.name, request.e1rm_by_exercise[key])
        for key, entry in used.items()
        if key in request.e1rm_by_exercise and entry.scheme.unit == REPS
    )
    if loaded:
        shown = "; ".join(f"{name} (e1RM {e1rm:g} kg)" for name, e1rm in loaded)
        text = (
            "Target loads come from the client's history: the load for the top of the rep range "
            f"at the target RPE by Epley's formula, rounded to 2.5 kg, for {shown}."
        )
        unused = sorted(
            set(request.e1rm_by_exercise) - {k for k in used if k in request.e1rm_by_exercise}
        )
        if unused:
            text += f" History for {len(unused)} other exercise(s) is not in this block."
        text += " Other exercises are set by effort (RPE)."
        add("loads", text)
    else:
        add(
            "loads",
            "No lift history matches this block's exercises, so loads are set by effort: the "
            "client picks a weight that leaves the stated reps in reserve and logs it; the "
            "first week finds the working weights.",
        )

    if request.experience == "novice":
        progression = (
            "Double progression: each week the bottom of the rep range rises by one rep (holds "
            "and conditioning by a few seconds or minutes) until it reaches the top; then the "
            f"load rises ({LOAD_INCREMENT_UPPER_KG:g} kg upper body, {LOAD_INCREMENT_LOWER_KG:g} kg "
            "lower body, or 2.5% on heavy lifts) and reps start again from the bottom. Where no "
            "load is known, effort rises half an RPE point instead."
        )
    else:
        progression = (
            "RPE/load progression: each week the target RPE rises half a point up to its cap, "
            "with loads following the e1RM at the new RPE; at the cap the load rises "
            f"({LOAD_INCREMENT_UPPER_KG:g} kg upper body, {LOAD_INCREMENT_LOWER_KG:g} kg lower body, "
            "or 2.5% on heavy lifts). Where no load is known, reps and then sets rise instead."
        )
    progression += (
        " Every week after the first (deload aside) raises at least one target; the nightly job "
        "only adds load when the logs show every set reached the top of the range at or below "
        "the target RPE."
    )
    add("progression", progression)

    if deload:
        reason = (
            f"every block of {DELOAD_FROM_WEEKS} or more weeks ends with one, so fatigue does not outrun recovery"
            if weeks >= DELOAD_FROM_WEEKS
            else f"{_a(request.experience)} lifter working near their limits builds fatigue over "
            f"{DELOAD_FROM_WEEKS_TRAINED}+ weeks"
        )
        add(
            "deload",
            f"Week {weeks} is a deload: about {DELOAD_SET_FACTOR:.0%} of the sets, RPE "
            f"{DELOAD_RPE_DROP:g} point below week one and {DELOAD_LOAD_FACTOR:.0%} of the load, "
            f"because {reason}. A deload can still be proposed earlier if logged fatigue stays "
            "high or performance falls.",
        )
    else:
        why = (
            f"a {weeks}-week block is short enough to recover within"
            if weeks < DELOAD_FROM_WEEKS_TRAINED
            else f"a novice's {weeks}-week block at moderate effort is short enough to recover within"
        )
        add(
            "deload",
            f"No deload week: {why}. One is proposed if logged fatigue stays high or performance "
            "falls (see monitoring).",
        )

    for injury in request.injuries:
        area = injury.area.strip().lower()
        notes = f" ({injury.notes.strip()})" if injury.notes.strip() else ""
        if injury.current:
            continue
        add(
            "injuries",
            f"Past {area} injury{notes}: exercises that load the {area} are kept, and their "
            "notes ask the client to stop and report pain.",
        )
    if request.risk == "high":
        add(
            "risk",
            f"High risk: every set stays at RPE {RISK_RPE_CAP['high']:g} or below, no expert-level or "
            "Olympic lifts, no jumps; a coach should review this draft and any change before it "
            "takes effect.",
        )
    elif request.risk == "moderate":
        add("risk", f"Moderate risk: every set stays at RPE {RISK_RPE_CAP['moderate']:g} or below.")
    return items


def _span(values: list[int]) -> str:
    return f"{values[0]}" if values[0] == values[-1] else f"{values[0]}–{values[-1]}"


def _a(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def _tempered(scheme: RepScheme, request: DraftRequest, ctx: _Context) -> RepScheme:
    return temper(
        scheme, experience=request.experience, risk=request.risk, rehab=ctx.rehab, short=ctx.short
    )


# --- Monitoring -----------------------------------------------------------------------------
def _monitoring_rules(request: DraftRequest, fit: ClientFit) -> list[str]:
    n = request.sessions_per_week
    low_week = n // 2
    rules = [
        (
            f"Normal is {n} session{'s' if n > 1 else ''} a week: flag a week with "
            f"{low_week} or fewer completed, and a 14-day completion rate under "
            f"{LOW_COMPLETION_14D:.0%}."
            if n > 1
            else "Normal is 1 session a week: flag a missed week."
        ),
        f"Flag a main lift whose logged RPE runs more than {RPE_OVER_TARGET_FLAG:g} point above "
        "target for two sessions in a row.",
        "Propose more load only when every working set reached the top of the rep range at or "
        "below the target RPE.",
        f"Propose a deload when check-in fatigue averages {HIGH_FATIGUE:g}/5 or worse for "
        f"{HIGH_FATIGUE_WEEKS} weeks, or a main lift's e1RM falls more than "
        f"{PERFORMANCE_DROP_FRACTION:.0%} over {PERFORMANCE_DROP_WEEKS} weeks.",
        f"If the client completes the same smaller number of sessions in "
        f"{SCHEDULE_RELIABLE_WEEKS} of {SCHEDULE_PATTERN_WEEKS} weeks, propose planning that many "
        "(patterns, not perfection).",
        "New or sharp pain, chest pain, dizziness, fainting or neurological symptoms bypass "
        "automation: a coach is alerted at once.",
    ]
    for area in fit.current_injury_areas:
        notes = "; ".join(
            i.notes.strip()
            for i in request.injuries
            if i.current and i.area.strip().lower() == area and i.notes.strip()
        )
        said = f" ({notes})" if notes else ""
        if area in INJURY_AREAS or area in LOWER_BODY_MUSCLES | UPPER_BODY_MUSCLES:
            rules.append(
                f"Current {area} injury{said}: {area} pain above {PAIN_FLAG_OUT_OF_10}/10 during "
                "or after a session goes to a coach the same day."
            )
        else:
            rules.append(
                f"Current injury noted as '{area}'{said}: a coach checks the exercises against it "
                f"before the block starts, and related pain above {PAIN_FLAG_OUT_OF_10}/10 goes "
                "to a coach the same day."
            )
    if request.risk == "high":
        rules.append("High risk: every plan change waits for a coach's review.")
    if request.experience == "novice":
        rules.append(
            "Novice: a coach checks technique on the main lifts (video or notes) in the first "
            "two weeks."
        )
    return rules
