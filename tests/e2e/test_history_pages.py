"""History, an exercise and the plan on a 390 px phone: every session opens, the plan is this
week first and short."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from programs.models import Exercise, Prescription
from tests.e2e.conftest import logged_in
from tests.triage.test_client_today import log, plan, today_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_client_opens_a_past_session_and_an_exercises_bests_on_a_phone(
    live_server,
    page,
    kim,
    screenshot,
):
    for days, load in ((40, 90), (30, 95), (20, 100), (10, 102.5), (3, 105)):
        log(kim, when=timezone.now() - timedelta(days=days), sets=((5, load), (5, load), (4, load)))
    imported = log(kim, when=timezone.now() - timedelta(days=15), sets=((8, 80),))
    imported.source, imported.name = "hevy", "Leg day"
    imported.save(update_fields=["source", "name"])
    logged_in(page, live_server, kim, "history/")
    screenshot("client-history-phone")

    page.get_by_role("link", name="Leg day").click()
    expect(page.get_by_role("heading", name="Sets")).to_be_visible()
    expect(page.get_by_text("imported from Hevy")).to_be_visible()
    page.get_by_role("link", name="Barbell Squat").click()

    expect(page.get_by_role("heading", name="Personal bests")).to_be_visible()
    expect(page.locator("svg.trend-svg polyline")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("client-exercise-phone")


def test_a_fourteen_week_plan_is_this_week_first_and_short_on_a_phone(
    live_server,
    page,
    kim,
    screenshot,
):
    today = today_of(kim)
    moves = list(Exercise.unscoped.filter(organization__isnull=True).order_by("id")[:4])
    for week in range(-4, 10):
        for day in (0, 2, 4):
            workout = plan(kim, today + timedelta(weeks=week, days=day - today.weekday()))
            for order, move in enumerate(moves, start=1):
                Prescription.unscoped.create(
                    organization=kim.organization,
                    workout=workout,
                    exercise=move,
                    order=order,
                    sets=3,
                    reps_min=8,
                    reps_max=12,
                    target_rpe=8,
                )
    logged_in(page, live_server, kim, "plan/")

    expect(page.get_by_role("heading", name="This week")).to_be_visible()
    expect(page.get_by_text("Barbell Squat: 3 × 5 at 100 kg").first).to_be_visible()
    height = page.evaluate("document.documentElement.scrollHeight")
    screenshot("client-plan-phone")
    assert height < 4000, height
    print(f"plan page height on a 390 px phone: {height} px")
