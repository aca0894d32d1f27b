import re

import pytest
from playwright.sync_api import expect

from coaching.models import Invitation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_owner_signs_up_invites_a_coach_who_accepts_and_lands_on_the_coach_home(
    live_server, page, open_page, screenshot, settings
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    page.goto(f"{live_server.url}/signup/")
    page.get_by_label("Your name").fill("Dana Owner")
    page.get_by_label("Email").fill("dana@gym.test")
    page.get_by_label("Password").fill("deadlift-225-kg")
    page.get_by_label("Business name").fill("Dana Barbell Club")
    page.get_by_role("button", name="Create my business").click()

    expect(page).to_have_url(re.compile(r"/o/dana-barbell-club/owner/$"))
    expect(page.get_by_role("heading", name="Dana Barbell Club")).to_be_visible()
    screenshot("owner-home-phone")

    page.get_by_role("link", name="Team").click()
    page.get_by_label("Email").fill("casey@gym.test")
    page.get_by_label("Role").select_option("coach")
    page.get_by_role("button", name="Create invitation").click()
    link = page.get_by_label("Invitation link")
    expect(link).to_be_visible()
    accept_url = link.input_value()
    assert Invitation.unscoped.get(email="casey@gym.test").role == "coach"

    # The coach opens the link in their own browser.
    coach_page = open_page({"width": 390, "height": 844})
    coach_page.goto(accept_url)
    expect(coach_page.get_by_role("heading", name="Join Dana Barbell Club")).to_be_visible()
    coach_page.get_by_label("Your name").fill("Casey Coach")
    coach_page.get_by_label("Choose a password").fill("squat-every-day-9")
    coach_page.get_by_role("button", name="Accept and continue").click()
    expect(coach_page).to_have_url(re.compile(r"/o/dana-barbell-club/coach/$"))

    # Later, the coach logs in again and lands on the same home.
    coach_page.get_by_role("button", name="Log out").click()
    expect(coach_page).to_have_url(re.compile(r"/login/$"))
    coach_page.get_by_label("Email").fill("casey@gym.test")
    coach_page.get_by_label("Password").fill("squat-every-day-9")
    coach_page.get_by_role("button", name="Log in").click()
    expect(coach_page).to_have_url(re.compile(r"/o/dana-barbell-club/coach/$"))
    expect(coach_page.get_by_role("heading", name="Review queue")).to_be_visible()


def test_a_client_without_the_coach_role_sees_403_on_the_coach_page(live_server, page, db):
    from tests.factories import PASSWORD, ClientFactory, OrganizationFactory

    org = OrganizationFactory(slug="gym")
    ClientFactory(organization=org, user__email="c@gym.test")
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill("c@gym.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/o/gym/app/$"))

    response = page.goto(f"{live_server.url}/o/gym/coach/")

    assert response.status == 403
