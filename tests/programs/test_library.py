"""The exercise library: movement patterns, injury areas and constraints on real records."""

import dataclasses
import json

import pytest

from programs.core.library import (
    CONSTRAINT_TAGS,
    EQUIPMENT,
    INJURY_AREAS,
    LEVELS,
    LIBRARY_PATH,
    PATTERNS,
    Injury,
    LibraryExercise,
    body_region,
    constraint_violations,
    contraindicated_areas,
    load_library,
    loads_injured_area,
    movement_pattern,
    parse_constraints,
)


@pytest.fixture(scope="module")
def by_name():
    return {exercise.name: exercise for exercise in load_library()}


@pytest.fixture(scope="module")
def records():
    with LIBRARY_PATH.open(encoding="utf-8") as handle:
        return {record["name"]: record for record in json.load(handle)}


@pytest.mark.parametrize(
    ("name", "pattern"),
    [
        ("Barbell Squat", "squat"),
        ("Goblet Squat", "squat"),
        ("Leg Press", "squat"),
        ("Front Squat (Clean Grip)", "squat"),
        ("Romanian Deadlift", "hinge"),
        ("Barbell Deadlift", "hinge"),
        ("Good Morning", "hinge"),
        ("Barbell Hip Thrust", "hinge"),
        ("One-Arm Kettlebell Swings", "hinge"),
        ("Butt Lift (Bridge)", "hinge"),
        ("Dumbbell Lunges", "lunge"),
        ("Split Squat with Dumbbells", "lunge"),
        ("Dumbbell Step Ups", "lunge"),
        ("Barbell Bench Press - Medium Grip", "horizontal_push"),
        ("Pushups", "horizontal_push"),
        ("Dips - Triceps Version", "horizontal_push"),
        ("Incline Dumbbell Press", "horizontal_push"),
        ("Standing Military Press", "vertical_push"),
        ("Dumbbell Shoulder Press", "vertical_push"),
        ("Seated Dumbbell Press", "vertical_push"),
        ("Bent Over Barbell Row", "horizontal_pull"),
        ("Seated Cable Rows", "horizontal_pull"),
        ("Face Pull", "horizontal_pull"),
        ("Inverted Row", "horizontal_pull"),
        ("Pullups", "vertical_pull"),
        ("Chin-Up", "vertical_pull"),
        ("Wide-Grip Lat Pulldown", "vertical_pull"),
        ("Farmer's Walk", "carry"),
        ("Plank", "core"),
        ("Crunches", "core"),
        ("Pallof Press", "core"),
        ("Hanging Leg Raise", "core"),
        ("Kettlebell Turkish Get-Up (Lunge style)", "core"),
        ("Dumbbell Bicep Curl", "isolation_upper"),
        ("Triceps Pushdown", "isolation_upper"),
        ("Side Lateral Raise", "isolation_upper"),
        ("Incline Dumbbell Flyes - With A Twist", "isolation_upper"),
        ("Calf-Machine Shoulder Shrug", "isolation_upper"),
        ("Lying Leg Curls", "isolation_lower"),
        ("Leg Extensions", "isolation_lower"),
        ("Standing Calf Raises", "isolation_lower"),
        ("Calf Press On The Leg Press Machine", "isolation_lower"),
        ("Box Jump (Multiple Response)", "plyometric"),
        ("Freehand Jump Squat", "plyometric"),
        ("Medicine Ball Chest Pass", "plyometric"),
        ("Running, Treadmill", "cardio"),
        ("Battling Ropes", "cardio"),
        ("Hamstring Stretch", "mobility"),
        ("Split Squats", "mobility"),  # a stretch in the library, not a lunge
    ],
)
def test_it_classifies_real_exercises_by_movement_pattern(by_name, records, name, pattern):
    assert movement_pattern(records[name]) == pattern
    assert by_name[name].pattern == pattern


def test_every_exercise_gets_a_known_pattern_and_each_pattern_is_stocked(by_name):
    counts = {}
    for exercise in by_name.values():
        assert exercise.pattern in PATTERNS
        counts[exercise.pattern] = counts.get(exercise.pattern, 0) + 1
    for pattern in PATTERNS:
        assert counts.get(pattern, 0) >= 5, pattern


