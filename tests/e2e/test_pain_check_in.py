import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, ClientFactory, MembershipFactory, OrganizationFactory
from triage.models import ReviewItem

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_mild_ache_in_the_notes_is_answered_calmly_and_reaches_the_coach_as_yellow(
    live_server, page, screenshot
):
    org = OrganizationFactory(slug="gym", name="Gym")
    coach = MembershipFactory(organization=org, role="coach", user__email="coach@gym.test").user
    ClientFactory(organization=org, coach=coach, user__email="ana@gym.test", user__name="Ana Ruiz")
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill("ana@gym.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.get_by_role("link", name="Check in").click()
    for legend in ("Readiness to train", "Sleep quality", "Mood", "Soreness", "Fatigue", "Stress"):
        page.get_by_role("group", name=re.compile(legend)).get_by_label("3", exact=True).check()
    page.get_by_label("Anything else your coach should know?").fill(
        "knee's a bit achy on the lunges, maybe 2/10 😕"
    )
    page.get_by_role("button", name="Send check-in").click()

    status = page.get_by_role("status").first
    expect(status).to_contain_text("your coach will look at it within a day")
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(page.locator("#main")).to_contain_text("Mild pain in the knee with lunges (2/10)")
    assert "medical" not in page.locator("#main").inner_text().lower()
    screenshot("client-mild-pain-check-in-phone")
    item = ReviewItem.unscoped.get(client__user__email="ana@gym.test")
    assert (item.level, item.reason_kind) == ("yellow", "mild_new_pain")
