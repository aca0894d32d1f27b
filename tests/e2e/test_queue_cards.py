"""A coach triages on a 390 px phone: one card per client with all their reasons, resolved
together from the card, and the automation hold's own button."""

import re
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from playwright.sync_api import expect

from coaching.models import Client, Intake
from coaching.tenancy import tenant_scope
from tests.e2e.conftest import ARTIFACTS
from tests.factories import PASSWORD, ClientFactory, MembershipFactory, OrganizationFactory
from triage import queue
from triage.checkins import submit_check_in
from triage.models import AutomationHold, ReviewItem

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE_390 = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
CALM = {"readiness": 3, "sleep_quality": 3, "soreness": 3, "fatigue": 3, "stress": 3, "mood": 3}


def log_in(page, live_server, email):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/login/" not in url)


def nightly_item(client, kind, text, due_in_hours):
    now = timezone.now()
    return ReviewItem.unscoped.create(
        organization=client.organization,
        client=client,
        level="yellow",
        reason_kind=kind,
        reasons=[{"code": kind, "text": text}],
        source="nightly",
        created_at=now - timedelta(hours=20),
        due_at=now + timedelta(hours=due_in_hours),
        assigned_to=client.coach,
    )


def business():
    """Ana: chest pain, then 'ask my coach', and a nightly yellow; Ben: on hold with a yellow;
    Cara: a yellow due soon; Dan: an intake to review."""
    org = OrganizationFactory(slug="gym", name="Gym")
    coach = MembershipFactory(
        organization=org, role="coach", user__email="coach@gym.test", user__name="Casey Coach"
    ).user
    people = {
        name.split()[0].lower(): ClientFactory(
            organization=org,
            coach=coach,
            user__email=f"{name.split()[0].lower()}@gym.test",
            user__name=name,
        )
        for name in ("Ana Ruiz", "Ben Okafor", "Cara Diaz", "Dan Wu")
    }
    ana, ben, cara = people["ana"], people["ben"], people["cara"]
    nightly_item(ana, "adherence_drop", "Completed 3 of 8 planned sessions; usual is 7.", 4)
    with transaction.atomic(), tenant_scope(org):
        submit_check_in(ana, {**CALM, "symptoms": ["chest_pain"]}, by=ana.user)
        submit_check_in(
            ana,
            {**CALM, "wants_human_review": True, "notes": "Should I train on Saturday?"},
            by=ana.user,
        )
        queue.place_hold(ben, reason="Coach flag: dizzy on the phone")
    nightly_item(ben, "missed_sessions", "Missed the last 4 planned sessions.", 10)
    nightly_item(cara, "recovery_decline", "Readiness down from 4 to 2 over three weeks.", 2)
    Intake.unscoped.create(
        organization=org,
        client=people["dan"],
        version=1,
        status="submitted",
        risk="moderate",
        issues=[{"code": "sleep", "text": "Sleeps under six hours."}],
        submitted_at=timezone.now() - timedelta(hours=3),
    )
    return coach, people


