"""Matching the exercise names of a Strong or Hevy export to the exercise library. Pure: no Django.

``ExerciseMatcher(library)`` is built from ``(id, name, equipment)`` triples of the library (the
public-domain free-exercise-db names, e.g. "Barbell Bench Press - Medium Grip", plus an
organization's own exercises), and ``match(name)`` returns the id of the library exercise a
logged name means, or None when it is not sure (the caller then creates an organization exercise
under the logged name: nothing is dropped). It tries, in order, and stops at the first hit:

1. the exact name, compared by ``normalize`` and ignoring spaces ("Chin Up" is "Chin-Up");
2. aliases: ``ALIASES`` (a curated table), then the Strong and Hevy default exercise lists
   (``programs/data/app_exercises/*.csv``: each app name with the library name it means, or none
   when the library has no such exercise, which ends the search), then names derived from the
   library's own ("Dumbbell Bench Press" is also "Bench Press (Dumbbell)", "Leverage Chest
   Press" is "Chest Press (Machine)", "Barbell Bench Press - Medium Grip" is "Barbell Bench
   Press"; a derived name two exercises share is dropped). An alias whose target is not in the
   given library is ignored;
3. for "X (Qualifier)" and Strong's "X - Modifier (Qualifier)" names: "qualifier x",
   "modifier x", then just "x" if that exercise's equipment agrees with the qualifier ("Leg
   Extension (Machine)" -> "Leg Extensions", a machine), each tried exact and as an alias;
4. a conservative similarity, for typos and word order only: difflib's ratio between the
   sorted, de-duplicated words of both names (filler such as "with" dropped) of at least
   ``SIMILARITY_THRESHOLD``, *and* every word on each side close to a word on the other (ratio
   0.8: "dumbell" is "dumbbell", "split" is not "plie"), never across conflicting equipment (a
   dumbbell press never becomes a barbell one); among several, the same equipment first, then
   the higher score, then the smaller name.

Grip, stance, position and implement words decide between variants of one movement
(``variant_words``: close / wide / neutral / underhand grip, rope, sumo, single-arm or -leg,
incline, seated, trap bar, smith, assisted, weighted...): steps 3 and 4 accept a library
exercise only when the logged name and the name it was found under say the same such words, so
a close-grip pulldown never becomes the wide-grip one and an assisted pull-up never a pull-up.

Deterministic and independent of the library's order: entries are sorted by (normalized name,
name, str(id)) first, and the first of equal names wins. Results are cached per matcher.
"""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

__all__ = [
    "ALIASES",
    "APP_EXERCISE_FILES",
    "SIMILARITY_THRESHOLD",
    "ExerciseId",
    "ExerciseMatcher",
    "app_aliases",
    "normalize",
    "variant_words",
]

ExerciseId = int | str

SIMILARITY_THRESHOLD = 0.9

