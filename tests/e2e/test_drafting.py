import re

import pytest
from playwright.sync_api import expect

from coaching.models import Intake
from programs.models import Program
from tests.factories import PASSWORD, ClientFactory, MembershipFactory, OrganizationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, email):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_coach_drafts_edits_one_exercise_approves_and_the_client_sees_reviewed_by(
    live_server, page, open_page, screenshot
):
    org = OrganizationFactory(slug="gym", name="Gym")
    coach = MembershipFactory(
        organization=org, role="coach", user__email="coach@gym.test", user__name="Casey Coach"
    ).user
    client = ClientFactory(
        organization=org, coach=coach, user__email="li@gym.test", user__name="Li Wei"
    )
    Intake.unscoped.create(
        organization=org,
        client=client,
        version=1,
        status="approved",
        goals=["strength"],
        training_age_years=2,
        sessions_per_week=3,
        session_minutes=60,
        equipment=["barbell", "dumbbell"],
        injuries=[],
        health_screen={},
        stress_level=2,
        sleep_hours=8,
        risk="low",
        experience="intermediate",
        autonomy="medium",
        reviewed_by=coach,
    )

    coach_page = open_page({"width": 1280, "height": 900})
    log_in(coach_page, live_server, "coach@gym.test")
    coach_page.goto(f"{live_server.url}/o/gym/coach/clients/{client.pk}/")
    coach_page.get_by_role("button", name="Draft a program").click()
    expect(coach_page.get_by_text("A program was drafted")).to_be_visible()
    sets = coach_page.get_by_label(re.compile("^Sets of .* week 1$")).first
    sets.fill("5")
    coach_page.screenshot(path="test-artifacts/coach-draft-desktop.png", full_page=False)
    coach_page.get_by_role("button", name=re.compile("^Approve")).click()
    expect(coach_page.get_by_text("Active plan")).to_be_visible()
    assert Program.unscoped.get().status == "active"

    log_in(page, live_server, "li@gym.test")
    page.get_by_role("link", name="Plan").click()
    expect(page.get_by_text("reviewed by Casey Coach")).to_be_visible()
    expect(page.get_by_text(re.compile(r"5 × \d+"))).to_be_visible()
    screenshot("client-plan-phone")
