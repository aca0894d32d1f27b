import pytest

from coaching.models import Intake

pytestmark = pytest.mark.django_db

STEPS = {
    1: {"goals": ["strength"], "goal_notes": "", "training_age_years": "1"},
    2: {
        "sessions_per_week": "3",
        "session_minutes": "45",
        "equipment": ["dumbbell"],
        "preferences": "",
        "constraints": "can't jump",
    },
    3: {"injury_1_area": "knee", "injury_1_current": "on", "injury_1_notes": "meniscus, 2024"},
    4: {
        "heart_condition": "no",
        "chest_pain": "no",
        "dizziness_or_fainting": "no",
        "chronic_condition": "no",
        "medications": "no",
        "bone_joint_problem": "yes",
        "medically_supervised": "no",
        "pregnant_or_postpartum": "no",
        "eating_disorder_history": "no",
        "health_notes": "knee",
        "age_years": "",
    },
    5: {"makes_self_sick": "no", "missed_periods": "no", "making_weight": "no"},
    6: {"stress_level": "3", "sleep_hours": "7"},
}


def test_the_client_walks_through_six_steps_and_submits(client, org, client_user):
    client.force_login(client_user)
    for step, data in STEPS.items():
        response = client.post(f"/o/northside/app/intake/?step={step}", {**data, "step": step})
        assert response.status_code == 302, response.content

    intake = Intake.unscoped.get()
    assert intake.status == "submitted"
    assert intake.injuries == [{"area": "knee", "current": True, "notes": "meniscus, 2024"}]
    assert intake.health_screen["bone_joint_problem"] is True
    assert intake.risk == "moderate"


def test_answers_are_saved_at_each_step_so_the_client_can_resume(client, org, client_user):
    client.force_login(client_user)
    client.post("/o/northside/app/intake/?step=1", {**STEPS[1], "step": 1})

    response = client.get("/o/northside/app/intake/?step=1")

    assert response.context["form"].initial["goals"] == ["strength"]
    assert Intake.unscoped.get().status == "draft"


def test_a_bad_step_shows_the_error_beside_the_field(client, org, client_user):
    client.force_login(client_user)

    response = client.post(
        "/o/northside/app/intake/?step=2", {**STEPS[2], "sessions_per_week": "9", "step": 2}
    )

    assert response.status_code == 400
    assert "sessions_per_week" in response.context["form"].errors
    assert not Intake.unscoped.exists()


def test_the_coach_home_lists_intakes_to_review(client, org, coach, client_user, client_record):
    client.force_login(client_user)
    for step, data in STEPS.items():
        client.post(f"/o/northside/app/intake/?step={step}", {**data, "step": step})
    client.force_login(coach)

    response = client.get("/o/northside/coach/")

    assert [i.client_id for i in response.context["intakes_to_review"]] == [client_record.pk]


def test_the_coach_approves_from_the_review_page(client, org, coach, client_user, client_record):
    client.force_login(client_user)
    for step, data in STEPS.items():
        client.post(f"/o/northside/app/intake/?step={step}", {**data, "step": step})
    client.force_login(coach)
    page = client.get(f"/o/northside/coach/clients/{client_record.pk}/intake/")
    assert b"meniscus" in page.content

    client.post(
        f"/o/northside/coach/clients/{client_record.pk}/intake/decision/", {"decision": "approved"}
    )

    assert Intake.unscoped.get().status == "approved"


def test_asking_for_more_without_a_note_says_what_is_missing(
    client, org, coach, client_user, client_record
):
    client.force_login(client_user)
    for step, data in STEPS.items():
        client.post(f"/o/northside/app/intake/?step={step}", {**data, "step": step})
    client.force_login(coach)

    response = client.post(
        f"/o/northside/coach/clients/{client_record.pk}/intake/decision/",
        {"decision": "needs_info"},
    )

    assert response.status_code == 400
    assert b"Tell the client what to add" in response.content
    assert Intake.unscoped.get().status == "submitted"