def test_the_pattern_reads_a_library_exercise_the_same_as_its_record(by_name, records):
    for name in ("Goblet Squat", "Pullups", "Plank", "Zottman Curl"):
        assert movement_pattern(by_name[name]) == movement_pattern(records[name])


@pytest.mark.parametrize(
    ("name", "must_include", "must_exclude"),
    [
        ("Goblet Squat", {"knee", "hip"}, {"lower back", "shoulder"}),
        ("Barbell Squat", {"knee", "hip", "lower back"}, {"wrist"}),  # a loaded spine
        ("Dumbbell Lunges", {"knee", "hip"}, set()),
        ("Romanian Deadlift", {"lower back", "hip"}, {"knee"}),
        ("Standing Military Press", {"shoulder"}, {"knee"}),
        ("Barbell Bench Press - Medium Grip", {"shoulder", "elbow", "wrist"}, {"knee"}),
        ("Box Jump (Multiple Response)", {"knee", "ankle"}, set()),
        ("Isometric Neck Exercise - Sides", {"neck"}, {"knee"}),
        ("Lying Leg Curls", {"knee"}, set()),
        ("Sit-Up", {"lower back"}, set()),
        ("Standing Calf Raises", {"ankle"}, {"shoulder"}),
        ("Dumbbell Bicep Curl", {"elbow"}, {"knee", "lower back"}),
        ("Plank", set(), {"knee", "shoulder"}),
    ],
)
def test_it_derives_the_injury_areas_an_exercise_loads(
    by_name, records, name, must_include, must_exclude
):
    areas = contraindicated_areas(records[name], movement_pattern(records[name]))
    assert must_include <= areas
    assert not must_exclude & areas
    assert by_name[name].contraindications == areas


def test_injury_areas_stay_within_the_intake_vocabulary(by_name):
    for exercise in by_name.values():
        assert exercise.contraindications <= set(INJURY_AREAS), exercise.name


@pytest.mark.parametrize(
    ("name", "tag", "violates"),
    [
        ("Box Jump (Multiple Response)", "no_jumping", True),
        ("Freehand Jump Squat", "no_jumping", True),
        ("Rope Jumping", "no_jumping", True),
        ("Medicine Ball Chest Pass", "no_jumping", False),
        ("Barbell Squat", "no_jumping", False),
        ("Pushups", "no_floor", True),
        ("Plank", "no_floor", True),
        ("Crunches", "no_floor", True),
        ("Butt Lift (Bridge)", "no_floor", True),
        ("Dumbbell Floor Press", "no_floor", True),
        ("Dead Bug", "no_floor", True),
        ("Sit-Up", "no_floor", True),
        ("Incline Push-Up", "no_floor", False),
        ("Barbell Squat", "no_floor", False),
        ("Seated Cable Rows", "no_floor", False),
        ("Pallof Press", "no_floor", False),
        ("Standing Military Press", "no_overhead", True),
        ("Overhead Squat", "no_overhead", True),
        ("Cable Rope Overhead Triceps Extension", "no_overhead", True),
        ("Snatch", "no_overhead", True),
        ("Barbell Bench Press - Medium Grip", "no_overhead", False),
        ("Wide-Grip Lat Pulldown", "no_overhead", False),
        ("Barbell Squat", "no_barbell", True),
        ("Romanian Deadlift", "no_barbell", True),
        ("Goblet Squat", "no_barbell", False),
        ("Box Jump (Multiple Response)", "low_impact", True),
        ("Running, Treadmill", "low_impact", True),
        ("Bicycling, Stationary", "low_impact", False),
        ("Leg Press", "low_impact", False),
        ("Jogging, Treadmill", "no_running", True),
        ("Walking, Treadmill", "no_running", False),
    ],
)
def test_it_checks_constraints_on_real_exercises(by_name, records, name, tag, violates):
    record = records[name]
    assert (tag in constraint_violations(record, movement_pattern(record), {tag})) is violates
    assert (tag in by_name[name].violations({tag})) is violates


