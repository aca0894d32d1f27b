"""Today lists the client's active habits, each showing whether it is ticked for today."""

from datetime import timedelta

import pytest

from tests.factories import HabitCheckFactory, HabitFactory

pytestmark = pytest.mark.django_db


def today_page(client, client_record):
    client.force_login(client_record.user)
    return client.get(f"/o/{client_record.organization.slug}/app/").content.decode()


def test_a_habit_ticked_today_shows_pressed_and_done(client, client_record):
    HabitCheckFactory(habit=HabitFactory(client=client_record, name="Steps"))

    html = today_page(client, client_record)

    assert 'aria-pressed="true"' in html
    assert "Done</span>" in html


def test_a_habit_ticked_only_yesterday_shows_not_yet(client, client_record):
    habit = HabitFactory(client=client_record, name="Steps")
    HabitCheckFactory(habit=habit, day=client_record.today() - timedelta(days=1))

    html = today_page(client, client_record)

    assert 'aria-pressed="false"' in html
    assert "Not yet</span>" in html


def test_an_archived_habit_is_not_on_today(client, client_record):
    HabitFactory(client=client_record, name="Cold showers", active=False)

    assert "Cold showers" not in today_page(client, client_record)


def test_without_habits_there_is_no_habits_panel(client, client_record):
    assert "Today's habits" not in today_page(client, client_record)
