"""Which exercises a client may do, and which one fills a slot. Pure: no Django.

An exercise is out when it needs equipment the client lacks (body weight is always there),
loads the area of a current injury, breaks one of the client's constraints, is above the
client's level, or is an Olympic lift for someone without an advanced base. Among the rest, a
slot takes the best by a stable ranking (see ``rank_key``), so the same request always gives
the same program.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from programs.drafting.dosing import MAIN
from programs.drafting.splits import Slot
from programs.library import (
    BODY_ONLY,
    CARDIO,
    CARRY,
    CONSTRAINT_TEXT,
    CORE,
    HINGE,
    HORIZONTAL_PULL,
    HORIZONTAL_PUSH,
    ISOLATION_LOWER,
    ISOLATION_UPPER,
    LUNGE,
    MOBILITY,
    PATTERNS,
    PLYOMETRIC,
    SQUAT,
    VERTICAL_PULL,
    VERTICAL_PUSH,
    LibraryExercise,
    loads_injured_area,
)

# Curated basics per pattern, best first (beginner-level variants ahead of equivalent harder
# ones): a slot takes the first staple the client may do before any other exercise.
STAPLES: dict[str, tuple[str, ...]] = {
    SQUAT: (
        "Barbell Squat",
        "Goblet Squat",
        "Dumbbell Squat",
        "Leg Press",
        "Smith Machine Squat",
        "Hack Squat",
        "Front Squats With Two Kettlebells",
        "Squats - With Bands",
        "Bodyweight Squat",
        "Front Squat (Clean Grip)",
        "Box Squat",
        "Chair Squat",
    ),
    HINGE: (
        "Romanian Deadlift",
        "Barbell Deadlift",
        "Stiff-Legged Dumbbell Deadlift",
        "Trap Bar Deadlift",
        "Barbell Hip Thrust",
        "One-Arm Kettlebell Swings",
        "Kettlebell One-Legged Deadlift",
        "Smith Machine Stiff-Legged Deadlift",
        "Pull Through",
        "Cable Deadlifts",
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
        "Barbell Walking Lunge",
        "Smith Single-Leg Split Squat",
        "Step-up with Knee Raise",
        "Dumbbell Step Ups",
        "Dumbbell Rear Lunge",
        "Barbell Lunge",
        "Barbell Step Ups",
    ),
    HORIZONTAL_PUSH: (
        "Barbell Bench Press - Medium Grip",
        "Dumbbell Bench Press",
        "Incline Dumbbell Press",
        "Machine Bench Press",
        "Leverage Chest Press",
        "Cable Chest Press",
        "Pushups",
        "Incline Push-Up",
        "Bench Press - With Bands",
        "Barbell Incline Bench Press - Medium Grip",
        "Alternating Floor Press",
        "Standing Cable Chest Press",
        "Smith Machine Bench Press",
        "Dips - Triceps Version",
    ),
    VERTICAL_PUSH: (
        "Standing Military Press",
        "Seated Dumbbell Press",
        "Machine Shoulder (Military) Press",
        "Leverage Shoulder Press",
        "Dumbbell Shoulder Press",
        "Cable Shoulder Press",
        "Shoulder Press - With Bands",
        "Two-Arm Kettlebell Military Press",
        "Standing Dumbbell Press",
        "Barbell Shoulder Press",
        "Arnold Dumbbell Press",
        "Handstand Push-Ups",
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
        "Smith Machine Bent Over Row",
        "Band Pull Apart",
        "Face Pull",
    ),
    VERTICAL_PULL: (
        "Wide-Grip Lat Pulldown",
        "Close-Grip Front Lat Pulldown",
        "Pullups",
        "Chin-Up",
        "Underhand Cable Pulldowns",
        "Band Assisted Pull-Up",
        "V-Bar Pulldown",
        "One Arm Lat Pulldown",
        "Straight-Arm Pulldown",
        "Upright Row - With Bands",
    ),
    CARRY: ("Farmer's Walk", "Sled Push", "Sled Drag - Harness", "Yoke Walk", "Rickshaw Carry"),
    CORE: (
        "Plank",
        "Dead Bug",
        "Pallof Press",
        "Side Bridge",
        "Cable Crunch",
        "Standing Cable Wood Chop",
        "Exercise Ball Crunch",
        "Spell Caster",
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
        "Rocket Jump",
        "Split Jump",
        "Lateral Bound",
        "Knee Tuck Jump",
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
        "Rope Jumping",
    ),
    MOBILITY: (
        "World's Greatest Stretch",
        "Cat Stretch",
        "Standing Hip Flexors",
        "Hamstring Stretch",
        "Shoulder Stretch",
        "Upper Back Stretch",
        "Standing Gastrocnemius Calf Stretch",
        "Child's Pose",
    ),
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


@dataclass(frozen=True)
class ClientFit:
    """What selection needs to know about the client."""

    equipment: frozenset[str]
    current_injury_areas: tuple[str, ...]
    constraints: frozenset[str]
    experience: str
    risk: str
    familiar_keys: frozenset[str] = frozenset()

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
    """Why an exercise is out: ``kind`` is equipment, injury, constraint, level or olympic."""

    kind: str
    detail: str


def client_fit(
    equipment: Iterable[str],
    injuries: Iterable,
    constraints: Iterable[str],
    experience: str,
    risk: str,
    familiar_keys: Iterable[str] = (),
) -> ClientFit:
    """Body weight is always available; only current injuries rule exercises out."""
    areas = sorted({injury.area.strip().lower() for injury in injuries if injury.current})
    return ClientFit(
        equipment=frozenset(equipment) | {BODY_ONLY},
        current_injury_areas=tuple(areas),
        constraints=frozenset(constraints),
        experience=experience,
        risk=risk,
        familiar_keys=frozenset(familiar_keys),
    )


def exclusions(exercise: LibraryExercise, fit: ClientFit) -> tuple[Exclusion, ...]:
    """Every reason the exercise is out for this client (empty: it is allowed)."""
    reasons = []
    if exercise.equipment not in fit.equipment:
        reasons.append(Exclusion("equipment", exercise.equipment))
    for area in fit.current_injury_areas:
        if loads_injured_area(exercise, area):
            reasons.append(Exclusion("injury", area))
    for tag in sorted(exercise.violations(fit.constraints)):
        reasons.append(Exclusion("constraint", tag))
    if exercise.level not in fit.level_distance:
        reasons.append(Exclusion("level", exercise.level))
    if exercise.category == OLYMPIC and not fit.olympic_allowed:
        reasons.append(Exclusion("olympic", exercise.category))
    return tuple(reasons)


def staple_rank(exercise: LibraryExercise) -> int:
    return _STAPLE_RANK.get((exercise.pattern, exercise.name), _NOT_A_STAPLE)


def rank_key(exercise: LibraryExercise, slot: Slot, fit: ClientFit) -> tuple:
    """Best first: the slot's preferred prime movers, then exercises the client already logs,
    then the curated staples in order, then the closest level, compound movements for main
    lifts, loadable equipment, and finally name and key (so ties never depend on input order)."""
    muscle_miss = int(bool(slot.muscles) and not set(slot.muscles) & set(exercise.primary_muscles))
    unfamiliar = int(exercise.key not in fit.familiar_keys)
    isolation_for_main = int(slot.role == MAIN and exercise.mechanic != "compound")
    equipment_rank = (
        EQUIPMENT_PREFERENCE.index(exercise.equipment)
        if exercise.equipment in EQUIPMENT_PREFERENCE
        else len(EQUIPMENT_PREFERENCE)
    )
    return (
        muscle_miss,
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
    """The allowed exercises of a pattern, best first for this slot."""
    pool = [exercise for exercise in allowed if exercise.pattern == pattern]
    return sorted(pool, key=lambda exercise: rank_key(exercise, slot, fit))


def pick(ranked: Sequence[LibraryExercise], slot: Slot, used: set[str]) -> LibraryExercise | None:
    """The slot's variant (0 = best) among candidates not already in the session; the last
    remaining one when there are fewer candidates than the variant asks for."""
    remaining = [exercise for exercise in ranked if exercise.key not in used]
    if not remaining:
        return None
    return remaining[min(slot.variant, len(remaining) - 1)]


def _a(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def describe_exclusions(
    library: Sequence[LibraryExercise], fit: ClientFit, examples: int = 3
) -> list[str]:
    """Plain sentences: how many exercises each reason left out, with the best-known examples
    among those the client's equipment would otherwise allow."""

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

    by_reason: dict[tuple[str, str], list[LibraryExercise]] = {}
    for exercise in library:
        for reason in exclusions(exercise, fit):
            by_reason.setdefault((reason.kind, reason.detail), []).append(exercise)

    def equipment_ok(pool: list[LibraryExercise]) -> list[LibraryExercise]:
        return [e for e in pool if e.equipment in fit.equipment]

    sentences = []
    equipment_out = sorted(
        ((detail, len(pool)) for (kind, detail), pool in by_reason.items() if kind == "equipment"),
        key=lambda item: (-item[1], item[0]),
    )
    if equipment_out:
        total = sum(count for _, count in equipment_out)
        listed = ", ".join(f"{detail} {count}" for detail, count in equipment_out)
        have = ", ".join(sorted(fit.equipment))
        sentences.append(
            f"{total} exercises need equipment the client does not have ({listed}); "
            f"available: {have}."
        )
    for area in fit.current_injury_areas:
        pool = by_reason.get(("injury", area), [])
        if pool:
            sentences.append(
                f"Current {area} injury: {len(pool)} exercises that load the {area} are left "
                f"out{example_names(equipment_ok(pool))}."
            )
        else:
            sentences.append(
                f"Current injury recorded as '{area}': it matches no exercise automatically, so "
                "the coach should check the exercise list against the client's notes."
            )
    for tag in sorted(fit.constraints):
        pool = by_reason.get(("constraint", tag), [])
        sentences.append(
            f"Constraint '{CONSTRAINT_TEXT.get(tag, tag)}': {len(pool)} exercises left out"
            f"{example_names(equipment_ok(pool))}."
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
    if not fit.current_injury_areas and not fit.constraints:
        sentences.append("No exercise was left out for injuries or constraints: none are recorded.")
    return sentences
