"""The week's shape: which split fits the sessions a week and their length, what each session
trains (slots by movement pattern), and on which days it falls. Pure: no Django."""

from __future__ import annotations

from dataclasses import dataclass, replace

from programs.core.drafting.dosing import (
    ACCESSORY,
    CONDITIONING,
    MAIN,
    MOBILITY_ROLE,
    POWER,
    RECOVERY,
    SECONDARY,
)
from programs.core.library import (
    CARDIO,
    CARRY,
    CORE,
    HINGE,
    HORIZONTAL_PULL,
    HORIZONTAL_PUSH,
    ISOLATION_LOWER,
    ISOLATION_UPPER,
    LUNGE,
    MOBILITY,
    PLYOMETRIC,
    SQUAT,
    VERTICAL_PULL,
    VERTICAL_PUSH,
)


@dataclass(frozen=True)
class Slot:
    """A place in a session: a movement pattern, its role (main lift, accessory, ...), which of
    the ranked candidates to take (``variant`` 1 is the second best, so two sessions differ),
    the prime movers it prefers, exercises it prefers by name (best first), and for a
    competition lift the kind of day (``lift``: heavy, volume or variation)."""

    pattern: str
    role: str
    variant: int = 0
    muscles: tuple[str, ...] = ()
    prefer: tuple[str, ...] = ()
    lift: str = ""


@dataclass(frozen=True)
class SessionTemplate:
    name: str
    slots: tuple[Slot, ...]

    def shifted(self, name: str, by: int = 1) -> SessionTemplate:
        """The same session with every slot one candidate further down (a B session)."""
        return SessionTemplate(
            name, tuple(replace(slot, variant=slot.variant + by) for slot in self.slots)
        )


def _s(pattern: str, role: str = ACCESSORY, variant: int = 0, *muscles: str) -> Slot:
    return Slot(pattern, role, variant, tuple(muscles))


