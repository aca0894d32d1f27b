"""A client and a coach exchange messages on their phones (two browsers): the unread counts in
the navigation change, and each sees the other's message arrive without reloading."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import (
    PASSWORD,
    ClientFactory,
    MembershipFactory,
    OrganizationFactory,
    SubscriptionFactory,
    TierFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def log_in(page, live_server, email):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def messages_link(page):
    return page.get_by_role("navigation", name="Main").get_by_role(
        "link", name=re.compile("^Messages")
    )


def test_a_client_and_a_coach_exchange_messages_on_their_phones(live_server, open_page):
    org = OrganizationFactory(slug="gym", name="Gym")
    coach = MembershipFactory(
        organization=org, role="coach", user__email="coach@gym.test", user__name="Casey Coach"
    ).user
    ana = ClientFactory(
        organization=org, coach=coach, user__email="ana@gym.test", user__name="Ana Ruiz"
    )
    SubscriptionFactory(client=ana, tier=TierFactory(organization=org, name="Hybrid"))

    client_page = open_page(PHONE)
    log_in(client_page, live_server, "ana@gym.test")
    messages_link(client_page).click()
    expect(client_page.get_by_text("Your coach answers within 2 days")).to_be_visible()
    client_page.get_by_label("Message to your coach").fill(
        "Can I swap Friday's session to Saturday?"
    )
    client_page.get_by_role("button", name="Send").click()
    expect(client_page.get_by_role("log")).to_contain_text("swap Friday's session")
    expect(client_page.get_by_label("Message to your coach")).to_have_value("")

    coach_page = open_page(PHONE)
    log_in(coach_page, live_server, "coach@gym.test")
    expect(messages_link(coach_page)).to_contain_text("1")
    messages_link(coach_page).click()
    coach_page.get_by_role("link", name=re.compile("Ana Ruiz")).click()
    expect(coach_page.get_by_role("log")).to_contain_text("swap Friday's session")
    expect(coach_page.get_by_text("Waiting for an answer since")).to_be_visible()
    expect(messages_link(coach_page)).to_have_text("Messages")  # read: the count is gone

    coach_page.get_by_label("Message to Ana Ruiz").fill("Saturday works. Same session, same loads.")
    coach_page.get_by_role("button", name="Send").click()
    expect(coach_page.get_by_role("log")).to_contain_text("Saturday works")

    # Ana's open thread picks the answer up by polling, without a reload.
    expect(client_page.get_by_role("log")).to_contain_text("Saturday works", timeout=15000)
    client_page.screenshot(path="test-artifacts/messages-client-phone.png", full_page=True)
    client_page.get_by_role("link", name="History").click()
    expect(messages_link(client_page)).to_have_text("Messages")

    # A new message while Ana is elsewhere shows as unread in her navigation.
    coach_page.get_by_label("Message to Ana Ruiz").fill("And well done on this week's squats!")
    coach_page.get_by_role("button", name="Send").click()
    expect(coach_page.get_by_role("log")).to_contain_text("well done")
    client_page.reload()
    expect(messages_link(client_page)).to_contain_text("1")
    messages_link(client_page).click()
    expect(client_page.get_by_role("log")).to_contain_text("well done")
    coach_page.screenshot(path="test-artifacts/messages-coach-phone.png", full_page=True)


def test_a_client_whose_plan_has_no_messaging_is_shown_how_to_reach_the_coach(
    live_server, open_page
):
    org = OrganizationFactory(slug="gym", name="Gym")
    coach = MembershipFactory(organization=org, role="coach", user__email="coach@gym.test").user
    ben = ClientFactory(organization=org, coach=coach, user__email="ben@gym.test")
    tier = TierFactory(organization=org, name="Autopilot", service_model="ai_self_guided")
    tier.features = {"messaging": False}
    tier.save(update_fields=["features"])
    SubscriptionFactory(client=ben, tier=tier)

    page = open_page(PHONE)
    log_in(page, live_server, "ben@gym.test")
    messages_link(page).click()

    expect(page.get_by_role("heading", name="How to reach your coach")).to_be_visible()
    expect(page.locator("#main").get_by_role("link", name="Check in")).to_be_visible()
    expect(page.get_by_label("Ask your coach to review your plan")).to_be_visible()
    expect(page.get_by_label("Message to your coach")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
