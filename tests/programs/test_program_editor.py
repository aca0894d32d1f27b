"""The coach's program editor (API and its shell): swap with ranked suggestions, add, remove,
move, change numbers and notes, on the draft and on the active plan; every edit recorded."""

import uuid

import pytest
from django.utils import timezone

from programs.models import (
    Exercise,
    PlannedWorkout,
    Prescription,
    Program,
    Recommendation,
    WorkoutLog,
)

pytestmark = pytest.mark.django_db

INTAKE = {
    "goals": ["strength", "muscle"],
    "goal_notes": "",
    "training_age_years": 2,
    "sessions_per_week": 3,
    "session_minutes": 60,
    "equipment": ["barbell", "dumbbell", "cable", "machine"],
    "injuries": [{"area": "shoulder", "current": True, "notes": "impingement"}],
    "health_screen": {},
    "stress_level": 2,
    "sleep_hours": 7.5,
    "age_years": 34,
}


@pytest.fixture
def draft(api, org, coach, client_record):
    base = f"/api/v1/orgs/{org.slug}/clients/{client_record.pk}"
    assert api(client_record.user).put(f"{base}/intake/", INTAKE, format="json").status_code == 200
    api(coach).post(f"{base}/intake/review/", {"decision": "approved"}, format="json")
    response = api(coach).post(f"{base}/programs/draft/")
    assert response.status_code == 201, response.json()
    return Program.unscoped.get(client=client_record)


def first_workout(program):
    return PlannedWorkout.unscoped.filter(program=program).order_by("planned_date").first()


def items(workout):
    return list(Prescription.unscoped.filter(workout=workout).order_by("order"))


def edit(api, coach, org, program, body):
    return api(coach).post(
        f"/api/v1/orgs/{org.slug}/programs/{program.pk}/edits/", body, format="json"
    )


def approve(api, coach, org, program):
    rec = Recommendation.unscoped.get(program=program, kind="new_program")
    response = api(coach).post(
        f"/api/v1/orgs/{org.slug}/recommendations/{rec.pk}/decision/",
        {"decision": "approve", "notes": ""},
        format="json",
    )
    assert response.status_code == 200, response.json()
    return response.json()


def test_swap_options_are_ranked_with_reasons_and_spare_the_injury(api, org, coach, draft):
    press = next(
        p
        for p in Prescription.unscoped.filter(workout__program=draft).select_related("exercise")
        if p.exercise.pattern in ("horizontal_push", "vertical_push")
    )
    response = api(coach).get(
        f"/api/v1/orgs/{org.slug}/programs/{draft.pk}/prescriptions/{press.pk}/swap-options/"
    )

    body = response.json()
    assert response.status_code == 200
    assert body["count"] == len(body["results"]) >= 3
    first = body["results"][0]
    assert first["reasons"][0].startswith("same pattern")
    assert any("shoulder" in reason for reason in first["reasons"])
    assert all(r["exercise"]["id"] != press.exercise_id for r in body["results"])


def test_swap_options_search_by_name(api, org, coach, draft):
    squat = next(
        p
        for p in Prescription.unscoped.filter(workout__program=draft).select_related("exercise")
        if p.exercise.pattern == "squat"
    )
    response = api(coach).get(
        f"/api/v1/orgs/{org.slug}/programs/{draft.pk}/prescriptions/{squat.pk}/swap-options/?q=goblet"
    )

    names = [r["exercise"]["name"] for r in response.json()["results"]]
    assert names and all("goblet" in name.lower() for name in names)


