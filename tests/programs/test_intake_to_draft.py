"""Intakes a coach worries about, through the whole path: the client submits the intake (API or
the intake form), the coach approves it, the coach drafts, and the drafted plan is what a coach
would send. A pain report on any drafted exercise then yields a substitution proposal."""

import pytest
from django.utils import timezone

from coaching.models import Intake
from programs.core.adjustments import propose_substitution
from programs.core.exercises import as_library_exercise
from programs.core.library import Injury
from programs.models import Exercise, Prescription, Program, Recommendation
from triage.models import CheckIn
from triage.nightly import score_organization

pytestmark = pytest.mark.django_db

SHOULDER_FRIENDLY_PRESSES = {
    "Landmine Press",
    "Half-Kneeling Landmine Press",
    "Dumbbell Floor Press",
    "Dumbbell Bench Press with Neutral Grip",
    "Floor Press",
    "Incline Push-Up",
    "Machine Bench Press",
    "Leverage Chest Press",
}


def answers(**overrides):
    body = {
        "goals": ["strength", "muscle"],
        "goal_notes": "",
        "training_age_years": 2,
        "sessions_per_week": 3,
        "session_minutes": 60,
        "equipment": ["barbell", "dumbbell", "cable", "machine"],
        "injuries": [],
        "health_screen": {},
        "preferences": "",
        "constraints": "",
        "stress_level": 2,
        "sleep_hours": 7.5,
        "age_years": 34,
    }
    body.update(overrides)
    return body


def drafted_plan(api, org, coach, client_record, **intake):
    """Submit as the client, approve and draft as the coach; the plan's prescriptions."""
    base = f"/api/v1/orgs/{org.slug}/clients/{client_record.pk}"
    submitted = api(client_record.user).put(f"{base}/intake/", answers(**intake), format="json")
    assert submitted.status_code == 200, submitted.json()
    approved = api(coach).post(
        f"{base}/intake/review/", {"decision": "approved", "notes": ""}, format="json"
    )
    assert approved.status_code == 200, approved.json()
    drafted = api(coach).post(f"{base}/programs/draft/")
    assert drafted.status_code == 201, drafted.json()
    return list(
        Prescription.unscoped.filter(workout__program__client=client_record).select_related(
            "exercise", "workout__week"
        )
    )


def names(plan, week=1):
    return {p.exercise.name for p in plan if p.workout.week.index == week}


def test_the_shoulder_plan_has_rows_and_a_shoulder_friendly_press(api, org, coach, client_record):
    plan = drafted_plan(
        api,
        org,
        coach,
        client_record,
        sessions_per_week=4,
        injuries=[{"area": "shoulder", "current": True, "notes": "impingement"}],
    )

    assert any(p.exercise.pattern == "horizontal_pull" for p in plan)
    assert names(plan) & SHOULDER_FRIENDLY_PRESSES
    assert all(p.exercise.joint_loads.get("shoulder") != "high" for p in plan)


def test_the_knee_rehab_plan_trains_the_quads(api, org, coach, client_record):
    plan = drafted_plan(
        api,
        org,
        coach,
        client_record,
        goals=["rehab_return", "strength"],
        injuries=[{"area": "knee", "current": True, "notes": "ACL reconstruction"}],
    )

    quads = [p for p in plan if "quadriceps" in p.exercise.primary_muscles]
    assert {p.exercise.pattern for p in quads} >= {"squat"}
    assert len(quads) >= 3
    assert all(p.exercise.joint_loads.get("knee") != "high" for p in plan)


def test_a_current_lower_back_injury_drops_the_bent_over_barbell_row(
    api, org, coach, client_record
):
    plan = drafted_plan(
        api, org, coach, client_record, injuries=[{"area": "lower back", "current": True}]
    )

    assert "Bent Over Barbell Row" not in names(plan)
    assert any(p.exercise.pattern == "horizontal_pull" for p in plan)


@pytest.mark.parametrize("equipment", [[], ["body only"], ["dumbbell"], ["bands", "kettlebells"]])
def test_no_bar_exercises_without_a_bar(api, org, coach, client_record, equipment):
    plan = drafted_plan(
        api, org, coach, client_record, equipment=equipment, goals=["general_fitness"]
    )

    assert plan
    for p in plan:
        options = p.exercise.needs or [[p.exercise.equipment]]
        assert any(not {"pull-up bar", "rack", "barbell"} & set(option) for option in options)
    assert not names(plan) & {"Pullups", "Chin-Up", "Inverted Row", "Hanging Leg Raise"}


def test_a_listed_pull_up_bar_reaches_the_plan(api, org, coach, client_record):
    plan = drafted_plan(
        api, org, coach, client_record, equipment=["pull-up bar"], goals=["general_fitness"]
    )

    assert names(plan) & {"Pullups", "Chin-Up"}


