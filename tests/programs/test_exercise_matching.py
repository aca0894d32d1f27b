"""Exercise names from Strong and Hevy matched to the shipped library: pure, no database."""

from __future__ import annotations

import csv
import json
import random

import pytest

from programs.core.exercise_matching import (
    ALIASES,
    APP_EXERCISE_FILES,
    ExerciseMatcher,
    app_aliases,
    normalize,
    variant_words,
)
from programs.core.library import LIBRARY_PATH

RECORDS = json.loads(LIBRARY_PATH.read_text())
LIBRARY = [(record["id"], record["name"], record["equipment"]) for record in RECORDS]
NAME_OF = {record["id"]: record["name"] for record in RECORDS}


@pytest.fixture(scope="module")
def matcher() -> ExerciseMatcher:
    return ExerciseMatcher(LIBRARY)


def matched_name(matcher: ExerciseMatcher, name: str) -> str | None:
    found = matcher.match(name)
    return None if found is None else NAME_OF[found]


# --- normalize --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "normalized"),
    [
        ("Bench Press (Barbell)", "bench press barbell"),
        ("  Pull-Ups ", "pull up"),
        ("Pullups", "pullup"),
        ("Hammer Curls", "hammer curl"),
        ("Farmer's Walk", "farmer walk"),
        ("Dumbbell Flies", "dumbbell fly"),
        ("Cable Crunches", "cable crunch"),
        ("Presses", "press"),
        ("Abs", "abs"),
        ("Triceps Pushdown - Rope Attachment", "tricep pushdown rope attachment"),
        ("Rocky Pull-Ups/Pulldowns", "rocky pull up pulldown"),
        ("Seated Calves", "seated calf"),
        ("Développé Couché", "developpe couche"),
    ],
)
def test_normalize_lowercases_drops_punctuation_and_singularizes_simple_plurals(name, normalized):
    assert normalize(name) == normalized


def test_normalize_of_nothing_is_empty():
    assert normalize("") == normalize(" - ") == ""


# --- Aliases ----------------------------------------------------------------------------------


def test_every_alias_target_exists_in_the_library_json():
    names = {record["name"] for record in RECORDS}

    missing = sorted({target for target in ALIASES.values() if target not in names})

    assert missing == []


def test_there_are_at_least_forty_aliases_and_no_two_collide_when_normalized():
    normalized = [normalize(alias).replace(" ", "") for alias in ALIASES]

    assert len(ALIASES) >= 40
    assert len(set(normalized)) == len(normalized)


