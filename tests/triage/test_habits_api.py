"""A coach assigns daily habits; the client ticks them off, once a day however often they tap."""

from datetime import timedelta

import pytest

from tests.factories import ClientFactory, HabitCheckFactory, HabitFactory
from triage.models import Habit, HabitCheck

pytestmark = pytest.mark.django_db


def habits_url(org, client):
    return f"/api/v1/orgs/{org.slug}/clients/{client.pk}/habits/"


def checks_url(org, habit):
    return f"{habits_url(org, habit.client)}{habit.pk}/checks/"


def test_a_coach_assigns_a_habit_with_a_target(api, org, coach, client_record):
    response = api(coach).post(
        habits_url(org, client_record), {"kind": "steps", "target": "8,000 steps"}
    )

    assert response.status_code == 201
    habit = Habit.unscoped.get()
    assert (habit.name, habit.target, habit.created_by) == ("Steps", "8,000 steps", coach)


def test_a_habit_of_their_own_keeps_the_coachs_name(api, org, coach, client_record):
    api(coach).post(habits_url(org, client_record), {"kind": "custom", "name": "No phone in bed"})

    assert Habit.unscoped.get().name == "No phone in bed"


def test_an_unknown_kind_is_a_400_naming_kind(api, org, coach, client_record):
    response = api(coach).post(habits_url(org, client_record), {"kind": "juggling"})

    assert response.status_code == 400
    assert "kind" in response.json()
    assert not Habit.unscoped.exists()


def test_a_client_may_not_assign_themself_a_habit(api, org, client_record):
    response = api(client_record.user).post(habits_url(org, client_record), {"kind": "steps"})

    assert response.status_code == 403


def test_the_client_lists_their_active_habits(api, org, client_record):
    HabitFactory(client=client_record, name="Steps")
    HabitFactory(client=client_record, name="Old", active=False)

    response = api(client_record.user).get(habits_url(org, client_record))

    assert [h["name"] for h in response.json()["results"]] == ["Steps"]


def test_archiving_takes_a_habit_off_the_list_and_keeps_its_checks(api, org, coach, client_record):
    check = HabitCheckFactory(habit=HabitFactory(client=client_record))

    response = api(coach).delete(f"{habits_url(org, client_record)}{check.habit.pk}/")

    assert response.status_code == 204
    assert Habit.unscoped.get().active is False
    assert HabitCheck.unscoped.count() == 1


def test_a_tick_without_a_day_is_for_the_clients_local_today(api, org, client_record):
    habit = HabitFactory(client=client_record)

    response = api(client_record.user).post(checks_url(org, habit), {})

    assert response.status_code == 201
    assert HabitCheck.unscoped.get().day == client_record.today()


def test_a_retried_tick_answers_200_with_the_same_check(api, org, client_record):
    habit = HabitFactory(client=client_record)
    caller = api(client_record.user)
    first = caller.post(checks_url(org, habit), {})

    again = caller.post(checks_url(org, habit), {})

    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert HabitCheck.unscoped.count() == 1


def test_a_day_this_week_may_be_ticked_late(api, org, client_record):
    habit = HabitFactory(client=client_record)
    day = client_record.today() - timedelta(days=3)

    response = api(client_record.user).post(checks_url(org, habit), {"day": day.isoformat()})

    assert response.status_code == 201
    assert HabitCheck.unscoped.get().day == day


def test_a_future_day_is_a_400_naming_day(api, org, client_record):
    habit = HabitFactory(client=client_record)
    day = client_record.today() + timedelta(days=1)

    response = api(client_record.user).post(checks_url(org, habit), {"day": day.isoformat()})

    assert response.status_code == 400
    assert "day" in response.json()
    assert not HabitCheck.unscoped.exists()


def test_a_day_more_than_a_week_back_is_a_400_naming_day(api, org, client_record):
    habit = HabitFactory(client=client_record)
    day = client_record.today() - timedelta(days=8)

    response = api(client_record.user).post(checks_url(org, habit), {"day": day.isoformat()})

    assert response.status_code == 400
    assert "day" in response.json()


def test_a_day_that_is_not_a_date_is_a_400_naming_day(api, org, client_record):
    habit = HabitFactory(client=client_record)

    response = api(client_record.user).post(checks_url(org, habit), {"day": "Tuesday"})

    assert response.status_code == 400
    assert "day" in response.json()


def test_unticking_removes_that_days_check(api, org, client_record):
    check = HabitCheckFactory(habit=HabitFactory(client=client_record))

    response = api(client_record.user).delete(
        f"{checks_url(org, check.habit)}{check.day.isoformat()}/"
    )

    assert response.status_code == 204
    assert not HabitCheck.unscoped.exists()


def test_an_archived_habit_cannot_be_ticked(api, org, client_record):
    habit = HabitFactory(client=client_record, active=False)

    response = api(client_record.user).post(checks_url(org, habit), {})

    assert response.status_code == 404


def test_another_clients_habit_is_404_to_a_client(api, org, client_record):

    other = HabitFactory(client=ClientFactory(organization=org))

    response = api(client_record.user).post(checks_url(org, other), {})

    assert response.status_code == 404
