"""The weekly summary on the coach's pages: beside its draft on the queue and the client's page,
answered in place with htmx (send as is, edit then send, escalate)."""

from datetime import date

import pytest

from messaging.models import Message
from tests.factories import ClientFactory
from triage.models import ReviewItem, WeeklySummary
from triage.views.queue import WEEKLY_SHOWN

pytestmark = pytest.mark.django_db

QUEUE = "/o/northside/coach/"
DRAFT = "Hi Sam, thanks for telling me.\n\nYou got all 4 planned sessions done this week."


def pending_summary(client, *, outlook="steady", week=date(2026, 11, 23)) -> WeeklySummary:
    return WeeklySummary.unscoped.create(
        organization=client.organization,
        client=client,
        week_start=week,
        period_start=date(2026, 11, 22),
        period_end=date(2026, 11, 28),
        outlook=outlook,
        suggested={"steady": "no_change", "watch": "minor_change"}.get(outlook, "escalated"),
        lines=["Sessions: 4 of 4 planned done.", "Pain: none reported."],
        draft=DRAFT,
    )


def answer_url(summary):
    return f"/o/northside/coach/weekly/{summary.pk}/"


@pytest.fixture
def coach_page(client, coach):
    client.force_login(coach)
    return client


def test_the_queue_shows_the_summary_beside_the_draft(coach_page, client_record):
    summary = pending_summary(client_record)

    html = coach_page.get(QUEUE).content.decode()

    assert "Weekly check-ins to answer" in html
    assert f'id="weekly-{summary.pk}"' in html
    assert "Sessions: 4 of 4 planned done." in html
    assert "You got all 4 planned sessions done this week." in html  # the draft, editable
    assert 'class="weekly-sides"' in html
    assert "22 Nov – 28 Nov" in html


def test_the_queue_lists_urgent_weeks_first_and_a_few_at_a_time(coach_page, org, coach):
    clients = [ClientFactory(organization=org, coach=coach) for _ in range(WEEKLY_SHOWN + 1)]
    for client in clients[:-1]:
        pending_summary(client)
    urgent = pending_summary(clients[-1], outlook="urgent")

    response = coach_page.get(QUEUE)

    shown = response.context["weekly_summaries"]
    assert shown[0] == urgent
    assert len(shown) == WEEKLY_SHOWN
    assert response.context["weekly_count"] == WEEKLY_SHOWN + 1
    assert len(coach_page.get(f"{QUEUE}?weekly=all").context["weekly_summaries"]) == 6


def test_my_clients_leaves_out_other_coaches_weeks(coach_page, org):
    pending_summary(ClientFactory(organization=org))

    assert coach_page.get(QUEUE).context["weekly_count"] == 0
    assert coach_page.get(f"{QUEUE}?clients=all").context["weekly_count"] == 1


def test_sending_the_draft_from_the_queue_swaps_in_what_was_sent(coach_page, client_record):
    summary = pending_summary(client_record)

    response = coach_page.post(
        answer_url(summary),
        {"action": "send", "body": DRAFT.replace("\n", "\r\n")},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert "Reply sent as drafted" in response.content.decode()
    summary.refresh_from_db()
    assert (summary.status, summary.edited) == ("sent", False)
    assert Message.unscoped.get().body == DRAFT


def test_an_edited_reply_is_sent_and_recorded_as_edited(coach_page, client_record):
    summary = pending_summary(client_record)

    response = coach_page.post(
        answer_url(summary), {"action": "send", "body": "Lovely week!"}, HTTP_HX_REQUEST="true"
    )

    assert "Reply sent after editing" in response.content.decode()
    summary.refresh_from_db()
    assert (summary.edited, summary.sent_body) == (True, "Lovely week!")


def test_a_blank_reply_keeps_the_form_with_an_error_and_sends_nothing(coach_page, client_record):
    summary = pending_summary(client_record)

    response = coach_page.post(
        answer_url(summary), {"action": "send", "body": "  "}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html and "Reply:" in html
    assert "<textarea" in html
    assert not Message.unscoped.exists()


def test_escalating_from_the_page_flags_the_client(coach_page, coach, client_record):
    summary = pending_summary(client_record, outlook="urgent")

    response = coach_page.post(
        answer_url(summary), {"action": "escalate", "note": "Call today"}, HTTP_HX_REQUEST="true"
    )

    assert "Escalated" in response.content.decode()
    item = ReviewItem.unscoped.get(client=client_record)
    assert (item.level, item.raised_by) == ("red", coach)
    assert not Message.unscoped.exists()


def test_without_htmx_the_answer_returns_to_the_page_it_came_from(coach_page, client_record):
    summary = pending_summary(client_record)
    back = f"/o/northside/coach/clients/{client_record.pk}/"

    response = coach_page.post(answer_url(summary), {"action": "send", "next": back})

    assert response.status_code == 302
    assert response["Location"] == back


def test_an_answer_someone_already_gave_is_a_409_showing_it(coach_page, client_record):
    summary = pending_summary(client_record)
    coach_page.post(answer_url(summary), {"action": "send"}, HTTP_HX_REQUEST="true")

    response = coach_page.post(answer_url(summary), {"action": "escalate"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 409
    assert "Someone already answered" in response.content.decode()
    assert "Reply sent as drafted" in response.content.decode()


def test_the_client_page_shows_the_latest_week_beside_its_draft(coach_page, client_record):
    pending_summary(client_record, week=date(2026, 11, 16))
    latest = pending_summary(client_record)

    html = coach_page.get(f"/o/northside/coach/clients/{client_record.pk}/").content.decode()

    assert f'id="weekly-{latest.pk}"' in html
    assert html.count('class="weekly outlook') == 1
    assert "Pain: none reported." in html


def test_the_queue_runs_as_many_queries_for_many_weeks_as_for_one(
    coach_page, org, coach, django_assert_max_num_queries
):
    pending_summary(ClientFactory(organization=org, coach=coach))
    with django_assert_max_num_queries(60) as one:
        coach_page.get(QUEUE)
    for _ in range(20):
        pending_summary(ClientFactory(organization=org, coach=coach))

    with django_assert_max_num_queries(len(one.captured_queries)):
        response = coach_page.get(f"{QUEUE}?weekly=all")

    assert len(response.context["weekly_summaries"]) == 21
