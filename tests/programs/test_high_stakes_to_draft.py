"""The brief's high-stakes groups through the whole path: the client's intake (API), the coach's
review and clearance, and the draft endpoint."""

import pytest

from coaching.models import Intake
from programs.core.drafting.intake import populations_for
from programs.models import Prescription, Program

pytestmark = pytest.mark.django_db


def answers(**overrides):
    body = {
        "goals": ["strength"],
        "goal_notes": "",
        "training_age_years": 6,
        "sessions_per_week": 4,
        "session_minutes": 60,
        "equipment": ["barbell", "dumbbell", "cable", "machine"],
        "injuries": [],
        "health_screen": {},
        "preferences": "",
        "constraints": "",
        "stress_level": 1,
        "sleep_hours": 8,
        "age_years": 27,
    }
    body.update(overrides)
    return body


def base(org, client_record):
    return f"/api/v1/orgs/{org.slug}/clients/{client_record.pk}"


def submit_and_approve(api, org, coach, client_record, **intake):
    submitted = api(client_record.user).put(
        f"{base(org, client_record)}/intake/", answers(**intake), format="json"
    )
    assert submitted.status_code == 200, submitted.json()
    approved = api(coach).post(
        f"{base(org, client_record)}/intake/review/",
        {"decision": "approved", "notes": ""},
        format="json",
    )
    assert approved.status_code == 200, approved.json()
    return submitted.json()


POSTPARTUM = {
    "goals": ["fat_loss", "general_fitness"],
    "goal_notes": "Baby is 4 months old (c-section). I leak a little when I jump.",
    "training_age_years": 1,
    "sessions_per_week": 3,
    "session_minutes": 45,
    "equipment": ["dumbbell", "bands", "treadmill"],
    "health_screen": {"pregnant_or_postpartum": True},
    "postpartum": {
        "stage": "postpartum",
        "months_since_birth": 4,
        "checked_since_birth": False,
        "symptoms": ["leaking"],
    },
}


def test_the_postpartum_plan_has_no_running_and_suggests_a_referral(api, org, coach, client_record):
    intake = submit_and_approve(api, org, coach, client_record, **POSTPARTUM)
    drafted = api(coach).post(f"{base(org, client_record)}/programs/draft/")

    assert drafted.status_code == 201, drafted.json()
    assert intake["referral_suggested"] is True
    assert "postnatal check" in intake["referrals"][0]["text"]
    assert intake["suggested_service_model"] == "human_in_loop_premium"
    plan = Prescription.unscoped.filter(workout__program__client=client_record).select_related(
        "exercise"
    )
    names = " ".join(p.exercise.name.lower() for p in plan)
    assert plan and "run" not in names and "jog" not in names and "jump" not in names
    patterns = {p.exercise.pattern for p in plan}
    assert "plyometric" not in patterns


def test_the_weight_cut_athlete_is_not_self_guided(api, org, coach, client_record):
    intake = submit_and_approve(
        api,
        org,
        coach,
        client_record,
        goals=["sport_performance", "strength"],
        goal_notes="Judo competition in five weeks, I need to cut 6 kg to make weight.",
    )

    assert intake["suggested_service_model"] not in ("ai_self_guided", "ai_first_escalation")
    assert intake["segment"]["risk"] == "moderate"
    assert "making_weight" in intake["groups"]
    assert "making_weight" in {issue["code"] for issue in intake["issues"]}


def test_the_same_athlete_without_a_cut_stays_self_guided(api, org, coach, client_record):
    intake = submit_and_approve(
        api, org, coach, client_record, goals=["sport_performance", "strength"]
    )

    assert intake["suggested_service_model"] == "ai_self_guided"


CARDIAC = {
    "goals": ["general_fitness"],
    "goal_notes": "Had a stent in January.",
    "training_age_years": 0,
    "sessions_per_week": 3,
    "health_screen": {"heart_condition": True},
    "age_years": 61,
}


def test_awaiting_clearance_the_draft_endpoint_answers_409_with_the_reason(
    api, org, coach, client_record
):
    intake = submit_and_approve(api, org, coach, client_record, **CARDIAC)
    drafted = api(coach).post(f"{base(org, client_record)}/programs/draft/")

    assert intake["clearance_required"] is True and intake["clearance"] is None
    assert drafted.status_code == 409
    assert "medical clearance" in drafted.json()["detail"]
    assert "heart condition" in drafted.json()["detail"]
    assert not Program.unscoped.filter(client=client_record).exists()


