import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, ClientFactory, MembershipFactory, OrganizationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, email):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_an_owner_creates_a_tier_from_a_preset_and_a_client_sees_it_on_the_menu(
    live_server, page, open_page, screenshot
):
    org = OrganizationFactory(slug="iron", name="Iron Club")
    MembershipFactory(organization=org, role="owner", user__email="owner@iron.test")
    ClientFactory(organization=org, user__email="client@iron.test")

    log_in(page, live_server, "owner@iron.test")
    page.get_by_role("link", name="Tiers").click()
    page.get_by_role("link", name=re.compile("AI-first with escalation")).click()
    page.get_by_label("Name").fill("Autopilot")
    page.get_by_label("Monthly price").fill("55")
    page.get_by_role("button", name="Save tier").click()
    expect(page.get_by_role("link", name="Autopilot")).to_be_visible()
    screenshot("owner-tiers-phone")

    client_page = open_page({"width": 360, "height": 800})
    log_in(client_page, live_server, "client@iron.test")
    client_page.get_by_role("link", name="Membership").click()
    card = client_page.get_by_role("article").filter(has_text="Autopilot")
    expect(card).to_contain_text("55 USD")
    expect(card).to_contain_text("Monitors you daily")
    expect(card).to_contain_text("on every plan")
    card.get_by_role(
        "button", name=re.compile(r"^(Choose|Switch to) this plan\W+Autopilot$")
    ).click()
    expect(client_page.get_by_text("You are on")).to_contain_text("Autopilot")
    client_page.screenshot(path="test-artifacts/client-plans-phone.png", full_page=True)