def test_a_postpartum_client_gets_no_running_or_jumping(api, org, coach, client_record):
    plan = drafted_plan(
        api,
        org,
        coach,
        client_record,
        goals=["fat_loss", "general_fitness"],
        equipment=["dumbbell", "treadmill"],
        health_screen={"pregnant_or_postpartum": True},
    )

    everything = " ".join(p.exercise.name.lower() for p in plan)
    assert "running" not in everything and "jogging" not in everything
    assert "jump" not in everything


def test_an_unloaded_barbell_lift_never_defaults_to_zero_kg(api, org, coach, client_record):
    plan = drafted_plan(
        api, org, coach, client_record, training_age_years=0, equipment=["barbell", "rack", "bench"]
    )

    barbell = [
        p for p in plan if p.exercise.equipment == "barbell" and p.exercise.pattern == "squat"
    ]
    assert barbell
    assert all(p.target_load_kg and p.target_load_kg >= 20 for p in barbell)


def test_the_intake_asks_for_a_bar_a_bench_a_rack_and_cardio_machines(api, org, client_record):
    base = f"/api/v1/orgs/{org.slug}/clients/{client_record.pk}/intake/"
    kit = ["pull-up bar", "bench", "rack", "bike", "rower", "treadmill"]

    saved = api(client_record.user).put(base, answers(equipment=kit), format="json")
    refused = api(client_record.user).put(base, answers(equipment=["a trampoline"]), format="json")

    assert saved.status_code == 200 and saved.json()["equipment"] == kit
    assert refused.status_code == 400 and "equipment" in refused.json()


def test_the_intake_form_offers_the_new_equipment(client, org, client_user):
    client.force_login(client_user)

    page = client.get("/o/northside/app/intake/?step=2")

    for label in ("Pull-up bar", "Weight bench", "Squat rack", "Rowing machine", "Treadmill"):
        assert label in page.content.decode()


# --- A pain report on any drafted exercise yields a substitution proposal ------------------------
INTAKES = {
    "shoulder": dict(
        sessions_per_week=4, injuries=[{"area": "shoulder", "current": True, "notes": ""}]
    ),
    "knee rehab": dict(
        goals=["rehab_return", "strength"], injuries=[{"area": "knee", "current": True}]
    ),
    "body only": dict(equipment=[], goals=["general_fitness"]),
    "dumbbells at 55": dict(equipment=["dumbbell"], age_years=55, session_minutes=45),
}


@pytest.mark.parametrize("case", sorted(INTAKES))
def test_a_pain_report_on_any_drafted_exercise_yields_a_substitution(
    api, org, coach, client_record, case
):
    plan = drafted_plan(api, org, coach, client_record, **INTAKES[case])
    intake = Intake.unscoped.get(client=client_record, status="approved")
    library = [as_library_exercise(e) for e in Exercise.unscoped.filter(organization=None)]
    current = [Injury(i["area"], current=True) for i in intake.injuries if i.get("current")]

    checked = 0
    for exercise in {p.exercise for p in plan}:
        drafted = as_library_exercise(exercise)
        for area in exercise.joint_loads:
            proposal = propose_substitution(
                drafted, library, intake.equipment, [area, *current], reason="pain"
            )
            assert proposal is not None, (exercise.name, area)
            checked += 1
    assert checked > 10


def test_the_nightly_job_proposes_a_substitute_for_pain_on_a_drafted_exercise(
    api, org, coach, client_record
):
    drafted_plan(
        api,
        org,
        coach,
        client_record,
        sessions_per_week=4,
        injuries=[{"area": "shoulder", "current": True, "notes": ""}],
    )
    recommendation = Recommendation.unscoped.get(kind="new_program")
    api(coach).post(
        f"/api/v1/orgs/{org.slug}/recommendations/{recommendation.pk}/decision/",
        {"decision": "approve", "notes": ""},
        format="json",
    )
    assert Program.unscoped.get().status == "active"
    pressed = Prescription.unscoped.filter(exercise__pattern="horizontal_push").first().exercise
    CheckIn.unscoped.create(
        organization=org,
        client=client_record,
        readiness=3,
        sleep_quality=3,
        soreness=3,
        fatigue=3,
        stress=3,
        mood=3,
        pain={"area": "shoulder", "severity": 5, "new": False, "related_exercise": pressed.pk},
    )

    score_organization(org, timezone.localdate())

    substitution = next(
        r
        for r in Recommendation.unscoped.filter(kind="substitution", client=client_record)
        if r.payload["from"] == pressed.name
    )
    assert "shoulder pain (5/10) was reported with it" in substitution.rationale
    replacement = Exercise.unscoped.get(pk=substitution.payload["to_exercise_id"])
    assert replacement.joint_loads.get("shoulder") in (None, "low", "moderate")
