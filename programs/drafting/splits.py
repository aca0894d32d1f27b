"""The week's shape: which split fits the sessions a week and their length, what each session
trains (slots by movement pattern), and on which days it falls. Pure: no Django."""

from __future__ import annotations

from dataclasses import dataclass, replace

from programs.drafting.dosing import (
    ACCESSORY,
    CONDITIONING,
    MAIN,
    MOBILITY_ROLE,
    POWER,
    RECOVERY,
)
from programs.library import (
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
    and the prime movers it prefers."""

    pattern: str
    role: str
    variant: int = 0
    muscles: tuple[str, ...] = ()


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
