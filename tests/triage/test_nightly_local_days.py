"""The nightly job counts each client's local days: their own zone, else the organization's.

Organizations in Los Angeles and Auckland (both change clocks for DST) and Kolkata (UTC+5:30).
"""

import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from coaching.models import Notification
from coaching.tenancy import tenant_scope
from programs.models import PlannedWorkout, Program, ProgramWeek, WorkoutLog
from tests.factories import ClientFactory, OrganizationFactory
from triage.models import AdherenceScore
from triage.nightly import default_day, load_chunk, score_organization

pytestmark = pytest.mark.django_db

LONG_AGO = datetime(2026, 1, 1, tzinfo=ZoneInfo("UTC"))


def organization(zone):
    return OrganizationFactory(slug=zone.lower().replace("/", "-"), time_zone=zone)


def client_in(org, own_zone=""):
    return ClientFactory(organization=org, created_at=LONG_AGO, time_zone=own_zone)


def plan(client, *days):
    program = Program.unscoped.create(
        organization=client.organization,
        client=client,
        name="Block",
        status="active",
        start_date=min(days) - timedelta(days=7),
    )
    week = ProgramWeek.unscoped.create(organization=client.organization, program=program, index=1)
    for day in days:
        PlannedWorkout.unscoped.create(
            organization=client.organization,
            week=week,
            program=program,
            client=client,
            day_index=day.weekday(),
            planned_date=day,
            name="Lower body",
        )


def log_at(client, wall, zone=None):
    """A session logged at a wall-clock time in a zone (the client's by default)."""
    zone = zone or client.zone_name
    return WorkoutLog.unscoped.create(
        organization=client.organization,
        client=client,
        client_uuid=uuid.uuid4(),
        performed_at=wall.replace(tzinfo=ZoneInfo(zone)),
        status="completed",
    )


def logged_days(client, day):
    with tenant_scope(client.organization):
        frame = load_chunk([client.pk], day)["logs"]
    return sorted(stamp.date() for stamp in frame["performed_date"])


def prompts(client):
    return list(Notification.unscoped.filter(user=client.user).values_list("text", flat=True))


FRIDAY = date(2026, 11, 20)


def run_night_at(org, local_wall, capture_on_commit):
    """The nightly run as the scheduler starts it, at a wall time in the organization's zone,
    with its emails sent."""
    moment = local_wall.replace(tzinfo=ZoneInfo(org.time_zone))
    with time_machine.travel(moment, tick=False), capture_on_commit(execute=True):
        score_organization(org, default_day(org))


def test_a_los_angeles_friday_evening_session_is_not_prompted_as_missed(
    django_capture_on_commit_callbacks,
):
    org = organization("America/Los_Angeles")
    client = client_in(org)
    plan(client, FRIDAY)
    log_at(client, datetime.combine(FRIDAY, time(19, 0)))  # Saturday 03:00 UTC

    # The night runs at 02:05 on Saturday in Los Angeles.
    run_night_at(org, datetime(2026, 11, 21, 2, 5), django_capture_on_commit_callbacks)

    assert default_day(org, datetime(2026, 11, 21, 10, 5, tzinfo=ZoneInfo("UTC"))) == FRIDAY
    assert not any("Friday" in text for text in prompts(client))


def test_a_los_angeles_friday_without_a_session_is_prompted_for_friday(
    django_capture_on_commit_callbacks,
):
    org = organization("America/Los_Angeles")
    client = client_in(org)
    plan(client, FRIDAY)
    log_at(client, datetime.combine(FRIDAY - timedelta(days=1), time(19, 0)))

    run_night_at(org, datetime(2026, 11, 21, 2, 5), django_capture_on_commit_callbacks)

    assert prompts(client) == [
        "No session logged for Friday. What got in the way? One tap tells your coach — no judgement."
    ]


def test_the_los_angeles_friday_session_counts_as_done_in_the_days_score():
    org = organization("America/Los_Angeles")
    client = client_in(org)
    plan(client, FRIDAY)
    log_at(client, datetime.combine(FRIDAY, time(19, 0)))

    score_organization(org, FRIDAY)

    assert AdherenceScore.unscoped.get(client=client, date=FRIDAY).completion_7d == 1.0


