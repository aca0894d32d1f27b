"""What a client's sport, age, history and circumstances change in a draft: the specialization
(powerlifting, an endurance athlete's strength work), a gentler effort ramp, the caps and
constraints a population needs, the block's phases toward a meet, the training days around key
endurance sessions, and hypertrophy volume landmarks. Pure: no Django.

Each rule says where it comes from (``sources``) in the sentence the coach reads."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations

from programs.core.drafting.dosing import BUILD, DELOAD, GENTLE_RPE_CAP, PEAK, TAPER
from programs.core.drafting.sources import (
    ACOG_POSTPARTUM,
    ACSM_PROGRESSION,
    BLAGROVE_RUNNERS,
    COOK_EATING_DISORDERS,
    GOOM_RETURN_TO_RUN,
    IOC_REDS,
    ISRAETEL_LANDMARKS,
    NSCA_OLDER_ADULTS,
    RONNESTAD_MUJIKA,
    after,
)
from programs.core.drafting.splits import POWERLIFTING_MIN_SESSIONS, SESSION_DAY_OFFSETS
from programs.core.drafting.types import (
    EATING_DISORDER_HISTORY,
    ENDURANCE_SPORTS,
    MAKING_WEIGHT,
    MAX_WEEKS,
    POWERLIFTING,
    PREGNANT_OR_POSTPARTUM,
    DraftRequest,
)
from programs.core.library import NO_JUMPING, NO_RUNNING, with_implied_equipment

ENDURANCE_ATHLETE = "endurance_athlete"
# 50 and over, or back after a layoff: a gentler effort ramp.
OLDER_ADULT_AGE = 50
# Caps on effort for the populations drafting shapes.
ENDURANCE_ATHLETE_RPE_CAP = 7.5
PREGNANT_OR_POSTPARTUM_RPE_CAP = 7.0
MAKING_WEIGHT_RPE_CAP = 8.0
# Making weight: accessories lose a set (the cut is the stressor), never below this.
MAKING_WEIGHT_MIN_ACCESSORY_SETS = 2
# A powerlifting block that ends at a meet: the meet week tapers, the weeks before it peak.
PEAK_WEEKS = 2
POWERLIFTING_EQUIPMENT = frozenset({"barbell", "rack", "bench"})
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class PlanProfile:
    """The draft's shape before any exercise is chosen: the goals that set the rep schemes,
    the conditioning piece (if any), a specialization, the effort ramp and caps, the
    constraints in force, whether sessions hold jumps, and the sentences that explain it."""

    main_goal: str
    accessory_goal: str
    conditioning_goal: str | None
    specialization: str | None
    gentle: bool
    rpe_ceiling: float | None
    constraints: frozenset[str]
    power: bool
    trim_accessories: bool
    explanations: tuple[tuple[str, str], ...] = field(default=())


def plan_profile(request: DraftRequest, goals: Sequence[str]) -> PlanProfile:
    """Goals ranked (the first sets the main lifts, the second the accessories; endurance or
    fat loss add conditioning, sport performance jumps), then the specialization, ramp, caps
    and constraints that the client's sport, age, history and circumstances call for."""
    explain: list[tuple[str, str]] = []
    main_goal = goals[0]
    accessory_goal = goals[1] if len(goals) > 1 else goals[0]
    conditioning_goal = next((g for g in ("endurance", "fat_loss") if g in goals), None)
    constraints = set(request.constraints)
    rpe_ceiling: float | None = None
    rehab = "rehab_return" in goals
    current_injuries = [i for i in request.injuries if i.current]

    specialization = None
    if request.sport == POWERLIFTING:
        missing = POWERLIFTING_EQUIPMENT - with_implied_equipment(request.equipment)
        reasons = []
        if request.experience == "novice":
            reasons.append("a novice first learns the lifts on a general strength plan")
        if request.sessions_per_week < POWERLIFTING_MIN_SESSIONS:
            reasons.append(
                f"competition-lift frequency needs {POWERLIFTING_MIN_SESSIONS}+ sessions a week"
            )
        if missing:
            reasons.append(f"the competition lifts need {', '.join(sorted(missing))}")
        if current_injuries or rehab or request.risk == "high":
            reasons.append("a current injury or high risk needs the coach to plan meet prep")
        if reasons:
            explain.append(
                (
                    "specialization",
                    "Powerlifting was named, but this draft is a general strength plan: "
                    + "; ".join(reasons)
                    + ".",
                )
            )
        else:
            specialization = POWERLIFTING
            main_goal = "strength"
            accessory_goal = goals[1] if len(goals) > 1 and goals[1] != "strength" else "muscle"
            conditioning_goal = None
    elif request.sport in ENDURANCE_SPORTS:
        specialization = ENDURANCE_ATHLETE
        conditioning_goal = None
        rpe_ceiling = ENDURANCE_ATHLETE_RPE_CAP
        explain.append(
            (
                "specialization",
                f"A {request.sport} athlete: their own sessions are the conditioning, so none is "
                "added; strength work is short, heavy and low-rep, never near failure (RPE "
                f"{ENDURANCE_ATHLETE_RPE_CAP:g} at most), single-leg and calf work every "
                "session, and the strength days keep away from key sessions"
                + after(RONNESTAD_MUJIKA, BLAGROVE_RUNNERS)
                + ".",
            )
        )

    gentle = False
    if request.returning or (request.age_years or 0) >= OLDER_ADULT_AGE:
        gentle = True
        who = []
        if request.returning:
            who.append("back after a layoff")
        if (request.age_years or 0) >= OLDER_ADULT_AGE:
            who.append(f"{request.age_years} years old")
        explain.append(
            (
                "ramp",
                f"Gentler ramp ({' and '.join(who)}): every set starts a point easier, effort "
                f"rises only every other week and stays at RPE {GENTLE_RPE_CAP:g} or below, "
                "while reps and sets carry the progression in between; no set under 6 reps, "
                "at most 3 sets to start" + after(ACSM_PROGRESSION, NSCA_OLDER_ADULTS) + ".",
            )
        )

    populations = request.populations
    if PREGNANT_OR_POSTPARTUM in populations:
        constraints |= {NO_RUNNING, NO_JUMPING}
        rpe_ceiling = min(rpe_ceiling or 10.0, PREGNANT_OR_POSTPARTUM_RPE_CAP)
        explain.append(
            (
                "population",
                "Pregnant or after birth (health screen): no running or jumping until a "
                "clinician clears it; core work is pelvic-floor-aware (dead bug, bird dog, side "
                "plank, Pallof press; no crunches, sit-ups, front planks or hanging work); "
                f"effort stays at RPE {PREGNANT_OR_POSTPARTUM_RPE_CAP:g} or below; breathe out "
                "on the effort and stop for leaking, heaviness or pain"
                + after(ACOG_POSTPARTUM, GOOM_RETURN_TO_RUN)
                + ". Drafting cannot check the clearance: the coach does.",
            )
        )
    if EATING_DISORDER_HISTORY in populations and "fat_loss" in goals:
        main_goal = "general_fitness" if main_goal == "fat_loss" else main_goal
        accessory_goal = "general_fitness" if accessory_goal == "fat_loss" else accessory_goal
        if conditioning_goal == "fat_loss":
            conditioning_goal = "endurance" if "endurance" in goals else None
        explain.append(
            (
                "population",
                "History of disordered eating: the plan is framed around strength and health, "
                "not fat loss: no conditioning is added for weight loss and the rep schemes are "
                "general fitness; any body-composition goal is for the coach to discuss"
                + after(COOK_EATING_DISORDERS)
                + ".",
            )
        )
    trim = False
    if MAKING_WEIGHT in populations:
        trim = True
        rpe_ceiling = min(rpe_ceiling or 10.0, MAKING_WEIGHT_RPE_CAP)
        if conditioning_goal == "fat_loss":
            conditioning_goal = None
        explain.append(
            (
                "population",
                "Making weight for a competition: strength is kept (main lifts unchanged) while "
                f"accessories lose a set and effort stays at RPE {MAKING_WEIGHT_RPE_CAP:g} or "
                "below, because the cut itself is the stressor; no conditioning is added to "
                "burn weight. The coach sets the weight plan; body weight, readiness and "
                "missed periods or bone pain are watched" + after(IOC_REDS) + ".",
            )
        )

    power = (
        "sport_performance" in goals
        and request.risk != "high"
        and not rehab
        and NO_JUMPING not in constraints
        and specialization is None
    )
    return PlanProfile(
        main_goal=main_goal,
        accessory_goal=accessory_goal,
        conditioning_goal=conditioning_goal,
        specialization=specialization,
        gentle=gentle,
        rpe_ceiling=rpe_ceiling,
        constraints=frozenset(constraints),
        power=power,
        trim_accessories=trim,
        explanations=tuple(explain),
    )


