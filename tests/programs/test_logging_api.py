"""Workout logs: idempotent, validated, atomic, scoped."""

from datetime import timedelta

import pytest
from django.utils import timezone

from programs.models import Exercise, PlannedWorkout, SetLog, WorkoutLog
from tests.factories import ClientFactory, ExerciseFactory, build_history

pytestmark = pytest.mark.django_db

UUID = "2d0f7c9e-6a51-4f3b-9a3e-1c2b3d4e5f60"


def url(org, client):
    return f"/api/v1/orgs/{org.slug}/clients/{client.pk}/workout-logs/"


@pytest.fixture
def squat(db):
    return Exercise.unscoped.get(key="Barbell_Squat")


def body(exercise, **overrides):
    data = {
        "client_uuid": UUID,
        "performed_at": (timezone.now() - timedelta(hours=1)).isoformat(),
        "status": "completed",
        "session_rpe": 8,
        "duration_minutes": 55,
        "sets": [
            {"exercise": exercise.pk, "set_index": 0, "reps": 5, "load_kg": 100, "rpe": 8},
            {"exercise": exercise.pk, "set_index": 1, "reps": 5, "load_kg": 100, "rpe": 8.5},
        ],
    }
    data.update(overrides)
    return data


def test_a_client_logs_a_workout_with_sets_and_e1rm(api, org, client_record, squat):
    response = api(client_record.user).post(url(org, client_record), body(squat), format="json")

    assert response.status_code == 201
    sets = response.json()["sets"]
    assert [s["reps"] for s in sets] == [5, 5]
    assert sets[0]["e1rm_kg"] > 100
    assert isinstance(sets[0]["load_kg"], float | int)