# Common Strong / Hevy names -> free-exercise-db names. Every target exists in
# programs/data/exercises.json (a test checks it). Keys are compared normalized.
ALIASES: dict[str, str] = {
    # Chest
    "Bench Press (Barbell)": "Barbell Bench Press - Medium Grip",
    "Bench Press": "Barbell Bench Press - Medium Grip",
    "Incline Bench Press (Barbell)": "Barbell Incline Bench Press - Medium Grip",
    "Decline Bench Press (Barbell)": "Decline Barbell Bench Press",
    "Close Grip Bench Press": "Close-Grip Barbell Bench Press",
    "Close Grip Bench Press (Barbell)": "Close-Grip Barbell Bench Press",
    "Bench Press (Dumbbell)": "Dumbbell Bench Press",
    "Incline Bench Press (Dumbbell)": "Incline Dumbbell Press",
    "Decline Bench Press (Dumbbell)": "Decline Dumbbell Bench Press",
    "Bench Press (Smith Machine)": "Smith Machine Bench Press",
    "Chest Press (Machine)": "Leverage Chest Press",
    "Chest Fly (Dumbbell)": "Dumbbell Flyes",
    "Incline Chest Fly (Dumbbell)": "Incline Dumbbell Flyes",
    "Chest Fly (Machine)": "Butterfly",
    "Pec Deck (Machine)": "Butterfly",
    "Butterfly (Pec Deck)": "Butterfly",
    "Cable Fly Crossovers": "Cable Crossover",
    "Cable Fly": "Cable Crossover",
    "Chest Fly (Cable)": "Cable Crossover",
    "Cable Crossover (Cable)": "Cable Crossover",
    "Push Up": "Pushups",
    "Chest Dip": "Dips - Chest Version",
    "Dips": "Dips - Chest Version",
    "Triceps Dip": "Dips - Triceps Version",
    "Bench Dip": "Bench Dips",
    # Legs
    "Squat (Barbell)": "Barbell Squat",
    "Full Squat": "Barbell Full Squat",
    "Front Squat (Barbell)": "Front Barbell Squat",
    "Front Squat": "Front Barbell Squat",
    "Goblet Squat (Kettlebell)": "Goblet Squat",
    "Goblet Squat (Dumbbell)": "Goblet Squat",
    "Squat (Smith Machine)": "Smith Machine Squat",
    "Hack Squat (Machine)": "Hack Squat",
    "Box Squat (Barbell)": "Box Squat",
    "Leg Press (Machine)": "Leg Press",
    "Leg Extension (Machine)": "Leg Extensions",
    "Lying Leg Curl (Machine)": "Lying Leg Curls",
    "Seated Leg Curl (Machine)": "Seated Leg Curl",
    "Standing Leg Curl (Machine)": "Standing Leg Curl",
    "Lunge (Dumbbell)": "Dumbbell Lunges",
    "Lunge (Barbell)": "Barbell Lunge",
    "Walking Lunge": "Bodyweight Walking Lunge",
    "Walking Lunge (Barbell)": "Barbell Walking Lunge",
    "Bulgarian Split Squat": "Split Squat with Dumbbells",
    "Split Squat (Dumbbell)": "Split Squat with Dumbbells",
    "Reverse Lunge (Dumbbell)": "Dumbbell Rear Lunge",
    "Glute Kickback (Cable)": "One-Legged Cable Kickback",
    "Bulgarian Split Squat (Dumbbell)": "Split Squat with Dumbbells",
    "Step Up (Dumbbell)": "Dumbbell Step Ups",
    "Step Up (Barbell)": "Barbell Step Ups",
    "Calf Raise (Standing)": "Standing Calf Raises",
    "Standing Calf Raise (Machine)": "Standing Calf Raises",
    "Standing Calf Raise": "Standing Calf Raises",
    "Calf Raise (Seated)": "Seated Calf Raise",
    "Seated Calf Raise (Machine)": "Seated Calf Raise",
    "Calf Press on Leg Press": "Calf Press On The Leg Press Machine",
    "Hip Abductor (Machine)": "Thigh Abductor",
    "Hip Adductor (Machine)": "Thigh Adductor",
    # Hinge
    "Deadlift (Barbell)": "Barbell Deadlift",
    "Deadlift": "Barbell Deadlift",
    "Romanian Deadlift (Barbell)": "Romanian Deadlift",
    "Stiff Leg Deadlift (Barbell)": "Stiff-Legged Barbell Deadlift",
    "Romanian Deadlift (Dumbbell)": "Stiff-Legged Dumbbell Deadlift",
    "Sumo Deadlift (Barbell)": "Sumo Deadlift",
    "Trap Bar Deadlift": "Trap Bar Deadlift",
    "Deadlift (Trap Bar)": "Trap Bar Deadlift",
    "Rack Pull (Barbell)": "Rack Pulls",
    "Hip Thrust (Barbell)": "Barbell Hip Thrust",
    "Hip Thrust": "Barbell Hip Thrust",
    "Glute Bridge (Barbell)": "Barbell Glute Bridge",
    "Good Morning (Barbell)": "Good Morning",
    "Back Extension": "Hyperextensions (Back Extensions)",
    "Back Extension (Hyperextension)": "Hyperextensions (Back Extensions)",
    "Hyperextension": "Hyperextensions (Back Extensions)",
    "Kettlebell Swing": "One-Arm Kettlebell Swings",
    "Glute Ham Raise": "Glute Ham Raise",
    # Shoulders
    "Overhead Press (Barbell)": "Standing Military Press",
    "Overhead Press": "Standing Military Press",
    "Military Press": "Standing Military Press",
    "Seated Overhead Press (Barbell)": "Seated Barbell Military Press",
    "Overhead Press (Dumbbell)": "Dumbbell Shoulder Press",
    "Shoulder Press (Dumbbell)": "Dumbbell Shoulder Press",
    "Seated Shoulder Press (Dumbbell)": "Dumbbell Shoulder Press",
    "Shoulder Press (Machine)": "Machine Shoulder (Military) Press",
    "Seated Shoulder Press (Machine)": "Machine Shoulder (Military) Press",
    "Arnold Press (Dumbbell)": "Arnold Dumbbell Press",
    "Arnold Press": "Arnold Dumbbell Press",
    "Push Press (Barbell)": "Push Press",
    "Lateral Raise (Dumbbell)": "Side Lateral Raise",
    "Lateral Raise (Cable)": "Cable Seated Lateral Raise",
    "Front Raise (Dumbbell)": "Front Dumbbell Raise",
    "Front Raise (Cable)": "Front Cable Raise",
    "Front Raise (Plate)": "Front Plate Raise",
    "Reverse Fly (Dumbbell)": "Reverse Flyes",
    "Reverse Fly (Machine)": "Reverse Machine Flyes",
    "Rear Delt Reverse Fly (Machine)": "Reverse Machine Flyes",
    "Rear Delt Reverse Fly (Dumbbell)": "Reverse Flyes",
    "Rear Delt Fly (Cable)": "Cable Rear Delt Fly",
    "Reverse Fly (Cable)": "Cable Rear Delt Fly",
    "Face Pull (Cable)": "Face Pull",
    "Upright Row (Barbell)": "Upright Barbell Row",
    "Upright Row (Dumbbell)": "Standing Dumbbell Upright Row",
    "Upright Row (Cable)": "Upright Cable Row",
    "Shrug (Barbell)": "Barbell Shrug",
    "Shrug (Dumbbell)": "Dumbbell Shrug",
    "Shrug (Cable)": "Cable Shrugs",
    "Shrug (Machine)": "Leverage Shrug",
    # Back
    "Pull Up": "Pullups",
    "Pull Up (Weighted)": "Weighted Pull Ups",
    "Weighted Pull Up": "Weighted Pull Ups",
    "Pull Up (Band)": "Band Assisted Pull-Up",
    "Chin Up": "Chin-Up",
    "Chin Up (Weighted)": "Chin-Up",
    "Lat Pulldown (Cable)": "Wide-Grip Lat Pulldown",
    "Lat Pulldown": "Wide-Grip Lat Pulldown",
    "Lat Pulldown (Machine)": "Wide-Grip Lat Pulldown",
    "Lat Pulldown - Wide Grip (Cable)": "Wide-Grip Lat Pulldown",
    "Lat Pulldown - Close Grip (Cable)": "Close-Grip Front Lat Pulldown",
    "Reverse Grip Lat Pulldown (Cable)": "Underhand Cable Pulldowns",
    "Single Arm Lat Pulldown": "One Arm Lat Pulldown",
    "Straight Arm Pulldown (Cable)": "Straight-Arm Pulldown",
    "Straight Arm Lat Pulldown (Cable)": "Straight-Arm Pulldown",
    "Seated Row (Cable)": "Seated Cable Rows",
    "Seated Cable Row - V Grip (Cable)": "Seated Cable Rows",
    "Seated Cable Row - Bar Grip": "Seated Cable Rows",
    "Seated Row (Machine)": "Leverage Iso Row",
    "Bent Over Row (Barbell)": "Bent Over Barbell Row",
    "Barbell Row": "Bent Over Barbell Row",
    "Pendlay Row (Barbell)": "Bent Over Barbell Row",
    "Bent Over Row (Dumbbell)": "Bent Over Two-Dumbbell Row",
    "Bent Over One Arm Row (Dumbbell)": "One-Arm Dumbbell Row",
    "Dumbbell Row": "One-Arm Dumbbell Row",
    "T Bar Row": "T-Bar Row with Handle",
    "Inverted Row (Bodyweight)": "Inverted Row",
    # Arms
    "Bicep Curl (Barbell)": "Barbell Curl",
    "Bicep Curl (Dumbbell)": "Dumbbell Bicep Curl",
    "Bicep Curl (Cable)": "Standing Biceps Cable Curl",
    "Bicep Curl (Machine)": "Machine Bicep Curl",
    "Bicep Curl (EZ Bar)": "EZ-Bar Curl",
    "EZ Bar Biceps Curl": "EZ-Bar Curl",
    "Hammer Curl (Dumbbell)": "Hammer Curls",
    "Hammer Curl (Cable)": "Cable Hammer Curls - Rope Attachment",
    "Incline Curl (Dumbbell)": "Incline Dumbbell Curl",
    "Preacher Curl (Barbell)": "Preacher Curl",
    "Preacher Curl (Machine)": "Machine Preacher Curls",
    "Preacher Curl (Dumbbell)": "Two-Arm Dumbbell Preacher Curl",
    "Concentration Curl (Dumbbell)": "Concentration Curls",
    "Reverse Curl (Barbell)": "Reverse Barbell Curl",
    "Triceps Pushdown (Cable - Straight Bar)": "Triceps Pushdown",
    "Triceps Pushdown": "Triceps Pushdown",
    "Triceps Pushdown (Cable - Rope)": "Triceps Pushdown - Rope Attachment",
    "Triceps Rope Pushdown": "Triceps Pushdown - Rope Attachment",
    "Triceps Extension (Cable)": "Triceps Overhead Extension with Rope",
    "Overhead Triceps Extension (Cable)": "Triceps Overhead Extension with Rope",
    "Triceps Extension (Dumbbell)": "Standing Dumbbell Triceps Extension",
    "Overhead Triceps Extension (Dumbbell)": "Standing Dumbbell Triceps Extension",
    "Triceps Extension (Machine)": "Machine Triceps Extension",
    "Skullcrusher (Barbell)": "Lying Triceps Press",
    "Skullcrusher (EZ Bar)": "EZ-Bar Skullcrusher",
    "Skullcrusher (Dumbbell)": "Lying Dumbbell Tricep Extension",
    "Triceps Kickback (Dumbbell)": "Tricep Dumbbell Kickback",
    # Core
    "Plank": "Plank",
    "Crunch": "Crunches",
    "Crunch (Machine)": "Ab Crunch Machine",
    "Cable Crunch": "Cable Crunch",
    "Sit Up": "Sit-Up",
    "Hanging Leg Raise": "Hanging Leg Raise",
    "Hanging Knee Raise": "Knee/Hip Raise On Parallel Bars",
    "Russian Twist": "Russian Twist",
    "Russian Twist (Weighted)": "Russian Twist",
    "Ab Wheel": "Ab Roller",
    "Ab Wheel Rollout": "Ab Roller",
    "Mountain Climber": "Mountain Climbers",
    # Carries, olympic, conditioning
    "Farmers Walk": "Farmer's Walk",
    "Farmer Walk (Dumbbell)": "Farmer's Walk",
    "Power Clean (Barbell)": "Power Clean",
    "Hang Clean (Barbell)": "Hang Clean",
    "Clean and Jerk (Barbell)": "Clean and Jerk",
    "Rowing (Machine)": "Rowing, Stationary",
    "Cycling (Indoor)": "Bicycling, Stationary",
    "Elliptical Trainer": "Elliptical Trainer",
    "Treadmill": "Running, Treadmill",
    "Stair Machine": "Stairmaster",
    "Jump Rope": "Rope Jumping",
    "Box Jump": "Front Box Jump",
}

