"""A coach flags a client the AI did not, and records how long a review took."""

from datetime import timedelta

import pytest
from django.utils import timezone

from coaching.models import Client, Notification, Role
from programs.models import Recommendation
from tests.factories import (
    ClientFactory,
    MembershipFactory,
    RecommendationFactory,
    ReviewItemFactory,
)
from triage.models import ReviewItem

pytestmark = pytest.mark.django_db


def flag_url(org, client):
    return f"/api/v1/orgs/{org.slug}/clients/{client.pk}/flags/"


def test_a_coach_flag_opens_an_item_raised_by_a_person(api, org, coach, client_record):
    response = api(coach).post(
        flag_url(org, client_record), {"level": "yellow", "reason": "Sounded flat on the call"}
    )

    assert response.status_code == 201
    item = ReviewItem.unscoped.get()
    assert item.raised_by_ai is False
    assert item.source == "coach"
    assert item.raised_by == coach
    assert "Sounded flat on the call" in item.reasons[0]["text"]
    assert response.json()["raised_by_ai"] is False


def test_flagging_again_adds_to_the_open_flag_instead_of_a_second_item(
    api, org, coach, client_record
):
    caller = api(coach)
    caller.post(flag_url(org, client_record), {"level": "yellow", "reason": "Flat"})

    response = caller.post(flag_url(org, client_record), {"level": "yellow", "reason": "Flat"})

    assert response.status_code == 200
    assert ReviewItem.unscoped.count() == 1
    assert len(ReviewItem.unscoped.get().evidence) == 2


def test_a_red_coach_flag_is_due_within_the_hour_and_pauses_automation(
    api, org, coach, client_record
):
    RecommendationFactory(
        organization=org, client=client_record, kind="deload", status="pending_review"
    )

    api(coach).post(flag_url(org, client_record), {"level": "red", "reason": "Mentioned chest"})

    item = ReviewItem.unscoped.get()
    assert item.level == "red"
    assert item.due_at <= timezone.now() + timedelta(hours=1)
    assert Client.unscoped.get(pk=client_record.pk).automation_hold is True
    assert Recommendation.unscoped.get().status == "on_hold"


def test_a_flag_needs_a_reason_and_a_known_level(api, org, coach, client_record):
    response = api(coach).post(flag_url(org, client_record), {"level": "green", "reason": ""})

    assert response.status_code == 400
    assert set(response.json()) == {"level", "reason"}
    assert not ReviewItem.unscoped.exists()


def test_the_assigned_coach_hears_when_someone_else_flags_their_client(
    api, org, owner, coach, client_record
):
    api(owner).post(flag_url(org, client_record), {"level": "yellow", "reason": "Missed call"})

    assert Notification.unscoped.filter(user=coach).count() == 1


def test_a_client_cannot_flag_themself(api, org, client_record):
    response = api(client_record.user).post(
        flag_url(org, client_record), {"level": "yellow", "reason": "me"}
    )

    assert response.status_code == 403


def test_another_organizations_client_cannot_be_flagged(api, org, other_org, coach):
    stranger = ClientFactory(organization=other_org)

    response = api(coach).post(flag_url(org, stranger), {"level": "red", "reason": "x"})

    assert response.status_code == 404
    assert not ReviewItem.unscoped.exists()


def test_the_flag_form_on_the_client_page_opens_an_item(client, org, coach, client_record):
    client.force_login(coach)

    response = client.post(
        f"/o/{org.slug}/coach/clients/{client_record.pk}/flag/",
        {"level": "yellow", "reason": "Looked exhausted"},
    )

    assert response.status_code == 302
    assert ReviewItem.unscoped.get().source == "coach"


def test_the_flag_form_without_a_reason_opens_nothing(client, org, coach, client_record):
    client.force_login(coach)

    client.post(f"/o/{org.slug}/coach/clients/{client_record.pk}/flag/", {"level": "yellow"})

    assert not ReviewItem.unscoped.exists()


def test_the_client_page_offers_the_flag_form(client, org, coach, client_record):
    client.force_login(coach)

    response = client.get(f"/o/{org.slug}/coach/clients/{client_record.pk}/")

    assert b"Flag this client" in response.content


def _open_item(org, client_record):
    return ReviewItemFactory(
        organization=org,
        client=client_record,
        level="yellow",
        reason_kind="low_adherence",
        source="nightly",
        due_at=timezone.now() + timedelta(hours=24),
    )


def test_resolving_records_the_minutes_the_review_took(api, org, coach, client_record):
    item = _open_item(org, client_record)

    response = api(coach).post(
        f"/api/v1/orgs/{org.slug}/review-queue/{item.pk}/resolve/",
        {"resolution": "no_change", "message": "", "minutes_spent": 12},
    )

    assert response.status_code == 200
    assert ReviewItem.unscoped.get().minutes_spent == 12


def test_minutes_beyond_a_working_day_are_refused(api, org, coach, client_record):
    item = _open_item(org, client_record)

    response = api(coach).post(
        f"/api/v1/orgs/{org.slug}/review-queue/{item.pk}/resolve/",
        {"resolution": "no_change", "message": "", "minutes_spent": 900},
    )

    assert response.status_code == 400
    assert "minutes_spent" in response.json()
    assert ReviewItem.unscoped.get().status == "open"


def test_the_queue_form_records_minutes(client, org, coach, client_record):
    item = _open_item(org, client_record)
    client.force_login(coach)

    client.post(
        f"/o/{org.slug}/coach/queue/{item.pk}/resolve/",
        {"resolution": "no_change", "message": "", "minutes_spent": "7"},
    )

    assert ReviewItem.unscoped.get().minutes_spent == 7


def test_a_second_coach_can_flag_any_client_of_the_organization(api, org, client_record):
    other_coach = MembershipFactory(organization=org, role=Role.COACH).user

    response = api(other_coach).post(
        flag_url(org, client_record), {"level": "yellow", "reason": "Covering"}
    )

    assert response.status_code == 201
