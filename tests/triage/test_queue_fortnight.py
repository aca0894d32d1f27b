"""The review queue shows each client's last two weeks at a glance: sessions against plan and
readiness, as a small chart and a sentence."""

from datetime import timedelta

from django.utils import timezone

from tests.factories import ClientFactory, ReviewItemFactory, build_history


def open_item(client, coach):
    now = timezone.now()
    return ReviewItemFactory(
        organization=client.organization,
        client=client,
        level="yellow",
        reason_kind="low_completion",
        reasons=[{"code": "low_completion", "text": "Completed fewer sessions than usual."}],
        source="nightly",
        due_at=now + timedelta(hours=4),
        assigned_to=coach,
    )


def test_the_queue_shows_a_client_who_stopped_training_their_last_two_weeks(
    client, org, coach, client_record
):
    today = timezone.localdate()
    # Planned every day; done for the first week only; readiness from 4 down to 2 (weekly).
    build_history(
        client_record,
        days=13,
        today=today,
        planned_weekdays=range(7),
        completed=lambda day: day < today - timedelta(days=6),
        checkin=lambda day: {"readiness": 4 if day < today - timedelta(days=6) else 2},
    )
    open_item(client_record, coach)
    client.force_login(coach)

    response = client.get("/o/northside/coach/")

    # Today's session is still due, so 13 planned so far, 7 of them done.
    assert "Last 14 days: 7 of 13 planned sessions done; readiness 4 → 2." in (
        response.content.decode()
    )
    marks = [day.state for day in response.context["cards"][0]["fortnight"].days]
    assert marks == ["done"] * 7 + ["missed"] * 6 + ["due"]
    assert response.content.count(b'class="mark missed"') == 6


def test_each_client_in_the_queue_gets_their_own_two_weeks(client, org, coach, client_record):
    today = timezone.localdate()
    build_history(client_record, days=13, today=today, planned_weekdays=range(7))
    other = ClientFactory(organization=org, coach=coach)
    open_item(client_record, coach)
    open_item(other, coach)
    client.force_login(coach)

    response = client.get("/o/northside/coach/")

    summaries = {
        entry["client"].id: entry["fortnight"].summary for entry in response.context["cards"]
    }
    assert summaries[client_record.id].startswith("Last 14 days: 14 of 14 planned sessions done")
    assert summaries[other.id] == "Last 14 days: no sessions planned or done; no check-ins."
