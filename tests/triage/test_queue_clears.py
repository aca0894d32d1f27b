"""A nightly yellow whose signal has been quiet for a week leaves the queue by itself; what a
client said, and every red, waits for a person."""

from datetime import timedelta

import pytest
from django.utils import timezone

from coaching.tenancy import tenant_scope
from tests.factories import ClientFactory, ReviewItemFactory
from triage import queue
from triage.core.queue_rules import QUIET_NIGHTS_TO_CLEAR, clears_by_itself
from triage.models import ReviewItem


def item_last_flagged(client, days_ago: float, *, source="nightly", level="yellow", kind="x"):
    now = timezone.now()
    item = ReviewItemFactory(
        organization=client.organization,
        client=client,
        level=level,
        reason_kind=kind,
        reasons=[{"code": kind, "text": "…"}],
        source=source,
        due_at=now,
    )
    # auto_now sets updated_at on save; the last flag is what the test says.
    ReviewItem.unscoped.filter(pk=item.pk).update(updated_at=now - timedelta(days=days_ago))
    return item


def status_after_tonight(client, item) -> str:
    with tenant_scope(client.organization):
        queue.clear_quiet_items([client.pk], timezone.now())
    return ReviewItem.unscoped.get(pk=item.pk).status


@pytest.mark.parametrize(
    ("source", "level", "quiet", "clears"),
    [
        ("nightly", "yellow", QUIET_NIGHTS_TO_CLEAR, True),
        ("nightly", "yellow", QUIET_NIGHTS_TO_CLEAR - 1, False),
        ("nightly", "red", 30, False),
        ("checkin", "yellow", 30, False),
        ("client_request", "yellow", 30, False),
        ("logging", "yellow", 30, False),
        ("message", "red", 30, False),
        ("coach", "yellow", 30, False),
    ],
)
def test_only_a_quiet_nightly_yellow_clears_by_itself(source, level, quiet, clears):
    assert clears_by_itself(source, level, quiet) is clears


def test_a_nightly_yellow_quiet_for_a_week_is_cleared(client_record):
    item = item_last_flagged(client_record, days_ago=QUIET_NIGHTS_TO_CLEAR)

    assert status_after_tonight(client_record, item) == "cleared"


def test_a_nightly_yellow_flagged_three_nights_ago_stays_open(client_record):
    item = item_last_flagged(client_record, days_ago=3)

    assert status_after_tonight(client_record, item) == "open"


def test_a_run_a_few_minutes_early_still_counts_the_seventh_night(client_record):
    item = item_last_flagged(client_record, days_ago=QUIET_NIGHTS_TO_CLEAR - 0.01)

    assert status_after_tonight(client_record, item) == "cleared"


def test_pain_from_a_check_in_waits_for_a_person_however_old(client_record):
    item = item_last_flagged(client_record, days_ago=60, source="checkin", kind="moderate_pain")

    assert status_after_tonight(client_record, item) == "open"


def test_a_red_item_never_clears_by_itself(client_record):
    item = item_last_flagged(client_record, days_ago=60, level="red", kind="inactive")

    assert status_after_tonight(client_record, item) == "open"


def test_a_cleared_item_records_when_and_no_coach(client_record):
    item = item_last_flagged(client_record, days_ago=10)
    status_after_tonight(client_record, item)

    item.refresh_from_db()
    assert (item.resolved_by, item.resolution, item.resolved_at is not None) == (None, "", True)


def test_other_clients_items_are_left_alone(client_record, org, coach):

    other = ClientFactory(organization=org, coach=coach)
    item = item_last_flagged(other, days_ago=30)

    assert status_after_tonight(client_record, item) == "open"
