"""Which exercise a client's note is about, named the way the client's plan names it.

- The shell passes the names of the client's own exercises (their plan and recent logs); the
  reader stays pure and never looks anything up.
- A name's *core* is what people type: lower case, singular, without equipment or grip words and
  without what follows " - " or "(" ("Barbell Bench Press - Medium Grip" -> "bench press",
  "Pullups" -> "pullup").
- In the note, the longest run of words (up to ``MAX_EXERCISE_WORDS``) that spells a core or a
  common exercise word (``COMMON_EXERCISES``: "split squats", "RDLs", "OHP", "the run") is an
  exercise mention, compared without spaces ("pull ups" is "pullup").
- A mention is named by the client's exercise when it spells that exercise's core, or a synonym
  of it ("OHP" is "overhead press" is "military press"), or is the end of exactly one of the
  client's cores ("split squats" -> "Bulgarian Split Squat"); otherwise by the client's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from triage.core.redflags.tokens import Stream

MAX_EXERCISE_WORDS = 4

# Words that say how an exercise is loaded, not which exercise it is.
EQUIPMENT_WORDS = frozenset(
    {
        "barbell",
        "dumbbell",
        "dumbbells",
        "db",
        "bb",
        "kettlebell",
        "kettlebells",
        "kb",
        "cable",
        "machine",
        "smith",
        "ez",
        "bar",
        "band",
        "banded",
        "weighted",
        "bodyweight",
        "standing",
        "seated",
        "with",
        "the",
        "a",
    }
)

# Exercise words people type, by the name they stand for (singular, as tokens).
COMMON_EXERCISES: dict[str, tuple[str, ...]] = {
    "squat": (
        "squat",
        "back squat",
        "front squat",
        "goblet squat",
        "box squat",
        "pause squat",
        "hack squat",
        "zercher squat",
        "overhead squat",
        "air squat",
        "sumo squat",
        "front rack",
    ),
    "split squat": ("split squat", "bulgarian split squat", "bulgarian", "bss", "rfess"),
    "lunge": ("lunge", "walking lunge", "reverse lunge", "lateral lunge", "side lunge"),
    "step up": ("step up", "stepup"),
    "deadlift": (
        "deadlift",
        "dl",
        "sumo deadlift",
        "conventional deadlift",
        "trap bar deadlift",
        "hex bar deadlift",
        "trap bar",
        "deadlifting",
    ),
    "romanian deadlift": (
        "romanian deadlift",
        "rdl",
        "stiff leg deadlift",
        "single leg rdl",
        "single leg deadlift",
    ),
    "good morning": ("good morning",),
    "hip thrust": ("hip thrust", "glute bridge"),
    "bench press": (
        "bench",
        "bench press",
        "incline bench",
        "incline press",
        "decline bench",
        "close grip bench",
        "benching",
    ),
    "overhead press": (
        "overhead press",
        "ohp",
        "military press",
        "shoulder press",
        "strict press",
        "push press",
        "arnold press",
        "overhead work",
    ),
    "press": ("press",),
    "push up": ("push up", "pushup", "press up"),
    "dip": ("dip",),
    "pull up": ("pull up", "pullup"),
    "chin up": ("chin up", "chinup"),
    "lat pulldown": ("lat pulldown", "pulldown", "pull down"),
    "row": (
        "row",
        "barbell row",
        "bent over row",
        "pendlay row",
        "seated row",
        "cable row",
        "upright row",
        "t bar row",
    ),
    "curl": ("curl", "bicep curl", "hammer curl", "preacher curl"),
    "hamstring curl": ("hamstring curl", "leg curl", "nordic", "nordic curl"),
    "tricep extension": (
        "tricep extension",
        "skull crusher",
        "skullcrusher",
        "tricep pushdown",
        "pushdown",
    ),
    "lateral raise": ("lateral raise", "side raise", "lat raise", "front raise"),
    "fly": ("fly", "flye", "pec deck", "cable fly"),
    "face pull": ("face pull",),
    "shrug": ("shrug",),
    "leg press": ("leg press",),
    "leg extension": ("leg extension",),
    "calf raise": ("calf raise",),
    "box jump": ("box jump",),
    "jump": ("jump", "broad jump", "jump squat", "plyo", "plyometric"),
    "skipping": ("skipping", "jump rope", "double under"),
    "burpee": ("burpee",),
    "kettlebell swing": ("kettlebell swing", "kb swing", "swing"),
    "clean": ("clean", "power clean", "clean and jerk"),
    "snatch": ("snatch",),
    "thruster": ("thruster",),
    "wall ball": ("wall ball",),
    "carry": ("farmer carry", "farmers carry", "farmer walk", "farmers walk", "carry"),
    "sled": ("sled", "sled push", "prowler"),
    "plank": ("plank", "side plank"),
    "sit up": ("sit up", "situp", "crunch"),
    "leg raise": ("leg raise", "hanging leg raise"),
    "run": (
        "run",
        "running",
        "jog",
        "jogging",
        "sprint",
        "tempo run",
        "long run",
        "hill sprint",
        "interval",
        "parkrun",
    ),
    "rowing": ("rower", "rowing", "erg"),
    "cycling": ("bike", "cycling", "spin", "assault bike", "airbike"),
    "swimming": ("swim", "swimming"),
    "kick": ("kick",),
}

# Names that mean the same exercise, compared as cores without spaces.
SYNONYMS: tuple[frozenset[str], ...] = (
    frozenset({"overheadpress", "ohp", "militarypress", "shoulderpress", "strictpress"}),
    frozenset({"romaniandeadlift", "rdl", "stifflegdeadlift"}),
    frozenset({"benchpress", "bench", "benching"}),
    frozenset({"deadlift", "dl", "deadlifting"}),
    frozenset({"splitsquat", "bulgariansplitsquat", "bulgarian", "bss", "rfess"}),
    frozenset({"pullup", "pullups"}),
    frozenset({"chinup", "chin"}),
    frozenset({"pushup", "pressup"}),
    frozenset({"hipthrust", "glutebridge"}),
    frozenset({"hamstringcurl", "legcurl", "lyinglegcurl", "seatedlegcurl"}),
)

_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class ExerciseMention:
    """Tokens [first, last) of the note that name an exercise, and its name for the coach."""

    first: int
    last: int
    name: str


def singular(word: str) -> str:
    """A crude singular for exercise words: "squats" -> "squat", "presses" -> "press"."""
    if len(word) <= 2 or word.endswith(("ss", "us")) or not word.endswith("s"):
        return word
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1]


@lru_cache(maxsize=4096)
def core(name: str) -> str:
    """What people type for a named exercise, without spaces: "Barbell Bench Press - Medium
    Grip" -> "benchpress"."""
    head = re.split(r" - |\(", name.lower(), maxsplit=1)[0]
    words = [singular(word) for word in _WORD.findall(head)]
    kept = [word for word in words if word not in EQUIPMENT_WORDS]
    return "".join(kept or words)


