"""The weekly summary after a check-in, and the coach's answer: send as is, edit then send, or
escalate. The brief's three scenarios run through the real check-in API."""

from datetime import timedelta

import pytest
from django.utils import timezone

from coaching.core.localtime import local_today
from messaging.models import Message
from tests.factories import (
    ClientFactory,
    HabitCheckFactory,
    HabitFactory,
    MembershipFactory,
    build_history,
)
from triage import queue
from triage.models import ReviewItem, WeeklySummary

pytestmark = pytest.mark.django_db

CALM = {"readiness": 4, "sleep_quality": 4, "soreness": 2, "fatigue": 2, "stress": 2, "mood": 4}


@pytest.fixture
def templates(org):
    queue.ensure_defaults(org)


def check_in(api, org, client, **answers):
    response = api(client.user).post(
        f"/api/v1/orgs/{org.slug}/clients/{client.pk}/check-ins/",
        {**CALM, **answers},
        format="json",
    )
    assert response.status_code == 201, response.content
    return response


def today_of(client):
    return local_today(timezone.now(), client.zone_name)


def steady_history(client, **overrides):
    today = today_of(client)
    build_history(
        client,
        days=42,
        today=today,
        planned_weekdays=(0, 1, 3, 4),
        e1rm=lambda day: 100.0 + (42 - (today - day).days) * 0.5,  # rising: this week is a best
        **overrides,
    )
    return today


def the_summary(client) -> WeeklySummary:
    return WeeklySummary.unscoped.get(client=client)


def test_the_steady_client_gets_a_steady_summary_and_a_no_change_draft(
    api, org, client_record, templates
):
    steady_history(client_record)

    check_in(api, org, client_record)

    summary = the_summary(client_record)
    assert (summary.outlook, summary.suggested, summary.status) == (
        "steady",
        "no_change",
        "pending",
    )
    assert summary.lines[0].startswith("Sessions: 4 of 4 planned done")
    assert "new best" in summary.lines[1]
    assert summary.draft.startswith(f"Hi {client_record.user.display_name.split()[0]}, ")
    assert "your plan stays as it is" in summary.draft


def test_the_dropping_client_gets_a_watch_summary_and_a_minor_change_draft(
    api, org, client_record, templates
):
    today = today_of(client_record)
    steady_history(
        client_record,
        completed=lambda day: (today - day).days > 6 or day.weekday() == 0,
    )

    check_in(api, org, client_record, readiness=3)

    summary = the_summary(client_record)
    assert (summary.outlook, summary.suggested) == ("watch", "minor_change")
    assert "down from about 4 a week" in summary.lines[0]
    assert "No judgement — what made it hard?" in summary.draft


def test_the_pain_client_gets_an_urgent_summary_and_an_escalation_draft(
    api, org, client_record, templates
):
    steady_history(client_record)

    response = check_in(api, org, client_record, pain={"area": "knee", "severity": 8, "new": True})

    assert response.json()["level"] == "red"
    summary = the_summary(client_record)
    assert (summary.outlook, summary.suggested) == ("urgent", "escalated")
    assert "Pain: knee 8/10 (new)." in summary.lines
    assert any(line.startswith("Flagged: ") and "(red)" in line for line in summary.lines)
    assert "I'd like to talk this through" in summary.draft
    assert "new best" not in summary.draft


def test_a_second_check_in_the_same_week_rewrites_the_waiting_summary(
    api, org, client_record, templates
):
    check_in(api, org, client_record)
    check_in(api, org, client_record, pain={"area": "elbow", "severity": 3})

    summary = the_summary(client_record)
    assert "Pain: elbow 3/10." in summary.lines
    assert WeeklySummary.unscoped.count() == 1


def test_a_week_a_coach_answered_keeps_its_answer_after_another_check_in(
    api, org, coach, client_record, templates
):
    check_in(api, org, client_record)
    summary = the_summary(client_record)
    api(coach).post(send_url(org, summary), {}, format="json")

    check_in(api, org, client_record, pain={"area": "elbow", "severity": 3})

    summary.refresh_from_db()
    assert summary.status == "sent"
    assert "Pain: none reported." in summary.lines


def send_url(org, summary):
    return f"/api/v1/orgs/{org.slug}/weekly-summaries/{summary.pk}/send/"


def escalate_url(org, summary):
    return f"/api/v1/orgs/{org.slug}/weekly-summaries/{summary.pk}/escalate/"


@pytest.fixture
def summary(api, org, client_record, templates):
    check_in(api, org, client_record)
    return the_summary(client_record)


def test_sending_the_draft_as_is_posts_it_into_the_thread_and_records_it_unedited(
    api, org, coach, client_record, summary
):
    response = api(coach).post(send_url(org, summary), {}, format="json")

    assert response.status_code == 200
    assert response.json()["status"] == "sent"
    assert response.json()["edited"] is False
    message = Message.unscoped.get()
    assert message.body == summary.draft.strip()
    assert (message.author, message.source, message.source_id) == (
        coach,
        "weekly_reply",
        summary.pk,
    )


