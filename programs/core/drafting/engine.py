"""The drafting engine: intake + segment + exercise library → a block of training that explains
itself. Pure: no Django, no randomness (the same request always drafts the same program).

The steps, each a small rule stated where it lives:
1. rank the goals (``GOAL_PRIORITY``) and shape the plan for the client's sport, age, history
   and circumstances (``specifics.plan_profile``): the first goal shapes the main lifts, the
   second the accessories, endurance / fat loss add conditioning and sport performance adds
   jumps; a powerlifter gets competition lifts, an endurance athlete short heavy strength work;
2. choose the block length, its phases and whether it ends in a deload or a taper toward a
   meet (``block_weeks``, ``needs_deload``, ``specifics.meet_block``);
3. choose the split and the days (``splits``, ``specifics.session_offsets``);
4. keep the exercises the client may do (``selection.exclusions``: the reviewed pool, their
   equipment, what a sore joint tolerates, constraints, level) and fill each session's slots by
   movement pattern and role, as many as the session's minutes allow (``_fill_session``); a
   current injury adds slots that keep its area training, and a return from injury starts with
   gentler variants;
5. dose each exercise and progress it week by week (``dosing``);
6. write the rationale a coach reads and the monitoring rules the nightly job applies.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from programs.core.adjustments import (
    HIGH_FATIGUE,
    HIGH_FATIGUE_WEEKS,
    PERFORMANCE_DROP_FRACTION,
    PERFORMANCE_DROP_WEEKS,
    SCHEDULE_PATTERN_WEEKS,
    SCHEDULE_RELIABLE_WEEKS,
)
from programs.core.drafting.dosing import (
    ACCESSORY,
    BACKOFF_DROP,
    BUILD,
    CARRY_SCHEME,
    CONDITIONING,
    CONDITIONING_SCHEMES,
    DELOAD,
    DELOAD_LOAD_FACTOR,
    DELOAD_RPE_DROP,
    DELOAD_SET_FACTOR,
    ENDURANCE_ATHLETE_ACCESSORY,
    ENDURANCE_ATHLETE_MAIN,
    HOLD_SCHEME,
    INJURED_AREA_RPE_DROP,
    MAIN,
    MAIN_SCHEMES,
    MOBILITY_ROLE,
    MOBILITY_SCHEME,
    NOVICE_RPE_CAP,
    PEAK,
    POWER,
    POWER_SCHEME,
    RECOVERY,
    RECOVERY_CARDIO_SCHEME,
    RISK_RPE_CAP,
    SECONDARY,
    SHORT_SESSION_MINUTES,
    TAPER,
    TOP_BACKOFF,
    Dose,
    RepScheme,
    deload_dose,
    first_dose,
    fits_sets,
    lift_scheme,
    lift_series,
    minutes_for,
    next_dose,
    scheme_for,
    session_rest_cap,
    temper,
    trimmed,
)
from programs.core.drafting.selection import (
    ClientFit,
    candidates,
    client_fit,
    describe_exclusions,
    gentler_variant,
    pick,
    pool_exclusions,
)
from programs.core.drafting.sources import (
    HELMS_PYRAMID,
    LEWIS_SHOULDER,
    MCGILL_BACK,
    NSCA_ESSENTIALS,
    RIO_ISOMETRICS,
    SILBERNAGEL_PAIN,
    TRAVIS_TAPER,
    VAN_MELICK_ACL,
    ZOURDOS_RPE,
    after,
)
from programs.core.drafting.specifics import (
    ENDURANCE_ATHLETE,
    MAKING_WEIGHT_MIN_ACCESSORY_SETS,
    VOLUME_LANDMARKS,
    PlanProfile,
    landmark_text,
    loading_phases,
    meet_block,
    plan_profile,
    session_offsets,
    weekly_sets,
)
from programs.core.drafting.splits import (
    FULL_BODY,
    VARIATION_E1RM_RATIO,
    SessionTemplate,
    Slot,
    choose_split,
    endurance_athlete_split,
    powerlifting_split,
    with_goal_slots,
    with_injury_slots,
)
from programs.core.drafting.types import (
    AWAITING_CLEARANCE,
    EATING_DISORDER_HISTORY,
    GOAL_TEXT,
    MAKING_WEIGHT,
    MINUTES,
    POWERLIFTING,
    PREGNANT_OR_POSTPARTUM,
    REPS,
    SECONDS,
    ClearanceRequired,
    DraftedProgram,
    DraftedWeek,
    DraftedWorkout,
    DraftingError,
    DraftRequest,
    Prescription,
    RationaleItem,
)
from programs.core.e1rm import (
    EMPTY_BAR_KG,
    LOAD_INCREMENT_LOWER_KG,
    LOAD_INCREMENT_UPPER_KG,
    round_load,
)
from programs.core.library import (
    CARRY,
    CORE,
    FEATURE_TEXT,
    GRADE_RANK,
    GYM_IMPLIES,
    GYM_MARKERS,
    HINGE,
    HORIZONTAL_PULL,
    HORIZONTAL_PUSH,
    INJURY_AREAS,
    LOW,
    LOWER_BODY_MUSCLES,
    MOBILITY,
    MODERATE,
    PATTERN_TEXT,
    SQUAT,
    UPPER_BODY_MUSCLES,
    VERTICAL_PULL,
    VERTICAL_PUSH,
    LibraryExercise,
    area_load,
    loads_injured_area,
    starts_from_empty_bar,
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
# When nothing of a pattern is available (a vertical pull needs a bar to hang from, most
# overhead presses need weights), the slot takes this nearby pattern, which trains much the
# same muscles.
FILL_IN = {VERTICAL_PULL: HORIZONTAL_PULL, VERTICAL_PUSH: HORIZONTAL_PUSH}
# Where each role runs in a session: jumps fresh, then the main lifts, then the rest.
SESSION_ORDER = {POWER: 0, MAIN: 1}
# A main or secondary lift that does not fit the session's time keeps this many sets or more
# rather than being dropped for an accessory.
MIN_SETS_OF_A_LIFT = 2
# Source for the rehabilitation of each area the drafting engine knows best.
AREA_SOURCES = {
    "shoulder": (LEWIS_SHOULDER,),
    "knee": (VAN_MELICK_ACL, RIO_ISOMETRICS),
    "lower back": (MCGILL_BACK,),
}
# On a return from injury, how much a sore area may take in the first half of the block:
# a current injury little, a past one up to moderate.
REHAB_FIRST_PHASE_CEILING = {True: LOW, False: MODERATE}

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _day_words(day: date) -> str:
    """A day as a coach reads it in a rationale ("Monday 14 September 2026"), never ISO."""
    return f"{day:%A} {day.day} {day:%B %Y}"


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
    profile: PlanProfile
    rehab: bool
    short: bool
    available_minutes: float
    max_exercises: int
    current_areas: tuple[str, ...]
    # On a return from injury: each returning area and the most it takes in the first weeks,
    # and how many weeks that first phase lasts.
    rehab_areas: dict[str, str] = field(default_factory=dict)
    early_weeks: int = 0

    @property
    def main_goal(self) -> str:
        return self.profile.main_goal

    @property
    def accessory_goal(self) -> str:
        return self.profile.accessory_goal

    @property
    def conditioning_goal(self) -> str | None:
        return self.profile.conditioning_goal

    @property
    def volume_progression(self) -> bool:
        """Hypertrophy: accessories add a set a week (Israetel's volume landmarks)."""
        return (
            self.main_goal == "muscle"
            and self.request.experience != "novice"
            and not self.profile.gentle
            and not self.rehab
        )


@dataclass(frozen=True)
class _Entry:
    exercise: LibraryExercise
    slot: Slot
    scheme: RepScheme
    # A return from injury: a gentler variant for the first ``early_weeks`` weeks.
    early: _Entry | None = None
    early_weeks: int = 0

    def for_week(self, week: int) -> _Entry:
        return self.early if self.early is not None and week <= self.early_weeks else self


@dataclass
class _Session:
    template: SessionTemplate
    entries: list[_Entry] = field(default_factory=list)
    missing_patterns: list[str] = field(default_factory=list)
    left_for_time: list[str] = field(default_factory=list)
    # (pattern with nothing available, the nearby pattern that filled its slot)
    filled_in: list[tuple[str, str]] = field(default_factory=list)
    minutes: float = 0.0
    fallback: bool = False


def _on_rehab_area(exercise: LibraryExercise, ctx: _Context) -> bool:
    """On a return from injury, whether the exercise loads a returning area moderately or
    more (with no area named, every exercise counts)."""
    if not ctx.rehab:
        return False
    if not ctx.rehab_areas:
        return True
    return any(
        GRADE_RANK[area_load(exercise, area)] >= GRADE_RANK[MODERATE] for area in ctx.rehab_areas
    )


def _injured(exercise: LibraryExercise, ctx: _Context) -> bool:
    """Loads a current injury's area moderately (outside a return from injury, whose own
    scheme already keeps that work light)."""
    return not _on_rehab_area(exercise, ctx) and any(
        area_load(exercise, area) == MODERATE for area in ctx.current_areas
    )


def _goal_for(slot: Slot, exercise: LibraryExercise, ctx: _Context) -> str:
    """The goal whose scheme doses the exercise: the main goal for main lifts, the accessory
    goal otherwise; on a return from injury, work away from the returning area follows the
    client's next goal (general fitness when there is none)."""
    goal = ctx.main_goal if slot.role == MAIN else ctx.accessory_goal
    if goal == "rehab_return" and ctx.rehab and not _on_rehab_area(exercise, ctx):
        goals = [g for g in rank_goals(ctx.request.goals) if g != "rehab_return"]
        goal = goals[0] if goals else "general_fitness"
    elif ctx.rehab and _on_rehab_area(exercise, ctx):
        goal = "rehab_return"
    return goal


def _scheme(slot: Slot, exercise: LibraryExercise, ctx: _Context) -> RepScheme:
    request, profile = ctx.request, ctx.profile
    rest_cap = session_rest_cap(request.session_minutes)
    if slot.lift:
        base = lift_scheme(slot.lift)
        if rest_cap is not None:
            base = replace(base, rest_seconds=min(base.rest_seconds, rest_cap))
        return base
    if slot.role in (POWER, CONDITIONING, RECOVERY, MOBILITY_ROLE):
        base = scheme_for(slot.role, ctx.conditioning_goal or "fat_loss")
    elif exercise.pattern == CARRY:
        base = CARRY_SCHEME
    elif exercise.force == "static" or exercise.pattern == MOBILITY:
        base = HOLD_SCHEME
    elif profile.specialization == ENDURANCE_ATHLETE:
        base = ENDURANCE_ATHLETE_MAIN if slot.role == MAIN else ENDURANCE_ATHLETE_ACCESSORY
    else:
        base = scheme_for(slot.role, _goal_for(slot, exercise, ctx))
    if ctx.volume_progression and slot.role != MAIN and base.unit == REPS:
        base = replace(base, sets_rise=True)
    scheme = temper(
        base,
        experience=request.experience,
        risk=request.risk,
        rehab=_on_rehab_area(exercise, ctx),
        short=ctx.short,
        core=exercise.pattern == CORE,
        injured=_injured(exercise, ctx),
        gentle=profile.gentle,
        rpe_ceiling=profile.rpe_ceiling,
        max_rest_seconds=rest_cap,
    )
    if profile.trim_accessories and slot.role != MAIN and base.unit == REPS:
        sets = max(min(scheme.sets, MAKING_WEIGHT_MIN_ACCESSORY_SETS), scheme.sets - 1)
        scheme = replace(scheme, sets=sets, max_sets=sets)
    return scheme


def _fill_session(
    template: SessionTemplate, allowed: Sequence[LibraryExercise], fit: ClientFit, ctx: _Context
) -> _Session:
    """Slots in priority order: each takes its pick among the allowed exercises of its pattern
    (and role) not already in the session; a main lift's slot with no main lift available takes
    the best secondary lift as an accessory; a slot is left out when nothing fits (noted), when
    the session already has its maximum of exercises, or when its minutes no longer fit (a lift
    first loses sets, down to ``MIN_SETS_OF_A_LIFT``). The first exercise always goes in, with
    fewer sets if the session is very short."""
    session = _Session(template)
    used: set[str] = set()
    for slot in template.slots:
        ranked = candidates(slot.pattern, allowed, slot, fit)
        if not ranked and slot.role == MAIN:
            slot = replace(slot, role=SECONDARY, lift="")
            ranked = candidates(slot.pattern, allowed, slot, fit)
        if not ranked and slot.role in (SECONDARY, ACCESSORY) and slot.pattern in FILL_IN:
            # Nothing of the pattern (no bar to hang from, no overhead press at home): the
            # nearest pattern trains the same muscles instead, if the session lacks it.
            nearby = replace(slot, pattern=FILL_IN[slot.pattern], prefer=(), lift="")
            present = {entry.exercise.pattern for entry in session.entries}
            present |= {s.pattern for s in template.slots}
            if nearby.pattern not in present or slot.role == SECONDARY:
                ranked = [e for e in candidates(nearby.pattern, allowed, nearby, fit)]
                if ranked:
                    session.filled_in.append((slot.pattern, nearby.pattern))
                    slot = nearby
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
        left = ctx.available_minutes - session.minutes
        if cost > left:
            sets = min(scheme.sets, fits_sets(scheme, left))
            lift = slot.role in (MAIN, SECONDARY) and sets >= MIN_SETS_OF_A_LIFT
            if session.entries and not lift:
                session.left_for_time.append(exercise.name)
                continue
            scheme = replace(scheme, sets=sets)
            cost = minutes_for(scheme)
        session.entries.append(_Entry(exercise, slot, scheme))
        session.minutes += cost
        used.add(exercise.key)
    # Slots are filled in priority order; the session runs jumps first, then the main lifts,
    # then everything else in slot order.
    session.entries.sort(key=lambda entry: SESSION_ORDER.get(entry.slot.role, 2))
    return session


def _first_phase_weeks(phases: Sequence[str]) -> int:
    """A return from injury's gentle first phase: the first half of the loading weeks."""
    loading = sum(phase == BUILD for phase in phases)
    return math.ceil(loading / 2) if loading > 1 else 0


def _above_first_phase(exercise: LibraryExercise, ctx: _Context) -> bool:
    return any(
        GRADE_RANK[area_load(exercise, area)] > GRADE_RANK[ceiling]
        for area, ceiling in ctx.rehab_areas.items()
    )


def _rehab_areas(request: DraftRequest) -> dict[str, str]:
    """On a return from injury, each injured joint and the most it may take in the first
    weeks (``REHAB_FIRST_PHASE_CEILING``); a current injury wins over a past one."""
    if "rehab_return" not in request.goals:
        return {}
    areas: dict[str, str] = {}
    for injury in sorted(request.injuries, key=lambda i: i.current):
        area = injury.area.strip().lower()
        if area in INJURY_AREAS:
            areas[area] = REHAB_FIRST_PHASE_CEILING[injury.current]
    return areas


def _with_gentle_start(
    sessions: list[_Session],
    allowed: Sequence[LibraryExercise],
    fit: ClientFit,
    ctx: _Context,
    early_weeks: int,
) -> list[tuple[str, str, str]]:
    """A return from injury: every entry that loads a rehab area beyond its first-phase
    ceiling starts with a gentler variant of the same pattern for ``early_weeks`` weeks.
    Returns (area, early name, later name) for the rationale."""
    areas = ctx.rehab_areas
    switched: list[tuple[str, str, str]] = []
    if not areas or early_weeks < 1:
        return switched
    for session in sessions:
        used = {entry.exercise.key for entry in session.entries}
        for index, entry in enumerate(session.entries):
            for area, ceiling in areas.items():
                gentler = gentler_variant(entry.exercise, area, ceiling, allowed, fit, used)
                if gentler is None:
                    continue
                slot = entry.slot
                if slot.role == MAIN and "main" not in gentler.roles:
                    slot = replace(slot, role=SECONDARY, lift="")
                early = _Entry(gentler, slot, _scheme(slot, gentler, ctx))
                session.entries[index] = replace(entry, early=early, early_weeks=early_weeks)
                used.add(gentler.key)
                switched.append((area, gentler.name, entry.exercise.name))
                break
    return switched


def draft_program(request: DraftRequest, library: Sequence[LibraryExercise]) -> DraftedProgram:
    """Draft a block for the client from the given library (see the module docstring for the
    steps). Raises ``ClearanceRequired`` while a medical clearance is awaited, and
    ``DraftingError`` when no session can hold a single exercise."""
    if AWAITING_CLEARANCE in request.populations:
        raise ClearanceRequired(
            "No program is drafted while the client waits for medical clearance: the coach "
            "records the clearance (who cleared, when, and a note) first."
        )
    goals = rank_goals(request.goals)
    profile = plan_profile(request, goals)
    rehab = "rehab_return" in goals
    meet = meet_block(request) if profile.specialization == POWERLIFTING else None
    # A meet block implies a meet date (meet_week); the test tells mypy so.
    if meet is not None and request.weeks is None and request.event_date is not None:
        weeks, phases = meet
        weeks_why = (
            f"The meet on {_day_words(request.event_date)} falls in week {weeks}: the block "
            "runs up to it."
        )
    else:
        weeks, weeks_why = block_weeks(request)
        phases = loading_phases(weeks, needs_deload(weeks, request.experience))
        meet = None
    if profile.specialization == POWERLIFTING:
        split = powerlifting_split(request.sessions_per_week)
    elif profile.specialization == ENDURANCE_ATHLETE:
        split = endurance_athlete_split(request.sessions_per_week)
    else:
        split = choose_split(request.sessions_per_week, request.session_minutes)
    short = request.session_minutes <= SHORT_SESSION_MINUTES
    warmup = _warmup_minutes(short)
    current_areas = tuple(sorted({i.area.strip().lower() for i in request.injuries if i.current}))
    ctx = _Context(
        request=request,
        profile=profile,
        rehab=rehab,
        short=short,
        available_minutes=request.session_minutes - warmup,
        max_exercises=MAX_EXERCISES_PER_SESSION[request.experience],
        current_areas=current_areas,
        rehab_areas=_rehab_areas(request),
        early_weeks=_first_phase_weeks(phases) if rehab else 0,
    )
    fit = client_fit(
        request.equipment,
        request.injuries,
        profile.constraints,
        request.experience,
        request.risk,
        request.e1rm_by_exercise,
        request.populations,
    )
    ordered = sorted(library, key=lambda exercise: (exercise.name, exercise.key))
    reasons = pool_exclusions(ordered, fit)
    allowed = [exercise for exercise in ordered if reasons.get(exercise.key) == ()]

    def shaped(template: SessionTemplate) -> SessionTemplate:
        template = with_goal_slots(
            template,
            power=profile.power,
            conditioning=profile.conditioning_goal,
            conditioning_early=ctx.main_goal == "endurance",
        )
        care = (*current_areas, *sorted(request.populations & {PREGNANT_OR_POSTPARTUM}))
        return with_injury_slots(template, care)

    sessions = [_fill_session(shaped(t), allowed, fit, ctx) for t in split.sessions]
    if not any(session.entries for session in sessions):
        raise DraftingError(
            "No exercise in the library fits this client: "
            + " ".join(describe_exclusions(ordered, fit, reasons=reasons))
        )
    for index, session in enumerate(sessions):
        if not session.entries:
            refill = _fill_session(shaped(FULL_BODY), allowed, fit, ctx)
            refill.template = SessionTemplate(session.template.name, refill.template.slots)
            refill.fallback = True
            refill.missing_patterns = session.missing_patterns
            sessions[index] = refill

    switched = _with_gentle_start(sessions, allowed, fit, ctx, ctx.early_weeks)

    offsets, days_why = session_offsets(request, profile.specialization)
    estimates = _variation_estimates(sessions, request, ordered)
    dosing = replace(request, e1rm_by_exercise={**request.e1rm_by_exercise, **estimates})
    drafted_weeks = _draft_weeks(dosing, sessions, phases, offsets, ctx)
    rationale = _rationale(
        request,
        goals=goals,
        split_name=split.name,
        split_why=split.why,
        weeks=weeks,
        weeks_why=weeks_why,
        phases=phases,
        sessions=sessions,
        drafted_weeks=drafted_weeks,
        library=ordered,
        allowed=allowed,
        fit=fit,
        reasons=reasons,
        ctx=ctx,
        warmup=warmup,
        offsets=offsets,
        days_why=days_why,
        switched=switched,
        variation_e1rms=estimates,
    )
    return DraftedProgram(
        name=_program_name(request, profile, split.name, weeks),
        weeks=drafted_weeks,
        rationale=tuple(rationale),
        monitoring_rules=tuple(_monitoring_rules(request, fit, profile)),
    )


def _warmup_minutes(short: bool) -> int:
    return SHORT_WARMUP_MINUTES if short else WARMUP_MINUTES


def _program_name(request: DraftRequest, profile: PlanProfile, split_name: str, weeks: int) -> str:
    if profile.specialization == POWERLIFTING:
        lead = "Powerlifting" + (" meet prep" if request.event_date else "")
    elif profile.specialization == ENDURANCE_ATHLETE:
        lead = f"Strength for {request.sport}"
    else:
        names = dict.fromkeys(
            GOAL_TEXT[g]
            for g in (profile.main_goal, profile.accessory_goal)
            if not (g == "fat_loss" and EATING_DISORDER_HISTORY in request.populations)
        )
        lead = " + ".join(names)
        lead = lead[:1].upper() + lead[1:]
    n = request.sessions_per_week
    return (
        f"{lead}: {split_name}, {n} day{'s' if n > 1 else ''} a week, "
        f"{weeks} week{'s' if weeks > 1 else ''}"
    )


# --- Weeks, doses and notes -----------------------------------------------------------------
def _empty_bar_lift(exercise: LibraryExercise) -> bool:
    return starts_from_empty_bar(exercise.equipment, exercise.pattern, exercise.name)


def _variation_estimates(
    sessions: list[_Session], request: DraftRequest, library: Sequence[LibraryExercise]
) -> dict[str, float]:
    """e1RMs for competition-lift variations without history, from their competition lift's
    (``VARIATION_E1RM_RATIO``), rounded to 2.5 kg."""
    keys = {e.name: e.key for e in library}
    estimates = {}
    for session in sessions:
        for entry in session.entries:
            exercise = entry.exercise
            if not entry.slot.lift or exercise.key in request.e1rm_by_exercise:
                continue
            if exercise.name in VARIATION_E1RM_RATIO:
                lift, ratio = VARIATION_E1RM_RATIO[exercise.name]
                known = request.e1rm_by_exercise.get(keys.get(lift, ""))
                if known:
                    estimates[exercise.key] = round_load(known * ratio)
    return estimates


def _start_load(entry: _Entry, request: DraftRequest, e1rm: float | None) -> float | None:
    """A novice's unloaded compound barbell lift starts from the empty bar."""
    if e1rm is None and request.experience == "novice" and _empty_bar_lift(entry.exercise):
        return EMPTY_BAR_KG
    return None


def _dose_series(
    entry: _Entry, request: DraftRequest, phases: Sequence[str], first_week: int
) -> list[Dose]:
    """The entry's dose for each of ``phases`` (the block's weeks from ``first_week`` on)."""
    e1rm = request.e1rm_by_exercise.get(entry.exercise.key)
    if entry.slot.lift:
        return lift_series(entry.slot.lift, [BUILD if p == BUILD else p for p in phases], e1rm)
    first = first_dose(entry.scheme, e1rm, _start_load(entry, request, e1rm))
    series, loading = [first], first
    for offset, phase in enumerate(phases[1:], start=1):
        if phase == DELOAD:
            series.append(deload_dose(loading, first))
        elif phase in (PEAK, TAPER):
            series.append(trimmed(loading, phase))
        else:
            loading = next_dose(
                loading,
                entry.scheme,
                double_progression=request.experience == "novice",
                e1rm_kg=e1rm,
                region=entry.exercise.region,
                week=first_week + offset,
            )
            series.append(loading)
    return series


def _entry_series(entry: _Entry, request: DraftRequest, phases: Sequence[str]) -> list[Dose]:
    """Doses for every week; a gentle start takes its own series for its weeks, and the later
    exercise starts fresh after it."""
    if entry.early is None:
        return _dose_series(entry, request, phases, 1)
    k = entry.early_weeks
    return _dose_series(entry.early, request, phases[:k], 1) + _dose_series(
        entry, request, phases[k:], k + 1
    )


def _draft_weeks(
    request: DraftRequest,
    sessions: list[_Session],
    phases: Sequence[str],
    offsets: Sequence[int],
    ctx: _Context,
) -> tuple[DraftedWeek, ...]:
    doses = [
        [_entry_series(entry, request, phases) for entry in session.entries] for session in sessions
    ]
    if ctx.volume_progression:
        _cap_at_mrv(sessions, doses, len(phases))
    past_areas = sorted(
        {i.area.strip().lower() for i in request.injuries if not i.current}
        - {i.area.strip().lower() for i in request.injuries if i.current}
    )
    drafted = []
    for week, phase in enumerate(phases, start=1):
        is_deload = phase in (DELOAD, TAPER)
        workouts = []
        for position, session in enumerate(sessions):
            planned = request.start_date + timedelta(days=7 * (week - 1) + offsets[position])
            if (
                phase == TAPER
                and request.event_date
                and planned >= request.event_date - timedelta(days=1)
            ):
                continue  # the day before the meet and the meet itself: no training
            first_main = _first_main_index(session)
            prescriptions = tuple(
                _prescription(
                    entry.for_week(week),
                    doses[position][i][week - 1],
                    request=request,
                    ctx=ctx,
                    phase=phase,
                    first_main=i == first_main,
                    past_areas=past_areas,
                    later=entry if entry.early is not None and week <= entry.early_weeks else None,
                    week=week,
                )
                for i, entry in enumerate(session.entries)
            )
            workouts.append(
                DraftedWorkout(
                    day_index=position + 1,
                    planned_date=planned,
                    name=session.template.name,
                    focus=_focus(session),
                    prescriptions=prescriptions,
                )
            )
        drafted.append(DraftedWeek(index=week, is_deload=is_deload, workouts=tuple(workouts)))
    return tuple(drafted)


def _week_sets(
    sessions: list[_Session], doses: list[list[list[Dose]]], week: int
) -> dict[str, float]:
    return weekly_sets(
        (
            entry.for_week(week + 1).exercise.primary_muscles,
            entry.for_week(week + 1).exercise.secondary_muscles,
            doses[s][i][week].sets,
        )
        for s, session in enumerate(sessions)
        for i, entry in enumerate(session.entries)
    )


def _cap_at_mrv(sessions: list[_Session], doses: list[list[list[Dose]]], weeks: int) -> None:
    """Hypertrophy volume: where a week's added sets push a muscle past its MRV, take the added
    sets back (from the last exercises of the week first) until it fits."""
    for week in range(1, weeks):
        totals = _week_sets(sessions, doses, week)
        for group, total in sorted(totals.items()):
            mrv = VOLUME_LANDMARKS[group][1]
            for s in reversed(range(len(sessions))):
                for i in reversed(range(len(sessions[s].entries))):
                    if total <= mrv:
                        break
                    entry = sessions[s].entries[i]
                    muscles = {
                        {"lats": "back", "middle back": "back"}.get(m, m)
                        for m in entry.exercise.primary_muscles
                    }
                    current, previous = doses[s][i][week], doses[s][i][week - 1]
                    if group in muscles and current.sets > previous.sets:
                        doses[s][i][week] = replace(current, sets=previous.sets)
                        total -= current.sets - previous.sets


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
    ctx: _Context,
    phase: str,
    first_main: bool,
    past_areas: list[str],
    later: _Entry | None,
    week: int,
) -> Prescription:
    exercise, scheme = entry.exercise, entry.scheme
    notes = []
    if phase == DELOAD:
        notes.append("Deload week: lighter and fewer sets, finish fresh.")
    elif phase == TAPER:
        notes.append("Taper week: about half the work, finish fresh for the meet.")
    if scheme.unit == SECONDS:
        notes.append("Reps are seconds per set (each side if one-sided).")
    elif scheme.unit == MINUTES:
        notes.append("Reps are minutes of continuous work.")
    if scheme.style == TOP_BACKOFF and dose.sets > 1:
        top = f" (≈ {dose.load_kg:g} kg)" if dose.load_kg else ""
        backoff = (
            f"{dose.backoff_load_kg:g} kg"
            if dose.backoff_load_kg
            else f"about {BACKOFF_DROP:.0%} lighter"
        )
        notes.append(
            f"Set 1 is the top set: {dose.reps_max} at RPE {dose.rpe:g}{top}; then "
            f"{dose.sets - 1} back-off set{'s' if dose.sets > 2 else ''} of {dose.reps_max} "
            f"at {backoff}."
        )
    if later is not None:
        notes.append(
            f"Gentle start of the return: {later.exercise.name} replaces it from week "
            f"{later.early_weeks + 1}."
        )
    if _on_rehab_area(exercise, ctx):
        if later is None and week <= ctx.early_weeks and _above_first_phase(exercise, ctx):
            notes.append(
                f"Weeks 1–{ctx.early_weeks}: shorter pain-free range (higher box or step), slow "
                f"tempo; full range from week {ctx.early_weeks + 1}."
            )
        else:
            notes.append("Slow, controlled reps in a pain-free range.")
    for area in ctx.current_areas:
        if area_load(exercise, area) == MODERATE:
            notes.append(
                f"Sore {area}: keep pain at {PAIN_FLAG_OUT_OF_10}/10 or less, settled by the "
                "next morning; stop if sharp."
            )
    if first_main:
        notes.append(
            "Work up in lighter sets to the top set."
            if scheme.style == TOP_BACKOFF
            else "Warm up with 2-3 lighter sets first."
        )
    e1rm = request.e1rm_by_exercise.get(exercise.key)
    if scheme.unit == REPS and dose.load_kg is None:
        reserve = 10 - dose.rpe
        if exercise.equipment == "body only":
            notes.append(
                f"Adjust range, tempo or assistance to stop about {reserve:g} reps short of failure."
            )
        elif _empty_bar_lift(exercise):
            notes.append(
                f"Start with the empty bar ({EMPTY_BAR_KG:g} kg), add weight until about "
                f"{reserve:g} reps are left in reserve; log it."
            )
        else:
            notes.append(f"Pick a load that leaves about {reserve:g} reps in reserve.")
    elif scheme.unit == REPS and e1rm is None and dose.load_kg == EMPTY_BAR_KG and week == 1:
        notes.append("Starts with the empty bar: technique first.")
    if scheme.unit == REPS and request.experience == "novice" and phase == BUILD:
        if exercise.equipment == "body only" or exercise.equipment == "bands":
            notes.append(
                f"When every set reaches {dose.reps_max} reps, make it harder (slower, deeper "
                "or a harder variation)."
            )
        else:
            notes.append(f"When every set reaches {dose.reps_max} reps, the load goes up.")
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
        role="core" if exercise.pattern == CORE and entry.slot.role != MAIN else entry.slot.role,
    )