def test_a_coach_on_a_phone_sees_one_card_per_client_and_resolves_a_card_at_once(
    live_server, open_page
):
    coach, people = business()
    page = open_page(PHONE_390)
    log_in(page, live_server, "coach@gym.test")

    cards = page.locator(".queue-item")
    expect(cards.locator(".queue-head strong")).to_have_text(
        ["Ana Ruiz", "Cara Diaz", "Ben Okafor"]
    )
    ana = cards.first
    expect(ana.locator(".queue-head")).to_contain_text("Red")
    expect(ana.locator(".reasons > li")).to_have_count(3)
    expect(ana.locator(".reasons > li").first).to_contain_text("chest pain")
    expect(ana).to_contain_text("The client asked for a person")
    expect(ana).to_contain_text("Completed 3 of 8 planned sessions")
    # Intakes to review sit above the cards, not at the bottom of a long page.
    intakes = page.get_by_role("region", name=re.compile("Intakes to review"))
    expect(intakes).to_contain_text("Dan Wu")
    assert intakes.bounding_box()["y"] < ana.bounding_box()["y"] < 844
    assert page.evaluate(OVERFLOW) <= 0
    page.screenshot(path=str(ARTIFACTS / "queue-cards-phone-390.png"), full_page=True)

    ana.get_by_text("Resolve (3 items)").click()
    checks = ana.get_by_role("group", name="Items to resolve").get_by_role("checkbox")
    expect(checks).to_have_count(3)
    for box in checks.all():
        expect(box).to_be_checked()
    ana.get_by_label("Reply template").select_option(label="Referred out: Please see a doctor")
    expect(ana.get_by_label("Message to Ana Ruiz")).to_have_value(re.compile("^Hi Ana"))
    assert page.evaluate(OVERFLOW) <= 0
    page.screenshot(path=str(ARTIFACTS / "queue-card-resolving-phone-390.png"), full_page=True)
    ana.get_by_role("button", name="Mark selected resolved").click()

    done = page.locator(f"#client-{people['ana'].pk}")
    expect(done).to_have_attribute("role", "status")
    expect(done).to_contain_text("Resolved 3 items for Ana Ruiz: referred out.")
    expect(done).to_contain_text("Automation stays paused until a coach releases it.")
    items = ReviewItem.unscoped.filter(client=people["ana"])
    assert {(i.status, i.resolution) for i in items} == {("resolved", "referred_out")}
    assert Client.unscoped.get(pk=people["ana"].pk).automation_hold

    # Back on the queue, Ana waits among the paused clients until a coach releases her.
    page.reload()
    paused = page.get_by_role("region", name=re.compile("Automation paused"))
    expect(paused).to_contain_text("Ana Ruiz")
    expect(paused).to_contain_text("escalated or referred out")


def test_a_coach_on_a_phone_resolves_one_item_of_a_card_and_keeps_the_rest(live_server, open_page):
    coach, people = business()
    page = open_page(PHONE_390)
    log_in(page, live_server, "coach@gym.test")
    ana = page.locator(f"#client-{people['ana'].pk}")

    ana.get_by_text("Resolve (3 items)").click()
    group = ana.get_by_role("group", name="Items to resolve")
    group.get_by_role("checkbox", name=re.compile("chest pain")).uncheck()
    group.get_by_role("checkbox", name=re.compile("asked for a person")).uncheck()
    ana.get_by_label("Resolution").select_option(label="No change needed")
    ana.get_by_role("button", name="Mark selected resolved").click()

    expect(ana.get_by_role("status")).to_contain_text("Resolved 1 item for Ana Ruiz")
    expect(ana.locator(".reasons > li")).to_have_count(2)
    expect(ana).not_to_contain_text("Completed 3 of 8 planned sessions")
    assert ReviewItem.unscoped.filter(client=people["ana"], status="open").count() == 2


def test_the_hold_button_on_a_card_releases_the_hold_with_the_coachs_note(live_server, open_page):
    coach, people = business()
    page = open_page(PHONE_390)
    log_in(page, live_server, "coach@gym.test")
    ben = page.locator(f"#client-{people['ben'].pk}")
    expect(ben).to_contain_text("automation paused")

    ben.get_by_text("Release automation hold").click()
    ben.get_by_label("Why can automation resume for Ben Okafor?").fill(
        "Called him: the dizziness was a skipped lunch."
    )
    ben.get_by_role("button", name="Release hold").click()

    expect(page.get_by_role("status").first).to_contain_text("Automation resumed for Ben Okafor")
    expect(page.locator(f"#client-{people['ben'].pk}")).not_to_contain_text("automation paused")
    assert page.evaluate(OVERFLOW) <= 0
    hold = AutomationHold.unscoped.get(client=people["ben"])
    assert (hold.released_by, hold.release_note) == (
        coach,
        "Called him: the dizziness was a skipped lunch.",
    )


def test_the_queue_reads_well_on_a_desktop_too(live_server, open_page):
    business()
    page = open_page(DESKTOP)
    log_in(page, live_server, "coach@gym.test")

    expect(page.locator(".queue-item")).to_have_count(3)
    page.screenshot(path=str(ARTIFACTS / "queue-cards-desktop-1280.png"), full_page=True)
