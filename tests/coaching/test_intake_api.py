import pytest

from billing.models import Subscription
from coaching.intake import IntakeNotApproved, approved_intake
from coaching.models import Client, Intake
from coaching.tenancy import tenant_scope
from tests.factories import ClientFactory, SubscriptionFactory, TierFactory

pytestmark = pytest.mark.django_db


def answers(**overrides):
    body = {
        "goals": ["strength", "muscle"],
        "goal_notes": "Deadlift 2x bodyweight",
        "training_age_years": 2,
        "sessions_per_week": 3,
        "session_minutes": 60,
        "equipment": ["barbell", "dumbbell"],
        "injuries": [{"area": "shoulder", "notes": "old strain, fine now", "current": False}],
        "health_screen": {"heart_condition": False, "chest_pain": False},
        "preferences": "mornings",
        "constraints": "",
        "stress_level": 2,
        "sleep_hours": 7.5,
    }
    body.update(overrides)
    return body


def url(org, client, suffix=""):
    return f"/api/v1/orgs/{org.slug}/clients/{client.pk}/intake/{suffix}"


def test_a_client_submits_the_intake_and_gets_the_segment_and_issues(
    api, org, client_user, client_record
):
    response = api(client_user).put(url(org, client_record), answers(), format="json")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "submitted"
    assert body["segment"] == {
        "risk": "low",
        "experience": "intermediate",
        "autonomy": body["segment"]["autonomy"],
    }
    assert body["segment"]["autonomy"] in {"low", "medium", "high"}
    assert body["suggested_service_model"]
    assert isinstance(body["issues"], list)
    assert body["version"] == 1


@pytest.mark.parametrize(
    ("question", "risk"),
    [
        ("medications", "moderate"),
        ("bone_joint_problem", "moderate"),
        ("chest_pain", "high"),
        ("dizziness_or_fainting", "high"),
        ("medically_supervised", "high"),
    ],
)
def test_a_yes_on_the_health_screen_raises_the_risk(
    api, org, client_user, client_record, question, risk
):
    body = (
        api(client_user)
        .put(
            url(org, client_record),
            answers(health_screen={question: True}, health_notes="details"),
            format="json",
        )
        .json()
    )

    assert body["segment"]["risk"] == risk


