import re

import pytest
from playwright.sync_api import expect

from coaching.models import Client
from tests.factories import PASSWORD, ClientFactory, MembershipFactory, OrganizationFactory
from triage.models import ReviewItem

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, email):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_chest_pain_check_in_reaches_the_coach_who_refers_out_then_releases_the_hold(
    live_server, page, open_page, screenshot
):
    org = OrganizationFactory(slug="gym", name="Gym")
    coach = MembershipFactory(organization=org, role="coach", user__email="coach@gym.test").user
    ClientFactory(organization=org, coach=coach, user__email="ana@gym.test", user__name="Ana Ruiz")

    log_in(page, live_server, "ana@gym.test")
    page.get_by_role("link", name="Check in").click()
    for legend in ("Readiness to train", "Sleep quality", "Mood", "Soreness", "Fatigue", "Stress"):
        page.get_by_role("group", name=re.compile(legend)).get_by_label("3", exact=True).check()
    page.get_by_label("Chest pain, pressure or tightness").check()
    page.get_by_label("Anything else your coach should know?").fill("Tight chest on the stairs")
    page.get_by_role("button", name="Send check-in").click()
    expect(page.get_by_role("alert")).to_contain_text("medical")
    screenshot("client-red-check-in-phone")
    assert Client.unscoped.get(user__email="ana@gym.test").automation_hold

    coach_page = open_page({"width": 1280, "height": 900})
    log_in(coach_page, live_server, "coach@gym.test")
    first = coach_page.locator(".queue-item").first
    expect(first).to_contain_text("Ana Ruiz")
    expect(first).to_contain_text("Red")
    coach_page.screenshot(path="test-artifacts/coach-queue-desktop.png", full_page=True)
    first.get_by_text("Resolve").first.click()
    first.get_by_label("Reply template").select_option(label="Referred out: Please see a doctor")
    expect(first.get_by_label("Message to Ana Ruiz")).to_have_value(re.compile("Hi Ana"))
    first.get_by_role("button", name=re.compile("resolved")).click()
    resolved = coach_page.get_by_role("status").first
    expect(resolved).to_contain_text("Resolved")
    expect(resolved).to_contain_text("Automation stays paused until a coach releases it")

    assert ReviewItem.unscoped.get().resolution == "referred_out"
    assert Client.unscoped.get(user__email="ana@gym.test").automation_hold

    # Her doctor clears her: the coach releases the hold on her page, saying why.
    resolved.get_by_role("link", name="Ana Ruiz's page").click()
    coach_page.get_by_text("Release automation hold").click()
    coach_page.get_by_label("Why can automation resume for Ana Ruiz?").fill(
        "Her GP found nothing wrong with her heart."
    )
    coach_page.get_by_role("button", name="Release hold").click()
    expect(coach_page.get_by_role("status").first).to_contain_text("Automation resumed")
    hold = coach_page.get_by_role("region", name="Automation hold")
    expect(hold).to_contain_text("Her GP found nothing wrong with her heart.")
    assert not Client.unscoped.get(user__email="ana@gym.test").automation_hold
