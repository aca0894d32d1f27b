"""The queue's two weeks at a glance: sessions and readiness in, marks and a sentence out (no
database)."""

from datetime import date, timedelta

import pytest

from triage.core.fortnight import (
    BAR_HEIGHT,
    BASELINE,
    DAY_WIDTH,
    READINESS_BOTTOM,
    READINESS_TOP,
    day_state,
    fortnight,
)

TODAY = date(2026, 11, 27)  # a Friday
START = TODAY - timedelta(days=13)


def days_ago(*offsets: int) -> list[date]:
    return [TODAY - timedelta(days=n) for n in offsets]


@pytest.mark.parametrize(
    ("planned", "completed", "is_today", "state"),
    [
        (0, 0, False, "rest"),
        (0, 0, True, "rest"),
        (1, 1, False, "done"),
        (1, 0, False, "missed"),
        (1, 0, True, "due"),
        (2, 1, False, "missed"),
        (2, 1, True, "due"),
        (2, 2, True, "done"),
        (0, 1, False, "done"),  # a session on a rest day still counts as training
        (1, 2, False, "done"),
    ],
)
def test_a_days_mark_follows_its_plan_and_sessions(planned, completed, is_today, state):
    assert day_state(planned, completed, is_today=is_today) == state


@pytest.mark.parametrize(
    ("planned", "completed", "readiness", "summary"),
    [
        # Four a week, then down to two: the drop the coach should see at once.
        (
            days_ago(13, 12, 10, 9, 6, 5, 3, 2),
            days_ago(13, 12, 10, 9, 6, 3),
            [(TODAY - timedelta(days=13), 4), (TODAY - timedelta(days=1), 2)],
            "Last 14 days: 6 of 8 planned sessions done; readiness 4 → 2.",
        ),
        (
            days_ago(5),
            days_ago(5),
            [(TODAY, 3)],
            "Last 14 days: 1 of 1 planned session done; readiness 3.",
        ),
        ([], [], [], "Last 14 days: no sessions planned or done; no check-ins."),
        ([], days_ago(1, 4), [], "Last 14 days: no sessions planned, 2 done; no check-ins."),
        (
            days_ago(3),
            days_ago(3, 2),
            [],
            "Last 14 days: 1 of 1 planned session done, 1 unplanned; no check-ins.",
        ),
        # Today's session is still to do: not counted as planned until it is done.
        (
            days_ago(0, 2),
            days_ago(2),
            [],
            "Last 14 days: 1 of 1 planned session done; no check-ins.",
        ),
        (
            days_ago(0, 2),
            days_ago(0, 2),
            [],
            "Last 14 days: 2 of 2 planned sessions done; no check-ins.",
        ),
        # Outside the window: ignored.
        (
            days_ago(14, 20),
            days_ago(14),
            [(TODAY - timedelta(days=14), 1)],
            "Last 14 days: no sessions planned or done; no check-ins.",
        ),
        # Two sessions on one day, one done.
        (
            days_ago(4, 4),
            days_ago(4),
            [],
            "Last 14 days: 1 of 2 planned sessions done; no check-ins.",
        ),
        # The day's last check-in wins; an unanswered readiness is not a value.
        (
            [],
            [],
            [(TODAY - timedelta(days=6), 1), (TODAY - timedelta(days=6), 3), (TODAY, None)],
            "Last 14 days: no sessions planned or done; readiness 3.",
        ),
    ],
)
def test_the_summary_says_sessions_against_plan_and_readiness_first_to_last(
    planned, completed, readiness, summary
):
    result = fortnight(
        end=TODAY, planned_days=planned, completed_days=completed, readiness=readiness
    )
    assert result.summary == summary


def test_it_has_one_mark_per_day_from_thirteen_days_ago_to_today():
    result = fortnight(end=TODAY, planned_days=[], completed_days=[], readiness=[])
    assert [m.day for m in result.days] == [START + timedelta(days=n) for n in range(14)]
    assert result.start == START
    assert result.view_box == f"0 0 {14 * DAY_WIDTH} 44"


def test_done_bars_rise_from_the_baseline_and_missed_bars_hang_below_it():
    result = fortnight(
        end=TODAY, planned_days=days_ago(13, 12, 0), completed_days=days_ago(13), readiness=[]
    )
    done, missed, *_, due = result.days
    assert (done.state, done.y, done.height) == ("done", BASELINE - BAR_HEIGHT, BAR_HEIGHT)
    assert (missed.state, missed.y, missed.height) == ("missed", BASELINE, BAR_HEIGHT)
    assert (due.state, due.y) == ("due", BASELINE - BAR_HEIGHT)
    assert done.x < missed.x < due.x <= result.width - done.width
    assert (
        missed.label
        == f"{missed.day:%a} {missed.day.day} {missed.day:%b}: missed (1 planned, 0 done)"
    )


def test_rest_days_are_a_flat_tick_on_the_baseline():
    rest = fortnight(end=TODAY, planned_days=[], completed_days=[], readiness=[]).days[0]
    assert rest.state == "rest"
    assert rest.y < BASELINE < rest.y + rest.height
    assert rest.height < BAR_HEIGHT


def test_readiness_five_is_drawn_at_the_top_and_one_at_the_bottom():
    result = fortnight(
        end=TODAY,
        planned_days=[],
        completed_days=[],
        readiness=[(START, 5), (START + timedelta(days=1), 1)],
    )
    top, bottom = result.readiness_points
    assert (top.y, bottom.y) == (READINESS_TOP, READINESS_BOTTOM)
    assert top.x == DAY_WIDTH / 2
    assert result.days[0].label.endswith("; readiness 5")


def test_readiness_is_joined_only_on_consecutive_days():
    result = fortnight(
        end=TODAY,
        planned_days=[],
        completed_days=[],
        readiness=[(d, 3) for d in days_ago(10, 9, 8, 3, 0)],
    )
    assert len(result.readiness_points) == 5
    assert len(result.readiness_lines) == 1  # 10-9-8 joined; 3 and 0 are lone dots
    assert result.readiness_lines[0].count(",") == 3


def test_a_window_of_no_days_is_refused():
    with pytest.raises(ValueError):
        fortnight(end=TODAY, planned_days=[], completed_days=[], readiness=[], days=0)