# Qualifier words in "X (Qualifier)" -> the library's equipment value.
EQUIPMENT_WORDS: dict[str, str] = {
    "barbell": "barbell",
    "dumbbell": "dumbbell",
    "cable": "cable",
    "machine": "machine",
    "smith machine": "machine",
    "smith": "machine",
    "kettlebell": "kettlebells",
    "band": "bands",
    "resistance band": "bands",
    "bodyweight": "body only",
    "body weight": "body only",
    "ez bar": "e-z curl bar",
    "ez curl bar": "e-z curl bar",
    "medicine ball": "medicine ball",
    "exercise ball": "exercise ball",
}
APP_EXERCISE_FILES = tuple(
    sorted((Path(__file__).resolve().parent.parent / "data" / "app_exercises").glob("*.csv"))
)

# Words that tell variants of one movement apart, as normalized token sequences -> a tag.
# Longer phrases are read first ("wide stance" before "wide"); "medium grip" is the default grip.
VARIANT_PHRASES: dict[str, str | None] = {
    "medium grip": None,
    "close grip": "grip:close",
    "narrow grip": "grip:close",
    "close": "grip:close",
    "wide grip": "grip:wide",
    "wide": "grip:wide",
    "neutral grip": "grip:neutral",
    "hammer grip": "grip:neutral",
    "palm in": "grip:neutral",
    "reverse grip": "grip:under",
    "underhand grip": "grip:under",
    "underhand": "grip:under",
    "supinated": "grip:under",
    "overhand grip": "grip:over",
    "overhand": "grip:over",
    "pronated grip": "grip:over",
    "pronated": "grip:over",
    "mixed grip": "grip:mixed",
    "v grip": "grip:v",
    "v bar": "grip:v",
    "rope": "attachment:rope",
    "sumo": "stance:sumo",
    "wide stance": "stance:wide",
    "narrow stance": "stance:close",
    "close stance": "stance:close",
    "single leg": "side:one leg",
    "one leg": "side:one leg",
    "single legged": "side:one leg",
    "one legged": "side:one leg",
    "single arm": "side:one arm",
    "one arm": "side:one arm",
    "incline": "position:incline",
    "decline": "position:decline",
    "seated": "position:seated",
    "standing": "position:standing",
    "lying": "position:lying",
    "kneeling": "position:kneeling",
    "trap bar": "implement:trap bar",
    "hex bar": "implement:trap bar",
    "smith": "implement:smith",
    "landmine": "implement:landmine",
    "ez": "implement:ez bar",
    "kettlebell": "implement:kettlebell",
    "band": "implement:band",
    "banded": "implement:band",
    "assisted": "kind:assisted",
    "weighted": "kind:weighted",
    "pause": "kind:paused",
    "paused": "kind:paused",
    "deficit": "kind:deficit",
    "behind the neck": "kind:behind neck",
    "behind neck": "kind:behind neck",
    "reverse": "kind:reverse",
}
# Library names often start with their implement; apps put it last in parentheses.
_DERIVED_EQUIPMENT = {
    "smith machine": "smith machine",
    "barbell": "barbell",
    "dumbbell": "dumbbell",
    "cable": "cable",
    "machine": "machine",
    "leverage": "machine",
    "lever": "machine",
    "kettlebell": "kettlebell",
    "band": "band",
    "ez bar": "ez bar",
}

