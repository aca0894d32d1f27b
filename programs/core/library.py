"""The exercise library as training decisions see it: movement pattern, how much it loads each
injury area (graded none, low, moderate, high) and what makes it friendlier on a sore joint,
the equipment it needs, the client constraints it breaks, and the roles a coach reviewed it
for. Pure: no Django.

The records come from the public-domain free-exercise-db (``programs/data/exercises.json``) and
Spotter's additions in the same format (``exercises_spotter.json``), one dict per exercise with
the keys ``id, name, force, level, mechanic, equipment, primaryMuscles, secondaryMuscles,
instructions, category``. Every function below reads such a record (or a ``LibraryExercise``
built from one), and every rule is stated in its docstring. The reviewed drafting pool
(``drafting_pool.csv``) says which exercises drafting may pick, for which roles, and corrects
grades the rules get wrong.

A missing ``equipment`` (77 records, all stretches, drills and body-weight moves such as
"Bodyweight Walking Lunge" or "Inverted Row") is read as ``"body only"``: those exercises need
nothing but the client's body, and reading them as "other" would hide them from clients who
train at home.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "data"
LIBRARY_PATH = DATA / "exercises.json"
# Exercises Spotter's coaches added to the public library, in the same format (our own text).
SPOTTER_LIBRARY_PATH = DATA / "exercises_spotter.json"
# The reviewed drafting pool: which exercises drafting may pick, and for which roles.
POOL_PATH = DATA / "drafting_pool.csv"

# --- Vocabulary -----------------------------------------------------------------------------
SQUAT = "squat"
HINGE = "hinge"
LUNGE = "lunge"
HORIZONTAL_PUSH = "horizontal_push"
VERTICAL_PUSH = "vertical_push"
HORIZONTAL_PULL = "horizontal_pull"
VERTICAL_PULL = "vertical_pull"
CARRY = "carry"
CORE = "core"
ISOLATION_UPPER = "isolation_upper"
ISOLATION_LOWER = "isolation_lower"
PLYOMETRIC = "plyometric"
CARDIO = "cardio"
MOBILITY = "mobility"
PATTERNS = (
    SQUAT,
    HINGE,
    LUNGE,
    HORIZONTAL_PUSH,
    VERTICAL_PUSH,
    HORIZONTAL_PULL,
    VERTICAL_PULL,
    CARRY,
    CORE,
    ISOLATION_UPPER,
    ISOLATION_LOWER,
    PLYOMETRIC,
    CARDIO,
    MOBILITY,
)
PATTERN_TEXT = {
    SQUAT: "squat",
    HINGE: "hip hinge",
    LUNGE: "lunge / single-leg",
    HORIZONTAL_PUSH: "horizontal push",
    VERTICAL_PUSH: "vertical push",
    HORIZONTAL_PULL: "horizontal pull",
    VERTICAL_PULL: "vertical pull",
    CARRY: "loaded carry",
    CORE: "core",
    ISOLATION_UPPER: "upper-body isolation",
    ISOLATION_LOWER: "lower-body isolation",
    PLYOMETRIC: "plyometric / power",
    CARDIO: "conditioning",
    MOBILITY: "mobility",
}

INJURY_AREAS = ("shoulder", "knee", "lower back", "hip", "elbow", "wrist", "ankle", "neck")

LEVELS = ("beginner", "intermediate", "expert")
EQUIPMENT = (
    "barbell",
    "dumbbell",
    "body only",
    "cable",
    "machine",
    "kettlebells",
    "bands",
    "medicine ball",
    "exercise ball",
    "foam roll",
    "e-z curl bar",
    "other",
    # What people have at home, beyond the library's own values (CONTRACT.md).
    "pull-up bar",
    "bench",
    "rack",
    "bike",
    "rower",
    "treadmill",
)
BODY_ONLY = "body only"
MISSING_EQUIPMENT_MEANS = BODY_ONLY

NO_JUMPING = "no_jumping"
NO_FLOOR = "no_floor"
NO_OVERHEAD = "no_overhead"
NO_BARBELL = "no_barbell"
LOW_IMPACT = "low_impact"
NO_RUNNING = "no_running"
CONSTRAINT_TAGS = (NO_JUMPING, NO_FLOOR, NO_OVERHEAD, NO_BARBELL, LOW_IMPACT, NO_RUNNING)
CONSTRAINT_TEXT = {
    NO_JUMPING: "no jumping",
    NO_FLOOR: "no getting down on the floor",
    NO_OVERHEAD: "no loading overhead",
    NO_BARBELL: "no barbell",
    LOW_IMPACT: "low impact only",
    NO_RUNNING: "no running",
}

# The roles a reviewed exercise may be drafted in (``drafting_pool.csv``): main lifts, secondary
# lifts (variations and big accessories), accessories, core, conditioning, jumps and throws, and
# the recovery day's mobility drills. An exercise with no role is searchable, never drafted.
MAIN_ROLE = "main"
SECONDARY_ROLE = "secondary"
ACCESSORY_ROLE = "accessory"
CORE_ROLE = "core"
CONDITIONING_ROLE = "conditioning"
POWER_ROLE = "power"
MOBILITY_ROLE = "mobility"
DRAFT_ROLES = (
    MAIN_ROLE,
    SECONDARY_ROLE,
    ACCESSORY_ROLE,
    CORE_ROLE,
    CONDITIONING_ROLE,
    POWER_ROLE,
    MOBILITY_ROLE,
)

UPPER_BODY_MUSCLES = frozenset(
    {
        "biceps",
        "chest",
        "forearms",
        "lats",
        "middle back",
        "neck",
        "shoulders",
        "traps",
        "triceps",
    }
)
LOWER_BODY_MUSCLES = frozenset(
    {"abductors", "adductors", "calves", "glutes", "hamstrings", "quadriceps"}
)
# Muscles whose exercises are isolation work whatever the record's mechanic says (a "compound"
# drag curl is still an arm exercise).
ALWAYS_ISOLATION_MUSCLES = frozenset(
    {"biceps", "forearms", "neck", "traps", "calves", "abductors", "adductors"}
)


# --- Movement pattern -----------------------------------------------------------------------
def _normalize(name: str) -> str:
    """Lower case, hyphens and slashes as spaces, single spaces: "Push-Ups" -> "push ups"."""
    return re.sub(r"\s+", " ", re.sub(r"[-_/,()]", " ", name.lower())).strip()


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(alternatives))


# Name rules, tried in order; the first that matches decides. The order settles overlaps:
# "jump squat" is plyometric, "split squat" a lunge, "calf press on the leg press" isolation.
NAME_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (CORE, _rx(r"\bget ?ups?\b")),  # Turkish get-ups, whatever their "style"
    (ISOLATION_UPPER, _rx(r"\bshrugs?\b")),  # "Calf-Machine Shoulder Shrug" is not a calf raise
    (CARDIO, _rx(r"\bbattling ropes?\b")),
    (
        PLYOMETRIC,
        _rx(
            r"\bjumps?\b",
            r"\bjumping\b",
            r"\bhops?\b",
            r"\bhopping\b",
            r"\bbounds?\b",
            r"\bleaps?\b",
            r"\bskips?\b",
            r"\bskipping\b",
            r"\bplyo\b",
        ),
    ),
    (
        CARRY,
        _rx(
            r"\bfarmer",
            r"\bcarry\b",
            r"\byoke\b",
            r"\bsuitcase\b",
            r"\bsled (?:drags?|push)\b",
            r"\b(?:backward|forward) drag\b",
        ),
    ),
    (
        ISOLATION_LOWER,
        _rx(
            r"\bcalf\b",
            r"\bcalves\b",
            r"\bleg curls?\b",
            r"\bhamstring curl",
            r"\bleg extensions?\b",
            r"\bknee extensions?\b",
            r"\bthigh (?:abductor|adductor)\b",
            r"\b(?:abduction|adduction)s?\b",
        ),
    ),
    (LUNGE, _rx(r"\blunges?\b", r"\bsplit squats?\b", r"\bstep ?ups?\b", r"\bbulgarian\b")),
    (
        SQUAT,
        _rx(r"\bsquats?\b", r"\bleg press\b", r"\bthrusters?\b", r"\bpistol\b", r"\bwall sit\b"),
    ),
    (
        VERTICAL_PUSH,
        _rx(
            r"\b(?:overhead|military|shoulder|push|bent|para|seesaw|see saw) press\b",
            r"\bjerks?\b",
            r"\barnold\b",
            r"\bhandstand\b",
            r"\bpike push ?ups?\b",
            r"\bpress behind the neck\b",
            r"\bbradford\b",
            r"\blog lift\b",
            r"\bclean and press\b",
        ),
    ),
    (
        HINGE,
        _rx(
            r"\bdeadlifts?\b",
            r"\bromanian\b",
            r"\bgood mornings?\b",
            r"\bhip thrusts?\b",
            r"\bswings?\b",
            r"\bpull through\b",
            r"\b(?:glute|hip) bridge\b",
            r"\bbutt lift\b",
            r"\bhip (?:lift|extension)s?\b",
            r"\bhyperextensions?\b",
            r"\bback extensions?\b",
            r"\brack pulls?\b",
            r"\bcleans?\b",
            r"\bsnatch",
            r"\bstiff leg",
            r"\bglute ham\b",
        ),
    ),
    (
        HORIZONTAL_PUSH,
        _rx(r"\bbench press\b", r"\bpush ?ups?\b", r"\bdips?\b", r"\b(?:chest|floor) press\b"),
    ),
    (
        CORE,
        _rx(
            r"\bplank",
            r"\bcrunch",
            r"\bsit ?ups?\b",
            r"\b(?:leg|knee|hip) raises?\b",
            r"\brollouts?\b",
            r"\bab roll",
            r"\bdead bug\b",
            r"\bpallof\b",
            r"\bwood ?chop",
            r"\b(?:russian|plate|barbell|oblique|full) twists?\b",
            r"\bside bends?\b",
            r"\bjackknife\b",
            r"\bv ?ups?\b",
            r"\bbird dog\b",
            r"\bside bridge\b",
            r"\bflutter kicks?\b",
            r"\bleg pull ?in\b",
            r"\bwindmill\b",
            r"\bheel touch",
        ),
    ),
    (
        ISOLATION_UPPER,
        _rx(
            r"\bfly\b",
            r"\bflyes?\b",
            r"(?<!leg )(?<!knee )(?<!hip )\braises?\b",
            r"\brotations?\b",
            r"\bcurls?\b",
            r"\btriceps?\b",
            r"\bbiceps?\b",
            r"\bextensions?\b",
            r"\bpullovers?\b",
            r"\bskull ?crushers?\b",
            r"\bpushdowns?\b",
        ),
    ),
    (
        VERTICAL_PULL,
        _rx(
            r"\bpull ?ups?\b",
            r"\bchin ?ups?\b",
            r"\bchins?\b",
            r"\bpull ?downs?\b",
            r"\bmuscle ?ups?\b",
            r"\brope climb\b",
            r"\bupright rows?\b",
        ),
    ),
    (HORIZONTAL_PULL, _rx(r"\brows?\b", r"\bface pulls?\b", r"\bpull aparts?\b")),
)


def _get(record: Mapping[str, Any] | LibraryExercise, json_key: str, attr: str) -> Any:
    if isinstance(record, LibraryExercise):
        return getattr(record, attr)
    return record.get(json_key)


def _facts(record: Mapping[str, Any] | LibraryExercise) -> dict[str, Any]:
    """The fields the rules read, from a JSON record or a LibraryExercise alike."""
    equipment = _get(record, "equipment", "equipment") or MISSING_EQUIPMENT_MEANS
    return {
        "name": _normalize(_get(record, "name", "name") or ""),
        "category": _get(record, "category", "category") or "",
        "equipment": equipment,
        "force": _get(record, "force", "force") or "",
        "mechanic": _get(record, "mechanic", "mechanic") or "",
        "primary": tuple(_get(record, "primaryMuscles", "primary_muscles") or ()),
        "secondary": tuple(_get(record, "secondaryMuscles", "secondary_muscles") or ()),
        "instructions": " ".join(_get(record, "instructions", "instructions") or ()),
    }


def _isolation_by_region(primary: tuple[str, ...]) -> str:
    return ISOLATION_LOWER if primary and primary[0] in LOWER_BODY_MUSCLES else ISOLATION_UPPER


def movement_pattern(record: Mapping[str, Any] | LibraryExercise) -> str:
    """The exercise's movement pattern: stretches are mobility, cardio and plyometric categories
    keep their kind, then the first matching name rule in ``NAME_RULES`` decides, and an
    exercise no name rule knows falls back on its first primary muscle, force and mechanic."""
    facts = _facts(record)
    name, category = facts["name"], facts["category"]
    if category == "stretching" or facts["equipment"] == "foam roll":
        return MOBILITY
    if category == "cardio":
        return CARDIO
    if category == "plyometrics":
        return PLYOMETRIC
    for pattern, rule in NAME_RULES:
        if rule.search(name):
            return pattern
    return _pattern_from_muscles(facts["primary"], facts["force"], facts["mechanic"])


def _pattern_from_muscles(primary: tuple[str, ...], force: str, mechanic: str) -> str:
    """Fallback: abdominals are core; arm, neck, calf and hip-rotator muscles and anything
    marked isolation are isolation work; compound work goes by the prime mover and its force."""
    muscle = primary[0] if primary else ""
    if muscle == "abdominals":
        return CORE
    if muscle in ALWAYS_ISOLATION_MUSCLES or mechanic == "isolation":
        return _isolation_by_region(primary)
    if muscle == "quadriceps":
        return SQUAT if force == "push" else HINGE
    if muscle in ("hamstrings", "glutes", "lower back"):
        return HINGE
    if muscle in ("chest", "triceps"):
        return ISOLATION_UPPER if force == "pull" else HORIZONTAL_PUSH
    if muscle == "shoulders":
        return {"push": VERTICAL_PUSH, "pull": HORIZONTAL_PULL}.get(force, ISOLATION_UPPER)
    if muscle == "lats":
        return VERTICAL_PULL
    if muscle == "middle back":
        return HORIZONTAL_PULL
    return _isolation_by_region(primary)


def body_region(pattern: str, primary_muscles: Iterable[str] = ()) -> str:
    """ "lower" for squats, hinges, lunges, carries and lower-body isolation or jumps, "upper"
    otherwise: it decides the load step (lower-body lifts move in bigger jumps)."""
    if pattern in (SQUAT, HINGE, LUNGE, CARRY, ISOLATION_LOWER):
        return "lower"
    if pattern in (PLYOMETRIC, CARDIO) and set(primary_muscles) & LOWER_BODY_MUSCLES:
        return "lower"
    return "upper"


# --- Injury areas: how much an exercise loads each -------------------------------------------
# A grade per area, from none to high. "High" is what a coach would take out of the plan while
# the area hurts; "moderate" can stay, lighter and at a lower effort; "low" barely loads it.
NONE = "none"
LOW = "low"
MODERATE = "moderate"
HIGH = "high"
LOAD_GRADES = (NONE, LOW, MODERATE, HIGH)
GRADE_RANK = {grade: rank for rank, grade in enumerate(LOAD_GRADES)}

# What each pattern loads before the name says more (a deep squat loads the knee; a row barely
# loads the shoulder; an overhead press loads it most).
PATTERN_LOADS: dict[str, dict[str, str]] = {
    SQUAT: {"knee": HIGH, "hip": MODERATE, "lower back": MODERATE, "ankle": LOW},
    LUNGE: {"knee": HIGH, "hip": MODERATE, "ankle": LOW, "lower back": LOW},
    HINGE: {"lower back": HIGH, "hip": MODERATE, "knee": LOW},
    HORIZONTAL_PUSH: {"shoulder": MODERATE, "elbow": MODERATE, "wrist": LOW},
    VERTICAL_PUSH: {"shoulder": HIGH, "elbow": MODERATE, "wrist": LOW, "lower back": LOW},
    HORIZONTAL_PULL: {"shoulder": LOW, "elbow": MODERATE, "wrist": LOW, "lower back": LOW},
    VERTICAL_PULL: {"shoulder": MODERATE, "elbow": MODERATE, "wrist": LOW},
    CARRY: {
        "lower back": MODERATE,
        "wrist": MODERATE,
        "shoulder": LOW,
        "hip": LOW,
        "knee": LOW,
        "ankle": LOW,
    },
    CORE: {"lower back": LOW},
}
# What a prime mover loads in isolation work, jumps, throws, conditioning and stretches (the
# joints it crosses); compound patterns take ``PATTERN_LOADS`` and only add these as "low".
MUSCLE_LOADS: dict[str, dict[str, str]] = {
    "biceps": {"elbow": MODERATE, "wrist": LOW},
    "triceps": {"elbow": MODERATE},
    "forearms": {"wrist": MODERATE, "elbow": LOW},
    "shoulders": {"shoulder": MODERATE},
    "chest": {"shoulder": MODERATE},
    "lats": {"shoulder": MODERATE},
    "middle back": {"shoulder": LOW},
    "traps": {"shoulder": LOW, "neck": LOW},
    "quadriceps": {"knee": MODERATE},
    "hamstrings": {"knee": MODERATE, "hip": LOW},
    "glutes": {"hip": MODERATE},
    "abductors": {"hip": MODERATE},
    "adductors": {"hip": MODERATE},
    "calves": {"ankle": MODERATE},
    "lower back": {"lower back": MODERATE},
    "abdominals": {"lower back": LOW},
    "neck": {"neck": HIGH},
}
LOWER_BODY_JUMP_LOADS = {"knee": HIGH, "ankle": HIGH, "hip": MODERATE}
UPPER_BODY_PLYO_LOADS = {"shoulder": MODERATE, "elbow": MODERATE, "wrist": MODERATE}
# Secondary movers that still put load through an area: a loaded spine, a loaded neck.
SECONDARY_MUSCLE_AREAS: dict[str, str] = {"lower back": "lower back", "neck": "neck"}


def _on(
    patterns: Iterable[str] | None, rule: str, loads: dict[str, str]
) -> tuple[frozenset[str] | None, re.Pattern[str], dict[str, str]]:
    return (frozenset(patterns) if patterns else None, re.compile(rule), loads)


# Name rules that set an area's grade, applied in order (a later match wins): they encode what
# makes a variant harder or friendlier on a joint. ``None`` patterns: any pattern.
NAME_LOAD_RULES: tuple[tuple[frozenset[str] | None, re.Pattern[str], dict[str, str]], ...] = (
    # Knee: range, support and isometric holds make squats and lunges friendlier.
    _on((SQUAT,), r"\bbox squat|\bsquat to a bench\b|\bsit to stand\b", {"knee": MODERATE}),
    _on((SQUAT,), r"\bleg press\b", {"knee": MODERATE, "hip": MODERATE}),
    _on(
        (SQUAT,),
        r"\bgoblet\b|\bbodyweight squat\b|\bsquats with bands\b|\bsit to stand\b",
        {"lower back": LOW},
    ),
    _on((SQUAT,), r"\bbodyweight squat\b|\bsquats with bands\b", {"knee": MODERATE}),
    _on((SQUAT,), r"\bspanish squat\b", {"knee": MODERATE, "lower back": NONE, "hip": LOW}),
    _on((SQUAT,), r"\bwall sit\b", {"knee": LOW, "lower back": NONE, "hip": LOW}),
    _on((LUNGE,), r"\bstep ?ups?\b|\brear lunge\b|\breverse lunge\b", {"knee": MODERATE}),
    _on((LUNGE,), r"\bsplit squat\b", {"knee": MODERATE}),
    _on((LUNGE,), r"\bbulgarian\b|\belevated back lunge\b|\brear foot elevated\b", {"knee": HIGH}),
    _on((ISOLATION_LOWER,), r"\bleg extensions?\b|\bleg curls?\b", {"knee": MODERATE}),
    _on((ISOLATION_LOWER,), r"\bterminal knee extension\b", {"knee": LOW}),
    _on((ISOLATION_LOWER,), r"\bcalf\b|\bcalves\b", {"knee": NONE, "ankle": MODERATE}),
    _on((CARRY,), r"\bsled push\b|\bsled drag\b|\bforward drag\b", {"knee": MODERATE}),
    _on((CARRY,), r"\bbackward drag\b", {"knee": LOW, "lower back": LOW}),
    _on((CARRY,), r"\byoke\b", {"lower back": HIGH, "knee": MODERATE}),
    # Conditioning: impact loads knees and ankles; cycling and the elliptical barely do.
    _on((CARDIO,), r".", {"knee": LOW, "ankle": LOW}),
    _on((CARDIO,), r"\brunning\b|\bjogging\b|\bsprint", {"knee": HIGH, "ankle": HIGH}),
    _on((CARDIO,), r"\brunning\b|\bsprint", {"hip": MODERATE}),
    _on((CARDIO,), r"\brope jumping\b|\bskating\b", {"knee": MODERATE, "ankle": HIGH}),
    _on((CARDIO,), r"\bstair|\bstep mill\b", {"knee": MODERATE}),
    _on((CARDIO,), r"\browing\b", {"lower back": MODERATE, "knee": MODERATE, "shoulder": LOW}),
    _on((CARDIO,), r"\bbattling ropes?\b", {"shoulder": MODERATE, "knee": LOW}),
    _on((CARDIO,), r"\bprowler\b", {"knee": MODERATE}),
    # Shoulder: overhead and hanging work loads it most; a landmine's angled path, a neutral
    # grip, a shorter range and rows load it less.
    _on((VERTICAL_PUSH,), r"\blandmine\b", {"shoulder": MODERATE, "lower back": LOW}),
    _on((VERTICAL_PUSH,), r"\bstanding military\b|\bstanding barbell\b", {"lower back": MODERATE}),
    _on(None, r"\bbehind (?:the )?neck\b", {"shoulder": HIGH, "neck": MODERATE}),
    _on(None, r"\bupright\b", {"shoulder": HIGH}),
    _on(
        (VERTICAL_PULL, CORE),
        r"\bpull ?ups?\b|\bchin ?ups?\b|\bchins?\b|\bmuscle ?ups?\b|\bhanging\b|\brope climb\b",
        {"shoulder": HIGH},
    ),
    _on((HORIZONTAL_PUSH,), r"\bbench press\b|\bguillotine\b|\bneck press\b", {"wrist": MODERATE}),
    _on(
        (HORIZONTAL_PUSH,),
        r"^(?=.*\bbarbell\b)(?=.*\bbench press\b)|\bwide grip\b|\bguillotine\b|\bneck press\b"
        r"|\bbench press powerlifting\b|\bpause bench\b",
        {"shoulder": HIGH},
    ),
    _on((HORIZONTAL_PUSH,), r"\bclose grip\b", {"shoulder": MODERATE, "elbow": HIGH}),
    _on((HORIZONTAL_PUSH,), r"\bpin press|\bboard press\b|\bfloor press\b", {"shoulder": MODERATE}),
    _on((HORIZONTAL_PUSH,), r"\bdumbbell floor press\b", {"shoulder": LOW}),
    _on((HORIZONTAL_PUSH,), r"\bpush ?ups?\b", {"shoulder": MODERATE, "wrist": MODERATE}),
    _on((HORIZONTAL_PUSH,), r"\bincline push ?ups?\b", {"shoulder": LOW}),
    _on((HORIZONTAL_PUSH,), r"\bdips?\b", {"shoulder": HIGH, "elbow": HIGH}),
    _on((ISOLATION_UPPER,), r"\bpullovers?\b|\bover ?head\b|\babove head\b", {"shoulder": HIGH}),
    _on((ISOLATION_UPPER,), r"\bbehind the head\b", {"shoulder": HIGH, "elbow": HIGH}),
    _on((ISOLATION_UPPER,), r"\bscaption\b", {"shoulder": LOW}),
    _on(
        (ISOLATION_UPPER, HORIZONTAL_PULL),
        r"\b(?:external|internal) rotation\b|\breverse fly|\brear delt|\bback flyes\b"
        r"|\bface pulls?\b|\bpull aparts?\b",
        {"shoulder": LOW, "elbow": LOW},
    ),
    _on(
        (ISOLATION_UPPER, HORIZONTAL_PUSH),
        r"\bskull ?crushers?\b|\blying (?:close grip )?(?:barbell |dumbbell )?triceps?\b"
        r"|\btate press\b|\bjm press\b",
        {"elbow": HIGH},
    ),
    _on((ISOLATION_UPPER,), r"\bshrugs?\b", {"shoulder": LOW, "neck": LOW}),
    _on((ISOLATION_UPPER,), r"\bcurls?\b", {"shoulder": NONE}),
    _on((ISOLATION_UPPER,), r"\bpushdowns?\b|\bkickbacks?\b", {"shoulder": NONE}),
    # Lower back: bending over unsupported loads it most; a chest pad or a bench takes it off.
    _on(
        (HORIZONTAL_PULL,),
        r"\bbent over\b.*\b(?:barbell|bar)\b|\bt bar\b|\blong bar\b|\breverse grip bent\b"
        r"|\bsmith machine bent over\b|\brack delivery\b",
        {"lower back": HIGH},
    ),
    _on(
        (HORIZONTAL_PULL,),
        r"\bbent over\b.*\bdumbbell\b|\btwo arm kettlebell row\b|\balternating kettlebell row\b"
        r"|\brenegade\b",
        {"lower back": MODERATE},
    ),
    _on(
        (HORIZONTAL_PULL,),
        r"\bincline row\b|\bchest supported\b|\blying t bar\b|\blying cambered\b"
        r"|\bincline bench pull\b|\bleverage\b|\bseated\b|\binverted\b|\bsuspended\b",
        {"lower back": NONE},
    ),
    _on(
        (HINGE,),
        r"\bbridge\b|\bhip thrusts?\b|\bbutt lift\b|\bhip lift\b|\bhip extension with bands\b"
        r"|\bkickback\b",
        {"lower back": LOW, "knee": LOW},
    ),
    _on(
        (HINGE,),
        r"\bpull through\b|\bone legged\b|\bsingle leg (?:romanian|deadlift|rdl)\b"
        r"|\bstiff legged dumbbell\b|\bdumbbell romanian\b|\bswings?\b|\bhyperextension"
        r"|\bback extension|\bcable deadlifts?\b|\bband good morning\b|\bkettlebell deadlift\b",
        {"lower back": MODERATE},
    ),
    _on((HINGE,), r"\bglute ham\b", {"lower back": LOW, "knee": MODERATE}),
    _on((HINGE,), r"\btrap bar\b", {"knee": MODERATE}),
    _on((SQUAT,), r"\bfront squat|\bfront barbell squat\b|\bzercher\b", {"wrist": MODERATE}),
    _on((LUNGE,), r"\bbarbell\b", {"lower back": MODERATE}),
    # Core: loaded flexion and rotation load the lower back; anti-movement work barely does.
    _on((CORE,), r"\bcrunch|\bside bends?\b|\bwood ?chop|\bcable lift\b", {"lower back": MODERATE}),
    _on(
        (CORE,),
        r"\bsit ?ups?\b|\bv ?ups?\b|\bjackknife\b|\btwists?\b|\btoes to bar\b|\bwindmill\b",
        {"lower back": HIGH},
    ),
    _on(
        (CORE,), r"\brollouts?\b|\bab roll|\bfallout\b", {"lower back": HIGH, "shoulder": MODERATE}
    ),
    _on((CORE,), r"\bwindmill\b|\bget ?ups?\b", {"shoulder": HIGH, "wrist": MODERATE}),
    _on((CORE,), r"\bleg raises?\b|\bknee raises?\b|\bhip raises?\b", {"lower back": MODERATE}),
    _on((CORE,), r"\bplank|\bside bridge\b", {"shoulder": LOW}),
    _on((CORE,), r"\bcopenhagen\b", {"hip": MODERATE, "knee": LOW}),
    _on(None, r"\bhandstand\b", {"neck": MODERATE, "wrist": MODERATE}),
)


def joint_loads(
    record: Mapping[str, Any] | LibraryExercise, pattern: str | None = None
) -> dict[str, str]:
    """How much the exercise loads each injury area (areas it does not load are left out): the
    pattern's loads (``PATTERN_LOADS``), or for isolation work, jumps, throws, conditioning and
    stretches the prime movers' (``MUSCLE_LOADS``; jumps load knees and ankles highly; a
    stretch at most "low"); compound patterns add their prime movers' areas as "low"; a loaded
    spine or neck among the secondary movers adds "low"; then the name rules
    (``NAME_LOAD_RULES``) set what makes a variant harder or friendlier."""
    facts = _facts(record)
    pattern = pattern or movement_pattern(record)
    primary, secondary, name = facts["primary"], facts["secondary"], facts["name"]
    loads: dict[str, str] = dict(PATTERN_LOADS.get(pattern, {}))

    def raise_to(area: str, grade: str) -> None:
        if GRADE_RANK[grade] > GRADE_RANK[loads.get(area, NONE)]:
            loads[area] = grade

    by_muscle = pattern in (ISOLATION_UPPER, ISOLATION_LOWER, PLYOMETRIC, CARDIO, MOBILITY)
    lower_jump = pattern == PLYOMETRIC and bool(set(primary) & LOWER_BODY_MUSCLES)
    for muscle in primary:
        for area, grade in MUSCLE_LOADS.get(muscle, {}).items():
            if pattern == MOBILITY:
                grade = LOW if grade != NONE else NONE
            raise_to(area, grade if by_muscle else LOW)
    if lower_jump:
        for area, grade in LOWER_BODY_JUMP_LOADS.items():
            raise_to(area, grade)
    elif pattern == PLYOMETRIC:
        for area, grade in UPPER_BODY_PLYO_LOADS.items():
            raise_to(area, grade)
    for muscle in secondary:
        if muscle in SECONDARY_MUSCLE_AREAS:
            raise_to(SECONDARY_MUSCLE_AREAS[muscle], LOW)
    if pattern == PLYOMETRIC and re.search(r"\bover ?head\b|\bslam\b", name):
        raise_to("shoulder", HIGH)
    back_loaded = not re.search(r"\bfront\b|\bzercher\b|\bbox squat\b|\bhack\b|\bjefferson\b", name)
    if pattern == SQUAT and facts["equipment"] == "barbell" and back_loaded:
        # A bar on the back loads the spine and asks for shoulder rotation.
        raise_to("lower back", HIGH)
        raise_to("shoulder", LOW)
    for patterns, rule, set_loads in NAME_LOAD_RULES:
        if (patterns is None or pattern in patterns) and rule.search(name):
            loads.update(set_loads)
    return {area: grade for area, grade in sorted(loads.items()) if grade != NONE}


def contraindicated_areas(
    record: Mapping[str, Any] | LibraryExercise, pattern: str | None = None
) -> frozenset[str]:
    """The injury areas the exercise loads enough to matter: graded "moderate" or "high" by
    ``joint_loads``."""
    return frozenset(
        area
        for area, grade in joint_loads(record, pattern).items()
        if GRADE_RANK[grade] >= GRADE_RANK[MODERATE]
    )


# Injury areas given by the intake that are not joints: muscles match prime movers, and two
# regions map to what they are closest to.
INJURY_AREA_MUSCLES = {"upper back": frozenset({"middle back", "traps"})}
INJURY_AREA_JOINTS = {"foot": "ankle"}


def area_load(exercise: LibraryExercise, area: str) -> str:
    """How much the exercise loads an injury area from the intake: a joint's grade (a region
    mapped to its joint); for a muscle, "high" when it is a prime mover and "low" when a
    secondary one. "other" matches nothing: the coach reads the notes."""
    area = area.strip().lower()
    joint = INJURY_AREA_JOINTS.get(area, area)
    grade = exercise.load_on(joint)
    muscles = INJURY_AREA_MUSCLES.get(area, frozenset({area}))
    if muscles & set(exercise.primary_muscles):
        grade = HIGH
    elif muscles & set(exercise.secondary_muscles) and GRADE_RANK[grade] < GRADE_RANK[LOW]:
        grade = LOW
    return grade


def loads_injured_area(exercise: LibraryExercise, area: str) -> bool:
    """Whether the exercise loads an injured ``area`` enough to matter: "moderate" or "high"
    by ``area_load``."""
    return GRADE_RANK[area_load(exercise, area)] >= GRADE_RANK[MODERATE]


# What makes a variant friendlier on a sore joint, named as a coach would say it.
REDUCED_RANGE = "reduced range"
NEUTRAL_GRIP = "neutral grip"
LOAD_POSITION = "load position"
UNILATERAL = "unilateral"
ISOMETRIC = "isometric"
FRIENDLIER_FEATURES = (REDUCED_RANGE, NEUTRAL_GRIP, LOAD_POSITION, UNILATERAL, ISOMETRIC)
FEATURE_TEXT = {
    REDUCED_RANGE: "a shorter range",
    NEUTRAL_GRIP: "a neutral grip",
    LOAD_POSITION: "a load position that spares the joint (supported, front-loaded or angled)",
    UNILATERAL: "one side at a time",
    ISOMETRIC: "a still hold (isometric)",
}
FEATURE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        REDUCED_RANGE,
        _rx(
            r"\bbox squat",
            r"\bsquat to a bench\b",
            r"\bsit to stand\b",
            r"\bfloor press\b",
            r"\bboard press\b",
            r"\bpin press",
            r"\brack pulls?\b",
            r"\bpartials?\b",
            r"\bhigh box\b",
            r"\bstep ?ups?\b",
            r"\bterminal knee\b",
        ),
    ),
    (
        NEUTRAL_GRIP,
        _rx(
            r"\bneutral\b",
            r"\bpalms? (?:facing )?in\b",
            r"\bpalm in\b",
            r"\bhammer\b",
            r"\bv bar\b",
            r"\bseated cable rows\b",
            r"\bfarmer",
        ),
    ),
    (
        LOAD_POSITION,
        _rx(
            r"\blandmine\b",
            r"\bgoblet\b",
            r"\bfront squat",
            r"\bchest supported\b",
            r"\bincline row\b",
            r"\blying t bar\b",
            r"\bleverage\b",
            r"\bmachine\b",
            r"\bleg press\b",
            r"\bspanish squat\b",
            r"\bwall sit\b",
            r"\brecumbent\b",
            r"\bseated cable rows\b",
            r"\bhip thrust",
            r"\b(?:glute|hip) bridge\b",
            r"\bbutt lift\b",
        ),
    ),
    (
        UNILATERAL,
        _rx(
            r"\bone arm\b",
            r"\bone leg",
            r"\bsingle (?:leg|arm)\b",
            r"\balternat",
            r"\bsplit squat",
            r"\blunges?\b",
            r"\bstep ?ups?\b",
            r"\bsuitcase\b",
            r"\bpistol\b",
            r"\bcopenhagen\b",
        ),
    ),
    (
        ISOMETRIC,
        _rx(
            r"\bisometric\b",
            r"\bholds?\b",
            r"\bwall sit\b",
            r"\bplank",
            r"\bside bridge\b",
            r"\bpallof\b",
            r"\bspanish squat\b",
        ),
    ),
)


def friendlier_features(record: Mapping[str, Any] | LibraryExercise) -> tuple[str, ...]:
    """What makes the exercise friendlier on a sore joint, in ``FRIENDLIER_FEATURES`` order:
    a shorter range (box squats, floor presses, step-ups), a neutral grip, a load position that
    spares the joint (landmine, goblet, chest-supported, machine), one side at a time, or a
    still hold (static exercises, wall sits, planks)."""
    facts = _facts(record)
    found = {feature for feature, rule in FEATURE_RULES if rule.search(facts["name"])}
    if facts["force"] == "static":
        found.add(ISOMETRIC)
    return tuple(feature for feature in FRIENDLIER_FEATURES if feature in found)


# --- Equipment an exercise needs ----------------------------------------------------------------
PULL_UP_BAR = "pull-up bar"
BENCH = "bench"
RACK = "rack"
BIKE = "bike"
ROWER = "rower"
TREADMILL = "treadmill"
# Cables or machines mean a gym, and a gym has these.
GYM_MARKERS = frozenset({"cable", "machine"})
GYM_IMPLIES = frozenset({PULL_UP_BAR, BENCH, RACK, BIKE, ROWER, TREADMILL})

NEEDS_PULL_UP_BAR = _rx(
    r"\bpull ?ups?\b",
    r"\bchin ?ups?\b",
    r"\bchins?\b",
    r"\bhanging\b",
    r"\bmuscle ?ups?\b",
    r"\btoes to bar\b",
)
NEEDS_BENCH = _rx(
    r"\bbench press\b",
    r"\bincline\b",
    r"\bdecline\b",
    r"\bhip thrust",
    r"(?<!reverse )(?<!back )\bflyes?\b",
    r"\bskull ?crusher",
    r"\blying (?:dumbbell )?triceps?\b",
    r"\bseated dumbbell press\b",
    r"\bpreacher\b",
    r"\bon a bench\b",
    r"\bover a bench\b",
    r"\bwith head on bench\b",
)
RACKED_BARBELL_PATTERNS = frozenset({SQUAT, LUNGE, VERTICAL_PUSH, HORIZONTAL_PUSH})
NOT_FROM_A_RACK = _rx(r"\blandmine\b", r"\bclean and\b", r"\bjammer\b", r"\bbradford\b")


def equipment_needed(
    record: Mapping[str, Any] | LibraryExercise, pattern: str | None = None
) -> tuple[frozenset[str], ...]:
    """What the exercise needs, as alternatives (any one set is enough): its library equipment
    (nothing for body weight), plus a pull-up bar to hang from (pull-ups, chin-ups, hanging
    raises), a bench (bench presses, incline and lying work, hip thrusts), a rack for barbell
    squats, lunges, presses and good mornings (and for inverted rows, a bar at hip height);
    a stationary bike, rower or treadmill is the machine itself, or any gym's."""
    facts = _facts(record)
    pattern = pattern or movement_pattern(record)
    name, equipment = facts["name"], facts["equipment"]
    base: set[str] = set() if equipment == BODY_ONLY else {equipment}
    if NEEDS_PULL_UP_BAR.search(name) and pattern not in (MOBILITY,):
        base.add(PULL_UP_BAR)
    benched = equipment in ("barbell", "dumbbell", "e-z curl bar", "bands")
    if benched and NEEDS_BENCH.search(name) and not re.search(r"\bpush ?ups?\b|\bfloor\b", name):
        base.add(BENCH)
    if equipment == "barbell" and (
        (pattern in RACKED_BARBELL_PATTERNS and not NOT_FROM_A_RACK.search(name))
        or re.search(r"\bgood mornings?\b", name)
    ):
        base.add(RACK)
    if re.search(r"\binverted row\b", name) and equipment == BODY_ONLY:
        base.add(RACK)
    if pattern == CARDIO:
        for word, machine in (("bicycl", BIKE), ("bike", BIKE), ("rowing", ROWER)):
            if word in name:
                return (frozenset({machine}), frozenset({"machine"}))
        if "treadmill" in name:
            return (frozenset({TREADMILL}), frozenset({"machine"}))
    return (frozenset(base),)