def test_a_swap_on_the_draft_is_recorded_and_approval_reads_with_changes(api, org, coach, draft):
    workout = first_workout(draft)
    target = items(workout)[0]
    option = (
        api(coach)
        .get(f"/api/v1/orgs/{org.slug}/programs/{draft.pk}/prescriptions/{target.pk}/swap-options/")
        .json()["results"][0]["exercise"]
    )

    response = edit(
        api, coach, org, draft, {"op": "swap", "prescription": target.pk, "exercise": option["id"]}
    )

    assert response.status_code == 200, response.json()
    assert response.json()["workout"]["prescriptions"][0]["exercise"]["id"] == option["id"]
    assert response.json()["change"]["text"].startswith(f"Swapped {target.exercise.name} for")
    rec = Recommendation.unscoped.get(program=draft, kind="new_program")
    assert [e["op"] for e in rec.payload["edits"]] == ["swap"]
    assert approve(api, coach, org, draft)["status"] == "modified"


def test_add_remove_and_move_keep_the_order_whole(api, org, coach, draft):
    workout = first_workout(draft)
    before = items(workout)

    plank = (
        Exercise.unscoped.filter(name="Side Bridge").first()
        or Exercise.unscoped.filter(pattern="core")
        .exclude(pk__in=[p.exercise_id for p in before])
        .first()
    )

    added = edit(
        api,
        coach,
        org,
        draft,
        {
            "op": "add",
            "workout": workout.pk,
            "exercise": plank.pk,
            "sets": 2,
            "reps_min": 20,
            "reps_max": 30,
            "notes": "Slow",
        },
    )
    moved = edit(
        api, coach, org, draft, {"op": "move", "prescription": before[0].pk, "direction": "down"}
    )
    removed = edit(api, coach, org, draft, {"op": "remove", "prescription": before[1].pk})

    assert [r.status_code for r in (added, moved, removed)] == [200, 200, 200]
    after = items(workout)
    assert [p.order for p in after] == list(range(len(before)))
    assert after[-1].exercise_id == plank.pk and after[-1].sets == 2 and after[-1].notes == "Slow"
    assert after[0].pk == before[0].pk  # before[1] moved above it, then was removed
    assert before[1].pk not in {p.pk for p in after}


def test_an_update_changes_every_field_and_says_what_changed(api, org, coach, draft):
    target = items(first_workout(draft))[0]

    response = edit(
        api,
        coach,
        org,
        draft,
        {
            "op": "update",
            "prescription": target.pk,
            "changes": {
                "sets": 4,
                "reps_min": 5,
                "reps_max": 6,
                "target_rpe": 7.5,
                "target_load_kg": 62.5,
                "rest_seconds": 150,
                "notes": "Warm up with 2–3 lighter sets",
            },
        },
    )

    assert response.status_code == 200, response.json()
    target.refresh_from_db()
    assert (target.sets, target.reps_min, target.reps_max, float(target.target_rpe)) == (
        4,
        5,
        6,
        7.5,
    )
    assert (float(target.target_load_kg), target.rest_seconds) == (62.5, 150)
    assert target.notes == "Warm up with 2–3 lighter sets"
    text = response.json()["change"]["text"]
    assert text.startswith(f"{target.exercise.name}: ")
    assert "RPE" in text and "→ 62.5 kg" in text and "→ 150 s" in text
    assert "→ “Warm up with 2–3 lighter sets”" in text


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"op": "update", "changes": {"sets": 0}}, "sets"),
        ({"op": "update", "changes": {"sets": 2.5}}, "sets"),
        ({"op": "update", "changes": {"target_rpe": 7.3}}, "target_rpe"),
        ({"op": "update", "changes": {"target_rpe": 11}}, "target_rpe"),
        ({"op": "update", "changes": {"target_load_kg": -5}}, "target_load_kg"),
        ({"op": "update", "changes": {"rest_seconds": 5000}}, "rest_seconds"),
        ({"op": "update", "changes": {"reps_min": 12, "reps_max": 8}}, "reps_min"),
        ({"op": "update", "changes": {"notes": "x" * 301}}, "notes"),
        ({"op": "update", "changes": {"color": "red"}}, "changes"),
        ({"op": "update", "changes": {"sets": "many"}}, "sets"),
        ({"op": "update"}, "changes"),
        ({"op": "swap", "exercise": 999999}, "exercise"),
        ({"op": "move", "position": 99}, "position"),
        ({"op": "dance"}, "op"),
    ],
)
def test_bad_edits_are_a_400_naming_the_field_and_change_nothing(
    api, org, coach, draft, body, field
):
    target = items(first_workout(draft))[0]
    before = (target.exercise_id, target.sets, target.order, target.notes)

    response = edit(api, coach, org, draft, {"prescription": target.pk, **body})

    assert response.status_code == 400
    assert field in response.json()
    target.refresh_from_db()
    assert (target.exercise_id, target.sets, target.order, target.notes) == before
    assert "edits" not in Recommendation.unscoped.get(program=draft, kind="new_program").payload