def test_sending_an_edited_reply_posts_the_edit_and_records_it_edited(
    api, org, coach, client_record, summary
):
    response = api(coach).post(
        send_url(org, summary), {"body": "Great week, Sam. Same again!"}, format="json"
    )

    assert response.json()["edited"] is True
    assert Message.unscoped.get().body == "Great week, Sam. Same again!"
    assert the_summary(client_record).sent_body == "Great week, Sam. Same again!"


def test_the_draft_sent_back_unchanged_with_browser_line_breaks_is_not_an_edit(
    api, org, coach, client_record, summary
):
    body = summary.draft.replace("\n", "\r\n") + "\r\n"

    response = api(coach).post(send_url(org, summary), {"body": body}, format="json")

    assert response.json()["edited"] is False


def test_a_blank_reply_is_a_400_naming_the_body_and_nothing_is_sent(
    api, org, coach, client_record, summary
):
    response = api(coach).post(send_url(org, summary), {"body": "   "}, format="json")

    assert response.status_code == 400
    assert "body" in response.json()
    assert not Message.unscoped.exists()
    assert the_summary(client_record).status == "pending"


def test_answering_twice_is_409_and_sends_one_message(api, org, coach, client_record, summary):
    api(coach).post(send_url(org, summary), {}, format="json")

    again = api(coach).post(send_url(org, summary), {"body": "Another"}, format="json")
    escalated = api(coach).post(escalate_url(org, summary), {}, format="json")

    assert (again.status_code, escalated.status_code) == (409, 409)
    assert Message.unscoped.count() == 1


def test_escalating_sends_nothing_and_puts_the_week_in_the_review_queue(
    api, org, coach, client_record, summary
):
    response = api(coach).post(
        escalate_url(org, summary), {"note": "Wants to talk about work"}, format="json"
    )

    assert response.json()["status"] == "escalated"
    assert not Message.unscoped.exists()
    item = ReviewItem.unscoped.get(client=client_record, status="open")
    assert (item.source, item.level, item.raised_by) == ("coach", "yellow", coach)
    assert "weekly check-in escalated: Wants to talk about work" in item.reasons[0]["text"]


def test_the_list_shows_pending_summaries_urgent_first(api, org, coach, client_record, templates):
    calm = client_record
    hurting = ClientFactory(organization=org, coach=coach)
    check_in(api, org, calm)
    check_in(api, org, hurting, pain={"area": "knee", "severity": 8, "new": True})

    results = api(coach).get(f"/api/v1/orgs/{org.slug}/weekly-summaries/").json()["results"]

    assert [r["client"] for r in results] == [hurting.pk, calm.pk]
    assert results[0]["summary"].startswith("Sessions: ")
    assert results[0]["draft"]


def test_the_list_filters_by_client_and_status(api, org, coach, client_record, summary):
    other = ClientFactory(organization=org)
    check_in(api, org, other)
    api(coach).post(send_url(org, summary), {}, format="json")
    base = f"/api/v1/orgs/{org.slug}/weekly-summaries/"

    pending = api(coach).get(base).json()["results"]
    sent = api(coach).get(f"{base}?status=sent&client={client_record.pk}").json()["results"]
    mine = api(coach).get(f"{base}?clients=mine").json()["results"]

    assert [r["client"] for r in pending] == [other.pk]
    assert [r["id"] for r in sent] == [summary.pk]
    assert mine == []  # the other client is not the coach's; this coach's was answered


@pytest.mark.parametrize("query", ["status=maybe", "clients=some", "client=abc"])
def test_a_bad_filter_is_a_400_naming_it(api, org, coach, query):
    response = api(coach).get(f"/api/v1/orgs/{org.slug}/weekly-summaries/?{query}")

    assert response.status_code == 400
    assert query.split("=")[0] in response.json()


def test_a_client_may_not_read_or_send_summaries(api, org, client_record, summary):
    caller = api(client_record.user)

    assert caller.get(f"/api/v1/orgs/{org.slug}/weekly-summaries/").status_code == 403
    assert caller.post(send_url(org, summary), {}, format="json").status_code == 403


def test_another_organizations_summary_is_a_404(api, other_org, summary):
    outsider_coach = MembershipFactory(organization=other_org, role="coach").user

    response = api(outsider_coach).post(
        f"/api/v1/orgs/{other_org.slug}/weekly-summaries/{summary.pk}/send/", {}, format="json"
    )

    assert response.status_code == 404
    assert the_summary(summary.client).status == "pending"


def test_the_week_is_the_seven_local_days_ending_on_the_check_in(api, org, client_record, summary):
    today = today_of(client_record)
    assert summary.period_end == today
    assert summary.period_start == today - timedelta(days=6)
    assert summary.week_start == today - timedelta(days=today.weekday())


def test_the_summary_counts_each_habits_days_done_in_the_week(api, org, client_record, templates):

    today = steady_history(client_record)
    steps = HabitFactory(client=client_record, created_at=timezone.now() - timedelta(days=30))
    for n in range(5):
        HabitCheckFactory(habit=steps, day=today - timedelta(days=n))

    check_in(api, org, client_record)

    assert "Habits: Steps 5 of 7." in the_summary(client_record).lines


def test_a_client_without_habits_has_no_habits_line(api, org, client_record, templates):
    steady_history(client_record)

    check_in(api, org, client_record)

    assert not any(line.startswith("Habits") for line in the_summary(client_record).lines)
