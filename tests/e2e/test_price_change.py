"""An owner raises a tier's price for new clients only on their phone; the client already on it
reads that they keep their price."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS
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


def test_an_owner_raises_a_price_for_new_clients_only_and_the_client_keeps_theirs(
    live_server, open_page
):
    org = OrganizationFactory(slug="gym", name="Gym")
    MembershipFactory(organization=org, role="owner", user__email="owner@gym.test")
    hybrid = TierFactory(organization=org, name="Hybrid", monthly_price=99)
    ana = ClientFactory(organization=org, user__email="ana@gym.test", user__name="Ana Ruiz")
    SubscriptionFactory(client=ana, tier=hybrid, price_charged=99, status="active")

    owner = open_page(PHONE)
    log_in(owner, live_server, "owner@gym.test")
    owner.goto(f"{live_server.url}/o/gym/owner/tiers/{hybrid.pk}/")
    owner.get_by_label("Monthly price").fill("109")
    owner.get_by_role("button", name="Save tier").click()
    expect(owner.get_by_role("alert")).to_contain_text("choose whether they pay the new price too")
    ARTIFACTS.mkdir(exist_ok=True)
    owner.screenshot(path=str(ARTIFACTS / "price-change-ask-phone.png"), full_page=True)
    owner.get_by_label("New clients only (existing clients keep their price)").check()
    owner.get_by_role("button", name="Save tier").click()
    expect(owner.get_by_text("1 existing client keeps their price")).to_be_visible()

    client = open_page(PHONE)
    log_in(client, live_server, "ana@gym.test")
    client.goto(f"{live_server.url}/o/gym/app/plans/")
    expect(
        client.get_by_text(
            "You are on Hybrid — 99 USD a month (your price; new clients pay 109 USD)."
        )
    ).to_be_visible()
    client.screenshot(path=str(ARTIFACTS / "price-kept-client-phone.png"), full_page=True)