def test_another_programs_prescription_is_refused(api, org, coach, draft, client_record):
    other = Program.unscoped.create(
        organization=org,
        client=client_record,
        name="Other",
        status="active",
        start_date=draft.start_date,
    )
    target = items(first_workout(draft))[0]

    response = edit(api, coach, org, other, {"op": "remove", "prescription": target.pk})

    assert response.status_code == 400
    assert "prescription" in response.json()


def test_an_edit_on_the_active_plan_is_a_reviewed_change_the_client_sees(
    api, org, coach, draft, client_record
):
    approve(api, coach, org, draft)
    target = items(first_workout(draft))[0]

    response = edit(
        api,
        coach,
        org,
        draft,
        {"op": "update", "prescription": target.pk, "changes": {"notes": "Pause at the bottom"}},
    )
    seen = (
        api(client_record.user)
        .get(f"/api/v1/orgs/{org.slug}/recommendations/?kind=plan_edit")
        .json()["results"]
    )

    assert response.status_code == 200
    (change,) = seen
    assert change["status"] == "approved" and change["applied_automatically"] is False
    assert change["decided_by"] == coach.pk
    assert "Pause at the bottom" in change["rationale"]


def test_a_retried_edit_with_the_same_id_is_made_once(api, org, coach, draft):
    approve(api, coach, org, draft)
    workout = first_workout(draft)
    count = len(items(workout))

    extra = (
        Exercise.unscoped.filter(pattern="core")
        .exclude(pk__in=[p.exercise_id for p in items(workout)])
        .first()
    )
    body = {"op": "add", "workout": workout.pk, "exercise": extra.pk, "edit_id": "abc-1"}

    first = edit(api, coach, org, draft, body)
    second = edit(api, coach, org, draft, body)

    assert first.status_code == second.status_code == 200
    assert second.json()["change"]["repeated"] is True
    assert len(items(workout)) == count + 1
    assert Recommendation.unscoped.filter(kind="plan_edit").count() == 1


def test_a_logged_workout_is_not_edited(api, org, coach, draft, client_record):

    approve(api, coach, org, draft)
    workout = first_workout(draft)
    WorkoutLog.unscoped.create(
        organization=org,
        client=client_record,
        client_uuid=uuid.uuid4(),
        workout=workout,
        performed_at=timezone.now(),
        status="completed",
    )

    response = edit(api, coach, org, draft, {"op": "remove", "prescription": items(workout)[0].pk})

    assert response.status_code == 409
    assert "already logged" in response.json()["detail"]


def test_a_superseded_program_is_not_edited(api, org, coach, draft):
    Program.unscoped.filter(pk=draft.pk).update(status="superseded")

    response = edit(
        api, coach, org, draft, {"op": "remove", "prescription": items(first_workout(draft))[0].pk}
    )

    assert response.status_code == 409


def test_a_client_cannot_edit_their_program(api, org, client_record, draft):
    response = api(client_record.user).post(
        f"/api/v1/orgs/{org.slug}/programs/{draft.pk}/edits/",
        {"op": "remove", "prescription": items(first_workout(draft))[0].pk},
        format="json",
    )

    assert response.status_code == 403
