import re

import pytest
from playwright.sync_api import expect

from coaching.models import Client, Intake
from tests.factories import PASSWORD, ClientFactory, MembershipFactory, OrganizationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, email):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_client_fills_in_the_intake_on_a_phone_and_the_coach_approves_it(
    live_server, page, open_page, screenshot
):
    org = OrganizationFactory(slug="gym", name="Gym")
    coach = MembershipFactory(organization=org, role="coach", user__email="coach@gym.test").user
    ClientFactory(organization=org, coach=coach, user__email="sam@gym.test", user__name="Sam Lee")

    log_in(page, live_server, "sam@gym.test")
    page.get_by_role("link", name="Start your intake").click()
    page.get_by_label("Get stronger").check()
    page.get_by_label("Years of regular strength training").fill("0.5")
    page.get_by_role("button", name="Save and continue").click()

    # A mistake is shown beside its field, and nothing is lost.
    page.get_by_label("Sessions per week you can reliably do").fill("9")
    page.get_by_label("Minutes per session").fill("45")
    page.get_by_label("Dumbbells").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("alert").first).to_contain_text("less than or equal to 7")
    page.get_by_label("Sessions per week you can reliably do").fill("3")
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_label("Injury 1: where").select_option("knee")
    page.get_by_role("group", name="Injury 1").get_by_label("It still bothers me").check()
    page.get_by_role("group", name="Injury 1").get_by_label("What happened").fill(
        "Sore after running"
    )
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_role("group", name=re.compile("bone, joint")).get_by_label("Yes").check()
    page.get_by_label("Details for any “yes”").fill("Knee, physio cleared me")
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", name="Eating, energy and competition")).to_be_visible()
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_role("group", name=re.compile("Life stress")).get_by_label("2").check()
    page.get_by_label("Hours of sleep on a usual night").fill("7")
    screenshot("client-intake-phone")
    page.get_by_role("button", name="Send to my coach").click()
    expect(page.get_by_role("status").first).to_contain_text("your coach will review")

    coach_page = open_page({"width": 1280, "height": 900})
    log_in(coach_page, live_server, "coach@gym.test")
    coach_page.get_by_role("link", name=re.compile("Sam Lee")).click()
    expect(coach_page.get_by_text("Sore after running")).to_be_visible()
    coach_page.screenshot(path="test-artifacts/coach-intake-review-desktop.png", full_page=True)
    coach_page.get_by_role("button", name="Approve intake").click()
    expect(coach_page.get_by_text("Intake approved")).to_be_visible()

    assert Intake.unscoped.get().status == "approved"
    assert Client.unscoped.get(user__email="sam@gym.test").risk == "moderate"