# Library equipment values that conflict with nothing (too vague to rule a match out).
_VAGUE_EQUIPMENT = {"", "other", "none", "body only"}
_IRREGULAR = {"ups": "up", "calves": "calf"}
_FILLER = {"a", "an", "and", "the", "with", "on", "of", "to", "in", "version"}
_WORD_SIMILARITY = 0.8
_PAREN = re.compile(r"^(?P<base>.*?)\s*\((?P<qualifier>[^()]*)\)\s*$")


def _singular(token: str) -> str:
    """Simple English plurals only: curls -> curl, presses -> press, flies -> fly, ups -> up.

    Other words of three letters or fewer ("abs") and words ending in "ss", "us" or "is" stay
    as they are ("press"); "triceps" becomes "tricep", on both sides alike. The point is that a
    name and its plural normalize the same; it is not a full stemmer and does not try to be."""
    if token in _IRREGULAR:
        return _IRREGULAR[token]
    if len(token) <= 3 or token.isdigit():
        return token
    if token.endswith("ies") and len(token) > 4:
        return token[:-3] + "y"
    if token.endswith(("sses", "ches", "shes", "xes")):
        return token[:-2]
    if token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def normalize(name: str) -> str:
    """Lowercase, accents and apostrophes dropped, every other punctuation a space, spaces
    collapsed, each word singularized (``_singular``): "Pull-Ups" -> "pull up",
    "Farmer's Walk" -> "farmer walk", "Hammer Curls" -> "hammer curl"."""
    text = unicodedata.normalize("NFKD", str(name or ""))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"['\u2019`]", "", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(_singular(token) for token in text.split())


