"""The owner's figure for weekly check-in drafts: sent as drafted, edited, or escalated."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from reporting.core.rules import weekly_replies
from tests.factories import ClientFactory
from triage.models import WeeklySummary


def test_the_edited_rate_is_the_share_of_sent_replies_a_coach_edited():
    figure = weekly_replies(sent_unedited=6, sent_edited=2, escalated=2)

    assert figure == {
        "answered": 10,
        "sent_unedited": 6,
        "sent_edited": 2,
        "escalated": 2,
        "edited_rate": 0.25,
        "override_rate": 0.4,
    }


def test_with_nothing_answered_the_rates_are_unknown_not_zero():
    figure = weekly_replies(0, 0, 0)

    assert (figure["edited_rate"], figure["override_rate"]) == (None, None)


def test_escalations_alone_are_all_overrides_and_no_sent_reply_was_edited():
    figure = weekly_replies(0, 0, 3)

    assert (figure["edited_rate"], figure["override_rate"]) == (None, 1.0)


def answered(org, *, status, edited=None, days_ago=1, week=0):
    client = ClientFactory(organization=org)
    return WeeklySummary.unscoped.create(
        organization=org,
        client=client,
        week_start=date(2026, 11, 23) - timedelta(weeks=week),
        period_start=date(2026, 11, 22),
        period_end=date(2026, 11, 28),
        outlook="steady",
        suggested="no_change",
        draft="Hi.",
        status=status,
        edited=edited,
        decided_at=timezone.now() - timedelta(days=days_ago),
    )


@pytest.mark.django_db
def test_the_owner_reads_how_often_coaches_edit_the_drafts_in_the_last_28_days(
    api, client, org, owner
):
    answered(org, status="sent", edited=False)
    answered(org, status="sent", edited=False)
    answered(org, status="sent", edited=True)
    answered(org, status="escalated")
    answered(org, status="sent", edited=True, days_ago=40)  # before the window
    answered(org, status="pending")

    body = api(owner).get(f"/api/v1/orgs/{org.slug}/metrics/").json()

    assert body["weekly_replies"] == {
        "answered": 4,
        "sent_unedited": 2,
        "sent_edited": 1,
        "escalated": 1,
        "edited_rate": 0.3333,
        "override_rate": 0.5,
    }
    assert body["override_rate"]["decided"] == 0  # AI recommendations: its meaning is unchanged
    client.force_login(owner)
    html = client.get(f"/o/{org.slug}/owner/").content.decode()
    assert "weekly replies coaches edited before sending" in html
    assert "2 sent as drafted, 1 edited; 1 escalated instead" in html
