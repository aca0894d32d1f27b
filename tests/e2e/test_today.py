"""Today on a 390 px phone: 'I can't train today' is reachable, an empty session is refused, a
partial one is asked about, a double tap saves once, a summary follows, and a hold replaces the
heavy session."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from coaching.core.localtime import local_today
from programs.models import WorkoutLog
from tests.e2e.conftest import logged_in
from tests.e2e.test_logging import plan_today

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_i_cant_train_today_is_on_screen_and_its_hidden_chips_take_no_focus(
    live_server, page, kim, screenshot
):
    plan_today(kim)
    logged_in(page, live_server, kim)

    summary = page.get_by_text("I can't train today")
    expect(summary).to_be_visible()
    box = summary.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    focused = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        focused.add(page.evaluate("document.activeElement.className"))
    assert not any("chip" in name for name in focused)

    summary.click()
    expect(page.get_by_role("button", name="Travel")).to_be_visible()
    screenshot("today-cant-train-open")


def test_the_missed_session_link_lands_on_i_couldnt_train_and_logs_that_days_skip(
    live_server, page, kim, screenshot
):
    workout = plan_today(kim)
    day = local_today(timezone.now(), kim.zone_name) - timedelta(days=3)
    workout.planned_date = day
    workout.save(update_fields=["planned_date"])
    logged_in(page, live_server, kim, f"?missed={day.isoformat()}")

    summary = page.locator("#cant-train summary")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    screenshot("today-missed-link")
    page.get_by_role("button", name="Travel").click()

    expect(page.get_by_role("status")).to_contain_text("Noted", timeout=20000)
    log = WorkoutLog.unscoped.get()
    assert (log.status, log.skip_reason, log.workout_id) == ("skipped", "travel", workout.pk)


def test_finishing_with_no_set_ticked_saves_nothing_and_says_why(live_server, page, kim):
    plan_today(kim)
    logged_in(page, live_server, kim)

    page.get_by_role("button", name="Finish and save").click()

    expect(page.get_by_role("status")).to_contain_text("Nothing is ticked yet")
    page.wait_for_timeout(500)
    assert not WorkoutLog.unscoped.exists()


def test_some_sets_unticked_asks_to_save_as_partial_and_then_shows_the_summary(
    live_server, page, kim, screenshot
):
    plan_today(kim)
    logged_in(page, live_server, kim)
    page.get_by_role("button", name="Done: Barbell Squat set 1").click()

    page.get_by_role("button", name="Finish and save").click()
    expect(
        page.get_by_text("You ticked 1 of 2 sets. Save it as a partial session?")
    ).to_be_focused()
    page.get_by_role("button", name="Save as partial").click()

    expect(page.get_by_role("heading", name="Saved as partial: 1 of 2 sets done")).to_be_visible(
        timeout=20000
    )
    expect(page.get_by_text("It counts as half a session")).to_be_visible()
    assert WorkoutLog.unscoped.get().status == "partial"
    screenshot("today-saved-partial")


def test_a_double_tap_on_finish_saves_one_log_and_a_summary_with_a_new_best(
    live_server, page, kim, screenshot
):
    from tests.triage.test_client_today import log

    log(kim, when=timezone.now() - timedelta(days=5), sets=((5, 75),))
    plan_today(kim)
    logged_in(page, live_server, kim)
    page.get_by_role("button", name="Done: Barbell Squat set 1").click()
    page.get_by_role("button", name="Done: Barbell Squat set 2").click()

    page.get_by_role("button", name="Finish and save").dblclick()

    expect(page.get_by_role("heading", name="Saved: 2 of 2 sets done")).to_be_visible(timeout=20000)
    expect(page.get_by_text("new best estimated one-rep max")).to_be_visible()
    expect(page.get_by_text("What your coach will see")).to_be_visible()
    screenshot("today-saved-summary")
    page.reload()
    page.wait_for_timeout(500)
    assert WorkoutLog.unscoped.filter(workout__isnull=False).count() == 1


def test_after_a_red_flag_today_shows_the_hold_instead_of_the_heavy_session(
    live_server, page, kim, screenshot
):
    plan_today(kim)
    logged_in(page, live_server, kim)
    page.goto(f"{live_server.url}/o/gym/app/check-in/")
    page.get_by_label("Chest pain, pressure or tightness").check()
    for field in ("readiness", "sleep_quality", "mood", "soreness", "fatigue", "stress"):
        page.locator(f"input[name={field}][value='3']").check()
    page.get_by_role("button", name="Send check-in").click()
    expect(page.get_by_role("heading", name="Please read this now")).to_be_visible()

    page.goto(f"{live_server.url}/o/gym/app/")

    expect(
        page.get_by_role("heading", name="Today: rest until your coach has been in touch")
    ).to_be_visible()
    expect(page.get_by_text("Your planned session, Lower body, is paused")).to_be_visible()
    expect(page.locator(".set-row")).to_have_count(0)
    screenshot("today-on-hold")


def test_a_failed_save_keeps_the_attempts_uuid_and_a_retry_saves_it_once(live_server, page, kim):
    plan_today(kim)
    logged_in(page, live_server, kim)
    sent = []

    def fail_first(route, request):
        sent.append(json.loads(request.post_data)["client_uuid"])
        if len(sent) == 1:
            route.fulfill(status=503, body="{}", content_type="application/json")
        else:
            route.continue_()

    page.route("**/workout-logs/", fail_first)
    page.get_by_role("button", name="Done: Barbell Squat set 1").click()
    page.get_by_role("button", name="Done: Barbell Squat set 2").click()
    page.get_by_role("button", name="Finish and save").click()
    expect(page.get_by_role("status")).to_contain_text("Not saved yet", timeout=20000)
    assert not WorkoutLog.unscoped.exists()

    page.get_by_role("button", name="Finish and save").click()

    expect(page.get_by_role("heading", name="Saved: 2 of 2 sets done")).to_be_visible(timeout=20000)
    assert len(sent) == 2 and sent[0] == sent[1]
    assert WorkoutLog.unscoped.get().client_uuid.hex == sent[0].replace("-", "")
