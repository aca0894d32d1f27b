"""Today after a red flag or a missed day, and one saved session with its summary."""

import uuid
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from coaching.core.localtime import local_day, local_today
from programs.models import (
    Exercise,
    PlannedWorkout,
    Prescription,
    Program,
    ProgramWeek,
    SetLog,
    WorkoutLog,
)
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def today_of(client_record):
    return local_today(timezone.now(), client_record.zone_name)


def plan(client_record, day, name="Heavy lower", sets=3):
    org = client_record.organization
    program, _ = Program.unscoped.get_or_create(
        organization=org,
        client=client_record,
        status="active",
        defaults={"name": "Block", "start_date": day},
    )
    week, _ = ProgramWeek.unscoped.get_or_create(organization=org, program=program, index=1)
    workout = PlannedWorkout.unscoped.create(
        organization=org,
        week=week,
        program=program,
        client=client_record,
        day_index=day.toordinal() % 7,
        planned_date=day,
        name=name,
    )
    Prescription.unscoped.create(
        organization=org,
        workout=workout,
        exercise=Exercise.unscoped.get(key="Barbell_Squat"),
        order=0,
        sets=sets,
        reps_min=5,
        reps_max=5,
        target_load_kg=100,
    )
    return workout


def log(client_record, workout=None, when=None, sets=((5, 100),), status="completed"):
    squat = Exercise.unscoped.get(key="Barbell_Squat")
    saved = WorkoutLog.unscoped.create(
        organization=client_record.organization,
        client=client_record,
        client_uuid=uuid.uuid4(),
        workout=workout,
        performed_at=when or timezone.now(),
        status=status,
    )
    for index, (reps, load) in enumerate(sets):
        SetLog.unscoped.create(
            organization=client_record.organization,
            log=saved,
            exercise=squat,
            set_index=index,
            reps=reps,
            load_kg=load,
            e1rm_kg=round(load * (1 + reps / 30), 2),
        )
    return saved


def home(client, client_user, query=""):
    client.force_login(client_user)
    return client.get(f"/o/northside/app/{query}")


def test_a_hold_replaces_the_heavy_session_with_what_the_hold_means_today(
    client, client_user, client_record
):
    plan(client_record, today_of(client_record))
    client_record.automation_hold = True
    client_record.save(update_fields=["automation_hold"])

    page = home(client, client_user).content.decode()

    assert "Today: rest until your coach has been in touch" in page
    assert "Your planned session, Heavy lower, is paused" in page
    assert 'id="today" data-workout' not in page and 'id="finish"' not in page


def test_without_a_hold_the_session_is_shown(client, client_user, client_record):
    plan(client_record, today_of(client_record))

    page = home(client, client_user).content.decode()

    assert 'id="today" data-workout' in page and "rest until your coach" not in page


def test_the_missed_session_link_opens_i_cant_train_for_that_days_workout(
    client, client_user, client_record
):
    day = today_of(client_record) - timedelta(days=3)
    missed = plan(client_record, day, name="Upper A")

    page = home(client, client_user, f"?missed={day.isoformat()}").content.decode()

    assert f'data-workout="{missed.pk}"' in page.split('id="cant-train"')[1].split(">")[0]
    assert " open>" in page.split('id="cant-train"')[1].split("</summary>")[0]
    assert day.isoformat() not in page.split('id="missed-notice"')[1].split("</p>")[0]


def test_a_skip_for_a_missed_day_is_dated_on_that_day(client, client_user, client_record):
    day = today_of(client_record) - timedelta(days=3)
    plan(client_record, day)

    page = home(client, client_user, f"?missed={day.isoformat()}").content.decode()

    performed = page.split('data-performed-at="')[1].split('"')[0]

    assert local_day(datetime.fromisoformat(performed), client_record.zone_name) == day


@pytest.mark.parametrize("value", ["yesterday", "2999-01-01", "2026-02-30"])
def test_a_nonsense_missed_date_is_ignored(client, client_user, client_record, value):
    response = home(client, client_user, f"?missed={value}")

    assert response.status_code == 200
    assert 'id="missed-notice"' not in response.content.decode()