# Slots are in priority order: when time runs short, the last ones are dropped first.
FULL_BODY = SessionTemplate(
    "Full body",
    (
        _s(SQUAT, MAIN),
        _s(HORIZONTAL_PUSH, MAIN),
        _s(HINGE, MAIN),
        _s(HORIZONTAL_PULL, MAIN),
        _s(VERTICAL_PUSH),
        _s(VERTICAL_PULL),
        _s(LUNGE),
        _s(CORE),
    ),
)
FULL_BODY_A = SessionTemplate(
    "Full body A",
    (
        _s(SQUAT, MAIN),
        _s(HORIZONTAL_PUSH, MAIN),
        _s(HORIZONTAL_PULL, MAIN),
        _s(HINGE, ACCESSORY, 0, "glutes"),
        _s(CORE),
        _s(ISOLATION_UPPER, ACCESSORY, 0, "biceps"),
        _s(ISOLATION_LOWER, ACCESSORY, 0, "hamstrings"),
    ),
)
FULL_BODY_B = SessionTemplate(
    "Full body B",
    (
        _s(HINGE, MAIN),
        _s(VERTICAL_PUSH, MAIN),
        _s(VERTICAL_PULL, MAIN),
        _s(LUNGE),
        _s(CORE, ACCESSORY, 1),
        _s(ISOLATION_UPPER, ACCESSORY, 0, "triceps"),
        _s(CARRY),
    ),
)
FULL_BODY_C = SessionTemplate(
    "Full body C",
    (
        _s(SQUAT, MAIN, 1),
        _s(HORIZONTAL_PUSH, MAIN, 1),
        _s(HORIZONTAL_PULL, MAIN, 1),
        _s(LUNGE, ACCESSORY, 1),
        _s(CORE, ACCESSORY, 2),
        _s(ISOLATION_UPPER, ACCESSORY, 0, "shoulders"),
        _s(ISOLATION_LOWER, ACCESSORY, 0, "calves"),
    ),
)
UPPER_A = SessionTemplate(
    "Upper A",
    (
        _s(HORIZONTAL_PUSH, MAIN),
        _s(HORIZONTAL_PULL, MAIN),
        _s(VERTICAL_PUSH),
        _s(VERTICAL_PULL),
        _s(ISOLATION_UPPER, ACCESSORY, 0, "biceps"),
        _s(ISOLATION_UPPER, ACCESSORY, 0, "triceps"),
        _s(CORE),
    ),
)
UPPER_B = SessionTemplate(
    "Upper B",
    (
        _s(VERTICAL_PUSH, MAIN),
        _s(VERTICAL_PULL, MAIN),
        _s(HORIZONTAL_PUSH, ACCESSORY, 1),
        _s(HORIZONTAL_PULL, ACCESSORY, 1),
        _s(ISOLATION_UPPER, ACCESSORY, 0, "shoulders"),
        _s(ISOLATION_UPPER, ACCESSORY, 1, "biceps"),
        _s(CORE, ACCESSORY, 1),
    ),
)
LOWER_A = SessionTemplate(
    "Lower A",
    (
        _s(SQUAT, MAIN),
        _s(HINGE, ACCESSORY, 0, "glutes"),
        _s(LUNGE),
        _s(ISOLATION_LOWER, ACCESSORY, 0, "hamstrings"),
        _s(ISOLATION_LOWER, ACCESSORY, 0, "calves"),
        _s(CORE),
    ),
)
LOWER_B = SessionTemplate(
    "Lower B",
    (
        _s(HINGE, MAIN),
        _s(SQUAT, ACCESSORY, 1),
        _s(LUNGE, ACCESSORY, 1),
        _s(ISOLATION_LOWER, ACCESSORY, 0, "quadriceps"),
        _s(CARRY),
        _s(CORE, ACCESSORY, 1),
    ),
)
PUSH = SessionTemplate(
    "Push",
    (
        _s(HORIZONTAL_PUSH, MAIN),
        _s(VERTICAL_PUSH, MAIN),
        _s(HORIZONTAL_PUSH, ACCESSORY, 1),
        _s(ISOLATION_UPPER, ACCESSORY, 0, "triceps"),
        _s(ISOLATION_UPPER, ACCESSORY, 0, "shoulders"),
        _s(CORE),
    ),
)
PULL = SessionTemplate(
    "Pull",
    (
        _s(VERTICAL_PULL, MAIN),
        _s(HORIZONTAL_PULL, MAIN),
        _s(HORIZONTAL_PULL, ACCESSORY, 1),
        _s(ISOLATION_UPPER, ACCESSORY, 0, "biceps"),
        _s(CARRY),
        _s(CORE, ACCESSORY, 1),
    ),
)
LEGS = SessionTemplate(
    "Legs",
    (
        _s(SQUAT, MAIN),
        _s(HINGE, MAIN),
        _s(LUNGE),
        _s(ISOLATION_LOWER, ACCESSORY, 0, "hamstrings"),
        _s(ISOLATION_LOWER, ACCESSORY, 0, "calves"),
        _s(CORE, ACCESSORY, 2),
    ),
)
RECOVERY_DAY = SessionTemplate(
    "Recovery and mobility",
    (
        _s(CARDIO, RECOVERY),
        _s(MOBILITY, MOBILITY_ROLE),
        _s(MOBILITY, MOBILITY_ROLE, 1),
        _s(MOBILITY, MOBILITY_ROLE, 2),
        _s(MOBILITY, MOBILITY_ROLE, 3),
    ),
)

# From this session length, 5–6 sessions a week are a push/pull/legs rotation (each session
# has time for several exercises of one kind); below it, upper/lower plus full-body days.
PPL_MIN_SESSION_MINUTES = 60


@dataclass(frozen=True)
class Split:
    name: str
    sessions: tuple[SessionTemplate, ...]
    why: str