# --- Rationale ------------------------------------------------------------------------------
def _range(scheme: RepScheme) -> str:
    unit = {REPS: "reps", SECONDS: "s", MINUTES: "min"}[scheme.unit]
    text = f"{scheme.sets} × {scheme.reps_min}–{scheme.reps_max} {unit}"
    if scheme.unit != REPS and scheme.ceiling:
        text += f" (the window moves up {scheme.rep_step} {unit} a week to {scheme.ceiling} {unit})"
    return (
        f"{text} at RPE {scheme.rpe_start:g} rising to at most {scheme.rpe_cap:g}, "
        f"{scheme.rest_seconds} s rest"
    )


def _tempered(
    scheme: RepScheme, request: DraftRequest, ctx: _Context, core: bool = False
) -> RepScheme:
    return temper(
        scheme,
        experience=request.experience,
        risk=request.risk,
        rehab=ctx.rehab,
        short=ctx.short,
        core=core,
        gentle=ctx.profile.gentle,
        rpe_ceiling=ctx.profile.rpe_ceiling,
        max_rest_seconds=session_rest_cap(request.session_minutes),
    )


def _rationale(
    request: DraftRequest,
    *,
    goals: tuple[str, ...],
    split_name: str,
    split_why: str,
    weeks: int,
    weeks_why: str,
    phases: Sequence[str],
    sessions: list[_Session],
    drafted_weeks: tuple[DraftedWeek, ...],
    library: list[LibraryExercise],
    allowed: list[LibraryExercise],
    fit: ClientFit,
    reasons: dict[str, Any],
    ctx: _Context,
    warmup: int,
    offsets: Sequence[int],
    days_why: str,
    switched: list[tuple[str, str, str]],
    variation_e1rms: dict[str, float],
) -> list[RationaleItem]:
    """Why the draft is what it is, topic by topic, in the order a coach reads it: goals, split,
    schedule, block, exercises, what was left out, session length, dosing, progression, past
    injuries and risk. Each topic's words come from its own function below."""
    n, minutes = request.sessions_per_week, request.session_minutes
    items = [RationaleItem("goals", _goals_text(goals, ctx))]
    items += [RationaleItem(topic, text) for topic, text in ctx.profile.explanations]
    items.append(
        RationaleItem(
            "split",
            f"{n} session{'s' if n > 1 else ''} a week of {minutes} minutes: {split_name}. "
            f"{split_why[:1].upper()}{split_why[1:]}.",
        )
    )
    items.append(RationaleItem("schedule", days_why or _schedule_text(request, offsets)))
    items.append(RationaleItem("block", weeks_why))
    if ctx.profile.specialization == POWERLIFTING:
        items.append(RationaleItem("powerlifting", _powerlifting_text(request, sessions, phases)))
    items += _selection_items(request, sessions, library, allowed)
    items += [
        RationaleItem("exclusions", sentence)
        for sentence in describe_exclusions(library, fit, reasons=reasons)
    ]
    items += [
        RationaleItem("injuries", _injury_text(area, request, sessions, ctx))
        for area in ctx.current_areas
    ]
    if ctx.rehab and ctx.rehab_areas:
        items.append(RationaleItem("injuries", _rehab_text(switched, ctx, goals)))
    items += _skipped_pattern_items(sessions)
    items.append(
        RationaleItem("session_length", _session_length_text(sessions, ctx, minutes, warmup))
    )
    items.append(RationaleItem("rep_ranges", _reps_text(request, ctx, n)))
    if ctx.volume_progression:
        first, last = drafted_weeks[0], _last_loading_week(drafted_weeks, phases)
        items.append(
            RationaleItem(
                "volume",
                landmark_text(
                    _drafted_week_sets(first, library),
                    _drafted_week_sets(last, library),
                    last.index,
                ),
            )
        )
    items.append(RationaleItem("loads", _loads_text(request, sessions)))
    if variation_e1rms:
        items.append(RationaleItem("loads", _variation_loads_text(library, variation_e1rms)))
    items.append(RationaleItem("progression", _progression_text(request, ctx)))
    items.append(RationaleItem("deload", _deload_text(request, weeks, phases)))
    items += _past_injury_items(request)
    risk = _risk_text(request)
    if risk:
        items.append(RationaleItem("risk", risk))
    return items


