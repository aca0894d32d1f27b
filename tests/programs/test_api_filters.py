"""The list endpoints' query filters (django-filter): what each narrows to, and a bad value
answered 400 naming the parameter."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tests.factories import (
    ClientFactory,
    ExerciseFactory,
    RecommendationFactory,
    UserFactory,
    WorkoutLogFactory,
)

pytestmark = pytest.mark.django_db


def get(api, user, path):
    return api(user).get(path)


def ids(response):
    return [row["id"] for row in response.json()["results"]]


# --- clients ----------------------------------------------------------------------------------


def test_the_client_list_narrows_to_my_clients_with_coach_me(api, org, coach, client_record):
    ClientFactory(organization=org, coach=UserFactory())

    response = get(api, coach, f"/api/v1/orgs/{org.slug}/clients/?coach=me")

    assert ids(response) == [client_record.pk]


def test_the_client_list_narrows_to_a_coach_by_user_id(api, org, coach, client_record):
    other = ClientFactory(organization=org, coach=UserFactory())

    response = get(api, coach, f"/api/v1/orgs/{org.slug}/clients/?coach={other.coach_id}")

    assert ids(response) == [other.pk]


@pytest.mark.parametrize("value", ["someone", "1.5", "-3", "²"])
def test_a_coach_that_is_neither_an_id_nor_me_is_a_400_naming_it(api, org, coach, value):
    response = get(api, coach, f"/api/v1/orgs/{org.slug}/clients/?coach={value}")

    assert response.status_code == 400
    assert response.json() == {"coach": ["Use a coach's user id or 'me'."]}


def test_the_client_list_searches_email_and_name(api, org, coach, client_record):
    ClientFactory(organization=org, user__email="someone@else.test", user__name="Kim")

    response = get(api, coach, f"/api/v1/orgs/{org.slug}/clients/?search=client@north")

    assert ids(response) == [client_record.pk]


def test_the_client_list_filters_by_status(api, org, coach, client_record):
    ClientFactory(organization=org, status="paused")

    response = get(api, coach, f"/api/v1/orgs/{org.slug}/clients/?status=active")

    assert ids(response) == [client_record.pk]


# --- recommendations ------------------------------------------------------------------------


def test_recommendations_filter_by_status_kind_and_client(api, org, coach, client_record):
    wanted = RecommendationFactory(client=client_record, kind="deload", status="pending_review")
    RecommendationFactory(client=client_record, kind="deload", status="approved")
    RecommendationFactory(client=client_record, kind="progression", status="pending_review")
    RecommendationFactory(client=ClientFactory(organization=org), kind="deload")

    response = get(
        api,
        coach,
        f"/api/v1/orgs/{org.slug}/recommendations/"
        f"?status=pending_review&kind=deload&client={client_record.pk}",
    )

    assert ids(response) == [wanted.pk]


def test_a_client_that_is_not_an_id_is_a_400_naming_it(api, org, coach):
    response = get(api, coach, f"/api/v1/orgs/{org.slug}/recommendations/?client=me")

    assert response.status_code == 400
    assert response.json() == {"client": ["Use a client id."]}


def test_a_client_id_of_another_organization_finds_nothing(
    api, org, other_org, coach, client_record
):
    outside = RecommendationFactory(client=ClientFactory(organization=other_org))

    response = get(
        api, coach, f"/api/v1/orgs/{org.slug}/recommendations/?client={outside.client_id}"
    )

    assert response.json()["count"] == 0


# --- exercises --------------------------------------------------------------------------------


def test_exercises_filter_by_every_search_word_equipment_and_muscle(api, org, coach):
    wanted = ExerciseFactory(
        name="Zercher Box Squat", equipment="barbell", primary_muscles=["glutes"]
    )
    ExerciseFactory(name="Zercher Squat", equipment="barbell", primary_muscles=["quadriceps"])
    ExerciseFactory(
        name="Zercher Box Squat Machine", equipment="machine", primary_muscles=["glutes"]
    )

    response = get(
        api,
        coach,
        f"/api/v1/orgs/{org.slug}/exercises/?search=zercher+box&equipment=barbell&muscle=glutes",
    )

    assert ids(response) == [wanted.pk]


# --- workout logs -----------------------------------------------------------------------------


def test_logs_since_a_day_start_at_that_day_in_the_clients_zone(api, org, coach, client_record):
    client_record.time_zone = "America/New_York"
    client_record.save(update_fields=["time_zone"])
    zone = ZoneInfo("America/New_York")
    day = timezone.localdate() - timedelta(days=3)
    late_on_the_day_before = timezone.make_aware(
        datetime.combine(day - timedelta(days=1), datetime.max.time()).replace(microsecond=0),
        zone,
    )
    early_on_the_day = timezone.make_aware(datetime.combine(day, datetime.min.time()), zone)
    WorkoutLogFactory(client=client_record, performed_at=late_on_the_day_before)
    kept = WorkoutLogFactory(client=client_record, performed_at=early_on_the_day)

    response = get(
        api,
        coach,
        f"/api/v1/orgs/{org.slug}/clients/{client_record.pk}/workout-logs/?since={day.isoformat()}",
    )

    assert ids(response) == [kept.pk]


@pytest.mark.parametrize("value", ["yesterday", "2026-02-30", "31/01/2026"])
def test_a_since_that_is_not_a_date_is_a_400_naming_it(api, org, coach, client_record, value):
    response = get(
        api,
        coach,
        f"/api/v1/orgs/{org.slug}/clients/{client_record.pk}/workout-logs/?since={value}",
    )

    assert response.status_code == 400
    assert response.json() == {"since": ["Use a date like 2026-01-31."]}