def test_it_reports_only_the_constraints_asked_about(records):
    box_jump = records["Box Jump (Multiple Response)"]
    assert constraint_violations(box_jump, None, set()) == set()
    assert constraint_violations(box_jump, None, {"no_barbell", "unknown_tag"}) == set()
    assert constraint_violations(box_jump, None, {"no_jumping", "low_impact"}) == {
        "no_jumping",
        "low_impact",
    }


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("can't jump", {"no_jumping"}),
        ("I cannot get on the floor", {"no_floor"}),
        ("Can\u2019t get down on the ground easily", {"no_floor"}),
        ("cannot kneel", {"no_floor"}),
        ("no overhead pressing please", {"no_overhead"}),
        ("Unable to lift above my head", {"no_overhead"}),
        ("I don't own a barbell", {"no_barbell"}),
        ("bad knees, low impact only", {"low_impact"}),
        ("nothing high impact", {"low_impact"}),
        ("no running", {"no_running"}),
        ("no plyometrics", {"no_jumping"}),
        ("Avoid jumping, and no floor work", {"no_jumping", "no_floor"}),
        ("", set()),
        ("No problem with jumping", set()),
        ("no pain when I jump", set()),
        ("I love overhead pressing", set()),
    ],
)
def test_it_reads_constraints_from_free_text(text, tags):
    assert parse_constraints(text) == tags
    assert parse_constraints(text) <= set(CONSTRAINT_TAGS)


def test_it_loads_the_whole_shipped_library():
    library = load_library()
    assert len(library) == 873 + 26  # free-exercise-db and Spotter's additions
    assert len({exercise.key for exercise in library}) == len(library)
    assert [e.name for e in library] == sorted(e.name for e in library)
    for exercise in library:
        assert exercise.equipment in EQUIPMENT
        assert exercise.level in LEVELS
        assert isinstance(exercise.primary_muscles, tuple)
        assert isinstance(exercise.instructions, tuple)


def test_a_missing_equipment_means_body_weight(by_name, records):
    assert records["Bodyweight Walking Lunge"]["equipment"] is None
    assert by_name["Bodyweight Walking Lunge"].equipment == "body only"
    assert by_name["Inverted Row"].equipment == "body only"


def test_the_library_is_parsed_once_and_its_exercises_are_frozen():
    first, second = load_library(), load_library()
    assert first == second
    assert first is not second  # callers may change their list ...
    assert first[0] is second[0]  # ... but share the parsed exercises
    with pytest.raises(dataclasses.FrozenInstanceError):
        first[0].name = "changed"


def test_library_exercises_build_from_records(records):
    exercise = LibraryExercise.from_record(records["Goblet Squat"])
    assert exercise.key == "Goblet_Squat"
    assert exercise.equipment == "kettlebells"
    assert exercise.pattern == "squat"
    assert exercise.region == "lower"


@pytest.mark.parametrize(
    ("area", "name", "excluded"),
    [
        ("knee", "Barbell Squat", True),
        ("knee", "Romanian Deadlift", False),
        ("hamstrings", "Lying Leg Curls", True),  # a muscle named as the injured area
        ("hamstrings", "Leg Extensions", False),
        ("upper back", "Seated Cable Rows", True),
        ("foot", "Standing Calf Raises", True),
        ("Shoulder ", "Standing Military Press", True),
        ("other", "Barbell Squat", False),  # "other" is for the coach to read
    ],
)
def test_an_injury_rules_out_what_loads_its_area(by_name, area, name, excluded):
    assert loads_injured_area(by_name[name], area) is excluded


def test_an_injury_defaults_to_past_and_keeps_its_notes():
    injury = Injury("knee", notes="ACL 2019")
    assert injury.current is False
    assert injury.notes == "ACL 2019"


@pytest.mark.parametrize(
    ("pattern", "muscles", "region"),
    [
        ("squat", (), "lower"),
        ("hinge", (), "lower"),
        ("isolation_lower", ("calves",), "lower"),
        ("plyometric", ("quadriceps",), "lower"),
        ("plyometric", ("chest",), "upper"),
        ("horizontal_push", ("chest",), "upper"),
        ("", (), "upper"),
    ],
)
def test_body_region_decides_lower_or_upper(pattern, muscles, region):
    assert body_region(pattern, muscles) == region