def _synonyms(compact: str) -> frozenset[str]:
    for group in SYNONYMS:
        if compact in group:
            return group
    return frozenset({compact})


@lru_cache(maxsize=1)
def _common_index() -> dict[str, str]:
    """Compact spelling of every common exercise word -> the name it stands for."""
    index: dict[str, str] = {}
    for name, spellings in COMMON_EXERCISES.items():
        for spelling in spellings:
            index["".join(singular(word) for word in spelling.split())] = name
    return index


@lru_cache(maxsize=256)
def _client_index(names: tuple[str, ...]) -> dict[str, str]:
    """Every compact spelling of the client's exercises (cores and their synonyms) -> name."""
    index: dict[str, str] = {}
    for name in sorted(names, key=len):
        for spelling in _synonyms(core(name)):
            index.setdefault(spelling, name)
    return index


@lru_cache(maxsize=4096)
def client_name_for(spelled: str, names: tuple[str, ...]) -> str | None:
    """The client's exercise a compact spelling means: the same core or a synonym, else the one
    exercise whose core ends with it; None when there is no such one exercise."""
    index = _client_index(names)
    for spelling in _synonyms(spelled):
        if spelling in index:
            return index[spelling]
    endings = {name for name in names if any(core(name).endswith(s) for s in _synonyms(spelled))}
    return endings.pop() if len(endings) == 1 else None


def mentions(stream: Stream, text: str, names: tuple[str, ...] = ()) -> list[ExerciseMention]:
    """Exercise mentions in reading order, longest first at each place, never overlapping."""
    words = [singular(token.text) if token.text.isalpha() else "" for token in stream.tokens]
    common = _common_index()
    client = _client_index(names)
    found: list[ExerciseMention] = []
    index = 0
    while index < len(words):
        matched = None
        for length in range(min(MAX_EXERCISE_WORDS, len(words) - index), 0, -1):
            part = words[index : index + length]
            if not all(part):
                continue
            spelled = "".join(part)
            if spelled in client:
                matched = (length, client[spelled])
                break
            if spelled in common:
                named = client_name_for(spelled, names) or client_name_for(
                    "".join(common[spelled].split()), names
                )
                matched = (length, named or stream.words(text, index, index + length))
                break
        if matched is None:
            index += 1
            continue
        length, name = matched
        found.append(ExerciseMention(index, index + length, name))
        index += length
    return found