def _goals_text(goals: tuple[str, ...], ctx: _Context) -> str:
    main_goal, accessory_goal = ctx.main_goal, ctx.accessory_goal
    text = f"Main goal: {GOAL_TEXT[main_goal]}, which sets the main lifts' rep scheme."
    if accessory_goal != main_goal:
        text += f" Accessories follow the next goal, {GOAL_TEXT[accessory_goal]}."
    if ctx.conditioning_goal:
        where = (
            "third in each session" if main_goal == "endurance" else "at the end of each session"
        )
        text += (
            f" {GOAL_TEXT[ctx.conditioning_goal].capitalize()} adds a conditioning piece {where} "
            "when the time and the client's equipment allow."
        )
    if ctx.profile.power:
        text += " Sport performance adds a jump or throw first on lower-body days."
    elif "sport_performance" in goals:
        text += (
            " Jumps are left out for sport performance: the risk level, a return from injury, "
            "a no-jumping constraint or the sport's own plan rules them out."
        )
    return text


def _schedule_text(request: DraftRequest, offsets: Sequence[int]) -> str:
    days = [WEEKDAYS[(request.start_date.weekday() + offset) % 7] for offset in offsets]
    return (
        f"Sessions fall on {', '.join(days)}, starting {_day_words(request.start_date)}: "
        "spread through the week with rest days between sessions where the count allows."
    )


