"""Exercise names from Strong and Hevy matched to the shipped library: pure, no database."""

from __future__ import annotations

import json
import random

import pytest

from programs.exercise_matching import ALIASES, ExerciseMatcher, normalize
from programs.library import LIBRARY_PATH

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
    ["Bench Press (Cable)", "Deadlift (Dumbbell)", "Deadlift (Smith Machine)", "Bicep Curl (Band)"],
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