def test_a_recorded_clearance_lets_the_coach_draft(api, org, coach, client_record):
    submit_and_approve(api, org, coach, client_record, **CARDIAC)
    recorded = api(coach).post(
        f"{base(org, client_record)}/intake/clearance/",
        {
            "cleared_by": "Dr A. Patel, cardiologist",
            "cleared_on": "2025-02-20",
            "note": "Moderate only",
        },
        format="json",
    )
    drafted = api(coach).post(f"{base(org, client_record)}/programs/draft/")

    assert recorded.status_code == 200, recorded.json()
    assert recorded.json()["clearance"]["cleared_by"] == "Dr A. Patel, cardiologist"
    assert recorded.json()["clearance"]["cleared_on"] == "2025-02-20"
    assert recorded.json()["clearance"]["recorded_by"] == coach.pk
    assert drafted.status_code == 201, drafted.json()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"cleared_on": "2025-02-20", "note": "ok"}, "cleared_by"),
        ({"cleared_by": "Dr P", "note": "ok"}, "cleared_on"),
        ({"cleared_by": "Dr P", "cleared_on": "2025-02-20"}, "note"),
        ({"cleared_by": "Dr P", "cleared_on": "2999-01-01", "note": "ok"}, "cleared_on"),
        ({"cleared_by": "Dr P", "cleared_on": "1990-01-01", "note": "ok"}, "cleared_on"),
        ({"cleared_by": "   ", "cleared_on": "2025-02-20", "note": "ok"}, "cleared_by"),
    ],
)
def test_a_bad_clearance_is_a_400_naming_the_field_and_saves_nothing(
    api, org, coach, client_record, body, field
):
    submit_and_approve(api, org, coach, client_record, **CARDIAC)
    response = api(coach).post(f"{base(org, client_record)}/intake/clearance/", body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert Intake.unscoped.get(client=client_record).clearance_recorded_at is None


def test_a_client_cannot_record_their_own_clearance(api, org, coach, client_record):
    submit_and_approve(api, org, coach, client_record, **CARDIAC)
    response = api(client_record.user).post(
        f"{base(org, client_record)}/intake/clearance/",
        {"cleared_by": "me", "cleared_on": "2025-02-20", "note": "fine"},
        format="json",
    )

    assert response.status_code == 403


def test_no_clearance_can_be_recorded_before_an_intake_is_sent(api, org, coach, client_record):
    response = api(coach).post(
        f"{base(org, client_record)}/intake/clearance/",
        {"cleared_by": "Dr P", "cleared_on": "2025-02-20", "note": "fine"},
        format="json",
    )

    assert response.status_code == 409


def test_a_recorded_clearance_after_birth_lets_running_back_in(api, org, coach, client_record):

    def latest_intake(client):
        return Intake.unscoped.filter(client=client).order_by("-version").first()

    submit_and_approve(api, org, coach, client_record, **POSTPARTUM)
    assert "pregnant_or_postpartum" in populations_for(latest_intake(client_record))
    api(coach).post(
        f"{base(org, client_record)}/intake/clearance/",
        {
            "cleared_by": "J. Moss, pelvic-health physio",
            "cleared_on": "2025-02-20",
            "note": "Cleared",
        },
        format="json",
    )

    assert "pregnant_or_postpartum" not in populations_for(latest_intake(client_record))


def test_the_screens_round_trip_through_the_api(api, org, client_record):
    sent = answers(
        eating_screen={"lost_control_eating": True, "food_dominates_life": True},
        energy_screen={"missed_periods": True},
        making_weight=True,
    )
    response = api(client_record.user).put(
        f"{base(org, client_record)}/intake/", sent, format="json"
    )
    body = response.json()

    assert response.status_code == 200, body
    assert body["eating_screen"]["lost_control_eating"] is True
    assert body["eating_screen"]["makes_self_sick"] is False
    assert body["energy_screen"] == {"missed_periods": True, "bone_stress_injury": False}
    assert body["making_weight"] is True
    assert set(body["groups"]) == {"disordered_eating", "low_energy_availability", "making_weight"}
    assert len(body["referrals"]) == 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"eating_screen": {"eats_a_lot": True}}, "eating_screen"),
        ({"eating_screen": {"makes_self_sick": "yes"}}, "eating_screen"),
        ({"energy_screen": ["missed_periods"]}, "energy_screen"),
        ({"making_weight": "sometimes"}, "making_weight"),
        ({"postpartum": {"stage": "postpartum"}}, "postpartum"),
        (
            {
                "health_screen": {"pregnant_or_postpartum": True},
                "postpartum": {"stage": "newborn"},
            },
            "postpartum",
        ),
        (
            {
                "health_screen": {"pregnant_or_postpartum": True},
                "postpartum": {"stage": "postpartum", "months_since_birth": 30},
            },
            "postpartum",
        ),
        (
            {
                "health_screen": {"pregnant_or_postpartum": True},
                "postpartum": {"stage": "postpartum", "symptoms": ["tired"]},
            },
            "postpartum",
        ),
    ],
)
def test_bad_screen_answers_are_a_400_naming_the_field(api, org, client_record, changes, field):
    response = api(client_record.user).put(
        f"{base(org, client_record)}/intake/", answers(**changes), format="json"
    )

    assert response.status_code == 400
    assert field in response.json()
    assert not Intake.unscoped.filter(client=client_record).exists()


@pytest.mark.parametrize(
    "screens",
    [{}, {"postpartum": {}, "eating_screen": {}, "energy_screen": {}, "making_weight": False}],
    ids=["left out", "sent empty"],
)
def test_an_intake_without_the_screens_is_still_accepted(api, org, client_record, screens):
    response = api(client_record.user).put(
        f"{base(org, client_record)}/intake/", answers(**screens), format="json"
    )

    assert response.status_code == 200
    assert response.json()["groups"] == []
    assert response.json()["postpartum"] == {}


def test_details_after_birth_need_a_stage(api, org, client_record):
    response = api(client_record.user).put(
        f"{base(org, client_record)}/intake/",
        answers(
            health_screen={"pregnant_or_postpartum": True}, postpartum={"months_since_birth": 3}
        ),
        format="json",
    )

    assert response.status_code == 400
    assert "stage" in response.json()["postpartum"]
