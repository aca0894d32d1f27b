"""The owner's business page on a 360 px phone and on a desktop, and a coach's flag reaching it."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import (
    PASSWORD,
    ClientFactory,
    MembershipFactory,
    OrganizationFactory,
    SubscriptionFactory,
    TierFactory,
)
from triage.models import ReviewItem

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, email):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_coach_flag_shows_on_the_owners_page_which_fits_a_phone(
    live_server, page, browser, screenshot
):
    org = OrganizationFactory(slug="gym", name="Gym")
    MembershipFactory(organization=org, role="owner", user__email="owner@gym.test")
    coach = MembershipFactory(organization=org, role="coach", user__email="coach@gym.test").user
    tier = TierFactory(organization=org, name="Hybrid")
    ana = ClientFactory(organization=org, coach=coach, user__name="Ana Ruiz")
    SubscriptionFactory(client=ana, tier=tier, status="active", price_charged=79)
    for weeks_ago in range(4):
        ReviewItem.unscoped.create(
            organization=org,
            client=ana,
            level="yellow",
            reason_kind=f"old-{weeks_ago}",
            source="nightly",
            created_at=timezone.now() - timedelta(weeks=weeks_ago, hours=3),
            due_at=timezone.now() - timedelta(weeks=weeks_ago) + timedelta(hours=20),
            status="resolved",
            resolution="no_change",
            resolved_by=coach,
            resolved_at=timezone.now() - timedelta(weeks=weeks_ago),
        )

    coach_page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(coach_page, live_server, "coach@gym.test")
    coach_page.goto(f"{live_server.url}/o/gym/coach/clients/{ana.pk}/")
    coach_page.get_by_text("Flag this client").click()
    coach_page.get_by_label("What did you notice that the software did not?").fill(
        "Sounded exhausted on the call"
    )
    coach_page.get_by_role("button", name="Flag", exact=True).click()
    expect(coach_page.get_by_role("status").first).to_contain_text("Flagged yellow")

    page.set_viewport_size({"width": 360, "height": 800})
    log_in(page, live_server, "owner@gym.test")
    expect(page).to_have_url(re.compile(r"/o/gym/owner/$"))
    expect(page.get_by_text("AI flags confirmed by a coach")).to_be_visible()
    expect(page.get_by_text("1 flagged by coaches, not the AI")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Reviews answered in time"))).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot("owner-business-phone")

    page.get_by_role("button", name="Recalculate now").click()
    expect(page.get_by_text(re.compile("Figures as of"))).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(page.get_by_role("heading", name="Coach load (28 days)")).to_be_visible()
    screenshot("owner-business-desktop")