def test_a_client_opens_their_own_session_with_its_summary(client, client_user, client_record):
    day = today_of(client_record)
    workout = plan(client_record, day)
    log(client_record, when=timezone.now() - timedelta(days=7), sets=((5, 100), (3, 130)))
    saved = log(client_record, workout, sets=((5, 100), (6, 100)), status="partial")
    client.force_login(client_user)

    page = client.get(f"/o/{client_record.organization.slug}/app/sessions/{saved.pk}/")

    text = page.content.decode()
    assert page.status_code == 200
    assert "2 of 3 sets done" in text
    assert "6 reps at 100 kg, your most at that load (was 5)" in text
    assert "counts as half a session" in text


def test_htmx_gets_only_the_summary(client, client_user, client_record):
    saved = log(client_record)
    client.force_login(client_user)

    page = client.get(
        f"/o/{client_record.organization.slug}/app/sessions/{saved.pk}/", HTTP_HX_REQUEST="true"
    ).content.decode()

    assert "What your coach will see" in page and "<html" not in page


def test_another_clients_session_is_a_404(client, client_user, client_record):
    theirs = log(ClientFactory(organization=client_record.organization))
    client.force_login(client_user)

    response = client.get(f"/o/{client_record.organization.slug}/app/sessions/{theirs.pk}/")

    assert response.status_code == 404


def test_the_session_page_runs_a_constant_number_of_queries(
    client, client_user, client_record, django_assert_max_num_queries
):
    day = today_of(client_record)
    short = log(client_record, plan(client_record, day - timedelta(days=2)), sets=[(5, 100)] * 2)
    long = log(client_record, plan(client_record, day), sets=[(5, 100)] * 12)
    client.force_login(client_user)
    slug = client_record.organization.slug

    with django_assert_max_num_queries(22) as few:  # Postgres adds the scope's statements
        client.get(f"/o/{slug}/app/sessions/{short.pk}/")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/o/{slug}/app/sessions/{long.pk}/")


def test_a_missed_day_already_logged_since_shows_no_missed_notice(
    client, client_user, client_record
):
    day = today_of(client_record) - timedelta(days=1)
    workout = plan(client_record, day)
    log(client_record, workout, when=timezone.now() - timedelta(hours=20))

    page = home(client, client_user, f"?missed={day.isoformat()}").content.decode()

    assert 'id="missed-notice"' not in page


def test_the_missed_notice_names_the_day_and_the_control_in_the_same_words(
    client, client_user, client_record
):
    day = today_of(client_record) - timedelta(days=3)
    plan(client_record, day)

    page = home(client, client_user, f"?missed={day.isoformat()}").content.decode()

    label = f"I couldn&#x27;t train on {day:%A}"
    notice = page.split('id="missed-notice"')[1].split("</p>")[0]
    assert f"{day:%A} {day.day} {day:%B}" in notice and label in notice
    assert f"<summary>{label}</summary>" in page


def test_an_unlogged_session_from_two_days_ago_reads_as_not_logged_not_next(
    client, client_user, client_record
):
    day = today_of(client_record) - timedelta(days=2)
    plan(client_record, day, name="Upper A")
    plan(client_record, today_of(client_record) + timedelta(days=1), name="Lower B")

    page = home(client, client_user).content.decode()

    heading = page.split('id="today-title">')[1].split("</h2>")[0]
    assert heading.startswith("Not logged yet: Upper A") and "Next" not in heading
    assert f"I couldn&#x27;t train on {day:%A}" in page.split('id="cant-train"')[1]


def test_todays_session_is_offered_and_yesterdays_unlogged_one_is_named(
    client, client_user, client_record
):
    today = today_of(client_record)
    plan(client_record, today - timedelta(days=1), name="Upper A")
    plan(client_record, today, name="Lower B")

    page = home(client, client_user).content.decode()

    assert page.split('id="today-title">')[1].startswith("Today: Lower B")
    notice = page.split('id="also-missed"')[1].split("</p>")[0]
    yesterday = today - timedelta(days=1)
    assert f"?missed={yesterday.isoformat()}" in notice