# --- Phases toward a meet ------------------------------------------------------------------------
def meet_week(start: date, event: date | None) -> int | None:
    """The block week (1-based) the meet falls in, or None without a meet date."""
    if event is None or event < start:
        return None
    return (event - start).days // 7 + 1


def meet_phases(weeks: int) -> list[str]:
    """A block that ends at a meet: the meet week tapers, up to ``PEAK_WEEKS`` before it peak,
    the rest build."""
    peak = min(PEAK_WEEKS, max(0, weeks - 2))
    return [BUILD] * (weeks - 1 - peak) + [PEAK] * peak + [TAPER]


def loading_phases(weeks: int, deload: bool) -> list[str]:
    return [BUILD] * (weeks - 1) + [DELOAD if deload else BUILD] if weeks else []


def meet_block(request: DraftRequest) -> tuple[int, list[str]] | None:
    """(weeks, phases) for a powerlifter whose meet falls within ``MAX_WEEKS`` weeks of the
    start; None otherwise (a meet further away is the next blocks' job)."""
    week = meet_week(request.start_date, request.event_date)
    if week is None or week > MAX_WEEKS:
        return None
    return week, meet_phases(week)


# --- Days around key endurance sessions ----------------------------------------------------------
def session_offsets(
    request: DraftRequest, specialization: str | None
) -> tuple[tuple[int, ...], str]:
    """The days (0 = the start date) the sessions fall on, and why. An endurance athlete's
    strength days avoid their key sessions and the day before them (heavy legs the day before
    intervals or a long run spoil them), spread as evenly as the week allows; everyone else
    takes ``SESSION_DAY_OFFSETS``."""
    n = request.sessions_per_week
    default = SESSION_DAY_OFFSETS[n]
    if specialization != ENDURANCE_ATHLETE or not request.key_session_days:
        return default, ""
    start = request.start_date.weekday()
    key = set(request.key_session_days)
    before_key = {(day - 1) % 7 for day in key}
    for avoid in (key | before_key, before_key, set()):
        free = [offset for offset in range(7) if (start + offset) % 7 not in avoid]
        if len(free) >= n:
            chosen = _spread(free, n)
            names = ", ".join(WEEKDAYS[(start + o) % 7] for o in chosen)
            keys = ", ".join(WEEKDAYS[d] for d in sorted(key))
            if avoid:
                why = (
                    f"Strength days ({names}) keep away from the key sessions on {keys} and the "
                    "day before each, so heavy legs never precede intervals or a long run"
                    + after(RONNESTAD_MUJIKA)
                    + "."
                )
            else:
                why = (
                    f"Strength days ({names}): the week has no day clear of key sessions ({keys})."
                )
            return tuple(chosen), why
    return default, ""


