"""The client's own history: sessions by week (logged and imported), their exercises and bests,
planned against done; and the plan, this week first in human numbers."""

from datetime import timedelta

import pytest
from django.utils import timezone

from programs.models import Exercise
from tests.factories import ClientFactory
from tests.triage.test_client_today import log, plan, today_of

pytestmark = pytest.mark.django_db


def get(client, client_user, path):
    client.force_login(client_user)
    return client.get(f"/o/northside/app/{path}")


def test_history_lists_logged_and_imported_sessions_by_week_each_openable(
    client, client_user, client_record
):
    mine = log(client_record, when=timezone.now() - timedelta(days=1))
    imported = log(client_record, when=timezone.now() - timedelta(days=9))
    imported.source, imported.name = "strong", "Push day"
    imported.save(update_fields=["source", "name"])

    page = get(client, client_user, "history/").content.decode()

    assert f"/o/northside/app/sessions/{mine.pk}/" in page
    assert f"/o/northside/app/sessions/{imported.pk}/" in page
    assert "Push day" in page and "imported from Strong" in page
    assert page.count("<h3>Week of") == 2


def test_older_sessions_are_a_link_away(client, client_user, client_record):
    old = log(client_record, when=timezone.now() - timedelta(weeks=30))

    first = get(client, client_user, "history/").content.decode()
    link = first.split('href="?before=')[1].split('"')[0]
    earlier = get(client, client_user, f"history/?before={link}").content.decode()

    assert f"/sessions/{old.pk}/" not in first and "Earlier sessions" in first
    assert f"/sessions/{old.pk}/" in earlier or "Earlier sessions" in earlier


def test_a_nonsense_before_date_shows_the_latest_weeks(client, client_user, client_record):
    recent = log(client_record, when=timezone.now() - timedelta(days=1))

    page = get(client, client_user, "history/?before=soon").content.decode()

    assert f"/sessions/{recent.pk}/" in page


def test_the_calendar_marks_done_and_missed_days_in_words(client, client_user, client_record):
    today = today_of(client_record)
    plan(client_record, today - timedelta(days=2), name="Missed one")
    log(client_record, when=timezone.now())

    page = get(client, client_user, "history/").content.decode()

    assert f"{(today - timedelta(days=2)):%A} {(today - timedelta(days=2)).day}" in page
    assert ": missed</span>" in page and ": done (today)</span>" in page


def test_history_runs_a_constant_number_of_queries(
    client, client_user, client_record, django_assert_max_num_queries
):
    for days in range(0, 60, 2):
        log(client_record, when=timezone.now() - timedelta(days=days), sets=[(5, 100)] * 3)
    client.force_login(client_user)

    with django_assert_max_num_queries(26):  # Postgres adds the scope's statements
        client.get("/o/northside/app/history/")


def test_an_exercise_page_shows_bests_a_chart_and_every_session(client, client_user, client_record):

    log(client_record, when=timezone.now() - timedelta(days=20), sets=((5, 100),))
    best = log(client_record, when=timezone.now() - timedelta(days=10), sets=((5, 110),))
    log(client_record, when=timezone.now() - timedelta(days=1), sets=((8, 100),))
    squat = Exercise.unscoped.get(key="Barbell_Squat")

    page = get(client, client_user, f"exercises/{squat.pk}/").content.decode()

    assert "Personal bests" in page
    assert "128.33 kg, from 5 × 110 kg" in page
    assert f"/sessions/{best.pk}/" in page
    assert "<polyline" in page
    assert "100 kg: 8 reps" in page


def test_an_exercise_the_client_never_logged_is_a_404(client, client_user, client_record):

    log(ClientFactory(organization=client_record.organization))  # someone else's squat
    squat = Exercise.unscoped.get(key="Barbell_Squat")

    assert get(client, client_user, f"exercises/{squat.pk}/").status_code == 404


def test_the_plan_shows_this_week_first_in_human_numbers_and_folds_the_rest(
    client, client_user, client_record
):
    today = today_of(client_record)
    plan(client_record, today + timedelta(weeks=1), name="Later session")
    plan(client_record, today, name="This session")
    plan(client_record, today - timedelta(weeks=2), name="Old session")

    page = get(client, client_user, "plan/").content.decode()

    assert page.index("This session") < page.index("Later session") < page.index("Old session")
    assert "Barbell Squat: 3 × 5 at 100 kg" in page
    assert "5–5" not in page and "100.00" not in page
    this_week = page.split('id="this-week-title"')[1].split("</section>")[0]
    assert "This session" in this_week and "<details" not in this_week
    assert page.count('<details class="plan-week">') == 2
