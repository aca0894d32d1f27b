"""The reviewed drafting pool: data a coach curated, loaded by a migration; organization
exercises are drafted only in the roles a coach marks."""

from datetime import date

import pytest

from coaching.core.intake_vocab import EQUIPMENT as INTAKE_EQUIPMENT
from programs.core.drafting import DraftRequest, draft_program
from programs.core.exercises import as_library_exercise
from programs.core.library import (
    DRAFT_ROLES,
    EQUIPMENT,
    POOL_PATH,
    drafting_pool,
    library_records,
    load_library,
    read_pool,
)
from programs.models import Exercise

pytestmark = pytest.mark.django_db


def test_every_reviewed_exercise_is_a_real_exercise_with_known_roles():
    keys = {record["id"] for record in library_records()}
    pool = drafting_pool()
    assert len(pool) > 200
    for key, review in pool.items():
        assert key in keys, key
        assert review.roles <= set(DRAFT_ROLES)


def test_partner_neck_stretch_and_odd_exercises_stay_out_of_the_pool():
    by_name = {exercise.name: exercise for exercise in load_library()}
    for name in (
        "Prone Manual Hamstring",  # needs a partner
        "Isometric Neck Exercise - Sides",
        "Isometric Neck Exercise - Front And Back",
        "Hamstring Stretch",
        "Body Tricep Press",
        "Leg Lift",
        "Barbell Full Squat",  # a duplicate of the barbell squat
        "Air Bike",  # a crunch named like a bike
    ):
        assert not by_name[name].draftable, name


def test_core_roles_fit_core_work_and_a_lat_pulldown_is_never_a_main_lift():
    by_name = {exercise.name: exercise for exercise in load_library()}
    for exercise in by_name.values():
        if "core" in exercise.roles:
            assert exercise.pattern in ("core", "carry"), exercise.name
        if "main" in exercise.roles:
            assert exercise.pattern not in ("isolation_upper", "isolation_lower", "core")
    for name in ("Wide-Grip Lat Pulldown", "V-Bar Pulldown", "Close-Grip Front Lat Pulldown"):
        assert "main" not in by_name[name].roles


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("Barbell_Squat,main hero,,", "roles"),
        ("Barbell_Squat,,,", "roles"),
        ("Barbell_Squat,main,knee=awful,", "load"),
        ("Barbell_Squat,main,elbowz=low,", "load"),
    ],
)
def test_a_bad_pool_row_is_refused_naming_it(row, problem):
    with pytest.raises(ValueError, match=problem):
        read_pool(f"key,roles,loads,note\n{row}\n")


def test_the_pool_file_and_the_equipment_vocabulary_agree_with_the_intake():

    assert POOL_PATH.exists()
    assert set(INTAKE_EQUIPMENT) == set(EQUIPMENT)


def test_the_migrated_library_carries_roles_grades_and_needs():

    squat = Exercise.unscoped.get(key="Barbell_Squat")
    assert squat.draft_roles == ["main", "secondary"]
    assert squat.joint_loads["knee"] == "high"
    assert squat.needs == [["barbell", "rack"]]
    assert Exercise.unscoped.get(key="Landmine_Press").joint_loads["shoulder"] == "moderate"
    assert Exercise.unscoped.get(key="Prone_Manual_Hamstring").draft_roles == []


def test_an_organization_exercise_is_drafted_only_once_a_coach_marks_its_roles(api, org, coach):
    def add(name, roles):
        body = {
            "name": name,
            "equipment": "body only",
            "primary_muscles": ["quadriceps"],
            "force": "push",
            "mechanic": "compound",
        }
        if roles is not None:
            body["draft_roles"] = roles
        return api(coach).post(f"/api/v1/orgs/{org.slug}/exercises/", body, format="json")

    unmarked = add("Sofa Squat", None)
    marked = add("Stair Squat", ["main", "secondary"])
    refused = add("Hero Squat", ["hero"])

    assert unmarked.status_code == 201 and unmarked.json()["draft_roles"] == []
    assert marked.status_code == 201 and marked.json()["draft_roles"] == ["main", "secondary"]
    assert marked.json()["joint_loads"]["knee"] in ("moderate", "high")
    assert refused.status_code == 400 and "draft_roles" in refused.json()

    own = [as_library_exercise(e) for e in Exercise.unscoped.filter(organization=org)]
    request = DraftRequest(goals=("general_fitness",), start_date=date(2025, 3, 3))
    drafted = {
        p.exercise_name
        for w in draft_program(request, own).weeks
        for wo in w.workouts
        for p in wo.prescriptions
    }
    assert drafted == {"Stair Squat"}