def _spread(free: list[int], n: int) -> list[int]:
    """``n`` of the free offsets, as evenly spaced as possible (earliest first on ties)."""
    best, best_gap = free[:n], -1
    for combo in combinations(free, n):
        gaps = [b - a for a, b in zip(combo, combo[1:], strict=False)] + [7 - combo[-1] + combo[0]]
        gap = min(gaps)
        if gap > best_gap:
            best, best_gap = list(combo), gap
    return best


# --- Hypertrophy volume landmarks ------------------------------------------------------------------
# Weekly hard sets per muscle (MEV: the least that grows it; MRV: the most it recovers from),
# rounded from Israetel's published landmarks.
VOLUME_LANDMARKS: dict[str, tuple[int, int]] = {
    "chest": (8, 22),
    "back": (10, 25),
    "quadriceps": (8, 20),
    "hamstrings": (6, 20),
    "glutes": (0, 16),
    "shoulders": (8, 26),
    "biceps": (8, 26),
    "triceps": (6, 18),
    "calves": (8, 20),
    "abdominals": (0, 25),
    "traps": (0, 26),
}
# Library muscles counted under a landmark group.
MUSCLE_GROUP = {"lats": "back", "middle back": "back"}
SECONDARY_SET_SHARE = 0.5


def weekly_sets(entries: Iterable[tuple[Sequence[str], Sequence[str], int]]) -> dict[str, float]:
    """Hard sets a week per landmark muscle group, from (primary muscles, secondary muscles,
    sets) of every prescription: a prime mover counts each set, a secondary mover half."""
    totals: dict[str, float] = {}
    for primary, secondary, sets in entries:
        counted = set()
        for muscles, share in ((primary, 1.0), (secondary, SECONDARY_SET_SHARE)):
            for muscle in muscles:
                group = MUSCLE_GROUP.get(muscle, muscle)
                if group in VOLUME_LANDMARKS and group not in counted:
                    counted.add(group)
                    totals[group] = totals.get(group, 0.0) + sets * share
    return totals


def landmark_text(first: Mapping[str, float], peak: Mapping[str, float], peak_week: int) -> str:
    """One sentence: weekly sets per trained muscle in week 1 and the peak week, against MEV and
    MRV, naming muscles that start below MEV."""
    parts, below = [], []
    for group, (mev, mrv) in VOLUME_LANDMARKS.items():
        start, top = first.get(group, 0.0), peak.get(group, 0.0)
        if top < 1:
            continue
        parts.append(f"{group} {start:g} → {top:g} (MEV ~{mev}, MRV ~{mrv})")
        if start < mev:
            below.append(group)
    text = (
        f"Weekly hard sets per muscle, week 1 → week {peak_week} (secondary movers count half): "
        + "; ".join(parts)
        + ". Accessories add a set a week, staying under each MRV"
        + after(ISRAETEL_LANDMARKS)
        + "."
    )
    if below:
        text += (
            f" {', '.join(below).capitalize()} start below MEV: the sessions' length and count "
            "leave no more room; the coach may trade another accessory for them."
        )
    return text