# Compound lifts on a standard barbell start from the empty bar when nothing else gives a load.
EMPTY_BAR_PATTERNS = frozenset(
    {SQUAT, HINGE, LUNGE, HORIZONTAL_PUSH, VERTICAL_PUSH, HORIZONTAL_PULL, VERTICAL_PULL}
)


def starts_from_empty_bar(equipment: str, pattern: str, name: str) -> bool:
    """A compound lift on a standard barbell: without history it starts from the empty bar,
    never from 0 kg (a landmine's bar rests on the floor, so it does not)."""
    return (
        equipment == "barbell" and pattern in EMPTY_BAR_PATTERNS and "landmine" not in name.lower()
    )


def with_implied_equipment(equipment: Iterable[str]) -> frozenset[str]:
    """The client's equipment, with body weight, and with what a gym has when cables or
    machines are listed (``GYM_IMPLIES``)."""
    have = set(equipment) | {BODY_ONLY}
    if have & GYM_MARKERS:
        have |= GYM_IMPLIES
    return frozenset(have)


# --- Constraints ----------------------------------------------------------------------------
JUMP_NAME = re.compile(
    r"\bjumps?\b|\bjumping\b|\bhops?\b|\bhopping\b|\bbounds?\b|\bleaps?\b|\bskips?\b"
    r"|\bskipping\b|\bplyo\b|\bdepth\b"
)
RUN_NAME = re.compile(
    r"\brun\b|\brunning\b|\bjog\w*|\bsprints?\b|\bbutt kick|\bcarioca\b|\bskating\b"
)
FLOOR_NAME = re.compile(
    r"\bfloor\b|\bpush ?ups?\b|\bplank|\bcrunch|\bsit ?ups?\b|\b(?:glute|hip) bridge\b"
    r"|\bside bridge\b|\bbutt lift\b|\bdead bug\b|\bflutter kicks?\b|\bsuperman\b|\bkneeling\b"
    r"|\bon knees\b|\bcrawl\b|\bbird dog\b|\bmountain climbers?\b|\bget ?ups?\b|\bsupine\b"
)
# Hands on a bench: an incline push-up needs no getting down.
FLOOR_NAME_EXEMPT = re.compile(r"\bincline push ?ups?\b(?!.*\bjump)")
FLOOR_INSTRUCTIONS = re.compile(
    r"\b(?:lie|lying|lay|laying|sit|sitting|seated|get down|kneel\w*|position yourself"
    r"|place yourself)\b[^.;,]{0,30}\b(?:on|onto) (?:the|a) (?:floor|ground|mat)\b"
    r"|\bon all fours\b|\bhands and knees\b|\bkneel(?:ing)?\b|\b(?:push ?up|plank) position\b",
    re.IGNORECASE,
)
OVERHEAD_NAME = re.compile(
    r"\boverhead\b|\bover head\b|\babove head\b|\bsnatch|\bjerks?\b|\bhandstand\b"
    r"|\bbehind (?:the )?neck\b"
)


