"""Local days across zones and DST changes (coaching.core.localtime)."""

from datetime import UTC, date, datetime

import pytest

from coaching.core.localtime import (
    day_bounds,
    finished_day,
    finished_days,
    local_day,
    wall_time_to_aware,
    zone_name_for,
)


def test_a_client_zone_wins_over_the_organization_zone():
    assert zone_name_for("Pacific/Auckland", "America/Los_Angeles") == "Pacific/Auckland"


def test_without_a_client_zone_the_organization_zone_counts():
    assert zone_name_for("", "Asia/Kolkata") == "Asia/Kolkata"


def test_an_evening_session_in_los_angeles_stays_on_its_local_day():
    friday_7pm = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)  # Friday 19:00 PST
    assert local_day(friday_7pm, "America/Los_Angeles") == date(2026, 12, 4)


def test_half_hour_offsets_are_respected():
    just_after_midnight_ist = datetime(2026, 6, 1, 18, 45, tzinfo=UTC)  # 00:15 IST on June 2
    assert local_day(just_after_midnight_ist, "Asia/Kolkata") == date(2026, 6, 2)


@pytest.mark.parametrize(
    ("wall", "zone", "utc"),
    [
        # Los Angeles springs forward at 02:00 on 2026-03-08: 02:30 does not exist.
        (datetime(2026, 3, 8, 2, 30), "America/Los_Angeles", datetime(2026, 3, 8, 10, 30)),
        # 00:30 that night is still PST (UTC-8).
        (datetime(2026, 3, 8, 0, 30), "America/Los_Angeles", datetime(2026, 3, 8, 8, 30)),
        # 23:30 the evening before the change.
        (datetime(2026, 3, 7, 23, 30), "America/Los_Angeles", datetime(2026, 3, 8, 7, 30)),
        # Auckland falls back at 03:00 on 2026-04-05: 02:30 happens twice, the first is NZDT.
        (datetime(2026, 4, 5, 2, 30), "Pacific/Auckland", datetime(2026, 4, 4, 13, 30)),
        (datetime(2026, 4, 5, 0, 30), "Pacific/Auckland", datetime(2026, 4, 4, 11, 30)),
    ],
)
def test_wall_times_become_instants_across_dst_changes(wall, zone, utc):
    assert wall_time_to_aware(wall, zone).astimezone(UTC).replace(tzinfo=None) == utc


def test_a_day_with_a_dst_change_is_23_hours_long_in_spring():
    start, end = day_bounds(date(2026, 3, 8), "America/Los_Angeles")
    assert (end - start).total_seconds() == 23 * 3600


def test_a_day_with_a_dst_change_is_25_hours_long_in_autumn():
    start, end = day_bounds(date(2026, 4, 5), "Pacific/Auckland")
    assert (end - start).total_seconds() == 25 * 3600


def test_a_naive_instant_is_refused():
    with pytest.raises(ValueError):
        local_day(datetime(2026, 1, 1, 12, 0), "UTC")


@pytest.mark.parametrize(
    ("now_utc", "zone", "finished"),
    [
        # 02:05 on Saturday in Los Angeles: Friday has ended.
        (datetime(2026, 11, 21, 10, 5), "America/Los_Angeles", date(2026, 11, 20)),
        # The same moment is 15:35 on Saturday in Kolkata.
        (datetime(2026, 11, 21, 10, 5), "Asia/Kolkata", date(2026, 11, 20)),
        # 13:05 UTC on Friday is 05:05 on Friday in Los Angeles: only Thursday has ended.
        (datetime(2026, 11, 20, 13, 5), "America/Los_Angeles", date(2026, 11, 19)),
        # ... and 02:05 on Saturday in Auckland.
        (datetime(2026, 11, 20, 13, 5), "Pacific/Auckland", date(2026, 11, 20)),
    ],
)
def test_the_finished_day_is_the_scored_day_unless_the_zone_is_still_living_it(
    now_utc, zone, finished
):
    now = now_utc.replace(tzinfo=UTC)
    assert finished_day(date(2026, 11, 20), now, zone) == finished


def test_finished_days_give_each_client_the_finished_day_of_their_own_zone_and_day():
    now = datetime(2026, 11, 20, 13, 5, tzinfo=UTC)  # Saturday 02:05 in Auckland, Friday in LA
    days = {
        1: date(2026, 11, 20),
        2: date(2026, 11, 20),
        3: date(2026, 11, 19),
        4: date(2026, 11, 20),
    }
    zones = {1: "Pacific/Auckland", 2: "America/Los_Angeles", 3: "America/Los_Angeles", 4: "UTC"}

    assert finished_days(days, zones, now) == {
        key: finished_day(days[key], now, zones[key]) for key in days
    }
    assert [finished_days(days, zones, now)[key] for key in days] == [
        date(2026, 11, 20),
        date(2026, 11, 19),
        date(2026, 11, 19),
        date(2026, 11, 19),
    ]
