"""Morning reminders of planned sessions: once each, only where wanted, in the organization's
time zone; and the client's switch for them (page and API)."""

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from coaching.models import Client, Notification
from programs.models import PlannedWorkout, Program, ProgramWeek, WorkoutLog
from tests.factories import ClientFactory, OrganizationFactory
from triage import tasks
from triage.reminders import send_session_reminders
from triage.tasks import reminder_fanout

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 20)
MORNING = datetime(2026, 11, 20, 7, 30, tzinfo=UTC)


def plan(client, *days, status="active"):
    org = client.organization
    program = Program.unscoped.create(
        organization=org, client=client, name="Block", status=status, start_date=DAY
    )
    week = ProgramWeek.unscoped.create(organization=org, program=program, index=1)
    return [
        PlannedWorkout.unscoped.create(
            organization=org,
            week=week,
            program=program,
            client=client,
            day_index=i,
            planned_date=day,
            name="Upper body",
        )
        for i, day in enumerate(days)
    ]


def reminders(client):
    return Notification.unscoped.filter(user=client.user)


def send(org, at=MORNING, capture=None):
    if capture is None:
        return send_session_reminders(org, at)
    with capture(execute=True):
        return send_session_reminders(org, at)


def test_a_planned_session_is_reminded_once_in_the_app_and_by_email(
    org, client_record, django_capture_on_commit_callbacks
):
    plan(client_record, DAY)

    assert send(org, capture=django_capture_on_commit_callbacks) == 1
    assert send(org, MORNING + timedelta(minutes=15), django_capture_on_commit_callbacks) == 0

    (notice,) = reminders(client_record)
    assert notice.text.startswith("Planned for today: Upper body.")
    assert notice.url == "/o/northside/app/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["client@north.test"]
    assert "/o/northside/app/settings/" in mail.outbox[0].body


def test_the_words_are_neutral(org, client_record):
    plan(client_record, DAY)

    send(org)

    text = reminders(client_record).get().text.lower()
    assert "what got in the way" in text
    for word in ("don't forget", "must", "failed", "missed", "should"):
        assert word not in text


def test_a_client_who_turned_reminders_off_gets_none(org, client_record):
    plan(client_record, DAY)
    Client.unscoped.filter(pk=client_record.pk).update(reminders_enabled=False)

    assert send(org) == 0
    assert not reminders(client_record).exists()


def test_days_without_a_planned_session_and_past_sessions_are_not_reminded(org, client_record):
    plan(client_record, DAY - timedelta(days=1), DAY + timedelta(days=1))

    assert send(org) == 0


def test_a_session_already_logged_is_not_reminded(org, client_record):

    (workout,) = plan(client_record, DAY)
    WorkoutLog.unscoped.create(
        organization=org,
        client=client_record,
        client_uuid=uuid.uuid4(),
        workout=workout,
        performed_at=MORNING - timedelta(hours=1),
        status="completed",
    )

    assert send(org) == 0


def test_a_draft_program_is_not_reminded(org, client_record):
    plan(client_record, DAY, status="pending_review")

    assert send(org) == 0


def test_nothing_is_sent_outside_the_morning_window(org, client_record):
    plan(client_record, DAY)

    assert send(org, MORNING - timedelta(hours=1)) == 0
    assert send(org, MORNING + timedelta(hours=5)) == 0
    assert send(org, MORNING + timedelta(hours=4)) == 1  # 11:30 still catches up


def test_the_morning_is_the_organizations_own(org, client_record):
    org.time_zone = "Pacific/Auckland"  # UTC+13 in November
    org.save()
    plan(client_record, DAY)

    # 07:30 UTC on the 20th is 20:30 in Auckland: too late for the 20th.
    assert send(org) == 0
    # 19:30 UTC on the 19th is 08:30 on the 20th in Auckland.
    assert send(org, MORNING - timedelta(hours=12)) == 1


def test_each_of_many_clients_is_reminded_with_a_constant_number_of_queries(
    org, django_assert_max_num_queries
):
    for _ in range(2):
        plan(ClientFactory(organization=org), DAY)
    with django_assert_max_num_queries(10) as counted:
        assert send(org) == 2
    for _ in range(6):
        plan(ClientFactory(organization=org), DAY)

    with django_assert_max_num_queries(len(counted.captured_queries)):
        assert send(org) == 6


def test_another_organizations_sessions_are_not_reminded(org, other_org):
    other = ClientFactory(organization=other_org)
    plan(other, DAY)

    assert send(org) == 0
    assert not reminders(other).exists()


def test_the_beat_task_sends_for_organizations_whose_morning_it_is(org, client_record, monkeypatch):

    plan(client_record, DAY)
    monkeypatch.setattr(timezone, "now", lambda: MORNING)

    assert reminder_fanout() == [org.pk]
    assert reminders(client_record).count() == 1


def test_the_command_sends_reminders_by_hand(org, client_record, capsys, monkeypatch):

    plan(client_record, DAY)
    monkeypatch.setattr(timezone, "now", lambda: MORNING)

    call_command("send_reminders", org="northside")

    assert "northside: 1 reminders sent" in capsys.readouterr().out