def _is_floor_work(facts: Mapping[str, Any], pattern: str) -> bool:
    name = facts["name"]
    if FLOOR_NAME_EXEMPT.search(name):
        return False
    if FLOOR_NAME.search(name) or facts["equipment"] == "foam roll":
        return True
    return bool(FLOOR_INSTRUCTIONS.search(facts["instructions"]))


def _is_jumping(facts: Mapping[str, Any], pattern: str) -> bool:
    lower_body_plyo = pattern == PLYOMETRIC and bool(set(facts["primary"]) & LOWER_BODY_MUSCLES)
    return lower_body_plyo or bool(JUMP_NAME.search(facts["name"]))


def constraint_violations(
    record: Mapping[str, Any] | LibraryExercise,
    pattern: str | None,
    constraints: Iterable[str],
) -> set[str]:
    """The client's constraint tags the exercise breaks: ``no_jumping`` lower-body plyometrics
    and anything named a jump, hop, bound, leap or skip; ``no_floor`` floor work (by name, or
    instructions that lie, sit or kneel on the floor, or a foam roller; incline push-ups are
    exempt); ``no_overhead`` vertical pushes and anything held overhead (snatches, jerks,
    overhead extensions); ``no_barbell`` barbell work; ``low_impact`` jumping and running;
    ``no_running`` running, jogging and sprints."""
    facts = _facts(record)
    pattern = pattern or movement_pattern(record)
    name = facts["name"]
    running = bool(RUN_NAME.search(name))
    checks: dict[str, Callable[[], bool]] = {
        NO_JUMPING: lambda: _is_jumping(facts, pattern),
        NO_FLOOR: lambda: _is_floor_work(facts, pattern),
        NO_OVERHEAD: lambda: pattern == VERTICAL_PUSH or bool(OVERHEAD_NAME.search(name)),
        NO_BARBELL: lambda: facts["equipment"] == "barbell" or "barbell" in name,
        LOW_IMPACT: lambda: _is_jumping(facts, pattern) or running,
        NO_RUNNING: lambda: running,
    }
    return {tag for tag in constraints if tag in checks and checks[tag]()}