def _selection_items(
    request: DraftRequest,
    sessions: list[_Session],
    library: list[LibraryExercise],
    allowed: list[LibraryExercise],
) -> list[RationaleItem]:
    """How the exercises were chosen (pool, level, familiarity), the gym assumed from machines,
    and each session's exercises."""
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
    pooled = sum(exercise.draftable for exercise in library)
    items = [
        RationaleItem(
            "exercise_selection",
            f"{len(allowed)} of the {pooled} exercises in the reviewed drafting pool fit the "
            "client's equipment, injuries, constraints and level. Each session fills its slots by "
            f"movement pattern and role (a main lift's slot takes only main lifts), preferring"
            f"{familiar} curated staples; {level_text}.",
        )
    ]
    have = set(request.equipment)
    if have & GYM_MARKERS and not have >= GYM_IMPLIES:
        items.append(
            RationaleItem(
                "equipment",
                "Machines or cables mean a gym, so a bench, a rack, a pull-up bar and cardio "
                "machines are assumed.",
            )
        )
    for session in sessions:
        names = ", ".join(entry.exercise.name for entry in session.entries)
        items.append(RationaleItem("exercise_selection", f"{session.template.name}: {names}."))
    return items


def _skipped_pattern_items(sessions: list[_Session]) -> list[RationaleItem]:
    """Movement patterns no exercise could fill: taken by a nearby pattern, or skipped; and
    sessions that fell back to full body."""
    missing: dict[str, list[str]] = {}
    for session in sessions:
        for pattern in session.missing_patterns:
            missing.setdefault(pattern, [])
            if session.template.name not in missing[pattern]:
                missing[pattern].append(session.template.name)
    filled: dict[tuple[str, str], list[str]] = {}
    for session in sessions:
        for pair in session.filled_in:
            filled.setdefault(pair, []).append(session.template.name)
    items = [
        RationaleItem(
            "skipped_patterns",
            f"No {PATTERN_TEXT[pattern]} exercise fits the client's equipment, so "
            f"{', '.join(names)} take{'s' if len(names) == 1 else ''} another "
            f"{PATTERN_TEXT[nearby]} instead.",
        )
        for (pattern, nearby), names in filled.items()
    ]
    items += [
        RationaleItem(
            "skipped_patterns",
            f"No {PATTERN_TEXT[pattern]} exercise fits the client's equipment, injuries and "
            f"constraints, so {', '.join(names)} skip{'s' if len(names) == 1 else ''} that slot.",
        )
        for pattern, names in missing.items()
    ]
    items += [
        RationaleItem(
            "skipped_patterns",
            f"Nothing fit {session.template.name}'s own slots, so it is a full-body session.",
        )
        for session in sessions
        if session.fallback
    ]
    return items