def test_the_same_uuid_again_returns_the_first_log_and_saves_nothing(
    api, org, client_record, squat
):
    caller = api(client_record.user)
    first = caller.post(url(org, client_record), body(squat), format="json")

    again = caller.post(url(org, client_record), body(squat, notes="retry"), format="json")

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert (WorkoutLog.unscoped.count(), SetLog.unscoped.count()) == (1, 2)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"sets": [{"set_index": 0, "reps": -1, "load_kg": 100}]}, "sets"),
        ({"sets": [{"set_index": 0, "reps": 500, "load_kg": 100}]}, "sets"),
        ({"sets": [{"set_index": 0, "reps": 5, "load_kg": 5000}]}, "sets"),
        ({"sets": [{"set_index": 0, "reps": 5, "load_kg": 100, "rpe": 11}]}, "sets"),
        ({"sets": [{"set_index": 0, "reps": 5, "load_kg": 100, "rpe": 7.3}]}, "sets"),
        ({"sets": [{"set_index": 0, "reps": 5, "load_kg": 100, "exercise": 999999}]}, "sets"),
        ({"performed_at": (timezone.now() + timedelta(days=2)).isoformat()}, "performed_at"),
        ({"status": "napped"}, "status"),
        ({"status": "skipped", "sets": []}, "skip_reason"),
        ({"client_uuid": "not-a-uuid"}, "client_uuid"),
        ({"session_rpe": 0}, "session_rpe"),
    ],
)
def test_nonsense_is_400_naming_the_field_and_nothing_is_saved(
    api, org, client_record, squat, change, field
):
    data = body(squat, **change)
    for entry in data.get("sets", []):
        entry.setdefault("exercise", squat.pk)

    response = api(client_record.user).post(url(org, client_record), data, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not WorkoutLog.unscoped.exists() and not SetLog.unscoped.exists()


def test_one_bad_set_rejects_the_whole_log(api, org, client_record, squat):
    data = body(squat)
    data["sets"].append({"exercise": squat.pk, "set_index": 2, "reps": 5, "load_kg": -20})

    response = api(client_record.user).post(url(org, client_record), data, format="json")

    assert response.status_code == 400
    assert not WorkoutLog.unscoped.exists()


def test_another_organizations_exercise_is_refused(api, org, other_org, client_record):
    theirs = ExerciseFactory(organization=other_org, key="their-move")

    response = api(client_record.user).post(url(org, client_record), body(theirs), format="json")

    assert response.status_code == 400
    assert "sets" in response.json()


def test_another_clients_planned_workout_is_refused(api, org, client_record, squat):

    other = ClientFactory(organization=org)
    build_history(other, days=7, today=timezone.localdate())
    workout = (
        other.organization.plannedworkout_set.first()
        if hasattr(other.organization, "plannedworkout_set")
        else None
    )

    workout = PlannedWorkout.unscoped.filter(client=other).first()

    response = api(client_record.user).post(
        url(org, client_record), body(squat, workout=workout.pk), format="json"
    )

    assert response.status_code == 400
    assert "workout" in response.json()


def test_a_skipped_session_keeps_its_reason(api, org, client_record, squat):
    response = api(client_record.user).post(
        url(org, client_record),
        body(squat, status="skipped", skip_reason="travel", sets=[]),
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["skip_reason"] == "travel"


def test_logs_list_newest_first_since_a_date(api, org, coach, client_record, squat):
    caller = api(client_record.user)
    for days, uuid in [
        (10, "00000000-0000-4000-8000-000000000001"),
        (2, "00000000-0000-4000-8000-000000000002"),
    ]:
        caller.post(
            url(org, client_record),
            body(
                squat,
                client_uuid=uuid,
                performed_at=(timezone.now() - timedelta(days=days)).isoformat(),
            ),
            format="json",
        )

    since = (timezone.localdate() - timedelta(days=5)).isoformat()
    results = api(coach).get(f"{url(org, client_record)}?since={since}").json()["results"]

    assert [r["client_uuid"] for r in results] == ["00000000-0000-4000-8000-000000000002"]


def test_the_log_list_runs_a_constant_number_of_queries(
    api, org, client_record, squat, django_assert_max_num_queries
):
    caller = api(client_record.user)
    caller.post(url(org, client_record), body(squat), format="json")
    with django_assert_max_num_queries(20) as few:
        caller.get(url(org, client_record))
    first = len(few.captured_queries)
    for n in range(8):
        caller.post(
            url(org, client_record),
            body(squat, client_uuid=f"00000000-0000-4000-8000-00000000001{n}"),
            format="json",
        )
    with django_assert_max_num_queries(first):
        caller.get(url(org, client_record))


def test_the_exercise_library_is_searchable_by_name_equipment_and_muscle(api, org, client_record):
    caller = api(client_record.user)

    by_name = caller.get(f"/api/v1/orgs/{org.slug}/exercises/?search=bench press").json()
    by_equipment = caller.get(
        f"/api/v1/orgs/{org.slug}/exercises/?equipment=kettlebells&page_size=500"
    ).json()
    by_muscle = caller.get(f"/api/v1/orgs/{org.slug}/exercises/?muscle=chest&page_size=5").json()

    assert by_name["count"] > 3 and all(
        "bench press" in e["name"].lower() for e in by_name["results"]
    )
    assert by_equipment["count"] == 54 and {e["equipment"] for e in by_equipment["results"]} == {
        "kettlebells"
    }
    assert (
        "chest"
        in by_muscle["results"][0]["primary_muscles"] + by_muscle["results"][0]["secondary_muscles"]
    )
    assert set(by_name["results"][0]) >= {
        "id",
        "name",
        "category",
        "equipment",
        "primary_muscles",
        "secondary_muscles",
        "level",
    }


def test_a_coach_adds_an_organization_exercise_visible_only_in_their_organization(
    api, org, other_org, coach, outsider
):
    response = api(coach).post(
        f"/api/v1/orgs/{org.slug}/exercises/",
        {
            "name": "Prowler Tango March",
            "category": "strength",
            "equipment": "other",
            "primary_muscles": ["quadriceps"],
        },
        format="json",
    )

    assert response.status_code == 201
    assert api(coach).get(f"/api/v1/orgs/{org.slug}/exercises/?search=tango").json()["count"] == 1
    assert (
        api(outsider).get(f"/api/v1/orgs/{other_org.slug}/exercises/?search=tango").json()["count"]
        == 0
    )


def test_a_client_may_not_add_exercises(api, org, client_record):
    response = api(client_record.user).post(
        f"/api/v1/orgs/{org.slug}/exercises/", {"name": "X"}, format="json"
    )

    assert response.status_code == 403


def _assisted_body(**set_fields):
    pullups = Exercise.unscoped.get(key="Pullups")
    return body(
        pullups,
        sets=[{"exercise": pullups.pk, "set_index": 0, "reps": 8, "load_kg": 0, **set_fields}],
    )


def test_a_set_carries_assistance_which_is_not_load_and_counts_in_no_e1rm(api, org, client_record):
    response = api(client_record.user).post(
        url(org, client_record), _assisted_body(assistance_kg=15), format="json"
    )

    assert response.status_code == 201
    logged = response.json()["sets"][0]
    assert (logged["assistance_kg"], logged["load_kg"], logged["e1rm_kg"]) == (15, 0, None)
    assert SetLog.unscoped.get().assistance_kg == 15


def test_negative_assistance_is_400_naming_the_field(api, org, client_record):
    response = api(client_record.user).post(
        url(org, client_record), _assisted_body(assistance_kg=-5), format="json"
    )

    assert response.status_code == 400
    assert "assistance_kg" in str(response.json()["sets"])
    assert not WorkoutLog.unscoped.exists()


def test_a_logged_duration_in_minutes_is_also_kept_in_seconds(api, org, client_record, squat):
    response = api(client_record.user).post(url(org, client_record), body(squat), format="json")

    assert response.json()["duration_seconds"] == 55 * 60