# Free text → constraint tags. A negation ("can't", "no", "avoid", ...) followed, within a few
# words, by the thing ruled out. "No problem with ..." and "no pain when ..." are not negations.
_NEGATION = (
    r"(?:can't|cant|cannot|can not|unable to|not able to|no|nothing|avoid|avoiding|not allowed"
    r" to|shouldn't|should not|must not|mustn't|don't|dont|do not|never|won't|struggle to"
    r"|struggle with|trouble|difficulty)"
    r"(?!\s+(?:problems?|issues?|pain|trouble|limits?|limitations?)\b)"
)
_FILLER = r"(?:\s+[\w']+){0,4}?\s+"
CONSTRAINT_PHRASES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        NO_JUMPING,
        re.compile(rf"\b{_NEGATION}{_FILLER}(?:jump\w*|plyo\w*|hop\w*|bound\w*)\b"),
    ),
    (
        NO_FLOOR,
        re.compile(
            rf"\b{_NEGATION}{_FILLER}(?:floor\w*|ground|kneel\w*|lie down|lying down|lay down)\b"
            r"|\bfloor work\b(?=[^.]*\b(?:no|not|avoid|can't|cannot)\b)"
        ),
    ),
    (
        NO_OVERHEAD,
        re.compile(rf"\b{_NEGATION}{_FILLER}(?:overhead|over my head|above (?:my|the) head)\b"),
    ),
    (NO_BARBELL, re.compile(rf"\b{_NEGATION}{_FILLER}barbells?\b")),
    (
        LOW_IMPACT,
        re.compile(
            r"\blow[- ]impact\b|\bjoint[- ]friendly\b"
            rf"|\b{_NEGATION}{_FILLER}(?:high[- ])?impact\b"
        ),
    ),
    (NO_RUNNING, re.compile(rf"\b{_NEGATION}{_FILLER}(?:run|running|jog\w*|sprint\w*)\b")),
)


