"""What Today shows after a red flag (a hold) or pain reported today."""

from datetime import date

from triage.core.today_rules import HOLD_NO_CHECK_IN, CheckInFacts, today_advice

TODAY = date(2026, 3, 9)


def advice(hold=False, check_in=None, workout="Heavy lower"):
    return today_advice(
        automation_hold=hold, latest_check_in=check_in, today=TODAY, workout_name=workout
    )


def test_nothing_reported_leaves_today_as_planned():
    assert advice() is None


def test_a_hold_hides_the_session_and_repeats_the_red_message():
    red = CheckInFacts(TODAY, "red", "Stop training today. Please seek medical care now.")

    shown = advice(hold=True, check_in=red)

    assert shown.show_session is False and shown.urgent
    assert shown.lines[0].startswith("Stop training today")
    assert "Heavy lower" in shown.lines[1] and "paused" in shown.lines[1]


def test_a_hold_from_elsewhere_still_hides_the_session_with_a_plain_reason():
    green = CheckInFacts(TODAY, "green", "Thanks for checking in. Keep going with your plan.")

    shown = advice(hold=True, check_in=green)

    assert shown.show_session is False
    assert shown.lines[0] == HOLD_NO_CHECK_IN


def test_a_hold_without_a_planned_session_names_none():
    shown = advice(hold=True, workout=None)

    assert "Your planned session is paused" in shown.lines[1]


def test_pain_reported_today_keeps_the_session_under_advice_to_train_around_it():
    pain = CheckInFacts(TODAY, "yellow", "Leave out or lighten it.", "knee", 5)

    shown = advice(check_in=pain)

    assert shown.show_session is True and not shown.urgent
    assert "knee" in shown.lines[0]


def test_pain_reported_on_an_earlier_day_does_not_linger_on_today():
    pain = CheckInFacts(date(2026, 3, 7), "yellow", "Leave out or lighten it.", "knee", 5)

    assert advice(check_in=pain) is None


def test_a_pain_area_with_severity_zero_is_no_pain():
    assert advice(check_in=CheckInFacts(TODAY, "green", "Thanks.", "knee", 0)) is None