def choose_split(sessions_per_week: int, session_minutes: int) -> Split:
    """Full body for 1–3 sessions a week, upper/lower for 4; for 5–6, push/pull/legs when
    sessions last ``PPL_MIN_SESSION_MINUTES`` or more, otherwise upper/lower plus full body;
    7 sessions are the 6-session split plus an easy recovery-and-mobility day."""
    n = sessions_per_week
    if n == 1:
        return Split(
            "full body",
            (FULL_BODY,),
            "one session a week has to train every movement pattern, so it is a full-body session",
        )
    if n in (2, 3):
        return Split(
            "full body",
            (FULL_BODY_A, FULL_BODY_B, FULL_BODY_C)[:n],
            f"with {n} sessions a week, full-body sessions train each movement pattern "
            f"{'twice' if n == 2 else 'two to three times'} a week; the sessions rotate "
            "variations (A/B/C) so the same joints are not loaded the same way every time",
        )
    if n == 4:
        return Split(
            "upper/lower",
            (UPPER_A, LOWER_A, UPPER_B, LOWER_B),
            "four sessions a week fit an upper/lower split: each half of the body is trained "
            "twice a week and rests while the other half works",
        )
    long_sessions = session_minutes >= PPL_MIN_SESSION_MINUTES
    if n == 5:
        if long_sessions:
            return Split(
                "push/pull/legs + upper/lower",
                (PUSH, PULL, LEGS, UPPER_A, LOWER_A),
                f"five sessions of {session_minutes} minutes fit push/pull/legs followed by an "
                "upper and a lower day: every pattern twice a week with room for volume",
            )
        return Split(
            "upper/lower + full body",
            (UPPER_A, LOWER_A, FULL_BODY_A, UPPER_B, LOWER_B),
            f"five sessions of {session_minutes} minutes are too short for push/pull/legs "
            f"(under {PPL_MIN_SESSION_MINUTES} minutes); upper/lower with a full-body day "
            "trains every pattern twice a week in less time",
        )
    six = _six_session_split(session_minutes, long_sessions)
    if n == 6:
        return six
    return Split(
        six.name + " + recovery day",
        (*six.sessions, RECOVERY_DAY),
        six.why + "; a seventh hard session adds fatigue faster than results, so day seven is "
        "easy conditioning and mobility",
    )


def _six_session_split(session_minutes: int, long_sessions: bool) -> Split:
    if long_sessions:
        return Split(
            "push/pull/legs",
            (
                PUSH,
                PULL,
                LEGS,
                PUSH.shifted("Push B"),
                PULL.shifted("Pull B"),
                LEGS.shifted("Legs B"),
            ),
            f"six sessions of {session_minutes} minutes fit push/pull/legs twice a week, with "
            "different variations in the second round",
        )
    return Split(
        "upper/lower + full body",
        (UPPER_A, LOWER_A, FULL_BODY_A, UPPER_B, LOWER_B, FULL_BODY_B),
        f"six sessions of {session_minutes} minutes are too short for push/pull/legs (under "
        f"{PPL_MIN_SESSION_MINUTES} minutes); upper/lower plus full body trains every pattern "
        "two to three times a week",
    )


# Days (0 = the week's first day) the sessions fall on: spread through the week, with a rest
# day between sessions where the count allows and the rest days after the heaviest runs.
SESSION_DAY_OFFSETS = {
    1: (0,),
    2: (0, 3),
    3: (0, 2, 4),
    4: (0, 1, 3, 4),
    5: (0, 1, 2, 4, 5),
    6: (0, 1, 2, 3, 4, 5),
    7: (0, 1, 2, 3, 4, 5, 6),
}


def with_goal_slots(
    template: SessionTemplate,
    *,
    power: bool,
    conditioning: str | None,
    conditioning_early: bool = False,
) -> SessionTemplate:
    """Add what the goals ask for: a jump or throw first on days with a main lower-body lift
    (``power``, for sport performance), and a conditioning piece, third in the session when
    endurance is the main goal and right after the main lifts otherwise (ahead of the
    accessories, which are dropped first when time runs short). The recovery day stays as it
    is."""
    if template is RECOVERY_DAY:
        return template
    slots = list(template.slots)
    trains_legs = any(slot.role == MAIN and slot.pattern in (SQUAT, HINGE, LUNGE) for slot in slots)
    if power and trains_legs:
        slots.insert(0, Slot(PLYOMETRIC, POWER, 0, ("quadriceps", "hamstrings", "glutes")))
    if conditioning:
        after_main = 1 + max((i for i, slot in enumerate(slots) if slot.role == MAIN), default=-1)
        position = min(2, len(slots)) if conditioning_early else after_main
        slots.insert(position, Slot(CARDIO, CONDITIONING))
    return SessionTemplate(template.name, tuple(slots))