# --- The client's switch ------------------------------------------------------------------
def test_the_client_turns_reminders_off_and_on_in_settings(client, org, client_record):
    client.force_login(client_record.user)
    page = client.get("/o/northside/app/settings/")
    assert b'name="reminders_enabled" checked' in page.content

    response = client.post("/o/northside/app/settings/", {})

    assert response.status_code == 302
    assert Client.unscoped.get(pk=client_record.pk).reminders_enabled is False
    client.post("/o/northside/app/settings/", {"reminders_enabled": "on"})
    assert Client.unscoped.get(pk=client_record.pk).reminders_enabled is True


def test_the_plan_page_links_to_the_reminder_setting(client, org, client_record):
    client.force_login(client_record.user)

    page = client.get("/o/northside/app/plan/")

    assert b"/o/northside/app/settings/" in page.content
    assert b"Reminders: on" in page.content


@pytest.mark.parametrize("who", ["owner", "coach"])
def test_staff_cannot_change_a_clients_reminders_on_the_page(request, client, org, who):
    client.force_login(request.getfixturevalue(who))

    assert client.post("/o/northside/app/settings/", {}).status_code == 403


def test_an_outsider_gets_404_for_the_settings_page(client, org, outsider):
    client.force_login(outsider)

    assert client.post("/o/northside/app/settings/", {}).status_code == 404


def test_the_me_api_shows_and_changes_the_reminder_setting(api, org, client_record):
    caller = api(client_record.user)
    assert caller.get("/api/v1/orgs/northside/me/").json()["reminders_enabled"] is True

    response = caller.patch(
        "/api/v1/orgs/northside/me/", {"reminders_enabled": False}, format="json"
    )

    assert response.status_code == 200
    body = response.json()
    assert body["reminders_enabled"] is False
    assert {"id", "email", "name", "coach", "tier", "status", "segment", "level"} <= set(body)
    assert Client.unscoped.get(pk=client_record.pk).reminders_enabled is False


def test_the_me_api_rejects_a_non_boolean_and_ignores_read_only_fields(api, org, client_record):
    caller = api(client_record.user)

    bad = caller.patch("/api/v1/orgs/northside/me/", {"reminders_enabled": "often"}, format="json")
    ignored = caller.patch(
        "/api/v1/orgs/northside/me/",
        {"status": "paused", "automation_hold": True},
        format="json",
    )

    assert bad.status_code == 400
    assert "reminders_enabled" in bad.json()
    assert ignored.status_code == 200
    saved = Client.unscoped.get(pk=client_record.pk)
    assert (saved.status, saved.automation_hold, saved.reminders_enabled) == (
        "active",
        False,
        True,
    )


def test_staff_and_outsiders_cannot_patch_me(api, org, coach, outsider):
    body = {"reminders_enabled": False}

    assert api(coach).patch("/api/v1/orgs/northside/me/", body, format="json").status_code == 403
    assert api(outsider).patch("/api/v1/orgs/northside/me/", body, format="json").status_code == 404


def test_put_on_me_is_not_allowed(api, org, client_record):
    response = api(client_record.user).put(
        "/api/v1/orgs/northside/me/", {"reminders_enabled": False}, format="json"
    )

    assert response.status_code == 405


def test_a_client_with_their_own_zone_is_reminded_on_their_own_morning(org, client_record):
    # 19:30 UTC on the 19th: 08:30 on the 20th in Auckland, evening in London.
    client_record.time_zone = "Pacific/Auckland"
    client_record.save(update_fields=["time_zone"])
    at_home = ClientFactory(organization=org)
    plan(client_record, DAY)
    plan(at_home, DAY)

    assert send(org, datetime(2026, 11, 19, 19, 30, tzinfo=UTC)) == 1
    assert reminders(client_record).count() == 1
    assert not reminders(at_home).exists()


def test_a_kolkata_organization_reminds_on_its_own_morning_not_londons(client_record):

    kolkata = OrganizationFactory(slug="kolkata", time_zone="Asia/Kolkata")
    client = ClientFactory(organization=kolkata)
    plan(client, DAY)

    # 02:00 UTC is 07:30 in Kolkata; 07:30 UTC is 13:00 there, too late for a morning note.
    assert send(kolkata, datetime(2026, 11, 20, 7, 30, tzinfo=UTC)) == 0
    assert send(kolkata, datetime(2026, 11, 20, 2, 0, tzinfo=UTC)) == 1


def test_the_fanout_starts_an_organization_where_only_a_travelling_client_has_morning(
    org, client_record, monkeypatch
):

    client_record.time_zone = "Pacific/Auckland"
    client_record.save(update_fields=["time_zone"])
    started = []
    monkeypatch.setattr(tasks.send_reminders_task, "delay", lambda *args: started.append(args))

    with time_machine.travel(datetime(2026, 11, 19, 19, 30, tzinfo=UTC), tick=False):
        assert tasks.reminder_fanout() == [org.id]
