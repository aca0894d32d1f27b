"""Pain in the notes, read like a coach: the area and exercise named, graded by severity and
warning signs, soreness and figures of speech left alone. Pure: no database."""

import pytest

from triage.core.redflags import read_text
from triage.core.redflags.exercises import client_name_for, core
from triage.core.redflags.pain import severity_in

PLAN = ("Barbell Squat", "Bulgarian Split Squat", "Romanian Deadlift", "Standing Military Press")


def pain(text, names=PLAN):
    return [(f.code, f.level) for f in read_text(text, names) if f.category == "pain"]


def test_the_reason_names_the_side_the_area_and_the_exercise_from_the_clients_plan():
    (finding,) = read_text("right shoulder twinges a bit on the OHP", PLAN)

    assert finding.code == "mild_new_pain"
    assert finding.text.startswith("Mild pain in the right shoulder with Standing Military Press")
    assert '"right shoulder twinges a bit on the OHP"' in finding.text


def test_an_exercise_not_in_the_plan_is_named_in_the_clients_words():
    (finding,) = read_text("elbow aches on the skull crushers", PLAN)

    assert "elbow with skull crushers" in finding.text


def test_pain_without_an_exercise_names_only_the_area():
    (finding,) = read_text("my heel hurts in the mornings", PLAN)

    assert finding.text.startswith('Mild pain in the heel: "')


def test_two_areas_of_the_same_grade_are_one_finding_naming_both():
    (finding,) = read_text("knee is achy. Also a twinge in my left wrist.", PLAN)

    assert "the knee" in finding.text and "the left wrist" in finding.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("knee hurts a little, 2/10", [("mild_new_pain", "yellow")]),
        ("knee pain 5 out of 10", [("moderate_pain", "yellow")]),
        ("knee pain 7/10", [("new_pain", "red")]),
        ("knee pain about a 6 today", [("moderate_pain", "yellow")]),
        ("knee hurt so I stopped the squats", [("moderate_pain", "yellow")]),
        ("knee hurts and it's swollen", [("new_pain", "red")]),
        ("sharp pain in my knee", [("new_pain", "red")]),
        ("knee ache, no swelling", [("mild_new_pain", "yellow")]),
        ("knee twinged once, session was a 9/10 effort", [("mild_new_pain", "yellow")]),
    ],
    ids=[
        "two",
        "five",
        "seven",
        "about-a-six",
        "stopped",
        "swollen",
        "sharp",
        "no-swelling",
        "effort-rating",
    ],
)
def test_pain_in_the_notes_is_graded_by_severity_warning_signs_and_what_it_stopped(text, expected):
    assert pain(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "quads are wrecked, proper DOMS",
        "legs sore after leg day",
        "my hamstrings ache from the RDLs",
        "hips tight at first but they loosened up",
        "back felt stiff this morning, fine once warm",
        "hip thrusts felt great",
        "my wife hurt her back gardening",
        "no knee pain this week",
        "what if my knee hurts on the run?",
        "knee pain last year, all fine now",
        "work is a pain in the neck",
        "came back stronger this week",
        "knee pain is gone",
        "0/10 pain in the knee",
    ],
)
def test_soreness_easing_tightness_and_other_talk_are_not_pain(text):
    assert pain(text) == []


def test_a_body_word_in_an_exercise_name_is_the_exercise_not_the_area():
    (finding,) = read_text("calf raises are bothering my achilles", PLAN)

    assert "Achilles with calf raises" in finding.text


@pytest.mark.parametrize(
    ("sentence", "severity"),
    [
        ("knee 3/10", 3),
        ("maybe 3-4/10", 4),
        ("4 out of 10", 4),
        ("about a 5", 5),
        ("pain 6", 6),
        ("2.5/10", 3),
        ("RPE 8 on the squats", None),
        ("did 5 sets of 10", None),
        ("ran 10k at 5pm", None),
    ],
)
def test_a_pain_rating_is_read_from_the_sentence(sentence, severity):
    assert severity_in(sentence) == severity


@pytest.mark.parametrize(
    ("name", "spelled"),
    [
        ("Barbell Bench Press - Medium Grip", "benchpress"),
        ("Pullups", "pullup"),
        ("Dumbbell Lunges", "lunge"),
        ("Box Jump (Multiple Response)", "boxjump"),
    ],
)
def test_an_exercise_name_is_reduced_to_what_people_type(name, spelled):
    assert core(name) == spelled


def test_a_typed_exercise_word_maps_to_the_one_client_exercise_it_can_mean():
    assert client_name_for("splitsquat", PLAN) == "Bulgarian Split Squat"
    assert client_name_for("rdl", PLAN) == "Romanian Deadlift"
    assert client_name_for("ohp", PLAN) == "Standing Military Press"
    assert client_name_for("press", ("Leg Press", "Standing Military Press")) is None