# --- Powerlifting ------------------------------------------------------------------------------
COMPETITION_SQUAT = ("Barbell Squat",)
COMPETITION_BENCH = ("Barbell Bench Press - Medium Grip",)
COMPETITION_DEADLIFT = ("Barbell Deadlift", "Sumo Deadlift")
COMPETITION_LIFTS = (*COMPETITION_SQUAT, *COMPETITION_BENCH, *COMPETITION_DEADLIFT)
SQUAT_VARIATIONS = ("Pause Squat", "Front Squat (Clean Grip)", "Box Squat")
BENCH_VARIATIONS = (
    "Pause Bench Press",
    "Close-Grip Barbell Bench Press",
    "Pin Presses",
    "Floor Press",
)
DEADLIFT_VARIATIONS = ("Deficit Deadlift", "Romanian Deadlift", "Rack Pulls", "Good Morning")
# Without its own history, a variation's e1RM is estimated from its competition lift's: rough
# coaching ratios, good enough for a first week that the logs then correct.
VARIATION_E1RM_RATIO = {
    "Pause Squat": ("Barbell Squat", 0.88),
    "Front Squat (Clean Grip)": ("Barbell Squat", 0.82),
    "Box Squat": ("Barbell Squat", 0.9),
    "Pause Bench Press": ("Barbell Bench Press - Medium Grip", 0.93),
    "Close-Grip Barbell Bench Press": ("Barbell Bench Press - Medium Grip", 0.92),
    "Pin Presses": ("Barbell Bench Press - Medium Grip", 0.95),
    "Floor Press": ("Barbell Bench Press - Medium Grip", 0.95),
    "Deficit Deadlift": ("Barbell Deadlift", 0.9),
    "Romanian Deadlift": ("Barbell Deadlift", 0.72),
    "Rack Pulls": ("Barbell Deadlift", 1.05),
    "Good Morning": ("Barbell Squat", 0.55),
}


def _lift(pattern: str, kind: str, prefer: tuple[str, ...]) -> Slot:
    role = SECONDARY if kind == "variation" else MAIN
    return Slot(pattern, role, 0, (), prefer, kind)


PL_HEAVY_SQUAT = SessionTemplate(
    "Heavy squat, bench volume",
    (
        _lift(SQUAT, "heavy", COMPETITION_SQUAT),
        _lift(HORIZONTAL_PUSH, "volume", COMPETITION_BENCH),
        _s(HORIZONTAL_PULL, ACCESSORY, 0, "middle back"),
        _s(ISOLATION_LOWER, ACCESSORY, 0, "hamstrings"),
        _s(CORE),
    ),
)
PL_HEAVY_DEADLIFT = SessionTemplate(
    "Heavy deadlift, bench variation",
    (
        _lift(HINGE, "heavy", COMPETITION_DEADLIFT),
        _lift(HORIZONTAL_PUSH, "variation", BENCH_VARIATIONS),
        _s(VERTICAL_PULL, ACCESSORY, 0, "lats"),
        _s(ISOLATION_UPPER, ACCESSORY, 0, "triceps"),
        _s(CORE, ACCESSORY, 1),
    ),
)
PL_HEAVY_BENCH = SessionTemplate(
    "Heavy bench, squat variation",
    (
        _lift(HORIZONTAL_PUSH, "heavy", COMPETITION_BENCH),
        _lift(SQUAT, "variation", SQUAT_VARIATIONS),
        _s(HORIZONTAL_PULL, ACCESSORY, 1, "middle back"),
        _s(ISOLATION_UPPER, ACCESSORY, 0, "shoulders"),
        _s(LUNGE),
    ),
)
PL_DEADLIFT_VARIATION = SessionTemplate(
    "Deadlift variation, bench volume",
    (
        _lift(HINGE, "variation", DEADLIFT_VARIATIONS),
        _lift(HORIZONTAL_PUSH, "volume", COMPETITION_BENCH),
        _s(VERTICAL_PUSH),
        _s(HORIZONTAL_PULL, ACCESSORY, 2),
        _s(CORE, ACCESSORY, 2),
    ),
)
PL_SQUAT_VOLUME = SessionTemplate(
    "Squat volume, bench variation",
    (
        _lift(SQUAT, "volume", COMPETITION_SQUAT),
        _lift(HORIZONTAL_PUSH, "variation", BENCH_VARIATIONS[1:]),
        _s(HINGE, ACCESSORY, 0, "glutes"),
        _s(ISOLATION_UPPER, ACCESSORY, 0, "biceps"),
        _s(CORE),
    ),
)
PL_UPPER_ACCESSORIES = SessionTemplate(
    "Upper back and arms",
    (
        _s(HORIZONTAL_PULL, ACCESSORY, 0, "middle back"),
        _s(VERTICAL_PULL, ACCESSORY, 1, "lats"),
        _s(ISOLATION_UPPER, ACCESSORY, 0, "shoulders"),
        _s(ISOLATION_UPPER, ACCESSORY, 0, "triceps"),
        _s(ISOLATION_UPPER, ACCESSORY, 0, "biceps"),
        _s(CORE, ACCESSORY, 1),
    ),
)
# Three to six days: squat two to three times, bench three to five, deadlift one to two, each
# lift alternating heavy (top set + back-offs), volume and variation days.
POWERLIFTING_DAYS = {
    3: (PL_HEAVY_SQUAT, PL_HEAVY_DEADLIFT, PL_HEAVY_BENCH),
    4: (PL_HEAVY_SQUAT, PL_HEAVY_DEADLIFT, PL_HEAVY_BENCH, PL_DEADLIFT_VARIATION),
    5: (PL_HEAVY_SQUAT, PL_HEAVY_DEADLIFT, PL_HEAVY_BENCH, PL_DEADLIFT_VARIATION, PL_SQUAT_VOLUME),
    6: (
        PL_HEAVY_SQUAT,
        PL_HEAVY_DEADLIFT,
        PL_HEAVY_BENCH,
        PL_DEADLIFT_VARIATION,
        PL_SQUAT_VOLUME,
        PL_UPPER_ACCESSORIES,
    ),
}
POWERLIFTING_MIN_SESSIONS = 3