def test_the_health_step_keeps_the_details_after_birth(client, org, client_user):
    client.force_login(client_user)
    client.post("/o/northside/app/intake/?step=1", {**STEPS[1], "step": 1})
    after_birth = {
        **STEPS[4],
        "pregnant_or_postpartum": "yes",
        "postpartum_stage": "postpartum",
        "months_since_birth": "4",
        "postpartum_symptoms": ["leaking", "heaviness"],
        "step": 4,
    }

    response = client.post("/o/northside/app/intake/?step=4", after_birth)

    assert response.status_code == 302
    assert Intake.unscoped.get().postpartum == {
        "stage": "postpartum",
        "months_since_birth": 4,
        "checked_since_birth": False,
        "symptoms": ["leaking", "heaviness"],
    }


def test_details_after_birth_without_the_yes_are_an_error_beside_the_question(
    client, org, client_user
):
    client.force_login(client_user)
    response = client.post(
        "/o/northside/app/intake/?step=4",
        {**STEPS[4], "postpartum_stage": "postpartum", "step": 4},
    )

    assert response.status_code == 400
    assert "pregnant_or_postpartum" in response.context["form"].errors


def test_the_screens_step_saves_scoff_energy_and_making_weight(
    client, org, client_user, client_record
):
    client.force_login(client_user)
    for step, data in STEPS.items():
        if step == 5:
            data = {
                "lost_control_eating": "yes",
                "food_dominates_life": "yes",
                "bone_stress_injury": "yes",
                "making_weight": "yes",
            }
        client.post(f"/o/northside/app/intake/?step={step}", {**data, "step": step})

    intake = Intake.unscoped.get()
    assert intake.status == "submitted"
    assert intake.eating_screen["lost_control_eating"] is True
    assert intake.energy_screen == {"missed_periods": False, "bone_stress_injury": True}
    assert intake.making_weight is True
    assert intake.referral_suggested is True
    assert intake.suggested_service_model == "human_in_loop_premium"


def _submitted_with_chest_pain(client, client_user):
    client.force_login(client_user)
    for step, data in STEPS.items():
        if step == 4:
            data = {**data, "chest_pain": "yes"}
        client.post(f"/o/northside/app/intake/?step={step}", {**data, "step": step})


def test_the_coach_records_a_clearance_on_the_review_page(
    client, org, coach, client_user, client_record
):
    _submitted_with_chest_pain(client, client_user)
    client.force_login(coach)
    page = client.get(f"/o/northside/coach/clients/{client_record.pk}/intake/")
    assert b"Awaiting clearance" in page.content

    response = client.post(
        f"/o/northside/coach/clients/{client_record.pk}/intake/clearance/",
        {"cleared_by": "Dr Rao, GP", "cleared_on": "2025-01-15", "note": "ECG normal"},
    )

    assert response.status_code == 302
    intake = Intake.unscoped.get()
    assert (intake.clearance_by, str(intake.clearance_on), intake.clearance_note) == (
        "Dr Rao, GP",
        "2025-01-15",
        "ECG normal",
    )
    assert intake.clearance_recorded_by == coach
    page = client.get(f"/o/northside/coach/clients/{client_record.pk}/intake/")
    assert b"Cleared" in page.content and b"15 January 2025" in page.content


def test_a_clearance_without_a_day_says_what_is_missing(
    client, org, coach, client_user, client_record
):
    _submitted_with_chest_pain(client, client_user)
    client.force_login(coach)

    response = client.post(
        f"/o/northside/coach/clients/{client_record.pk}/intake/clearance/",
        {"cleared_by": "Dr Rao, GP", "cleared_on": "not a day", "note": "ECG normal"},
    )

    assert response.status_code == 400
    assert b"Give the day of the clearance" in response.content
    assert Intake.unscoped.get().clearance_recorded_at is None