def _session_length_text(sessions: list[_Session], ctx: _Context, minutes: int, warmup: int) -> str:
    estimates = sorted(round(session.minutes) for session in sessions)
    counts = sorted(len(session.entries) for session in sessions)
    text = (
        f"{minutes}-minute sessions: {warmup} minutes of warm-up, then {_span(counts)} "
        f"exercise{'' if counts[-1] == 1 else 's'} (an estimated {_span(estimates)} minutes of "
        "work including rests)."
    )
    dropped = sorted({name for s in sessions for name in s.left_for_time})
    if dropped:
        text += (
            " Lower-priority exercises were left out of some sessions to fit the time or the "
            f"{ctx.max_exercises}-exercise cap ({', '.join(dropped[:4])}"
            f"{'…' if len(dropped) > 4 else ''})."
        )
    if ctx.short:
        text += " Short sessions cap rests at 90 s and sets at 3."
    elif session_rest_cap(minutes) is not None:
        text += f" Sessions this length cap rests at {session_rest_cap(minutes)} s."
    return text


def _variation_loads_text(library: list[LibraryExercise], variation_e1rms: dict[str, float]) -> str:
    names = {e.key: e.name for e in library}
    shown = "; ".join(
        f"{names[key]} ≈ {value:g} kg" for key, value in sorted(variation_e1rms.items())
    )
    return (
        "Variations without their own history start from an estimate off their competition "
        f"lift's e1RM ({shown}); the first logged sessions replace it."
    )


