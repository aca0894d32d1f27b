"""The check-in's 1–5 satisfaction question, which the owner's figures average."""

import pytest

from triage.models import CheckIn

pytestmark = pytest.mark.django_db

CALM = {"readiness": 4, "sleep_quality": 4, "soreness": 2, "fatigue": 2, "stress": 2, "mood": 4}


def url(org, client):
    return f"/api/v1/orgs/{org.slug}/clients/{client.pk}/check-ins/"


def test_a_client_answers_satisfaction_through_the_api(api, org, client_record):
    response = api(client_record.user).post(
        url(org, client_record), {**CALM, "satisfaction": 4}, format="json"
    )

    assert response.status_code == 201
    assert CheckIn.unscoped.get().satisfaction == 4


def test_satisfaction_may_be_left_out(api, org, client_record):
    api(client_record.user).post(url(org, client_record), CALM, format="json")

    assert CheckIn.unscoped.get().satisfaction is None


@pytest.mark.parametrize("answer", [0, 6])
def test_satisfaction_outside_one_to_five_is_refused(api, org, client_record, answer):
    response = api(client_record.user).post(
        url(org, client_record), {**CALM, "satisfaction": answer}, format="json"
    )

    assert response.status_code == 400
    assert "satisfaction" in response.json()
    assert not CheckIn.unscoped.exists()


def test_the_check_in_page_asks_and_saves_satisfaction(client, org, client_record):
    client.force_login(client_record.user)
    page = client.get(f"/o/{org.slug}/app/check-in/").content.decode()

    client.post(
        f"/o/{org.slug}/app/check-in/",
        {**{k: str(v) for k, v in CALM.items()}, "satisfaction": "5"},
    )

    assert "How happy are you with your coaching?" in page
    assert CheckIn.unscoped.get().satisfaction == 5
