import json

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from programs.models import Exercise, PlannedWorkout, Prescription, Program, ProgramWeek, WorkoutLog
from tests.factories import PASSWORD, ClientFactory, MembershipFactory, OrganizationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def plan_today(client):
    org = client.organization
    program = Program.unscoped.create(
        organization=org,
        client=client,
        name="Block",
        status="active",
        start_date=timezone.localdate(),
    )
    week = ProgramWeek.unscoped.create(organization=org, program=program, index=1)
    workout = PlannedWorkout.unscoped.create(
        organization=org,
        week=week,
        program=program,
        client=client,
        day_index=1,
        planned_date=timezone.localdate(),
        name="Lower body",
    )
    squat = Exercise.unscoped.get(key="Barbell_Squat")
    Prescription.unscoped.create(
        organization=org,
        workout=workout,
        exercise=squat,
        order=0,
        sets=2,
        reps_min=5,
        reps_max=5,
        target_load_kg=80,
        target_rpe=8,
    )
    return workout


def test_a_client_logs_todays_workout_on_a_phone_even_through_a_lost_connection(
    live_server, page, screenshot
):
    org = OrganizationFactory(slug="gym")
    coach = MembershipFactory(organization=org, role="coach").user
    client = ClientFactory(organization=org, coach=coach, user__email="kim@gym.test")
    plan_today(client)

    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill("kim@gym.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Today: Lower body")).to_be_visible()
    page.get_by_label("Reps, Barbell Squat set 2").fill("4")
    page.get_by_role("button", name="Done: Barbell Squat set 1").click()
    page.get_by_role("button", name="Done: Barbell Squat set 2").click()
    screenshot("client-today-phone")

    page.context.set_offline(True)
    page.get_by_role("button", name="Finish and save").click()
    expect(page.get_by_role("status")).to_contain_text("Kept on this phone", timeout=20000)
    assert not WorkoutLog.unscoped.exists()

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.get_by_role("status")).to_contain_text("Saved", timeout=20000)
    log = WorkoutLog.unscoped.get()
    assert sorted(log.sets.values_list("reps", flat=True)) == [4, 5]

    # The same submission sent again (a retry after a timeout) does not make a second log.
    payload = {
        "client_uuid": str(log.client_uuid),
        "performed_at": log.performed_at.isoformat(),
        "status": "completed",
        "sets": [],
    }
    page.evaluate(
        f"localStorage.setItem('spotter-log-queue', JSON.stringify([{json.dumps(payload)}]))"
    )
    page.reload()
    expect(page.get_by_role("status")).to_contain_text("Saved", timeout=20000)
    assert WorkoutLog.unscoped.count() == 1
