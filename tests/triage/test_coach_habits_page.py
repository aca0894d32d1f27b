"""The coach assigns and archives daily habits on the client's page and sees the last week."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import HabitCheckFactory, HabitFactory
from triage.models import Habit

pytestmark = pytest.mark.django_db


def page(org, client_record):
    return f"/o/{org.slug}/coach/clients/{client_record.pk}/"


def test_a_coach_assigns_a_habit_from_the_clients_page(client, org, coach, client_record):
    client.force_login(coach)

    response = client.post(
        f"{page(org, client_record)}habits/", {"kind": "protein", "target": "120 g a day"}
    )

    assert response.status_code == 302
    habit = Habit.unscoped.get()
    assert (habit.name, habit.target, habit.client) == ("Protein", "120 g a day", client_record)


def test_a_habit_of_their_own_needs_a_name(client, org, coach, client_record):
    client.force_login(coach)

    response = client.post(f"{page(org, client_record)}habits/", {"kind": "custom"}, follow=True)

    assert not Habit.unscoped.exists()
    assert "Not added" in response.content.decode()


def test_a_coach_archives_a_habit_from_the_clients_page(client, org, coach, client_record):
    habit = HabitFactory(client=client_record)
    client.force_login(coach)

    client.post(f"{page(org, client_record)}habits/{habit.pk}/archive/")

    assert Habit.unscoped.get().active is False


def test_the_page_shows_each_habits_days_done_this_week(client, org, coach, client_record):
    old = timezone.now() - timedelta(days=30)
    habit = HabitFactory(client=client_record, name="Steps", created_at=old)
    today = client_record.today()
    for n in range(1, 6):
        HabitCheckFactory(habit=habit, day=today - timedelta(days=n))
    client.force_login(coach)

    html = client.get(page(org, client_record)).content.decode()

    assert "5 of 6 days this week" in html  # today not ticked yet: not held against them
    assert "Habits: 5 of 6 days done in the last 7 days (83%)." in html


def test_the_page_shows_a_drop_against_the_clients_usual(client, org, coach, client_record):
    habit = HabitFactory(client=client_record, created_at=timezone.now() - timedelta(days=60))
    today = client_record.today()
    for n in range(8, 36):
        HabitCheckFactory(habit=habit, day=today - timedelta(days=n))
    client.force_login(coach)

    html = client.get(page(org, client_record)).content.decode()

    assert "Habits kept on 0% of days this week, against their usual 100%." in html


def test_a_habit_assigned_today_says_so_instead_of_0_of_0(client, org, coach, client_record):
    HabitFactory(client=client_record, name="Walk after dinner")
    client.force_login(coach)

    html = client.get(page(org, client_record)).content.decode()

    assert "assigned today, not ticked yet" in html
    assert "0 of 0" not in html