def powerlifting_split(sessions_per_week: int) -> Split:
    """Competition lifts on every day for 3–6 sessions (7: the 6-day split plus a recovery
    day); the weekly frequency each lift gets is counted in the rationale."""
    n = min(sessions_per_week, 6)
    days = POWERLIFTING_DAYS[n]
    if sessions_per_week == 7:
        days = (*days, RECOVERY_DAY)
    return Split(
        "powerlifting",
        days,
        "a powerlifter trains the competition lifts most days, alternating heavy days (a top "
        "set and back-off sets), volume days and variations",
    )


# --- Endurance athletes --------------------------------------------------------------------------
SINGLE_LEG_KNEE = (
    "Split Squat with Dumbbells",
    "Dumbbell Rear Lunge",
    "Dumbbell Step Ups",
    "Bodyweight Split Squat",
    "Bodyweight Reverse Lunge",
    "Step-up with Knee Raise",
)
BILATERAL_SQUAT = (
    "Goblet Squat",
    "Front Squat (Clean Grip)",
    "Dumbbell Squat",
    "Goblet Box Squat",
    "Leg Press",
    "Bodyweight Squat",
)
HINGES_FOR_RUNNERS = (
    "Romanian Deadlift",
    "Stiff-Legged Dumbbell Deadlift",
    "Kettlebell Deadlift",
    "Dumbbell Single-Leg Romanian Deadlift",
    "Single Leg Glute Bridge",
)
SINGLE_LEG_HINGES = (
    "Dumbbell Single-Leg Romanian Deadlift",
    "Kettlebell One-Legged Deadlift",
    "Single Leg Glute Bridge",
    "Barbell Hip Thrust",
)
STRAIGHT_KNEE_CALVES = (
    "Standing Calf Raises",
    "Standing Dumbbell Calf Raise",
    "Single-Leg Calf Raise",
    "Calf Raises - With Bands",
)
BENT_KNEE_CALVES = (
    "Seated Calf Raise",
    "Dumbbell Seated One-Leg Calf Raise",
    "Single-Leg Calf Raise",
)
RUNNER_CORE = ("Copenhagen Side Plank", "Side Bridge", "Pallof Press", "Band Pallof Press")
ENDURANCE_A = SessionTemplate(
    "Strength A: single leg",
    (
        Slot(LUNGE, MAIN, 0, (), SINGLE_LEG_KNEE),
        Slot(HINGE, SECONDARY, 0, (), HINGES_FOR_RUNNERS),
        Slot(ISOLATION_LOWER, ACCESSORY, 0, ("calves",), STRAIGHT_KNEE_CALVES),
        _s(HORIZONTAL_PULL),
        Slot(CORE, ACCESSORY, 0, (), RUNNER_CORE),
    ),
)
ENDURANCE_B = SessionTemplate(
    "Strength B: squat and hinge",
    (
        Slot(SQUAT, MAIN, 0, (), BILATERAL_SQUAT),
        Slot(HINGE, SECONDARY, 0, (), SINGLE_LEG_HINGES),
        Slot(ISOLATION_LOWER, ACCESSORY, 0, ("calves",), BENT_KNEE_CALVES),
        _s(HORIZONTAL_PUSH),
        Slot(CORE, ACCESSORY, 1, (), RUNNER_CORE),
    ),
)