# --- Matching ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("logged", "library_name"),
    [
        # Strong and Hevy's own names, through the aliases or the "(Equipment)" rewrite.
        ("Bench Press (Barbell)", "Barbell Bench Press - Medium Grip"),
        ("Squat (Barbell)", "Barbell Squat"),
        ("Deadlift (Barbell)", "Barbell Deadlift"),
        ("Overhead Press (Barbell)", "Standing Military Press"),
        ("Pull Up", "Pullups"),
        ("Chin Up", "Chin-Up"),
        ("Lat Pulldown (Cable)", "Wide-Grip Lat Pulldown"),
        ("Seated Row (Cable)", "Seated Cable Rows"),
        ("Bent Over Row (Barbell)", "Bent Over Barbell Row"),
        ("Incline Bench Press (Dumbbell)", "Incline Dumbbell Press"),
        ("Bicep Curl (Dumbbell)", "Dumbbell Bicep Curl"),
        ("Triceps Pushdown (Cable - Straight Bar)", "Triceps Pushdown"),
        ("Triceps Rope Pushdown", "Triceps Pushdown - Rope Attachment"),
        ("Leg Press", "Leg Press"),
        ("Leg Press (Machine)", "Leg Press"),
        ("Romanian Deadlift (Barbell)", "Romanian Deadlift"),
        ("Hip Thrust (Barbell)", "Barbell Hip Thrust"),
        ("Lunge (Dumbbell)", "Dumbbell Lunges"),
        ("Plank", "Plank"),
        ("Push Up", "Pushups"),
        ("Dips", "Dips - Chest Version"),
        ("Leg Extension (Machine)", "Leg Extensions"),
        ("Lying Leg Curl (Machine)", "Lying Leg Curls"),
        ("Seated Leg Curl (Machine)", "Seated Leg Curl"),
        ("Calf Raise (Standing)", "Standing Calf Raises"),
        ("Face Pull (Cable)", "Face Pull"),
        ("Lateral Raise (Dumbbell)", "Side Lateral Raise"),
        ("Front Squat (Barbell)", "Front Barbell Squat"),
        ("Goblet Squat (Kettlebell)", "Goblet Squat"),
        ("Kettlebell Swing", "One-Arm Kettlebell Swings"),
        ("Hammer Curl (Dumbbell)", "Hammer Curls"),
        ("Shrug (Dumbbell)", "Dumbbell Shrug"),
        ("Shoulder Press (Dumbbell)", "Dumbbell Shoulder Press"),
        ("Chest Fly (Machine)", "Butterfly"),
        ("Hack Squat (Machine)", "Hack Squat"),
        ("Sumo Deadlift (Barbell)", "Sumo Deadlift"),
        ("Bench Press (Smith Machine)", "Smith Machine Bench Press"),
        ("Incline Bench Press (Smith Machine)", "Smith Machine Incline Bench Press"),
        ("Squat (Dumbbell)", "Dumbbell Squat"),
        ("Squat (Bodyweight)", "Bodyweight Squat"),
        ("Zercher Squat (Barbell)", "Zercher Squats"),
        ("Good Morning (Barbell)", "Good Morning"),
        ("Upright Row (Barbell)", "Upright Barbell Row"),
        ("Hanging Leg Raise", "Hanging Leg Raise"),
        ("Crunch", "Crunches"),
        ("Cable Crunch", "Cable Crunch"),
        ("Russian Twist (Weighted)", "Russian Twist"),
        ("Farmers Walk", "Farmer's Walk"),
        # Library names as people type them.
        ("Pull-Ups", "Pullups"),
        ("pullups", "Pullups"),
        ("Sit-ups", "Sit-Up"),
        ("Hammer Curl", "Hammer Curls"),
        ("Seated Cable Row", "Seated Cable Rows"),
        ("barbell bench press medium grip", "Barbell Bench Press - Medium Grip"),
    ],
)
def test_common_strong_and_hevy_names_match_their_library_exercise(matcher, logged, library_name):
    assert matched_name(matcher, logged) == library_name


@pytest.mark.parametrize(
    ("logged", "library_name"),
    [
        ("Dumbell Bench Press", "Dumbbell Bench Press"),
        ("Barbel Curl", "Barbell Curl"),
        ("Standing Militry Press", "Standing Military Press"),
        ("Tricep Kickback (Dumbbell)", "Tricep Dumbbell Kickback"),
        ("Bench Press - Close Grip (Barbell)", "Close-Grip Barbell Bench Press"),
        ("Dumbbell Flys", "Dumbbell Flyes"),
    ],
)
def test_small_typos_and_another_word_order_still_match(matcher, logged, library_name):
    assert matched_name(matcher, logged) == library_name


@pytest.mark.parametrize(
    "logged",
    [
        "Landmine Press",
        "Sissy Squat",
        "Nordic Hamstring Curl",
        "Copenhagen Plank",
        "Z Press (Barbell)",
        "Single Leg Romanian Deadlift (Dumbbell)",
        "Lateral Raise (Machine)",
        "Hip Thrust (Machine)",
        "Toes To Bar",
        "Burpee",
        "Running",
        "Grandma's Secret Finisher",
        "",
        "   ",
    ],
)
def test_names_the_library_lacks_match_nothing(matcher, logged):
    assert matcher.match(logged) is None


@pytest.mark.parametrize(
    "logged",
    [
        "Leg Extension (Cable)",
        "Deadlift (Dumbbell)",
        "Deadlift (Smith Machine)",
        "Bicep Curl (Band)",
    ],
)
def test_the_equipment_in_parentheses_is_never_contradicted(matcher, logged):
    assert matcher.match(logged) is None


def test_a_similar_name_with_another_word_is_not_a_match(matcher):
    # "dumbbell split squat" is close to "Plie Dumbbell Squat" letter by letter, not word by word.
    assert matcher.match("Split Squat (Kettlebell)") is None


