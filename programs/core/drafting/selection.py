"""Which exercises a client may do, and which one fills a slot. Pure: no Django.

An exercise is out when it is not in the reviewed drafting pool, needs equipment the client
lacks (body weight is always there; a gym implies a bench, a rack and a pull-up bar), loads the
area of a current injury highly, breaks one of the client's constraints, is above the client's
level, is an Olympic lift for someone without an advanced base, or is core work that raises
pressure on a pregnant or postpartum client's pelvic floor. What loads a sore area moderately
stays, ranked behind friendlier variants and dosed lighter (see ``dosing.temper``). Among the
rest, a slot takes the best by a stable ranking (see ``rank_key``), so the same request always
gives the same program.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from programs.core.adjustments import NEARBY_PATTERNS
from programs.core.drafting.dosing import (
    ACCESSORY,
    CONDITIONING,
    MAIN,
    MOBILITY_ROLE,
    POWER,
    RECOVERY,
    SECONDARY,
)
from programs.core.drafting.splits import Slot
from programs.core.drafting.types import PREGNANT_OR_POSTPARTUM
from programs.core.library import (
    ACCESSORY_ROLE,
    CARDIO,
    CARRY,
    CONDITIONING_ROLE,
    CONSTRAINT_TEXT,
    CORE,
    CORE_ROLE,
    GRADE_RANK,
    HIGH,
    HINGE,
    HORIZONTAL_PULL,
    HORIZONTAL_PUSH,
    ISOLATION_LOWER,
    ISOLATION_UPPER,
    LOW,
    LUNGE,
    MAIN_ROLE,
    MOBILITY,
    MODERATE,
    PATTERNS,
    PLYOMETRIC,
    POWER_ROLE,
    SECONDARY_ROLE,
    SQUAT,
    VERTICAL_PULL,
    VERTICAL_PUSH,
    LibraryExercise,
    area_load,
    with_implied_equipment,
)
from programs.core.library import MOBILITY_ROLE as MOBILITY_DRILL_ROLE

# Curated basics per pattern, best first (beginner-level variants ahead of equivalent harder
# ones): a slot takes the first staple the client may do before any other exercise.
STAPLES: dict[str, tuple[str, ...]] = {
    SQUAT: (
        "Barbell Squat",
        "Goblet Squat",
        "Dumbbell Squat",
        "Goblet Box Squat",
        "Leg Press",
        "Smith Machine Squat",
        "Hack Squat",
        "Front Squats With Two Kettlebells",
        "Squats - With Bands",
        "Bodyweight Squat",
        "Front Squat (Clean Grip)",
        "Box Squat",
        "Sit-to-Stand Box Squat",
    ),
    HINGE: (
        "Romanian Deadlift",
        "Barbell Deadlift",
        "Stiff-Legged Dumbbell Deadlift",
        "Trap Bar Deadlift",
        "Barbell Hip Thrust",
        "Kettlebell Deadlift",
        "One-Arm Kettlebell Swings",
        "Kettlebell One-Legged Deadlift",
        "Dumbbell Single-Leg Romanian Deadlift",
        "Smith Machine Stiff-Legged Deadlift",
        "Pull Through",
        "Band Good Morning",
        "Hip Lift with Band",
        "Hyperextensions (Back Extensions)",
        "Butt Lift (Bridge)",
        "Single Leg Glute Bridge",
        "Barbell Glute Bridge",
        "Sumo Deadlift",
        "Good Morning",
    ),
    LUNGE: (
        "Dumbbell Lunges",
        "Split Squat with Dumbbells",
        "Bodyweight Walking Lunge",
        "Bodyweight Split Squat",
        "Smith Single-Leg Split Squat",
        "Step-up with Knee Raise",
        "Dumbbell Step Ups",
        "Dumbbell Rear Lunge",
        "Bodyweight Reverse Lunge",
        "Barbell Lunge",
    ),
    HORIZONTAL_PUSH: (
        "Barbell Bench Press - Medium Grip",
        "Dumbbell Bench Press",
        "Dumbbell Floor Press",
        "Incline Dumbbell Press",
        "Machine Bench Press",
        "Leverage Chest Press",
        "Cable Chest Press",
        "Pushups",
        "Incline Push-Up",
        "Bench Press - With Bands",
        "Barbell Incline Bench Press - Medium Grip",
        "Alternating Floor Press",
        "Smith Machine Bench Press",
    ),
    VERTICAL_PUSH: (
        "Standing Military Press",
        "Seated Dumbbell Press",
        "Machine Shoulder (Military) Press",
        "Leverage Shoulder Press",
        "Standing Dumbbell Press",
        "Shoulder Press - With Bands",
        "Two-Arm Kettlebell Military Press",
        "Pike Push-Up",
        "Landmine Press",
        "Arnold Dumbbell Press",
    ),
    HORIZONTAL_PULL: (
        "Bent Over Barbell Row",
        "One-Arm Dumbbell Row",
        "Seated Cable Rows",
        "Bent Over Two-Dumbbell Row",
        "Leverage Iso Row",
        "Inverted Row",
        "Two-Arm Kettlebell Row",
        "One-Arm Kettlebell Row",
        "Dumbbell Incline Row",
        "T-Bar Row with Handle",
        "Band Seated Row",
        "Doorway Row",
        "Band Pull Apart",
        "Face Pull",
    ),
    VERTICAL_PULL: (
        "Pullups",
        "Chin-Up",
        "Wide-Grip Lat Pulldown",
        "Close-Grip Front Lat Pulldown",
        "Underhand Cable Pulldowns",
        "Band Assisted Pull-Up",
        "V-Bar Pulldown",
        "Band Lat Pulldown",
        "One Arm Lat Pulldown",
        "Straight-Arm Pulldown",
    ),
    CARRY: ("Farmer's Walk", "Dumbbell Farmer's Carry", "Suitcase Carry", "Sled Push"),
    CORE: (
        "Plank",
        "Dead Bug",
        "Pallof Press",
        "Side Bridge",
        "Bird Dog",
        "Band Pallof Press",
        "Cable Crunch",
        "Standing Cable Wood Chop",
        "Exercise Ball Crunch",
        "Reverse Crunch",
        "Crunches",
        "Ab Roller",
        "Hanging Leg Raise",
    ),
    ISOLATION_UPPER: (
        "Dumbbell Bicep Curl",
        "Barbell Curl",
        "Hammer Curls",
        "EZ-Bar Curl",
        "Standing Biceps Cable Curl",
        "Machine Bicep Curl",
        "Triceps Pushdown",
        "Triceps Pushdown - Rope Attachment",
        "Standing Dumbbell Triceps Extension",
        "EZ-Bar Skullcrusher",
        "Machine Triceps Extension",
        "Band Skull Crusher",
        "Tricep Dumbbell Kickback",
        "Side Lateral Raise",
        "Cable Seated Lateral Raise",
        "Lateral Raise - With Bands",
        "Reverse Flyes",
        "Cable Rear Delt Fly",
        "Reverse Machine Flyes",
        "Dumbbell Flyes",
        "Butterfly",
    ),
    ISOLATION_LOWER: (
        "Lying Leg Curls",
        "Seated Leg Curl",
        "Ball Leg Curl",
        "Leg Extensions",
        "Standing Calf Raises",
        "Seated Calf Raise",
        "Standing Dumbbell Calf Raise",
        "Single-Leg Calf Raise",
        "Calf Raises - With Bands",
        "Dumbbell Seated One-Leg Calf Raise",
        "Thigh Abductor",
        "Monster Walk",
        "Band Hip Adductions",
    ),
    PLYOMETRIC: (
        "Box Jump (Multiple Response)",
        "Front Box Jump",
        "Standing Long Jump",
        "Freehand Jump Squat",
        "Split Jump",
        "Lateral Bound",
        "Medicine Ball Chest Pass",
        "Overhead Slam",
        "Medicine Ball Scoop Throw",
    ),
    CARDIO: (
        "Bicycling, Stationary",
        "Rowing, Stationary",
        "Elliptical Trainer",
        "Recumbent Bike",
        "Walking, Treadmill",
        "Jogging, Treadmill",
        "Stairmaster",
        "Trail Running/Walking",
        "Bicycling",
        "Brisk Walk",
        "Rope Jumping",
    ),
    MOBILITY: (
        "World's Greatest Stretch",
        "Cat Stretch",
        "Inchworm",
        "Front Leg Raises",
        "Arm Circles",
        "Hip Circles (prone)",
        "Ankle Circles",
    ),
}
# With a sore area, the best-tolerated variants of each pattern come first, best first: an
# angled or neutral-grip press and supported rows for a shoulder; box squats, step-ups and
# isometrics for a knee; supported rows, bridges and the back-sparing trunk work for a back.
INJURY_STAPLES: dict[str, dict[str, tuple[str, ...]]] = {
    "shoulder": {
        VERTICAL_PUSH: ("Landmine Press", "Half-Kneeling Landmine Press"),
        HORIZONTAL_PUSH: (
            "Dumbbell Floor Press",
            "Dumbbell Bench Press with Neutral Grip",
            "Floor Press",
            "Machine Bench Press",
            "Leverage Chest Press",
            "Hammer Grip Incline DB Bench Press",
            "Incline Push-Up",
            "Cable Chest Press",
            "Dumbbell Bench Press",
        ),
        HORIZONTAL_PULL: (
            "Seated Cable Rows",
            "Dumbbell Incline Row",
            "One-Arm Dumbbell Row",
            "Lying T-Bar Row",
            "Leverage Iso Row",
            "Band Seated Row",
            "Inverted Row",
            "Doorway Row",
        ),
        VERTICAL_PULL: (
            "V-Bar Pulldown",
            "Close-Grip Front Lat Pulldown",
            "Underhand Cable Pulldowns",
            "Band Lat Pulldown",
        ),
        ISOLATION_UPPER: (
            "External Rotation with Cable",
            "External Rotation with Band",
            "External Rotation",
            "Dumbbell Scaption",
            "Reverse Flyes",
            "Cable Rear Delt Fly",
            "Prone Y-T Raise",
        ),
    },
    "knee": {
        SQUAT: (
            "Box Squat",
            "Goblet Box Squat",
            "Leg Press",
            "Sit-to-Stand Box Squat",
            "Dumbbell Squat To A Bench",
            "Spanish Squat",
            "Wall Sit",
        ),
        LUNGE: (
            "Dumbbell Step Ups",
            "Step-up with Knee Raise",
            "Dumbbell Rear Lunge",
            "Bodyweight Reverse Lunge",
            "Split Squat with Dumbbells",
            "Bodyweight Split Squat",
        ),
        ISOLATION_LOWER: ("Terminal Knee Extension", "Leg Extensions", "Single-Leg Leg Extension"),
        CARDIO: ("Bicycling, Stationary", "Recumbent Bike", "Elliptical Trainer", "Brisk Walk"),
    },
    "lower back": {
        HORIZONTAL_PULL: (
            "Dumbbell Incline Row",
            "Seated Cable Rows",
            "Lying T-Bar Row",
            "One-Arm Dumbbell Row",
            "Leverage Iso Row",
            "Band Seated Row",
            "Inverted Row",
        ),
        HINGE: (
            "Barbell Hip Thrust",
            "Butt Lift (Bridge)",
            "Single Leg Glute Bridge",
            "Barbell Glute Bridge",
            "Pull Through",
            "Dumbbell Single-Leg Romanian Deadlift",
            "Kettlebell One-Legged Deadlift",
        ),
        SQUAT: ("Goblet Squat", "Goblet Box Squat", "Leg Press", "Bodyweight Squat"),
        CORE: ("Bird Dog", "Side Bridge", "Dead Bug", "Pallof Press", "Band Pallof Press"),
    },
}
_STAPLE_RANK = {
    (pattern, name): rank for pattern, names in STAPLES.items() for rank, name in enumerate(names)
}
_NOT_A_STAPLE = len(max(STAPLES.values(), key=len)) + 1

# Loadable, progressive equipment first; among equals the ranking falls back on the name.
EQUIPMENT_PREFERENCE = (
    "barbell",
    "dumbbell",
    "kettlebells",
    "machine",
    "cable",
    "e-z curl bar",
    "body only",
    "bands",
    "medicine ball",
    "exercise ball",
    "other",
    "foam roll",
)
# How far each library level is from what suits the client (lower is better); a level missing
# from a client's map is not allowed at all.
LEVEL_DISTANCE = {
    "novice": {"beginner": 0, "intermediate": 1},
    "intermediate": {"beginner": 0, "intermediate": 0},
    "advanced": {"intermediate": 0, "expert": 0, "beginner": 1},
}
# High risk never gets expert-level work, whatever the experience.
HIGH_RISK_LEVEL_DISTANCE = {"beginner": 0, "intermediate": 1}
OLYMPIC = "olympic weightlifting"
# Which reviewed roles may fill each kind of slot: a main lift's slot takes main lifts only (a
# lat pulldown is never one), a secondary slot main or secondary lifts, an accessory slot
# secondary lifts and accessories; core, conditioning, jumps and mobility their own.
SLOT_ROLES = {
    MAIN: frozenset({MAIN_ROLE}),
    SECONDARY: frozenset({MAIN_ROLE, SECONDARY_ROLE}),
    ACCESSORY: frozenset({SECONDARY_ROLE, ACCESSORY_ROLE}),
    POWER: frozenset({POWER_ROLE}),
    CONDITIONING: frozenset({CONDITIONING_ROLE}),
    RECOVERY: frozenset({CONDITIONING_ROLE}),
    MOBILITY_ROLE: frozenset({MOBILITY_DRILL_ROLE}),
}
CORE_SLOT_ROLES = frozenset({CORE_ROLE})
# Core work that raises pressure on the pelvic floor and the abdominal wall (loaded flexion,
# front planks, hanging and rolling out): not drafted in pregnancy or after birth.
HIGH_PRESSURE_CORE = re.compile(
    r"crunch|sit-?up|v-?up|jackknife|leg raise|knee raise|rollout|ab roll|hanging|^plank$"
    r"|twist|toes to bar",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ClientFit:
    """What selection needs to know about the client. ``equipment`` already includes body
    weight and what a gym implies."""

    equipment: frozenset[str]
    current_injury_areas: tuple[str, ...]
    constraints: frozenset[str]
    experience: str
    risk: str
    familiar_keys: frozenset[str] = frozenset()
    populations: frozenset[str] = frozenset()

    @property
    def level_distance(self) -> dict[str, int]:
        if self.risk == "high":
            return HIGH_RISK_LEVEL_DISTANCE
        return LEVEL_DISTANCE[self.experience]

    @property
    def olympic_allowed(self) -> bool:
        return self.experience == "advanced" and self.risk != "high"


@dataclass(frozen=True)
class Exclusion:
    """Why an exercise is out: ``kind`` is pool, equipment, injury, constraint, level, olympic
    or population."""

    kind: str
    detail: str


def client_fit(
    equipment: Iterable[str],
    injuries: Iterable,
    constraints: Iterable[str],
    experience: str,
    risk: str,
    familiar_keys: Iterable[str] = (),
    populations: Iterable[str] = (),
) -> ClientFit:
    """Body weight is always available, and cables or machines mean a gym; only current
    injuries rule exercises out."""
    areas = sorted({injury.area.strip().lower() for injury in injuries if injury.current})
    return ClientFit(
        equipment=with_implied_equipment(equipment),
        current_injury_areas=tuple(areas),
        constraints=frozenset(constraints),
        experience=experience,
        risk=risk,
        familiar_keys=frozenset(familiar_keys),
        populations=frozenset(populations),
    )


def exclusions(exercise: LibraryExercise, fit: ClientFit) -> tuple[Exclusion, ...]:
    """Every reason the exercise is out for this client (empty: it is allowed). A current
    injury rules out only what loads its area highly."""
    reasons = []
    if not exercise.draftable:
        reasons.append(Exclusion("pool", "not reviewed for drafting"))
    if not exercise.available_in(fit.equipment):
        reasons.append(Exclusion("equipment", exercise.missing_from(fit.equipment)))
    for area in fit.current_injury_areas:
        if area_load(exercise, area) == HIGH:
            reasons.append(Exclusion("injury", area))
    for tag in sorted(exercise.violations(fit.constraints)):
        reasons.append(Exclusion("constraint", tag))
    if exercise.level not in fit.level_distance:
        reasons.append(Exclusion("level", exercise.level))
    if exercise.category == OLYMPIC and not fit.olympic_allowed:
        reasons.append(Exclusion("olympic", exercise.category))
    if (
        PREGNANT_OR_POSTPARTUM in fit.populations
        and exercise.pattern == CORE
        and HIGH_PRESSURE_CORE.search(exercise.name)
    ):
        reasons.append(Exclusion("population", PREGNANT_OR_POSTPARTUM))
    return tuple(reasons)


def staple_rank(exercise: LibraryExercise) -> int:
    return _STAPLE_RANK.get((exercise.pattern, exercise.name), _NOT_A_STAPLE)


def slot_accepts(slot: Slot, exercise: LibraryExercise) -> bool:
    """Whether the exercise's reviewed roles fit the slot (``SLOT_ROLES``; core slots take
    core work)."""
    if slot.pattern == CORE and slot.role in (MAIN, SECONDARY, ACCESSORY):
        return bool(exercise.roles & CORE_SLOT_ROLES)
    return bool(exercise.roles & SLOT_ROLES.get(slot.role, frozenset()))


def injury_rank(exercise: LibraryExercise, fit: ClientFit) -> tuple[int, int]:
    """With current injuries: (place among the area's best-tolerated variants of the pattern,
    summed grade above "low" on the sore areas: barely loading it is as good as not at all);
    (0, 0) without."""
    place, grade = 0, 0
    for area in fit.current_injury_areas:
        grade += max(0, GRADE_RANK[area_load(exercise, area)] - GRADE_RANK[LOW])
        preferred = INJURY_STAPLES.get(area, {}).get(exercise.pattern)
        if preferred:
            place += (
                preferred.index(exercise.name) if exercise.name in preferred else len(preferred)
            )
    return place, grade


def rank_key(exercise: LibraryExercise, slot: Slot, fit: ClientFit) -> tuple:
    """Best first: the slot's preferred exercises in order, its preferred prime movers, the
    best-tolerated variants for a sore area, exercises the client already logs, the curated
    staples in order, the closest level, compound movements for main lifts, loadable
    equipment, and finally name and key (so ties never depend on input order)."""
    prefer = slot.prefer.index(exercise.name) if exercise.name in slot.prefer else len(slot.prefer)
    muscle_miss = int(bool(slot.muscles) and not set(slot.muscles) & set(exercise.primary_muscles))
    unfamiliar = int(exercise.key not in fit.familiar_keys)
    isolation_for_main = int(slot.role == MAIN and exercise.mechanic != "compound")
    equipment_rank = (
        EQUIPMENT_PREFERENCE.index(exercise.equipment)
        if exercise.equipment in EQUIPMENT_PREFERENCE
        else len(EQUIPMENT_PREFERENCE)
    )
    return (
        prefer,
        muscle_miss,
        *injury_rank(exercise, fit),
        unfamiliar,
        staple_rank(exercise),
        fit.level_distance.get(exercise.level, 9),
        isolation_for_main,
        equipment_rank,
        exercise.name,
        exercise.key,
    )


def candidates(
    pattern: str, allowed: Sequence[LibraryExercise], slot: Slot, fit: ClientFit
) -> list[LibraryExercise]:
    """The allowed exercises of a pattern whose roles fit the slot, best first for it."""
    pool = [e for e in allowed if e.pattern == pattern and slot_accepts(slot, e)]
    return sorted(pool, key=lambda exercise: rank_key(exercise, slot, fit))


def pick(ranked: Sequence[LibraryExercise], slot: Slot, used: set[str]) -> LibraryExercise | None:
    """The slot's variant (0 = best) among candidates not already in the session; the last
    remaining one when there are fewer candidates than the variant asks for."""
    remaining = [exercise for exercise in ranked if exercise.key not in used]
    if not remaining:
        return None
    return remaining[min(slot.variant, len(remaining) - 1)]


def gentler_variant(
    exercise: LibraryExercise,
    area: str,
    ceiling: str,
    allowed: Sequence[LibraryExercise],
    fit: ClientFit,
    used: set[str],
) -> LibraryExercise | None:
    """For the first weeks of a return from injury: an allowed exercise that loads ``area`` at
    ``ceiling`` or less, of the same pattern or else a nearby one sharing a prime mover
    (``NEARBY_PATTERNS``); isometric and shorter-range variants first, then the area's
    best-tolerated list. None when the exercise is already that gentle or nothing is."""
    if GRADE_RANK[area_load(exercise, area)] <= GRADE_RANK[ceiling]:
        return None
    patterns = (exercise.pattern, *NEARBY_PATTERNS.get(exercise.pattern, ()))
    movers = set(exercise.primary_muscles)
    pool = [
        e
        for e in allowed
        if e.pattern in patterns
        and movers & set(e.primary_muscles)
        and e.key not in used
        and e.roles & {MAIN_ROLE, SECONDARY_ROLE, ACCESSORY_ROLE, CORE_ROLE}
        and GRADE_RANK[area_load(e, area)] <= GRADE_RANK[ceiling]
    ]
    if not pool:
        return None
    return min(
        pool,
        key=lambda e: (
            patterns.index(e.pattern),
            -len(e.friendlier),
            GRADE_RANK[area_load(e, area)],
            rank_key(e, Slot(e.pattern, ACCESSORY), fit),
        ),
    )


def _a(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def pool_exclusions(
    library: Sequence[LibraryExercise], fit: ClientFit
) -> dict[str, tuple[Exclusion, ...]]:
    """Every pooled exercise's reasons to be out (by key); exercises outside the pool are out
    for that alone."""
    return {exercise.key: exclusions(exercise, fit) for exercise in library if exercise.draftable}


def describe_exclusions(
    library: Sequence[LibraryExercise],
    fit: ClientFit,
    examples: int = 3,
    reasons: dict[str, tuple[Exclusion, ...]] | None = None,
) -> list[str]:
    """Plain sentences: how many library exercises are outside the reviewed pool, and how many
    pooled exercises each other reason left out, with the best-known examples among those the
    client's equipment would otherwise allow. ``reasons`` may pass ``pool_exclusions``."""
    reasons = reasons if reasons is not None else pool_exclusions(library, fit)

    def example_names(pool: list[LibraryExercise]) -> str:
        ordered = sorted(
            pool,
            key=lambda e: (
                e.pattern in (CARDIO, MOBILITY),
                staple_rank(e),
                PATTERNS.index(e.pattern),
                e.name,
                e.key,
            ),
        )
        names = ", ".join(e.name for e in ordered[:examples])
        return f" (e.g. {names})" if names else ""

    pooled = [exercise for exercise in library if exercise.draftable]
    by_reason: dict[tuple[str, str], list[LibraryExercise]] = {}
    for exercise in pooled:
        for reason in reasons[exercise.key]:
            by_reason.setdefault((reason.kind, reason.detail), []).append(exercise)

    def equipment_ok(pool: list[LibraryExercise]) -> list[LibraryExercise]:
        return [e for e in pool if e.available_in(fit.equipment)]

    sentences = []
    outside = len(library) - len(pooled)
    if outside:
        sentences.append(
            f"{outside} library exercises are outside the reviewed drafting pool (partner, "
            "neck, static-stretch, duplicate and specialist exercises): searchable, never "
            "drafted automatically."
        )
    equipment_out = sorted(
        ((detail, len(pool)) for (kind, detail), pool in by_reason.items() if kind == "equipment"),
        key=lambda item: (-item[1], item[0]),
    )
    if equipment_out:
        total = sum(count for _, count in equipment_out)
        listed = "; ".join(f"{detail}: {count}" for detail, count in equipment_out[:6])
        more = "; …" if len(equipment_out) > 6 else ""
        have = ", ".join(sorted(fit.equipment))
        sentences.append(
            f"{total} pooled exercises need equipment the client does not have ({listed}{more}); "
            f"available: {have}."
        )
    for area in fit.current_injury_areas:
        pool = by_reason.get(("injury", area), [])
        kept = [
            e for e in pooled if not exclusions(e, fit) and area_load(e, area) in (LOW, MODERATE)
        ]
        if pool or kept:
            sentences.append(
                f"Current {area} injury: {len(pool)} pooled exercises that load the {area} "
                f"highly are left out{example_names(equipment_ok(pool))}; {len(kept)} that load "
                "it moderately or less stay, so the area keeps training."
            )
        else:
            sentences.append(
                f"Current injury recorded as '{area}': it matches no exercise automatically, so "
                "the coach should check the exercise list against the client's notes."
            )
    for tag in sorted(fit.constraints):
        pool = by_reason.get(("constraint", tag), [])
        sentences.append(
            f"Constraint '{CONSTRAINT_TEXT.get(tag, tag)}': {len(pool)} pooled exercises left "
            f"out{example_names(equipment_ok(pool))}."
        )
    for (kind, detail), pool in sorted(by_reason.items()):
        if kind == "level":
            who = "a high-risk client" if fit.risk == "high" else f"{_a(fit.experience)} client"
            sentences.append(
                f"{len(pool)} {detail}-level exercises are left out for {who}"
                f"{example_names(equipment_ok(pool))}."
            )
        elif kind == "olympic":
            sentences.append(
                f"{len(pool)} Olympic lifts are left out: they are technical and need an "
                "advanced, coached base."
            )
        elif kind == "population":
            sentences.append(
                f"{len(pool)} core exercises that raise pressure on the pelvic floor are left "
                f"out in pregnancy and after birth{example_names(equipment_ok(pool))}."
            )
    if not fit.current_injury_areas and not fit.constraints:
        sentences.append("No exercise was left out for injuries or constraints: none are recorded.")
    return sentences