def _compact(name: str) -> str:
    return _compact_normalized(normalize(name))


def _compact_normalized(normalized: str) -> str:
    """The normalized name without spaces, singularized once more as a whole, so that "Pull-Ups"
    ("pull ups": "ups" is too short to singularize alone), "Pull Up" and "Pullups" agree."""
    return _singular(normalized.replace(" ", ""))


_EQUIPMENT_SEARCH = tuple(
    (f" {normalize(word)} ", EQUIPMENT_WORDS[word])
    for word in sorted(EQUIPMENT_WORDS, key=lambda w: (-len(w), w))
)


def _equipment_of(normalized: str) -> str | None:
    """The library equipment a normalized qualifier or name names, if any (longest word wins)."""
    padded = f" {normalized} "
    for word, equipment in _EQUIPMENT_SEARCH:
        if word in padded:
            return equipment
    return None


def _compatible(wanted: str | None, equipment: str) -> bool:
    return wanted is None or equipment in _VAGUE_EQUIPMENT or equipment == wanted


_Value = TypeVar("_Value")


def _phrases(table: Mapping[str, _Value]) -> tuple[tuple[tuple[str, ...], _Value], ...]:
    entries = {tuple(normalize(phrase).split()): value for phrase, value in table.items()}
    return tuple(sorted(entries.items(), key=lambda item: (-len(item[0]), item[0])))