def test_matching_does_not_depend_on_the_order_of_the_library(matcher):
    shuffled = list(LIBRARY)
    random.Random(11).shuffle(shuffled)
    other = ExerciseMatcher(reversed(shuffled))
    names = [
        "Bench Press (Barbell)",
        "Dumbell Bench Press",
        "Pull-Ups",
        "Leg Extension (Machine)",
        "Sissy Squat",
        "Split Squat (Dumbbell)",
        "Crunches",
    ]

    assert [other.match(name) for name in names] == [matcher.match(name) for name in names]


def test_an_alias_whose_target_is_not_in_a_smaller_library_is_ignored():
    small = ExerciseMatcher([(1, "Barbell Squat", "barbell"), (2, "Pullups", "body only")])

    assert small.match("Squat (Barbell)") == 1
    assert small.match("Pull Up") == 2
    assert small.match("Bench Press (Barbell)") is None


def test_integer_ids_come_back_as_given():
    small = ExerciseMatcher([(10, "Leg Extensions", "machine"), (11, "Leg Press", "machine")])

    assert small.match("Leg Extension (Machine)") == 10
    assert small.match("leg press") == 11


def test_an_exact_library_name_wins_over_an_alias():
    # An organization's own library may name an exercise the way Strong does.
    small = ExerciseMatcher(
        [
            ("own", "Bench Press (Barbell)", "barbell"),
            ("lib", "Barbell Bench Press - Medium Grip", "barbell"),
        ]
    )

    assert small.match("Bench Press (Barbell)") == "own"


# --- Grip, stance and implement words ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("Lat Pulldown - Close Grip (Cable)", {"grip:close"}),
        ("Wide-Grip Lat Pulldown", {"grip:wide"}),
        ("Barbell Bench Press - Medium Grip", set()),
        ("Pull Up (Assisted)", {"kind:assisted"}),
        ("Narrow Stance Squats", {"stance:close"}),
        ("Sumo Deadlift (Barbell)", {"stance:sumo"}),
        ("Single Arm Lat Pulldown", {"side:one arm"}),
        ("Deadlift (Trap Bar)", {"implement:trap bar"}),
        ("Triceps Pushdown (Cable - Rope)", {"attachment:rope"}),
        ("Incline Bench Press (Smith Machine)", {"position:incline", "implement:smith"}),
        ("Reverse Grip Lat Pulldown (Cable)", {"grip:under"}),
        ("Underhand Cable Pulldowns", {"grip:under"}),
    ],
)
def test_variant_words_name_grip_stance_position_and_implement(name, words):
    assert variant_words(name) == frozenset(words)


@pytest.mark.parametrize(
    ("logged", "library_name"),
    [
        ("Lat Pulldown - Close Grip (Cable)", "Close-Grip Front Lat Pulldown"),
        ("Lat Pulldown - Wide Grip (Cable)", "Wide-Grip Lat Pulldown"),
        ("Lat Pulldown - Underhand (Cable)", "Underhand Cable Pulldowns"),
        ("Lat Pulldown - V Bar (Cable)", "V-Bar Pulldown"),
        ("Bench Press - Wide Grip (Barbell)", "Wide-Grip Barbell Bench Press"),
        ("Triceps Pushdown (Cable - Rope)", "Triceps Pushdown - Rope Attachment"),
        ("Triceps Pushdown (Cable - V Bar)", "Triceps Pushdown - V-Bar Attachment"),
        ("Deadlift (Trap Bar)", "Trap Bar Deadlift"),
        ("Deadlift (Trap bar)", "Trap Bar Deadlift"),
    ],
)
def test_grip_and_implement_variants_match_their_own_exercise(matcher, logged, library_name):
    assert matched_name(matcher, logged) == library_name