# Los Angeles leaves daylight time at 02:00 on Sunday 1 November 2026.
def test_los_angeles_sessions_at_23_30_and_00_30_around_the_dst_change_fall_on_their_own_days():
    org = organization("America/Los_Angeles")
    client = client_in(org)
    log_at(client, datetime(2026, 10, 31, 23, 30))  # PDT: 06:30 UTC on 1 November
    log_at(client, datetime(2026, 11, 1, 0, 30))  # still PDT: 07:30 UTC on 1 November
    log_at(client, datetime(2026, 11, 1, 23, 30))  # PST: 07:30 UTC on 2 November

    assert logged_days(client, date(2026, 11, 2)) == [
        date(2026, 10, 31),
        date(2026, 11, 1),
        date(2026, 11, 1),
    ]


# Auckland enters daylight time at 02:00 on Sunday 27 September 2026 (+12 to +13).
def test_auckland_sessions_at_23_30_and_00_30_around_the_dst_change_fall_on_their_own_days():
    org = organization("Pacific/Auckland")
    client = client_in(org)
    log_at(client, datetime(2026, 9, 26, 23, 30))  # NZST: 11:30 UTC on 26 September
    log_at(client, datetime(2026, 9, 27, 0, 30))  # NZST: 12:30 UTC on 26 September
    log_at(client, datetime(2026, 9, 27, 23, 30))  # NZDT: 10:30 UTC on 27 September

    assert logged_days(client, date(2026, 9, 28)) == [
        date(2026, 9, 26),
        date(2026, 9, 27),
        date(2026, 9, 27),
    ]


def test_kolkata_sessions_half_an_hour_either_side_of_midnight_fall_on_their_own_days():
    org = organization("Asia/Kolkata")
    client = client_in(org)
    log_at(client, datetime(2026, 11, 19, 23, 30))  # 18:00 UTC on the 19th
    log_at(client, datetime(2026, 11, 20, 0, 30))  # 19:00 UTC on the 19th

    assert logged_days(client, FRIDAY) == [date(2026, 11, 19), date(2026, 11, 20)]


def test_an_auckland_evening_session_is_not_missed_on_its_local_day(
    django_capture_on_commit_callbacks,
):
    org = organization("Pacific/Auckland")
    client = client_in(org)
    plan(client, FRIDAY)
    log_at(client, datetime.combine(FRIDAY, time(6, 30)))  # Thursday 17:30 UTC

    run_night_at(org, datetime(2026, 11, 21, 2, 5), django_capture_on_commit_callbacks)

    assert prompts(client) == []


def test_a_client_with_their_own_zone_is_counted_in_it_rather_than_the_organizations():
    org = organization("America/Los_Angeles")
    traveller = client_in(org, own_zone="Asia/Kolkata")
    log_at(traveller, datetime(2026, 11, 20, 0, 30))  # Kolkata: 11:00 on the 19th in Los Angeles

    assert logged_days(traveller, FRIDAY) == [FRIDAY]


def test_a_client_still_living_the_scored_day_is_asked_about_the_day_before_instead(
    django_capture_on_commit_callbacks,
):
    # Auckland's night runs at 02:00 on Saturday: 05:05 on Friday in Los Angeles.
    org = organization("Pacific/Auckland")
    traveller = client_in(org, own_zone="America/Los_Angeles")
    thursday = FRIDAY - timedelta(days=1)
    plan(traveller, thursday, FRIDAY)

    run_night_at(org, datetime(2026, 11, 21, 2, 5), django_capture_on_commit_callbacks)

    assert [text.split(".")[0] for text in prompts(traveller)] == ["No session logged for Thursday"]


def test_a_client_who_joined_after_their_own_scored_day_ended_is_not_scored_for_it():
    # Friday ends at 08:00 UTC on Saturday in Los Angeles, but at 18:30 UTC on Friday in Kolkata.
    org = organization("America/Los_Angeles")
    joined_after = ClientFactory(
        organization=org,
        time_zone="Asia/Kolkata",
        created_at=datetime(2026, 11, 21, 0, 30, tzinfo=ZoneInfo("Asia/Kolkata")),
    )
    joined_before = ClientFactory(
        organization=org,
        time_zone="Asia/Kolkata",
        created_at=datetime(2026, 11, 20, 23, 59, tzinfo=ZoneInfo("Asia/Kolkata")),
    )
    local = ClientFactory(
        organization=org, created_at=datetime(2026, 11, 20, 23, 59, tzinfo=ZoneInfo(org.time_zone))
    )

    score_organization(org, FRIDAY)

    scored = set(AdherenceScore.unscoped.filter(date=FRIDAY).values_list("client_id", flat=True))
    assert scored == {joined_before.pk, local.pk}
    assert joined_after.pk not in scored