_VARIANTS = _phrases(VARIANT_PHRASES)
_DERIVED = _phrases(_DERIVED_EQUIPMENT)


def _find(tokens: list[str], phrase: tuple[str, ...], taken: list[bool]) -> int:
    size = len(phrase)
    for start in range(len(tokens) - size + 1):
        if tuple(tokens[start : start + size]) == phrase and not any(taken[start : start + size]):
            return start
    return -1


def variant_words(name: str) -> frozenset[str]:
    """The grip, stance, position and implement words of a name, as tags:
    "Lat Pulldown - Close Grip (Cable)" -> {"grip:close"}, "Pull Up (Assisted)" ->
    {"kind:assisted"}, "Barbell Bench Press - Medium Grip" -> {} (medium is the default)."""
    tokens = normalize(name).split()
    taken = [False] * len(tokens)
    found: set[str] = set()
    for phrase, tag in _VARIANTS:
        while (start := _find(tokens, phrase, taken)) >= 0:
            for i in range(start, start + len(phrase)):
                taken[i] = True
            if tag is not None:
                found.add(tag)
    return frozenset(found)


def _derived_names(normalized: str) -> set[str]:
    """Names an app would give a library exercise: without the default "medium grip", and with
    its implement moved to the end ("dumbbell bench press" -> "bench press dumbbell")."""
    names = set()
    base = normalized
    if base.endswith(" medium grip"):
        base = base[: -len(" medium grip")]
        names.add(base)
    if base.endswith(" attachment"):
        base = base[: -len(" attachment")]
        names.add(base)
    tokens = base.split()
    for phrase, label in _DERIVED:
        start = _find(tokens, phrase, [False] * len(tokens))
        if start >= 0 and len(tokens) > len(phrase):
            rest = tokens[:start] + tokens[start + len(phrase) :]
            names.add(" ".join([*rest, *str(label).split()]))
            break
    names.discard(normalized)
    return names


@lru_cache(maxsize=1)
def app_aliases() -> tuple[tuple[str, str], ...]:
    """(app name, library name or "") from the Strong and Hevy default exercise lists."""
    pairs = []
    for path in APP_EXERCISE_FILES:
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                pairs.append((row["name"].strip(), (row.get("library") or "").strip()))
    return tuple(pairs)


_NO_MATCH = ("", "")  # an app name the library has no exercise for