@pytest.mark.parametrize(
    ("logged", "not_this"),
    [
        ("Lat Pulldown (Close Grip)", "Wide-Grip Lat Pulldown"),
        ("Close Grip Lat Pulldown", "Wide-Grip Lat Pulldown"),
        ("Lat Pulldown - Close Grip (Machine)", "Wide-Grip Lat Pulldown"),
        ("Deadlift (Hex Bar)", "Barbell Deadlift"),
        ("Pull Up (Assisted)", "Pullups"),
        ("Chin Up (Assisted)", "Chin-Up"),
        ("Assisted Pull Up", "Pullups"),
        ("Squat (Sumo)", "Barbell Squat"),
        ("Bench Press (Paused)", "Barbell Bench Press - Medium Grip"),
        ("Incline Bench Press (Cable)", "Cable Chest Press"),
        ("Leg Press (Single Leg)", "Leg Press"),
    ],
)
def test_a_grip_stance_or_implement_word_is_never_dropped_to_match(matcher, logged, not_this):
    assert matched_name(matcher, logged) != not_this


@pytest.mark.parametrize(
    ("logged", "library_name"),
    [
        # Machine, cable and dumbbell variants from the apps' default lists.
        ("Iso-Lateral Row (Machine)", "Leverage Iso Row"),
        ("Iso-Lateral Chest Press (Machine)", "Leverage Chest Press"),
        ("Incline Chest Press (Machine)", "Leverage Incline Chest Press"),
        ("Shoulder Press (Machine Plates)", "Leverage Shoulder Press"),
        ("Hip Abduction (Machine)", "Thigh Abductor"),
        ("Chest Fly (Cable)", "Cable Crossover"),
        ("Incline Chest Fly (Cable)", "Incline Cable Flye"),
        ("Reverse Curl (Cable)", "Reverse Cable Curl"),
        ("Preacher Curl (Cable)", "Cable Preacher Curl"),
        ("Single Arm Cable Row", "Seated One-arm Cable Pulley Rows"),
        ("Seated Overhead Press (Dumbbell)", "Seated Dumbbell Press"),
        ("Floor Press (Dumbbell)", "Dumbbell Floor Press"),
        ("Chest Supported Incline Row (Dumbbell)", "Dumbbell Incline Row"),
        ("Standing Calf Raise (Dumbbell)", "Standing Dumbbell Calf Raise"),
        ("Shrug (Smith Machine)", "Smith Machine Behind the Back Shrug"),
        # Names derived from the library's own.
        ("Barbell Bench Press", "Barbell Bench Press - Medium Grip"),
        ("Chest Press (Leverage)", "Leverage Chest Press"),
        ("Bent Over Row (Smith Machine)", "Smith Machine Bent Over Row"),
        ("Bicep Curl (Machine)", "Machine Bicep Curl"),
    ],
)
def test_common_machine_cable_and_dumbbell_variants_match(matcher, logged, library_name):
    assert matched_name(matcher, logged) == library_name


def test_an_app_name_the_library_lacks_matches_nothing_rather_than_a_neighbour(matcher):
    assert matcher.match("Lateral Raise (Machine)") is None
    assert matcher.match("Hip Thrust (Machine)") is None
    assert matcher.match("Pull Up (Assisted)") is None


def test_an_organization_exercise_named_as_the_app_names_it_is_found_again():
    small = ExerciseMatcher([(1, "Pullups", "body only"), (2, "Pull Up (Assisted)", "other")])

    assert small.match("Pull Up (Assisted)") == 2


def test_every_app_list_target_exists_in_the_library_json():
    names = {record["name"] for record in RECORDS}

    missing = sorted({target for _, target in app_aliases() if target and target not in names})

    assert missing == []


def test_the_app_lists_and_the_curated_aliases_never_disagree():
    curated = {normalize(alias).replace(" ", ""): target for alias, target in ALIASES.items()}

    disagreements = [
        (name, target)
        for name, target in app_aliases()
        if curated.get(normalize(name).replace(" ", ""), target) != target
    ]

    assert disagreements == []


def test_the_app_lists_hold_the_strong_and_hevy_defaults_once_each():
    for path in APP_EXERCISE_FILES:
        with path.open(newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) >= 200, path.name
        compact = [normalize(row["name"]).replace(" ", "") for row in rows]
        assert len(set(compact)) == len(compact), path.name
    assert {path.stem for path in APP_EXERCISE_FILES} == {"strong", "hevy"}
