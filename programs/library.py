"""The exercise library as training decisions see it: movement pattern, the injury areas an
exercise loads, and the client constraints it breaks. Pure: no Django.

The records come from the public-domain free-exercise-db (``programs/data/exercises.json``), one
dict per exercise with the keys ``id, name, force, level, mechanic, equipment, primaryMuscles,
secondaryMuscles, instructions, category``. Every function below reads such a record (or a
``LibraryExercise`` built from one), and every rule is stated in its docstring.

A missing ``equipment`` (77 records, all stretches, drills and body-weight moves such as
"Bodyweight Walking Lunge" or "Inverted Row") is read as ``"body only"``: those exercises need
nothing but the client's body, and reading them as "other" would hide them from clients who
train at home.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

LIBRARY_PATH = Path(__file__).resolve().parent / "data" / "exercises.json"

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
            r"\bthigh (?:abductor|adductor)\b",
            r"\b(?:abduction|adduction)s?\b",
        ),
    ),
    (LUNGE, _rx(r"\blunges?\b", r"\bsplit squats?\b", r"\bstep ?ups?\b", r"\bbulgarian\b")),
    (SQUAT, _rx(r"\bsquats?\b", r"\bleg press\b", r"\bthrusters?\b", r"\bpistol\b")),
    (
        VERTICAL_PUSH,
        _rx(
            r"\b(?:overhead|military|shoulder|push|bent|para|seesaw|see saw) press\b",
            r"\bjerks?\b",
            r"\barnold\b",
            r"\bhandstand\b",
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


# --- Injury areas ---------------------------------------------------------------------------
# What each pattern loads, whatever the muscles.
PATTERN_AREAS: dict[str, frozenset[str]] = {
    SQUAT: frozenset({"knee", "hip"}),
    LUNGE: frozenset({"knee", "hip"}),
    HINGE: frozenset({"lower back", "hip"}),
    HORIZONTAL_PUSH: frozenset({"shoulder", "elbow", "wrist"}),
    VERTICAL_PUSH: frozenset({"shoulder", "elbow"}),
    HORIZONTAL_PULL: frozenset({"shoulder", "elbow"}),
    VERTICAL_PULL: frozenset({"shoulder", "elbow"}),
    CARRY: frozenset({"lower back", "wrist"}),
}
# What a prime mover loads (the joints it crosses or works through).
PRIMARY_MUSCLE_AREAS: dict[str, frozenset[str]] = {
    "shoulders": frozenset({"shoulder"}),
    "chest": frozenset({"shoulder"}),
    "lats": frozenset({"shoulder"}),
    "traps": frozenset({"shoulder", "neck"}),
    "biceps": frozenset({"elbow"}),
    "triceps": frozenset({"elbow"}),
    "forearms": frozenset({"wrist", "elbow"}),
    "quadriceps": frozenset({"knee"}),
    "hamstrings": frozenset({"hip"}),
    "glutes": frozenset({"hip"}),
    "abductors": frozenset({"hip"}),
    "adductors": frozenset({"hip"}),
    "calves": frozenset({"ankle"}),
    "lower back": frozenset({"lower back"}),
    "neck": frozenset({"neck"}),
}
# Secondary muscles that still put load through an area: a loaded spine, a loaded neck.
SECONDARY_MUSCLE_AREAS: dict[str, frozenset[str]] = {
    "lower back": frozenset({"lower back"}),
    "neck": frozenset({"neck"}),
}
# Name cues that load an area beyond pattern and muscles.
NAME_AREAS: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = (
    (re.compile(r"\boverhead\b|\bsnatch|\bjerks?\b"), frozenset({"shoulder"})),
    (re.compile(r"\bbehind (?:the )?neck\b"), frozenset({"neck", "shoulder"})),
    (
        re.compile(
            r"\bsit ?ups?\b|\brussian twist|\brollouts?\b|\bab roll|\bside bends?\b"
            r"|\bwindmill\b|\bjackknife\b|\bv ?ups?\b"
        ),
        frozenset({"lower back"}),
    ),
    (re.compile(r"\brunning\b|\bjog|\bsprint|\brope jumping\b"), frozenset({"knee", "ankle"})),
)


def contraindicated_areas(
    record: Mapping[str, Any] | LibraryExercise, pattern: str | None = None
) -> frozenset[str]:
    """The injury areas the exercise loads: its pattern's areas (``PATTERN_AREAS``; lower-body
    jumps add knee and ankle, knee-flexion and -extension isolation adds knee), its prime
    movers' areas (``PRIMARY_MUSCLE_AREAS``), a loaded spine or neck among its secondary
    muscles, and name cues such as overhead work, sit-ups and running."""
    facts = _facts(record)
    pattern = pattern or movement_pattern(record)
    primary, secondary = facts["primary"], facts["secondary"]
    areas: set[str] = set(PATTERN_AREAS.get(pattern, ()))
    if pattern == PLYOMETRIC and set(primary) & LOWER_BODY_MUSCLES:
        areas |= {"knee", "ankle"}
    if pattern == ISOLATION_LOWER and set(primary) & {"quadriceps", "hamstrings"}:
        areas.add("knee")
    for muscle in primary:
        areas |= PRIMARY_MUSCLE_AREAS.get(muscle, frozenset())
    for muscle in secondary:
        areas |= SECONDARY_MUSCLE_AREAS.get(muscle, frozenset())
    for cue, cue_areas in NAME_AREAS:
        if cue.search(facts["name"]):
            areas |= cue_areas
    return frozenset(areas)


# Injury areas given by the intake that are not joints: muscles match prime movers, and two
# regions map to what they are closest to.
INJURY_AREA_MUSCLES = {"upper back": frozenset({"middle back", "traps"})}
INJURY_AREA_JOINTS = {"foot": "ankle"}


def loads_injured_area(exercise: LibraryExercise, area: str) -> bool:
    """Whether an injury at ``area`` rules the exercise out: a joint (or a region mapped to one)
    it loads, or a muscle that is one of its prime movers. "other" matches nothing: the coach
    reads the notes."""
    area = area.strip().lower()
    joint = INJURY_AREA_JOINTS.get(area, area)
    if joint in exercise.contraindications:
        return True
    muscles = INJURY_AREA_MUSCLES.get(area, frozenset({area}))
    return bool(muscles & set(exercise.primary_muscles))


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
    checks = {
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
class LibraryExercise:
    """One exercise as drafting sees it. A missing force or mechanic is ``""``; a missing
    equipment is ``"body only"``."""

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

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> LibraryExercise:
        """Build from a free-exercise-db record, classifying pattern and contraindications."""
        pattern = movement_pattern(record)
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
            contraindications=contraindicated_areas(record, pattern),
        )

    def violations(self, constraints: Iterable[str]) -> set[str]:
        """The constraint tags among ``constraints`` this exercise breaks (cached per exercise)."""
        return set(_violated_tags(self) & frozenset(constraints))

    @property
    def region(self) -> str:
        return body_region(self.pattern, self.primary_muscles)


@lru_cache(maxsize=4096)
def _violated_tags(exercise: LibraryExercise) -> frozenset[str]:
    return frozenset(constraint_violations(exercise, exercise.pattern, CONSTRAINT_TAGS))


@lru_cache(maxsize=1)
def _library() -> tuple[LibraryExercise, ...]:
    with LIBRARY_PATH.open(encoding="utf-8") as handle:
        records = json.load(handle)
    exercises = (LibraryExercise.from_record(record) for record in records)
    return tuple(sorted(exercises, key=lambda exercise: (exercise.name, exercise.key)))


def load_library() -> list[LibraryExercise]:
    """The shipped library (``programs/data/exercises.json``), parsed once per process and
    sorted by name; each call returns a new list over the same frozen exercises."""
    return list(_library())
