"""A coach reads a client's trend charts on a phone and on a desktop."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import (
    PASSWORD,
    ClientFactory,
    MembershipFactory,
    OrganizationFactory,
    build_history,
)
from triage.models import AdherenceScore

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def a_client_with_history():
    org = OrganizationFactory(slug="gym", name="Gym")
    coach = MembershipFactory(organization=org, role="coach", user__email="coach@gym.test").user
    client = ClientFactory(
        organization=org,
        coach=coach,
        user__name="Li Wei",
        created_at=timezone.now() - timedelta(days=400),
    )
    today = timezone.localdate()
    build_history(client, days=90, today=today)
    AdherenceScore.unscoped.bulk_create(
        [
            AdherenceScore(
                organization=org,
                client=client,
                date=today - timedelta(days=n),
                level="yellow" if n == 4 else "green",
                completion_28d=0.5 if n < 5 else 1.0,
                features={
                    "usual_completed_per_14d": 8,
                    "usual_planned_per_14d": 8,
                    "planned_14d": 8,
                    "completed_14d": 4,
                    "completion_swing": 0.05,
                },
            )
            for n in range(1, 60)
        ]
    )
    return client


def open_client_page(browser, live_server, client, width):
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill("coach@gym.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/o/gym/coach/clients/{client.pk}/")
    return page


def test_on_a_360px_phone_the_charts_fit_the_screen_and_show_the_flag(live_server, browser):
    client = a_client_with_history()
    page = open_client_page(browser, live_server, client, 360)

    completion = page.get_by_role("img", name="Completion against the plan", exact=False)
    expect(completion).to_be_visible()
    box = completion.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    expect(page.locator('[data-trend="completion"] .flag-yellow')).to_have_count(1)
    expect(
        page.locator(".trend-summary", has_text="Readiness 4 this week; usual 4 ± 0.5")
    ).to_be_visible()
    page.screenshot(path="test-artifacts/coach-trends-phone.png", full_page=True)


def test_on_a_desktop_completion_and_readiness_sit_side_by_side(live_server, browser):
    client = a_client_with_history()
    page = open_client_page(browser, live_server, client, 1280)

    completion = page.locator('[data-trend="completion"]').bounding_box()
    readiness = page.locator('[data-trend="readiness"]').bounding_box()
    assert completion["y"] == readiness["y"]
    assert readiness["x"] > completion["x"] + completion["width"] - 1
    expect(page.get_by_role("img", name="Back Squat: estimated 1RM", exact=False)).to_be_visible()
    page.screenshot(path="test-artifacts/coach-trends-desktop.png", full_page=True)