def parse_constraints(text: str) -> set[str]:
    """Constraint tags from free text: each tag's phrase in ``CONSTRAINT_PHRASES`` is a negation
    ("can't", "cannot", "no", "avoid", ...) followed within four words by what it rules out
    ("can't jump", "cannot get on the floor", "no overhead pressing"); "low impact" says itself."""
    normalized = re.sub(r"\s+", " ", (text or "").lower().replace("\u2019", "'"))
    return {tag for tag, phrase in CONSTRAINT_PHRASES if phrase.search(normalized)}


@dataclass(frozen=True)
class Injury:
    """An injury from the intake: where, whether it hurts now (``current``), and the client's
    words. Only current injuries rule exercises out; past ones are watched."""

    area: str
    current: bool = False
    notes: str = ""


# --- The library ----------------------------------------------------------------------------
@dataclass(frozen=True)
class PoolReview:
    """A coach's review of one library exercise (a row of ``drafting_pool.csv``): the roles it
    may be drafted in, and joint grades the rules got wrong."""

    roles: frozenset[str]
    loads: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class LibraryExercise:
    """One exercise as drafting sees it. A missing force or mechanic is ``""``; a missing
    equipment is ``"body only"``. ``joint_loads`` grades each injury area it loads (see
    ``joint_loads``), ``friendlier`` says what makes it kinder to a sore joint, ``needs`` lists
    the equipment it needs as alternatives (empty: just its own ``equipment``), and ``roles``
    are the drafting roles a coach reviewed it for (empty: never drafted automatically)."""

    key: str
    name: str
    category: str
    equipment: str
    level: str
    force: str
    mechanic: str
    primary_muscles: tuple[str, ...]
    secondary_muscles: tuple[str, ...]
    instructions: tuple[str, ...]
    pattern: str
    contraindications: frozenset[str]
    joint_loads: tuple[tuple[str, str], ...] = ()
    friendlier: tuple[str, ...] = ()
    needs: tuple[frozenset[str], ...] = ()
    roles: frozenset[str] = frozenset()

    @classmethod
    def from_record(
        cls, record: Mapping[str, Any], review: PoolReview | None = None
    ) -> LibraryExercise:
        """Build from a free-exercise-db record, classifying pattern, joint loads, friendlier
        features and equipment needs; a pool review adds roles and corrects grades."""
        pattern = movement_pattern(record)
        loads = joint_loads(record, pattern)
        if review is not None:
            loads.update(dict(review.loads))
            loads = {area: grade for area, grade in sorted(loads.items()) if grade != NONE}
        return cls(
            key=record["id"],
            name=record["name"],
            category=record.get("category") or "strength",
            equipment=record.get("equipment") or MISSING_EQUIPMENT_MEANS,
            level=record.get("level") or "beginner",
            force=record.get("force") or "",
            mechanic=record.get("mechanic") or "",
            primary_muscles=tuple(record.get("primaryMuscles") or ()),
            secondary_muscles=tuple(record.get("secondaryMuscles") or ()),
            instructions=tuple(record.get("instructions") or ()),
            pattern=pattern,
            contraindications=frozenset(
                area for area, grade in loads.items() if GRADE_RANK[grade] >= GRADE_RANK[MODERATE]
            ),
            joint_loads=tuple(loads.items()),
            friendlier=friendlier_features(record),
            needs=equipment_needed(record, pattern),
            roles=review.roles if review is not None else frozenset(),
        )

    def violations(self, constraints: Iterable[str]) -> set[str]:
        """The constraint tags among ``constraints`` this exercise breaks (cached per exercise)."""
        return set(self._violated_tags & frozenset(constraints))

    @cached_property
    def _violated_tags(self) -> frozenset[str]:
        return frozenset(constraint_violations(self, self.pattern, CONSTRAINT_TAGS))

    @cached_property
    def _loads(self) -> dict[str, str]:
        return dict(self.joint_loads)

    def load_on(self, area: str) -> str:
        """This exercise's grade for a joint area ("none" when it does not load it). An
        exercise without grades (built before they existed) loads its contraindicated areas
        moderately."""
        if not self.joint_loads and area in self.contraindications:
            return MODERATE
        return self._loads.get(area, NONE)

    def missing_from(self, have: frozenset[str]) -> str:
        """What the closest of its equipment alternatives lacks, in words ("pull-up bar",
        "barbell, rack"); empty when ``have`` covers one."""
        options = self.needs or (frozenset({self.equipment}) - {BODY_ONLY},)
        closest = min(options, key=lambda option: (len(option - have), sorted(option)))
        return ", ".join(sorted(closest - have))

    def available_with(self, equipment: Iterable[str]) -> bool:
        """Whether equipment the client has (with body weight and what a gym implies, see
        ``with_implied_equipment``) covers one of the exercise's alternatives."""
        return self.available_in(with_implied_equipment(equipment))

    def available_in(self, have: frozenset[str]) -> bool:
        """``available_with`` for equipment already completed by ``with_implied_equipment``."""
        if not self.needs:
            return self.equipment in have
        return any(option <= have for option in self.needs)

    @property
    def draftable(self) -> bool:
        return bool(self.roles)

    @property
    def region(self) -> str:
        return body_region(self.pattern, self.primary_muscles)


