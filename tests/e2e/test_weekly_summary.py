"""After a client's check-in, the coach reads Spotter's summary of the week beside its draft reply
on their phone, edits the draft and sends it; the client reads it in their messages."""

import pytest
from playwright.sync_api import expect

from tests.conftest import api_client_for
from tests.e2e.conftest import ARTIFACTS
from tests.factories import (
    PASSWORD,
    ClientFactory,
    MembershipFactory,
    OrganizationFactory,
    SubscriptionFactory,
    TierFactory,
)
from triage import queue

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def log_in(page, live_server, email):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_coach_edits_and_sends_the_weekly_reply_and_the_client_reads_it(live_server, open_page):
    org = OrganizationFactory(slug="gym", name="Gym")
    queue.ensure_defaults(org)
    coach = MembershipFactory(
        organization=org, role="coach", user__email="coach@gym.test", user__name="Casey Coach"
    ).user
    ana = ClientFactory(
        organization=org, coach=coach, user__email="ana@gym.test", user__name="Ana Ruiz"
    )
    SubscriptionFactory(client=ana, tier=TierFactory(organization=org, name="Hybrid"))

    checked_in = api_client_for(ana.user).post(
        f"/api/v1/orgs/gym/clients/{ana.pk}/check-ins/",
        {"readiness": 4, "sleep_quality": 4, "soreness": 2, "fatigue": 2, "stress": 2, "mood": 4},
        format="json",
    )
    assert checked_in.status_code == 201

    coach_page = open_page(PHONE)
    log_in(coach_page, live_server, "coach@gym.test")
    weekly = coach_page.locator(".weekly").first
    expect(weekly).to_contain_text("Sessions: 0 done, none planned.")
    draft = weekly.get_by_label("Draft reply to Ana Ruiz")
    assert draft.input_value().startswith("Hi Ana, ")
    ARTIFACTS.mkdir(exist_ok=True)
    coach_page.screenshot(path=str(ARTIFACTS / "weekly-summary-phone.png"), full_page=True)
    draft.fill(draft.input_value() + "\n\nSee you Monday!")
    weekly.get_by_role("button", name="Send reply").click()
    expect(coach_page.locator(".weekly").first).to_contain_text("Reply sent after editing")

    client_page = open_page(PHONE)
    log_in(client_page, live_server, "ana@gym.test")
    client_page.goto(f"{live_server.url}/o/gym/app/messages/")
    expect(client_page.get_by_role("log")).to_contain_text("See you Monday!")

    desk = open_page(DESKTOP)
    log_in(desk, live_server, "coach@gym.test")
    desk.goto(f"{live_server.url}/o/gym/coach/clients/{ana.pk}/")
    expect(desk.locator(".weekly")).to_contain_text("Reply sent after editing")
    desk.screenshot(path=str(ARTIFACTS / "weekly-client-desktop.png"), full_page=True)