def endurance_athlete_split(sessions_per_week: int) -> Split:
    """One to three short strength sessions alternate single-leg and squat/hinge days, each
    with calf work; a fourth or more repeats them with other variations."""
    days = [ENDURANCE_A, ENDURANCE_B]
    while len(days) < sessions_per_week:
        base = days[len(days) % 2]
        days.append(base.shifted(f"{base.name} (variation {len(days) // 2 + 1})", len(days) // 2))
    return Split(
        "strength for an endurance athlete",
        tuple(days[:sessions_per_week]),
        "an endurance athlete's own sessions are the conditioning: strength work alternates "
        "single-leg and squat-and-hinge days, with calf and trunk work every time",
    )


# --- Injured areas -------------------------------------------------------------------------------
CUFF_WORK = (
    "External Rotation with Cable",
    "External Rotation with Band",
    "External Rotation",
    "Dumbbell Scaption",
    "Prone Y-T Raise",
)
FACE_PULLS = ("Face Pull", "Band Face Pull", "Band Pull Apart", "Reverse Flyes")
KNEE_ISOMETRICS = ("Spanish Squat", "Wall Sit")
KNEE_QUADS = ("Terminal Knee Extension", "Leg Extensions", "Single-Leg Leg Extension")
BACK_TRUNK = ("Bird Dog", "Side Bridge", "Dead Bug")
UPPER_PATTERNS = (HORIZONTAL_PUSH, HORIZONTAL_PULL, VERTICAL_PUSH, VERTICAL_PULL)
LOWER_PATTERNS = (SQUAT, HINGE, LUNGE)
# What a current injury adds to each session that trains near it, to keep the area training:
# cuff and rear-shoulder work for a shoulder, an isometric and end-range quad work for a knee,
# the trunk exercises that spare the back for a lower back.
INJURY_SLOTS: dict[str, tuple[tuple[str, ...], tuple[Slot, ...]]] = {
    "shoulder": (
        UPPER_PATTERNS,
        (
            Slot(ISOLATION_UPPER, ACCESSORY, 0, ("shoulders",), CUFF_WORK),
            Slot(HORIZONTAL_PULL, ACCESSORY, 0, ("shoulders",), FACE_PULLS),
        ),
    ),
    "knee": (
        LOWER_PATTERNS,
        (
            Slot(SQUAT, ACCESSORY, 0, ("quadriceps",), KNEE_ISOMETRICS),
            Slot(ISOLATION_LOWER, ACCESSORY, 0, ("quadriceps",), KNEE_QUADS),
        ),
    ),
    "lower back": ((*LOWER_PATTERNS, *UPPER_PATTERNS), (Slot(CORE, ACCESSORY, 0, (), BACK_TRUNK),)),
}


# After birth or in pregnancy: trunk work that spares the pelvic floor, every session.
PELVIC_FLOOR_CORE = ("Dead Bug", "Bird Dog", "Side Bridge", "Band Pallof Press", "Pallof Press")
INJURY_SLOTS["pregnant_or_postpartum"] = (
    (*LOWER_PATTERNS, *UPPER_PATTERNS),
    (Slot(CORE, ACCESSORY, 0, (), PELVIC_FLOOR_CORE),),
)


def with_injury_slots(template: SessionTemplate, areas: tuple[str, ...]) -> SessionTemplate:
    """For each current injury (or pregnancy or the months after birth) with slots of its own
    (``INJURY_SLOTS``), on a session whose main lifts train near it, add those slots right
    after the first main lift: they are short, and a session too short for everything drops a
    later lift or accessory before them."""
    if template is RECOVERY_DAY:
        return template
    slots = list(template.slots)
    for area in areas:
        if area not in INJURY_SLOTS:
            continue
        near, extra = INJURY_SLOTS[area]
        mains = [slot for slot in slots if slot.role in (MAIN, SECONDARY)]
        if not any(slot.pattern in near for slot in mains or slots):
            continue
        first_main = next((i for i, slot in enumerate(slots) if slot.role in (MAIN, SECONDARY)), -1)
        new = [slot for slot in extra if all(slot.prefer != other.prefer for other in slots)]
        slots[first_main + 1 : first_main + 1] = new
    return SessionTemplate(template.name, tuple(slots))