def test_a_high_risk_intake_suggests_a_referral(api, org, client_user, client_record):
    body = (
        api(client_user)
        .put(url(org, client_record), answers(health_screen={"chest_pain": True}), format="json")
        .json()
    )

    assert body["referral_suggested"] is True


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"sessions_per_week": 0}, "sessions_per_week"),
        ({"sessions_per_week": 8}, "sessions_per_week"),
        ({"goals": ["fame"]}, "goals"),
        ({"goals": []}, "goals"),
        ({"equipment": ["spaceship"]}, "equipment"),
        ({"injuries": [{"area": "soul", "current": True}]}, "injuries"),
        ({"injuries": [{"area": "knee"}]}, "injuries"),
        ({"health_screen": {"chest_pain": "maybe"}}, "health_screen"),
        ({"health_screen": {"favourite_colour": True}}, "health_screen"),
        ({"stress_level": 6}, "stress_level"),
        ({"sleep_hours": -1}, "sleep_hours"),
        ({"training_age_years": -2}, "training_age_years"),
        ({"session_minutes": 5}, "session_minutes"),
    ],
)
def test_invalid_answers_are_400_naming_the_field_and_nothing_is_saved(
    api, org, client_user, client_record, change, field
):
    response = api(client_user).put(url(org, client_record), answers(**change), format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not Intake.unscoped.exists()


def test_a_resubmission_keeps_the_old_version(api, org, client_user, client_record):
    caller = api(client_user)
    caller.put(url(org, client_record), answers(), format="json")

    body = caller.put(url(org, client_record), answers(sessions_per_week=4), format="json").json()

    assert body["version"] == 2
    assert list(
        Intake.unscoped.order_by("version").values_list("sessions_per_week", flat=True)
    ) == [3, 4]


def test_the_same_answers_sent_twice_make_one_version(api, org, client_user, client_record):
    caller = api(client_user)
    caller.put(url(org, client_record), answers(), format="json")
    caller.put(url(org, client_record), answers(), format="json")

    assert Intake.unscoped.count() == 1


def test_the_coach_may_fill_in_the_intake_for_the_client(api, org, coach, client_record):
    assert api(coach).put(url(org, client_record), answers(), format="json").status_code == 200


def test_another_client_may_not_submit_my_intake(api, org, client_record):

    other = ClientFactory(organization=org)

    response = api(other.user).put(url(org, client_record), answers(), format="json")

    assert response.status_code == 404


def test_the_coach_approves_and_the_segment_becomes_the_clients(
    api, org, coach, client_user, client_record
):
    api(client_user).put(
        url(org, client_record), answers(health_screen={"medications": True}), format="json"
    )

    response = api(coach).post(
        url(org, client_record, "review/"), {"decision": "approved", "notes": ""}, format="json"
    )

    assert response.status_code == 200
    client = Client.unscoped.get(pk=client_record.pk)
    assert (client.risk, client.experience) == ("moderate", "intermediate")
    intake = Intake.unscoped.get()
    assert (intake.status, intake.reviewed_by) == ("approved", coach)


def test_approval_reprices_the_client_with_the_risk_surcharge(
    api, org, coach, client_user, client_record
):
    tier = TierFactory(organization=org, monthly_price=100, surcharge_moderate=20)
    SubscriptionFactory(client=client_record, tier=tier, price_charged=100)
    api(client_user).put(
        url(org, client_record), answers(health_screen={"medications": True}), format="json"
    )

    api(coach).post(url(org, client_record, "review/"), {"decision": "approved"}, format="json")

    assert Subscription.unscoped.get().price_charged == 120
    price = api(coach).get(f"/api/v1/orgs/{org.slug}/clients/{client_record.pk}/price/").json()
    assert price["surcharge"] == 20.0


def test_the_coach_sees_the_price_impact_of_the_risk(api, org, coach, client_user, client_record):
    tier = TierFactory(organization=org, monthly_price=100, surcharge_high=50)
    SubscriptionFactory(client=client_record, tier=tier)

    body = api(client_user).put(
        url(org, client_record), answers(health_screen={"chest_pain": True}), format="json"
    )
    coach_view = api(coach).get(url(org, client_record)).json()

    assert "price_impact" not in body.json()
    assert coach_view["price_impact"]["total"] == 150.0


def test_asking_for_more_information_needs_a_note(api, org, coach, client_user, client_record):
    api(client_user).put(url(org, client_record), answers(), format="json")

    response = api(coach).post(
        url(org, client_record, "review/"), {"decision": "needs_info"}, format="json"
    )

    assert response.status_code == 400
    assert "notes" in response.json()


def test_the_client_sees_the_coachs_note_after_needs_info(
    api, org, coach, client_user, client_record
):
    api(client_user).put(url(org, client_record), answers(), format="json")
    api(coach).post(
        url(org, client_record, "review/"),
        {"decision": "needs_info", "notes": "Which shoulder?"},
        format="json",
    )

    body = api(client_user).get(url(org, client_record)).json()

    assert (body["status"], body["review_notes"]) == ("needs_info", "Which shoulder?")


def test_deciding_twice_is_409(api, org, coach, client_user, client_record):
    api(client_user).put(url(org, client_record), answers(), format="json")
    api(coach).post(url(org, client_record, "review/"), {"decision": "approved"}, format="json")

    response = api(coach).post(
        url(org, client_record, "review/"), {"decision": "approved"}, format="json"
    )

    assert response.status_code == 409


def test_reviewing_without_an_intake_is_409(api, org, coach, client_record):
    response = api(coach).post(
        url(org, client_record, "review/"), {"decision": "approved"}, format="json"
    )

    assert response.status_code == 409


def test_a_client_may_not_review_their_own_intake(api, org, client_user, client_record):
    api(client_user).put(url(org, client_record), answers(), format="json")

    response = api(client_user).post(
        url(org, client_record, "review/"), {"decision": "approved"}, format="json"
    )

    assert response.status_code == 403


def test_the_gate_says_why_no_program_can_be_drafted_yet(
    api, org, coach, client_user, client_record
):

    with tenant_scope(org), pytest.raises(IntakeNotApproved, match="not filled in"):
        approved_intake(client_record)
    api(client_user).put(url(org, client_record), answers(), format="json")
    with tenant_scope(org), pytest.raises(IntakeNotApproved, match="waiting for a coach"):
        approved_intake(client_record)
    api(coach).post(url(org, client_record, "review/"), {"decision": "approved"}, format="json")

    with tenant_scope(org):
        assert approved_intake(client_record).version == 1
