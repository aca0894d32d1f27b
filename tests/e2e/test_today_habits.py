"""Today's habits on a 390 px phone: one tap ticks a habit (a ✓ and a word, not colour only),
another unticks it, and the ticks land on the client's local day."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import logged_in
from tests.factories import HabitFactory
from triage.models import HabitCheck

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_client_ticks_a_habit_on_today_with_one_tap(live_server, page, kim, screenshot):
    HabitFactory(client=kim, name="Steps", target="8,000 steps")
    HabitFactory(client=kim, kind="protein", name="Protein", target="120 g")
    logged_in(page, live_server, kim)

    steps = page.get_by_role("button", name="Steps")
    expect(steps).to_have_attribute("aria-pressed", "false")
    expect(steps).to_contain_text("Not yet")
    box = steps.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    steps.click()

    expect(page.locator("#habit-status")).to_contain_text("Steps: done for today.")
    expect(steps).to_have_attribute("aria-pressed", "true")
    expect(steps).to_contain_text("Done")
    screenshot("today-habit-ticked")
    check = HabitCheck.unscoped.get()
    assert (check.habit.name, check.day) == ("Steps", kim.today())


def test_a_second_tap_unticks_the_habit(live_server, page, kim):
    HabitFactory(client=kim, name="Steps")
    logged_in(page, live_server, kim)
    steps = page.get_by_role("button", name="Steps")
    steps.click()
    expect(page.locator("#habit-status")).to_contain_text("done for today")

    steps.click()

    expect(page.locator("#habit-status")).to_contain_text("Steps: marked not done.")
    expect(steps).to_have_attribute("aria-pressed", "false")
    assert not HabitCheck.unscoped.exists()