def _past_injury_items(request: DraftRequest) -> list[RationaleItem]:
    items = []
    for injury in request.injuries:
        if injury.current:
            continue
        area = injury.area.strip().lower()
        notes = f" ({injury.notes.strip()})" if injury.notes.strip() else ""
        items.append(
            RationaleItem(
                "injuries",
                f"Past {area} injury{notes}: exercises that load the {area} are kept, and their "
                "notes ask the client to stop and report pain.",
            )
        )
    return items


def _risk_text(request: DraftRequest) -> str | None:
    if request.risk == "high":
        return (
            f"High risk: every set stays at RPE {RISK_RPE_CAP['high']:g} or below, no expert-level or "
            "Olympic lifts, no jumps; a coach should review this draft and any change before it "
            "takes effect."
        )
    if request.risk == "moderate":
        return f"Moderate risk: every set stays at RPE {RISK_RPE_CAP['moderate']:g} or below."
    return None


def _span(values: list[int]) -> str:
    return f"{values[0]}" if values[0] == values[-1] else f"{values[0]}–{values[-1]}"


def _a(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def _last_loading_week(weeks: tuple[DraftedWeek, ...], phases: Sequence[str]) -> DraftedWeek:
    loading = [w for w, phase in zip(weeks, phases, strict=True) if phase == BUILD]
    return loading[-1] if loading else weeks[0]


def _drafted_week_sets(week: DraftedWeek, library: list[LibraryExercise]) -> dict[str, float]:
    by_key = {exercise.key: exercise for exercise in library}
    return weekly_sets(
        (
            by_key[p.exercise_key].primary_muscles,
            by_key[p.exercise_key].secondary_muscles,
            p.sets,
        )
        for workout in week.workouts
        for p in workout.prescriptions
        if p.rep_unit == REPS
    )


def _injury_text(area: str, request: DraftRequest, sessions: list[_Session], ctx: _Context) -> str:
    notes = "; ".join(
        i.notes.strip()
        for i in request.injuries
        if i.current and i.area.strip().lower() == area and i.notes.strip()
    )
    said = f" ({notes})" if notes else ""
    training = []
    for session in sessions:
        for entry in session.entries:
            grade = area_load(entry.exercise, area)
            if grade in (LOW, MODERATE) and entry.exercise.name not in training:
                training.append(entry.exercise.name)
    friendlier = sorted(
        {
            FEATURE_TEXT[feature]
            for session in sessions
            for entry in session.entries
            if area_load(entry.exercise, area) in (LOW, MODERATE)
            for feature in entry.exercise.friendlier
        }
    )
    text = f"Current {area} injury{said}: nothing that loads the {area} highly is drafted"
    if training:
        text += (
            f"; it keeps training with {', '.join(training[:8])}{'…' if len(training) > 8 else ''}"
        )
        if friendlier:
            text += f" (friendlier through {', '.join(friendlier)})"
        text += (
            ", and what loads it moderately follows the return-from-injury scheme"
            if ctx.rehab
            else f", and what loads it moderately starts and stays {INJURED_AREA_RPE_DROP:g} RPE "
            "point lower"
        )
    else:
        text += "; no exercise in this plan loads it, so the coach should add rehab work"
    sources = (*AREA_SOURCES.get(area, ()), SILBERNAGEL_PAIN)
    return (
        text
        + f". Pain during or after stays at {PAIN_FLAG_OUT_OF_10}/10 or less and settles by the "
        "next morning" + after(*sources) + "."
    )


def _rehab_text(switched: list[tuple[str, str, str]], ctx: _Context, goals: Sequence[str]) -> str:
    areas = ", ".join(f"the {area}" for area in ctx.rehab_areas)
    weeks_text = "week 1" if ctx.early_weeks == 1 else f"weeks 1–{ctx.early_weeks}"
    others = [g for g in goals if g != "rehab_return"]
    rest = GOAL_TEXT[others[0]] if others else GOAL_TEXT["general_fitness"]
    text = (
        f"Return from injury: {areas} take{'s' if len(ctx.rehab_areas) == 1 else ''} load "
        f"progressively. In {weeks_text} the exercises that load it work in a shorter, pain-free "
        "range at a slow tempo"
    )
    if switched:
        pairs = "; ".join(f"{early} before {later}" for _, early, later in switched)
        text += f", with gentler variants first ({pairs})"
    text += (
        f"; from week {ctx.early_weeks + 1} the full range. They follow the rehab scheme, "
        f"effort rising to RPE {MAIN_SCHEMES['rehab_return'].rpe_cap:g} at most, while the rest "
        f"of the body trains for {rest}. That stays within the coach's limits: a current injury "
        "never takes more than moderate loading here, and the coach can hold the first phase "
        "longer" + after(SILBERNAGEL_PAIN) + "."
    )
    return text


def _powerlifting_text(
    request: DraftRequest, sessions: list[_Session], phases: Sequence[str]
) -> str:
    count = {"squat": 0, "bench": 0, "deadlift": 0}
    pattern_lift = {SQUAT: "squat", HORIZONTAL_PUSH: "bench", HINGE: "deadlift"}
    for session in sessions:
        for entry in session.entries:
            if entry.slot.lift and entry.slot.pattern in pattern_lift:
                count[pattern_lift[entry.slot.pattern]] += 1
    freq = ", ".join(f"{lift} {times}× a week" for lift, times in count.items())
    text = (
        f"Competition lifts: {freq}. Heavy days work up to a top set and follow it with "
        f"back-off sets about {BACKOFF_DROP:.0%} lighter; volume days and variations (pause, "
        "close-grip, deficit) carry the weekly work at lower effort, so each lift is trained "
        "heavy, moderate and varied. Rows and pulldowns are accessories, never main lifts"
        + after(HELMS_PYRAMID, ZOURDOS_RPE)
        + "."
    )
    if request.event_date and TAPER in phases:
        build = phases.count(BUILD)
        peak = phases.count(PEAK)
        text += (
            f" Toward the meet on {_day_words(request.event_date)}: weeks 1–{build} build, "
            f"{'week' if peak == 1 else 'weeks'} {build + 1}"
            f"{'' if peak == 1 else f'–{build + peak}'} peak (top sets of 2 then 1 at RPE 9 with "
            f"fewer back-offs, accessories a set lighter), and week {len(phases)} tapers (about "
            "half the work, openers at RPE 7.5, no training the day before the meet)"
            + after(TRAVIS_TAPER, NSCA_ESSENTIALS)
            + "."
        )
    elif request.event_date:
        text += (
            f" The meet on {_day_words(request.event_date)} is beyond this block: it builds, and "
            "the peak and taper come in the block that ends at the meet."
        )
    return text


def _reps_text(request: DraftRequest, ctx: _Context, n: int) -> str:
    main_goal, accessory_goal = ctx.main_goal, ctx.accessory_goal
    profile = ctx.profile
    if profile.specialization == ENDURANCE_ATHLETE:
        main_scheme = _tempered(ENDURANCE_ATHLETE_MAIN, request, ctx)
        accessory_scheme = _tempered(ENDURANCE_ATHLETE_ACCESSORY, request, ctx)
        text = f"Main lifts: {_range(main_scheme)}. Accessories: {_range(accessory_scheme)}."
    elif profile.specialization == POWERLIFTING:
        accessory_scheme = _tempered(scheme_for("accessory", accessory_goal), request, ctx)
        text = (
            "Competition lifts follow the heavy, volume and variation days above. Accessories "
            f"({GOAL_TEXT[accessory_goal]}): {_range(accessory_scheme)}."
        )
    else:
        main_scheme = _tempered(scheme_for(MAIN, main_goal), request, ctx)
        accessory_scheme = _tempered(scheme_for("accessory", accessory_goal), request, ctx)
        text = (
            f"Main lifts ({GOAL_TEXT[main_goal]}): {_range(main_scheme)}. "
            f"Accessories ({GOAL_TEXT[accessory_goal]}): {_range(accessory_scheme)}."
        )
    text += (
        f" Holds and carries are timed ({_range(_tempered(HOLD_SCHEME, request, ctx, core=True))}); "
        "core work never goes past RPE 7.5."
    )
    if ctx.conditioning_goal:
        conditioning = _tempered(CONDITIONING_SCHEMES[ctx.conditioning_goal], request, ctx)
        text += f" Conditioning: {_range(conditioning)}."
    if profile.power:
        text += (
            f" Jumps and throws: {_range(_tempered(POWER_SCHEME, request, ctx))}, never to failure."
        )
    if n == 7:
        text += (
            f" Recovery day: easy cardio ({_range(_tempered(RECOVERY_CARDIO_SCHEME, request, ctx))}) "
            f"and mobility drills ({_range(_tempered(MOBILITY_SCHEME, request, ctx))})."
        )
    if request.experience == "novice":
        text += f" As a novice the client starts half an RPE point lower and never passes RPE {NOVICE_RPE_CAP:g}."
    if request.risk != "low":
        text += f" {request.risk.capitalize()} risk caps every set at RPE {RISK_RPE_CAP[request.risk]:g}."
    if ctx.rehab:
        text += (
            " Returning from injury keeps every set that loads the returning area at RPE 6.5 "
            "or below."
        )
    return text


def _loads_text(request: DraftRequest, sessions: list[_Session]) -> str:
    used = {entry.exercise.key: entry for s in sessions for entry in s.entries}
    loaded = sorted(
        (entry.exercise.name, request.e1rm_by_exercise[key])
        for key, entry in used.items()
        if key in request.e1rm_by_exercise and entry.scheme.unit == REPS
    )
    bar = (
        f" Barbell lifts without history start from the empty bar ({EMPTY_BAR_KG:g} kg): a "
        "novice's target is the bar itself; a trained lifter works up from it to the target effort."
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
        return text + " Other exercises are set by effort (RPE)." + bar
    return (
        "No lift history matches this block's exercises, so loads are set by effort: the "
        "client picks a weight that leaves the stated reps in reserve and logs it; the "
        "first week finds the working weights." + bar
    )


def _progression_text(request: DraftRequest, ctx: _Context) -> str:
    if request.experience == "novice":
        progression = (
            "Double progression: each week the bottom of the rep range rises by one rep until it "
            "reaches the top; then the load rises "
            f"({LOAD_INCREMENT_UPPER_KG:g} kg upper body, {LOAD_INCREMENT_LOWER_KG:g} kg "
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
    if ctx.volume_progression:
        progression += " For muscle gain, accessories also add a set a week (see volume)."
    progression += (
        " Holds, carries and conditioning move their time window up a step a week to a ceiling "
        "(never a zero-width range such as 40–40 s), then add a set."
    )
    progression += (
        " Every week after the first (deload aside) raises at least one target; the nightly job "
        "only adds load when the logs show every set reached the top of the range at or below "
        "the target RPE."
    )
    return progression + after(NSCA_ESSENTIALS, ZOURDOS_RPE) + "."


def _deload_text(request: DraftRequest, weeks: int, phases: Sequence[str]) -> str:
    if TAPER in phases:
        return (
            f"No separate deload: week {weeks} is the meet's taper (about half the work, effort "
            "kept), which does a deload's job."
        )
    if DELOAD in phases:
        reason = (
            f"every block of {DELOAD_FROM_WEEKS} or more weeks ends with one, so fatigue does not outrun recovery"
            if weeks >= DELOAD_FROM_WEEKS
            else f"{_a(request.experience)} lifter working near their limits builds fatigue over "
            f"{DELOAD_FROM_WEEKS_TRAINED}+ weeks"
        )
        return (
            f"Week {weeks} is a deload: about {DELOAD_SET_FACTOR:.0%} of the sets, RPE "
            f"{DELOAD_RPE_DROP:g} point below week one and {DELOAD_LOAD_FACTOR:.0%} of the load, "
            f"because {reason}. A deload can still be proposed earlier if logged fatigue stays "
            "high or performance falls."
        )
    why = (
        f"a {weeks}-week block is short enough to recover within"
        if weeks < DELOAD_FROM_WEEKS_TRAINED
        else f"a novice's {weeks}-week block at moderate effort is short enough to recover within"
    )
    return (
        f"No deload week: {why}. One is proposed if logged fatigue stays high or performance "
        "falls (see monitoring)."
    )


# --- Monitoring -----------------------------------------------------------------------------
def _monitoring_rules(request: DraftRequest, fit: ClientFit, profile: PlanProfile) -> list[str]:
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
                "or after a session, or not settled by the next morning, goes to a coach the "
                "same day, with a substitution from the best-tolerated variants."
            )
        else:
            rules.append(
                f"Current injury noted as '{area}'{said}: a coach checks the exercises against it "
                f"before the block starts, and related pain above {PAIN_FLAG_OUT_OF_10}/10 goes "
                "to a coach the same day."
            )
    if profile.specialization == POWERLIFTING:
        rules.append(
            "Flag a top set logged more than 1 RPE point over target, and any meet-week opener "
            "above RPE 8: the coach adjusts attempts."
        )
    if profile.specialization == ENDURANCE_ATHLETE:
        rules.append(
            "Ask about running or riding load each week: a race or a heavier week moves or "
            "shortens the strength session, never the key session."
        )
    if PREGNANT_OR_POSTPARTUM in request.populations:
        rules.append(
            "Leaking, heaviness, pelvic or abdominal pain, or bleeding go to a coach the same "
            "day; running and jumping return only with a clinician's clearance."
        )
    if EATING_DISORDER_HISTORY in request.populations:
        rules.append(
            "Signs of compulsive exercise or restriction (training through illness or injury, "
            "distress at a missed session, fast weight loss) go to a coach the same day."
        )
    if MAKING_WEIGHT in request.populations:
        rules.append(
            "Body weight falling faster than about 1% a week, readiness dropping, a missed "
            "period or bone pain go to a coach the same day."
        )
    if request.risk == "high":
        rules.append("High risk: every plan change waits for a coach's review.")
    if request.experience == "novice":
        rules.append(
            "Novice: a coach checks technique on the main lifts (video or notes) in the first "
            "two weeks."
        )
    return rules
