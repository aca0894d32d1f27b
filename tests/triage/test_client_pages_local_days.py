"""What a client's pages call today, and the dates they show, are the client's local days."""

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from programs.models import PlannedWorkout, Program, ProgramWeek, WorkoutLog
from tests.factories import CheckInFactory, ClientFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

FRIDAY = date(2026, 11, 20)
# 03:00 UTC on Saturday: Friday 19:00 in Los Angeles.
FRIDAY_EVENING_LA = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)


@pytest.fixture
def la_client():
    org = OrganizationFactory(slug="venice", time_zone="America/Los_Angeles")
    return ClientFactory(organization=org, user__email="lee@venice.test")


def plan(client, *days):
    org = client.organization
    program = Program.unscoped.create(
        organization=org, client=client, name="Block", status="active", start_date=min(days)
    )
    week = ProgramWeek.unscoped.create(organization=org, program=program, index=1)
    for day in days:
        PlannedWorkout.unscoped.create(
            organization=org,
            week=week,
            program=program,
            client=client,
            day_index=day.weekday(),
            planned_date=day,
            name=f"Session of {day:%A}",
        )


def test_on_friday_evening_in_los_angeles_today_is_fridays_session(client, la_client):
    plan(la_client, FRIDAY, FRIDAY + timedelta(days=1))
    client.force_login(la_client.user)

    with time_machine.travel(FRIDAY_EVENING_LA, tick=False):
        response = client.get("/o/venice/app/")

    assert response.context["workout"].planned_date == FRIDAY
    assert response.context["session_kind"] == "today"


def test_a_traveller_in_kolkata_sees_saturdays_session_as_today(client, la_client):
    la_client.time_zone = "Asia/Kolkata"
    la_client.save(update_fields=["time_zone"])
    plan(la_client, FRIDAY + timedelta(days=1))
    client.force_login(la_client.user)

    # 20:00 UTC on Friday: noon in Los Angeles, 01:30 on Saturday in Kolkata.
    with time_machine.travel(datetime(2026, 11, 20, 20, 0, tzinfo=UTC), tick=False):
        response = client.get("/o/venice/app/")

    assert response.context["session_kind"] == "today"


def test_the_history_page_dates_a_late_check_in_on_the_clients_day(client, la_client):
    CheckInFactory(
        organization=la_client.organization,
        client=la_client,
        created_at=datetime(2026, 11, 21, 7, 30, tzinfo=UTC),  # 23:30 on Friday in Los Angeles
        readiness=4,
        sleep_quality=4,
        soreness=2,
        fatigue=2,
        stress=2,
        mood=4,
    )
    client.force_login(la_client.user)

    page = client.get("/o/venice/app/history/").content.decode()
    check_ins = page[page.index('id="checkins-title"') :]

    assert "20 Nov —" in check_ins
    assert "21 Nov" not in check_ins


def test_the_log_list_since_a_day_starts_at_the_clients_midnight(api, la_client):

    for moment in (
        datetime(2026, 11, 20, 7, 30, tzinfo=UTC),  # 23:30 on Thursday in Los Angeles
        datetime(2026, 11, 20, 8, 30, tzinfo=UTC),  # 00:30 on Friday
    ):
        WorkoutLog.unscoped.create(
            organization=la_client.organization,
            client=la_client,
            client_uuid=uuid.uuid4(),
            performed_at=moment,
            status="completed",
        )

    body = (
        api(la_client.user)
        .get(f"/api/v1/orgs/venice/clients/{la_client.pk}/workout-logs/?since=2026-11-20")
        .json()
    )

    assert [log["performed_at"] for log in body["results"]] == ["2026-11-20T08:30:00Z"]
