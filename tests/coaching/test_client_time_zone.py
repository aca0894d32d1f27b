"""A client sets their own time zone (page and API); their coach sees it."""

import pytest

from coaching.models import Client

pytestmark = pytest.mark.django_db

ME = "/api/v1/orgs/northside/me/"
SETTINGS = "/o/northside/app/settings/"


def stored(client_record):
    return Client.unscoped.get(pk=client_record.pk)


def test_a_client_sets_their_own_time_zone_through_the_api(api, org, client_record):
    response = api(client_record.user).patch(ME, {"time_zone": "Pacific/Auckland"}, format="json")

    assert response.status_code == 200
    assert response.json()["time_zone"] == "Pacific/Auckland"
    assert stored(client_record).zone_name == "Pacific/Auckland"


def test_an_unknown_time_zone_is_a_400_naming_the_field_and_nothing_is_saved(
    api, org, client_record
):
    response = api(client_record.user).patch(
        ME, {"time_zone": "Mars/Olympus_Mons", "reminders_enabled": False}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["time_zone"]
    assert (stored(client_record).time_zone, stored(client_record).reminders_enabled) == ("", True)


def test_a_blank_time_zone_goes_back_to_the_organizations(api, org, client_record):
    client_record.time_zone = "Asia/Kolkata"
    client_record.save(update_fields=["time_zone"])

    response = api(client_record.user).patch(ME, {"time_zone": ""}, format="json")

    assert response.status_code == 200
    assert stored(client_record).zone_name == org.time_zone


def test_a_coach_reads_the_clients_time_zone_in_the_api(api, org, coach, client_record):
    client_record.time_zone = "America/Los_Angeles"
    client_record.save(update_fields=["time_zone"])

    body = api(coach).get(f"/api/v1/orgs/northside/clients/{client_record.pk}/").json()

    assert body["time_zone"] == "America/Los_Angeles"


def test_a_client_sets_their_time_zone_on_the_settings_page(client, org, client_record):
    client.force_login(client_record.user)

    response = client.post(
        SETTINGS, {"section": "time_zone", "time_zone": "Asia/Kolkata"}, follow=True
    )

    assert stored(client_record).time_zone == "Asia/Kolkata"
    assert "Your days now follow Asia/Kolkata time." in response.content.decode()


def test_the_settings_page_refuses_an_unknown_time_zone_and_says_so(client, org, client_record):
    client.force_login(client_record.user)

    response = client.post(SETTINGS, {"section": "time_zone", "time_zone": "Nowhere/Land"})

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert stored(client_record).time_zone == ""


def test_saving_the_time_zone_leaves_reminders_alone(client, org, client_record):
    client.force_login(client_record.user)

    client.post(SETTINGS, {"section": "time_zone", "time_zone": "Asia/Kolkata"})

    assert stored(client_record).reminders_enabled is True


def test_the_settings_page_offers_the_organizations_zone_first(client, org, client_record):
    client.force_login(client_record.user)

    page = client.get(SETTINGS).content.decode()

    assert "Europe/London (my coach&#x27;s)" in page


def test_the_coach_sees_the_clients_own_time_zone_on_the_client_page(
    client, org, coach, client_record
):
    client_record.time_zone = "America/Los_Angeles"
    client_record.save(update_fields=["time_zone"])
    client.force_login(coach)

    page = client.get(f"/o/northside/coach/clients/{client_record.pk}/").content.decode()

    assert "own time zone America/Los Angeles" in page