def read_pool(text: str) -> dict[str, PoolReview]:
    """The reviewed pool from ``drafting_pool.csv``: ``key,roles,loads,note`` rows (``#``
    comments and blank lines skipped), roles separated by spaces, grade corrections as
    ``area=grade`` separated by semicolons. A bad row raises ``ValueError`` naming it."""
    pool: dict[str, PoolReview] = {}
    rows = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    for number, row in enumerate(csv.reader(rows[1:]), start=2):
        if len(row) < 2:
            raise ValueError(f"drafting pool row {number}: expected key,roles,loads,note")
        key, roles_text = row[0].strip(), row[1]
        roles = frozenset(roles_text.split())
        if not roles or not roles <= set(DRAFT_ROLES):
            raise ValueError(f"drafting pool row {number} ({key}): roles {roles_text!r}")
        loads = []
        for item in (row[2] if len(row) > 2 else "").split(";"):
            if not item.strip():
                continue
            area, _, grade = item.partition("=")
            area, grade = area.strip(), grade.strip()
            if area not in INJURY_AREAS or grade not in LOAD_GRADES:
                raise ValueError(f"drafting pool row {number} ({key}): load {item!r}")
            loads.append((area, grade))
        if key in pool:
            raise ValueError(f"drafting pool row {number}: {key} is listed twice")
        pool[key] = PoolReview(roles=roles, loads=tuple(sorted(loads)))
    return pool


