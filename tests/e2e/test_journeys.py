"""One business day across three people's browsers: a client on a phone, a coach and an owner on
desktops. Each step asserts what that person reads on the screen."""

import re

import pytest
from playwright.sync_api import expect

from programs.models import Prescription, Recommendation, WorkoutLog
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.world import DESKTOP, PHONE, build_world, log_in
from triage.models import CheckIn, ReviewItem

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def shot(page, name: str) -> None:
    (ARTIFACTS / "journey").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "journey" / f"{name}.png"), full_page=True)


def test_a_client_reports_new_pain_the_coach_answers_first_and_the_owner_reprices_a_tier(
    live_server, open_page
):
    world = build_world()

    # --- The client, on a phone, logs today's session set by set. ---------------------------
    client = open_page(PHONE)
    log_in(client, live_server, "li@ironside.test")
    expect(client.get_by_role("heading", name="Today: Lower body")).to_be_visible()
    squat = client.locator("article.exercise").filter(has_text="Barbell Squat")
    expect(squat).to_contain_text("Target 2 × 5 at 80 kg")
    expect(squat).to_contain_text("last time 5×77.5, 5×77.5")
    client.get_by_role("button", name="Done: Barbell Squat set 1").click()
    client.get_by_label("Reps, Barbell Squat set 2").fill("4")
    client.get_by_label("RPE, Barbell Squat set 2").fill("9.5")
    client.get_by_role("button", name="Done: Barbell Squat set 2").click()
    bench = "Barbell Bench Press - Medium Grip"
    client.get_by_role("button", name=f"Done: {bench} set 1").click()
    client.get_by_role("button", name=f"Done: {bench} set 2").click()
    expect(client.get_by_role("button", name=f"Done: {bench} set 2")).to_have_attribute(
        "aria-pressed", "true"
    )
    client.get_by_label("How hard was the whole session?").fill("9")
    client.get_by_role("button", name="Finish and save").click()
    expect(client.get_by_role("status")).to_contain_text("Saved. Nice work.", timeout=20000)
    log = WorkoutLog.unscoped.get(client=world.li, workout__isnull=False)
    assert log.status == "completed"
    assert sorted((s.exercise.name, s.set_index, s.reps) for s in log.sets.all()) == [
        ("Barbell Bench Press - Medium Grip", 0, 5),
        ("Barbell Bench Press - Medium Grip", 1, 5),
        ("Barbell Squat", 0, 5),
        ("Barbell Squat", 1, 4),
    ]

    # --- ...then checks in, reporting a new, sharp pain in words. ----------------------------
    client.get_by_role("link", name="Check in").click()
    for legend in ("Readiness to train", "Sleep quality", "Mood", "Soreness", "Fatigue", "Stress"):
        client.get_by_role("group", name=re.compile(legend)).get_by_label("3", exact=True).check()
    client.get_by_label("Anything else your coach should know?").fill(
        "Felt a sharp pain in my left knee on the last squat set, it still hurts on the stairs."
    )
    client.get_by_role("button", name="Send check-in").click()
    expect(client.get_by_role("heading", name="Please read this now")).to_be_visible()
    expect(client.get_by_role("alert")).to_contain_text("Please don't train through this pain")
    shot(client, "1-client-red-check-in-phone")
    check_in = CheckIn.unscoped.filter(client=world.li).latest("created_at")
    assert check_in.level == "red"
    # The red flag paused automation: the AI's deload waits on hold for a person.
    world.deload.refresh_from_db()
    assert world.deload.status == "on_hold"

    # --- The coach's queue: the red item first, above an overdue yellow. ----------------------
    coach = open_page(DESKTOP)
    log_in(coach, live_server, "casey@ironside.test")
    expect(coach.get_by_role("heading", name="Review queue")).to_be_visible()
    items = coach.locator(".queue-item")
    expect(items.locator(".queue-head strong")).to_have_text(["Li Wei", "Ana Ruiz", "Ben Okafor"])
    first = items.first
    expect(first).to_contain_text("Red")
    expect(first).to_contain_text("automation paused")
    expect(first).to_contain_text("sharp pain")
    expect(items.nth(1)).to_contain_text("overdue by")
    shot(coach, "2-coach-queue-desktop")

    first.get_by_text("Resolve", exact=True).click()
    first.get_by_label("Reply template").select_option(label="Minor change: Lighter week")
    message = first.get_by_label("Message to Li Wei")
    expect(message).to_have_value(re.compile(r"^Hi Li, your recent sessions"))
    message.press("End")
    message.type(" Skip squats until we talk tonight.")
    first.get_by_role("button", name="Mark resolved").click()
    expect(coach.locator("#main").get_by_role("status").first).to_contain_text("Resolved")
    expect(coach.locator(".queue-item .queue-head strong")).to_have_text(["Ana Ruiz", "Ben Okafor"])
    item = ReviewItem.unscoped.get(client=world.li, level="red")
    assert (item.status, item.resolution, item.resolved_by) == (
        "resolved",
        "minor_change",
        world.coach,
    )

    # --- The client reads the coach's reply. ---------------------------------------------
    client.get_by_role("link", name="History").click()
    reply = client.get_by_role("article").filter(has_text="Casey Coach replied")
    expect(reply).to_contain_text("(minor change)")
    expect(reply).to_contain_text("Hi Li, your recent sessions")
    expect(reply).to_contain_text("Skip squats until we talk tonight.")

    # --- Clearing the red lifted the hold: the coach approves the AI's deload. -----------
    coach.get_by_role("link", name="Changes").click()
    row = coach.get_by_role("row").filter(has_text="Li Wei")
    expect(row).to_contain_text("Deload")
    expect(row).not_to_contain_text("on hold")
    row.get_by_role("link", name="Li Wei").click()
    proposal = coach.get_by_role("region", name=re.compile("^Deload"))
    expect(proposal).to_contain_text("fatigue averaged 4.5 out of 5 in each of the last 2 weeks")
    expect(proposal).to_contain_text("Barbell Squat: 3 → 2 sets")
    shot(coach, "3-coach-client-deload-desktop")
    proposal.get_by_role("button", name="Approve").click()
    expect(coach.get_by_role("status").first).to_contain_text("Recommendation deload: done.")
    expect(coach.get_by_role("region", name="Plan history")).to_contain_text("Approved Deload")
    world.deload.refresh_from_db()
    assert (world.deload.status, world.deload.decided_by) == ("approved", world.coach)
    next_week = Prescription.unscoped.filter(workout__client=world.li, workout__week__index=2)
    assert sorted(next_week.values_list("sets", flat=True)) == [2, 2]

    client.get_by_role("link", name="Plan").click()
    change = client.get_by_role("article").filter(has_text="Deload")
    expect(change).to_contain_text("reviewed by Casey Coach")
    client.get_by_text("Week 2").click()
    expect(client.get_by_text("Barbell Squat: 2 × 5 at 82.5 kg")).to_be_visible()

    # --- The owner raises a tier's price, then reads the business. ------------------------
    owner = open_page(DESKTOP)
    log_in(owner, live_server, "olivia@ironside.test")
    owner.get_by_role("link", name="Tiers").click()
    owner.get_by_role("link", name="Assisted", exact=True).click()
    price = owner.get_by_label("Monthly price")
    expect(price).to_have_value("99.00")
    price.fill("109")
    # The tier has clients: the owner says who pays the new price (here: new clients only).
    owner.get_by_role("radio", name=re.compile("New clients only")).check()
    owner.get_by_role("button", name="Save tier").click()
    expect(owner.get_by_role("status").first).to_contain_text(
        "Tier “Assisted” saved: new clients pay 109 USD. 2 existing clients keep their price"
    )
    assisted = owner.get_by_role("row").filter(has_text="Assisted")
    expect(assisted).to_contain_text("109 USD")
    expect(assisted).to_contain_text("2")  # Li and Ben subscribe to it

    owner.get_by_role("link", name="Business").click()
    figures = owner.get_by_role("region", name="Key figures")
    # Subscribers keep the price they signed up at: 99 + 249 + 99 + 29 + 29.
    expect(
        figures.get_by_role("article").filter(has_text="monthly recurring revenue")
    ).to_contain_text("505 USD")
    expect(figures.get_by_role("article").filter(has_text="active clients")).to_contain_text("5")
    # The one review resolved so far (Li's red) was answered within its hour.
    expect(
        figures.get_by_role("article").filter(has_text="reviews answered in time")
    ).to_contain_text("100%")
    expect(figures.get_by_role("article").filter(has_text="open reviews")).to_contain_text(
        "1 overdue"
    )
    by_tier = owner.get_by_role("region", name="Clients by tier")
    expect(by_tier.get_by_role("row").filter(has_text="Assisted")).to_contain_text("198 USD")
    shot(owner, "4-owner-home-desktop")
    assert Recommendation.unscoped.filter(status="pending_review").count() == 0