class ExerciseMatcher:
    """Library names for the names people log; see the module docstring for the strategy."""

    def __init__(
        self,
        library: Iterable[tuple[ExerciseId, str, str | None]],
        aliases: dict[str, str] | None = None,
        threshold: float = SIMILARITY_THRESHOLD,
    ) -> None:
        entries = sorted(
            (
                (normalize(name), name, str(key), key, (equipment or "").strip().lower())
                for key, name, equipment in library
            ),
            key=lambda e: e[:3],
        )
        self._entries = [(norm, key, equipment) for norm, _, _, key, equipment in entries]
        self._by_compact: dict[str, tuple[ExerciseId, str]] = {}
        for norm, key, equipment in self._entries:
            self._by_compact.setdefault(_compact_normalized(norm), (key, equipment))
        self._aliases: dict[str, tuple[ExerciseId, str]] = {}
        curated = ALIASES if aliases is None else aliases
        pairs = list(curated.items()) + (list(app_aliases()) if aliases is None else [])
        for alias, target in pairs:
            if not target:
                self._aliases.setdefault(_compact(alias), _NO_MATCH)
                continue
            hit = self._by_compact.get(_compact(target))
            if hit is not None:
                self._aliases.setdefault(_compact(alias), hit)
        derived: dict[str, set[tuple[ExerciseId, str]]] = {}
        for norm, key, equipment in self._entries:
            for name in _derived_names(norm):
                derived.setdefault(_compact_normalized(name), set()).add((key, equipment))
        for compact, hits in derived.items():
            if len(hits) == 1 and compact not in self._by_compact:
                self._aliases.setdefault(compact, next(iter(hits)))
        self._threshold = threshold
        self._tokens = [_content_tokens(norm) for norm, _, _ in self._entries]
        self._variants = [variant_words(norm) for norm, _, _ in self._entries]
        self._cache: dict[str, ExerciseId | None] = {}

    def match(self, name: str) -> ExerciseId | None:
        """The library id ``name`` means, or None when no rule is sure."""
        if name in self._cache:
            return self._cache[name]
        result = self._match(name)
        self._cache[name] = result
        return result

    # --- The cascade ---------------------------------------------------------------------------

    def _lookup(self, text: str) -> tuple[ExerciseId, str] | None:
        compact = _compact(text)
        if not compact:
            return None
        return self._by_compact.get(compact) or self._aliases.get(compact)

    def _match(self, name: str) -> ExerciseId | None:
        hit = self._lookup(name)
        if hit is not None:
            return None if hit is _NO_MATCH else hit[0]
        variants = variant_words(name)
        base, qualifier = name, ""
        paren = _PAREN.match(name or "")
        if paren:
            base, qualifier = paren["base"], paren["qualifier"]
        head, _, modifier = base.partition(" - ")
        wanted = _equipment_of(normalize(qualifier)) if qualifier else None
        candidates = []
        if qualifier:
            first_qualifier = qualifier.split("-")[0]
            candidates += [f"{qualifier} {base}", f"{first_qualifier} {base}"]
            if modifier:
                candidates += [f"{modifier} {first_qualifier} {head}", f"{modifier} {head}"]
        elif modifier:
            candidates.append(f"{modifier} {head}")
        for candidate in candidates:
            hit = self._lookup(candidate)
            if (
                hit is not None
                and hit is not _NO_MATCH
                and _compatible(wanted, hit[1])
                and variant_words(candidate) == variants
            ):
                return hit[0]
        for candidate in (base, head) if qualifier else (head,) if modifier else ():
            hit = self._lookup(candidate)
            if (
                hit is not None
                and hit is not _NO_MATCH
                and (wanted is None or hit[1] == wanted)
                and variant_words(candidate) == variants
            ):
                return hit[0]
        return self._similar(name, base, qualifier, variants)

    def _similar(
        self, name: str, base: str, qualifier: str, variants: frozenset[str]
    ) -> ExerciseId | None:
        query = normalize(f"{qualifier} {base}" if qualifier else name)
        tokens = _content_tokens(query)
        if not tokens:
            return None
        wanted = _equipment_of(query)
        joined = " ".join(tokens)
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(joined)
        best: tuple[bool, float, int] | None = None
        for position, ((_, _, equipment), candidate, candidate_variants) in enumerate(
            zip(self._entries, self._tokens, self._variants, strict=True)
        ):
            if (
                not candidate
                or candidate_variants != variants
                or not _compatible(wanted, equipment)
            ):
                continue
            matcher.set_seq1(" ".join(candidate))
            if (
                matcher.real_quick_ratio() < self._threshold
                or matcher.quick_ratio() < self._threshold
            ):
                continue
            score = matcher.ratio()
            if score < self._threshold or not _paired(tokens, candidate):
                continue
            rank = (wanted is not None and equipment == wanted, score, -position)
            if best is None or rank > best:
                best = rank
        if best is None:
            return None
        return self._entries[-best[2]][1]


def _content_tokens(normalized: str) -> tuple[str, ...]:
    """Sorted, de-duplicated words without filler ("with", "the", ...)."""
    return tuple(sorted(set(normalized.split()) - _FILLER))


def _paired(left: tuple[str, ...], right: tuple[str, ...]) -> bool:
    """Every word on each side has a close spelling on the other (a typo, not another word):
    "dumbell" pairs with "dumbbell", "split" does not pair with "plie"."""

    def covered(words: tuple[str, ...], others: tuple[str, ...]) -> bool:
        return all(
            any(
                word == other
                or difflib.SequenceMatcher(None, word, other).ratio() >= _WORD_SIMILARITY
                for other in others
            )
            for word in words
        )

    return covered(left, right) and covered(right, left)