@lru_cache(maxsize=1)
def drafting_pool() -> dict[str, PoolReview]:
    """The reviewed drafting pool shipped in ``programs/data/drafting_pool.csv``."""
    return read_pool(POOL_PATH.read_text(encoding="utf-8"))


def library_records() -> list[dict[str, Any]]:
    """Every shipped record: the public library, then Spotter's additions."""
    records = []
    for path in (LIBRARY_PATH, SPOTTER_LIBRARY_PATH):
        with path.open(encoding="utf-8") as handle:
            records.extend(json.load(handle))
    return records


@lru_cache(maxsize=1)
def _library() -> tuple[LibraryExercise, ...]:
    pool = drafting_pool()
    exercises = (
        LibraryExercise.from_record(record, pool.get(record["id"])) for record in library_records()
    )
    return tuple(sorted(exercises, key=lambda exercise: (exercise.name, exercise.key)))


def load_library() -> list[LibraryExercise]:
    """The shipped library (``programs/data/exercises.json`` and Spotter's additions), with the
    reviewed pool's roles, parsed once per process and sorted by name; each call returns a new
    list over the same frozen exercises."""
    return list(_library())


def derived_columns(record: Mapping[str, Any]) -> dict[str, Any]:
    """What the database stores beside an exercise's own fields, derived from its record: the
    pattern, the areas it loads enough to matter, its joint grades, friendlier features and
    equipment needs (as JSON-ready lists)."""
    pattern = movement_pattern(record)
    return {
        "pattern": pattern,
        "contraindications": sorted(contraindicated_areas(record, pattern)),
        "joint_loads": joint_loads(record, pattern),
        "friendlier": list(friendlier_features(record)),
        "needs": [sorted(option) for option in equipment_needed(record, pattern)],
    }
