"""The coach's program editor on a phone: swap (from ranked suggestions), add, reorder, and a
note that reaches the client's Today."""

import re

import pytest
from playwright.sync_api import expect

from coaching.models import Intake
from programs.models import PlannedWorkout, Prescription, Program
from tests.factories import PASSWORD, ClientFactory, MembershipFactory, OrganizationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def log_in(page, live_server, email):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def first_session(program):
    workout = PlannedWorkout.unscoped.filter(program=program).order_by("planned_date").first()
    return workout, list(
        Prescription.unscoped.filter(workout=workout).select_related("exercise").order_by("order")
    )


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_coach_edits_the_draft_on_a_phone_and_the_note_reaches_today(
    live_server, page, open_page
):
    org = OrganizationFactory(slug="gym", name="Gym")
    coach = MembershipFactory(
        organization=org, role="coach", user__email="coach@gym.test", user__name="Casey Coach"
    ).user
    client = ClientFactory(
        organization=org, coach=coach, user__email="li@gym.test", user__name="Li Wei"
    )
    Intake.unscoped.create(
        organization=org,
        client=client,
        version=1,
        status="approved",
        goals=["strength", "muscle"],
        training_age_years=2,
        sessions_per_week=3,
        session_minutes=60,
        equipment=["barbell", "dumbbell", "cable", "machine"],
        injuries=[{"area": "shoulder", "current": True, "notes": "impingement"}],
        health_screen={},
        stress_level=2,
        sleep_hours=8,
        risk="moderate",
        experience="intermediate",
        autonomy="medium",
        reviewed_by=coach,
    )

    coach_page = open_page(PHONE)
    log_in(coach_page, live_server, "coach@gym.test")
    coach_page.goto(f"{live_server.url}/o/gym/coach/clients/{client.pk}/")
    coach_page.get_by_role("button", name="Draft a program").click()
    expect(coach_page.get_by_text("A program was drafted")).to_be_visible()
    assert fits_the_screen(coach_page)
    coach_page.get_by_role("link", name="Edit this draft").click()
    expect(coach_page.get_by_role("heading", name=re.compile("^Edit:"))).to_be_visible()
    assert fits_the_screen(coach_page)
    program = Program.unscoped.get(client=client)
    workout, before = first_session(program)
    first, second = before[0], before[1]

    # Swap the first exercise for the best-ranked suggestion, whose reasons are shown.
    card = coach_page.locator(f"#p-{first.pk}")
    card.get_by_role("link", name=f"Swap {first.exercise.name}").click()
    suggestions = coach_page.get_by_label(f"Swap {first.exercise.name} for")
    expect(suggestions.get_by_text("same pattern").first).to_be_visible()
    swap_button = suggestions.get_by_role("button", name=re.compile("^Swap for ")).first
    chosen = swap_button.inner_text().removeprefix("Swap for ")
    suggestions.scroll_into_view_if_needed()
    coach_page.screenshot(path="test-artifacts/coach-editor-swap-phone.png")
    swap_button.click()
    expect(
        coach_page.get_by_role("status").get_by_text(f"Swapped {first.exercise.name} for {chosen}")
    ).to_be_visible()

    # Add an exercise to the session by searching for it.
    coach_page.locator(f"#w-{workout.pk}").get_by_text(f"Add an exercise to {workout.name}").click()
    coach_page.get_by_label(f"Search exercises to add to {workout.name}").fill("dead bug")
    coach_page.locator(f"#w-{workout.pk}").get_by_role("button", name="Find").click()
    coach_page.get_by_role("button", name=re.compile("^Add Dead Bug")).first.click()
    expect(
        coach_page.get_by_role("status").get_by_text(re.compile(r"^Added Dead Bug"))
    ).to_be_visible()

    # Reorder: the second exercise moves up to the top.
    coach_page.get_by_role("button", name=f"Up: move {second.exercise.name} earlier").click()
    expect(
        coach_page.get_by_role("status").get_by_text(f"Moved {second.exercise.name} to place 1")
    ).to_be_visible()

    # A note for the client on the (now first) exercise.
    card = coach_page.locator(f"#p-{second.pk}")
    card.get_by_text("Change numbers and notes").click()
    card.get_by_label("Note to the client").fill("Warm up with 2–3 lighter sets")
    card.get_by_role("button", name="Save").click()
    expect(coach_page.get_by_text("Warm up with 2–3 lighter sets").first).to_be_visible()
    assert fits_the_screen(coach_page)
    card.scroll_into_view_if_needed()
    coach_page.screenshot(path="test-artifacts/coach-editor-phone.png")

    _, after = first_session(program)
    names = [p.exercise.name for p in after]
    assert names[0] == second.exercise.name
    assert chosen in names and first.exercise.name not in names
    assert names[-1].startswith("Dead Bug")

    coach_page.goto(f"{live_server.url}/o/gym/coach/clients/{client.pk}/")
    coach_page.get_by_role("button", name=re.compile("^Approve")).click()
    expect(coach_page.get_by_text("Active plan")).to_be_visible()

    log_in(page, live_server, "li@gym.test")
    today = page.get_by_role("region", name=re.compile(r"^(Today|Next):"))
    exercise = today.locator("article.exercise").first
    expect(exercise.get_by_role("heading", name=second.exercise.name)).to_be_visible()
    expect(exercise.get_by_text("Coach's note: Warm up with 2–3 lighter sets")).to_be_visible()
    exercise.scroll_into_view_if_needed()
    page.screenshot(path="test-artifacts/client-today-coach-note-phone.png")
    page.get_by_role("link", name="Plan").click()
    expect(
        page.get_by_text("Approved with changes")
        .or_(page.get_by_text("reviewed by Casey Coach"))
        .first
    ).to_be_visible()
    expect(page.get_by_text(f"Swapped {first.exercise.name} for {chosen}")).to_be_visible()
