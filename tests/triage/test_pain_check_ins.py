"""Pain through the real check-in and logging paths: graded the same way everywhere, an exercise
new to the client rather than new in the block, and the exercise named from the client's plan."""

from datetime import timedelta

import pytest
from django.utils import timezone

from coaching.models import Client, Notification
from programs.models import PlannedWorkout, Prescription, Program, ProgramWeek
from tests.factories import ExerciseFactory, build_history
from triage.core.defaults import MILD_PAIN_HOURS, SAME_DAY_HOURS
from triage.models import ReviewItem

pytestmark = pytest.mark.django_db

CALM = {"readiness": 4, "sleep_quality": 4, "soreness": 2, "fatigue": 2, "stress": 2, "mood": 4}


def check_in(api, org, client_record, **answers):
    return api(client_record.user).post(
        f"/api/v1/orgs/{org.slug}/clients/{client_record.pk}/check-ins/",
        {**CALM, **answers},
        format="json",
    )


def new_block_with(client_record, *exercises, started_days_ago=3):
    """An active block that started a few days ago with these exercises in its first session."""
    org = client_record.organization
    today = timezone.localdate()
    Program.unscoped.filter(client=client_record).update(status="completed")
    program = Program.unscoped.create(
        organization=org,
        client=client_record,
        name="New block",
        status="active",
        start_date=today - timedelta(days=started_days_ago),
    )
    week = ProgramWeek.unscoped.create(organization=org, program=program, index=1)
    workout = PlannedWorkout.unscoped.create(
        organization=org,
        week=week,
        program=program,
        client=client_record,
        day_index=0,
        planned_date=today - timedelta(days=started_days_ago),
        name="Lower",
    )
    for order, exercise in enumerate(exercises):
        Prescription.unscoped.create(
            organization=org,
            workout=workout,
            exercise=exercise,
            order=order,
            sets=3,
            reps_min=5,
            reps_max=8,
        )
    return program


@pytest.fixture
def squat():
    return ExerciseFactory(
        key="barbell-squat", name="Barbell Squat", pattern="squat", equipment="barbell"
    )


def test_one_in_ten_on_a_lift_the_client_has_done_for_months_stays_green_in_a_new_block(
    api, org, client_record, squat
):
    build_history(client_record, days=60, today=timezone.localdate(), exercise=squat)
    new_block_with(client_record, squat)

    body = check_in(
        api,
        org,
        client_record,
        pain={"area": "knee", "severity": 1, "new": False, "related_exercise": squat.pk},
    ).json()

    assert (body["level"], body["reasons"]) == ("green", [])
    assert "medical" not in body["message_to_client"].lower()


def test_a_close_variant_done_for_months_makes_the_exercise_not_new(api, org, client_record, squat):
    front = ExerciseFactory(
        key="front-barbell-squat", name="Front Barbell Squat", pattern="squat", equipment="barbell"
    )
    build_history(client_record, days=60, today=timezone.localdate(), exercise=squat)
    new_block_with(client_record, front)

    body = check_in(
        api,
        org,
        client_record,
        pain={"area": "knee", "severity": 2, "new": False, "related_exercise": front.pk},
    ).json()

    assert body["level"] == "green"


def test_one_in_ten_on_an_exercise_new_to_the_client_is_yellow_within_a_day_without_a_hold(
    api, org, client_record, squat
):
    split_squat = ExerciseFactory(
        key="bulgarian-split-squat", name="Bulgarian Split Squat", pattern="lunge"
    )
    build_history(client_record, days=60, today=timezone.localdate(), exercise=squat)
    new_block_with(client_record, squat, split_squat)

    body = check_in(
        api,
        org,
        client_record,
        pain={"area": "knee", "severity": 1, "new": False, "related_exercise": split_squat.pk},
    ).json()

    assert [r["code"] for r in body["reasons"]] == ["mild_new_pain"]
    assert body["level"] == "yellow"
    assert "Bulgarian Split Squat, an exercise new to the client" in body["reasons"][0]["text"]
    assert "medical" not in body["message_to_client"].lower()
    item = ReviewItem.unscoped.get(client=client_record)
    assert item.level == "yellow"
    assert item.due_at - item.created_at <= timedelta(hours=MILD_PAIN_HOURS)
    assert Client.unscoped.get(pk=client_record.pk).automation_hold is False


def test_pain_in_the_notes_names_the_area_and_the_exercise_from_the_clients_plan(
    api, org, client_record, squat
):
    split_squat = ExerciseFactory(
        key="bulgarian-split-squat", name="Bulgarian Split Squat", pattern="lunge"
    )
    new_block_with(client_record, squat, split_squat)

    body = check_in(
        api, org, client_record, notes="left knee a bit achy on the split squats this week"
    ).json()

    assert body["level"] == "yellow"
    (reason,) = body["reasons"]
    assert reason["code"] == "mild_new_pain"
    assert "left knee with Bulgarian Split Squat" in reason["text"]


def test_moderate_pain_in_the_notes_is_due_the_same_day(api, org, client_record):
    body = check_in(api, org, client_record, notes="knee pain about 5/10 on the lunges").json()

    assert [r["code"] for r in body["reasons"]] == ["moderate_pain"]
    item = ReviewItem.unscoped.get(client=client_record)
    assert item.due_at - item.created_at <= timedelta(hours=SAME_DAY_HOURS)


def test_a_session_skipped_for_pain_without_warning_signs_is_yellow_same_day_without_a_hold(
    api, org, client_record
):
    response = api(client_record.user).post(
        f"/api/v1/orgs/{org.slug}/clients/{client_record.pk}/workout-logs/",
        {
            "client_uuid": "7a1d6c3e-2222-4b2a-9c3d-5e6f7a8b9c0d",
            "performed_at": "2026-11-01T10:00:00Z",
            "status": "skipped",
            "skip_reason": "pain",
            "notes": "knee was a bit sore so I rested it",
        },
        format="json",
    )

    assert response.status_code == 201
    item = ReviewItem.unscoped.get(client=client_record)
    assert (item.level, item.reason_kind, item.source) == ("yellow", "moderate_pain", "logging")
    assert "knee" in item.reasons[0]["text"]
    assert Client.unscoped.get(pk=client_record.pk).automation_hold is False


def test_a_completed_log_with_calm_notes_opens_nothing(api, org, client_record):
    api(client_record.user).post(
        f"/api/v1/orgs/{org.slug}/clients/{client_record.pk}/workout-logs/",
        {
            "client_uuid": "7a1d6c3e-3333-4b2a-9c3d-5e6f7a8b9c0d",
            "performed_at": "2026-11-01T10:00:00Z",
            "status": "completed",
            "notes": "legs sore from last week but felt strong",
        },
        format="json",
    )

    assert not ReviewItem.unscoped.exists()


def test_a_red_flag_with_a_long_note_still_notifies_the_coach_in_the_app(api, org, client_record):

    notes = (
        "Felt a sharp pain in my left knee on the last squat set, it still hurts on the stairs "
        "and it is a bit swollen this morning. Also my chest felt tight on the warm up run and "
        "I got really dizzy after the deadlifts, which has never happened before, honestly."
    )

    body = check_in(api, org, client_record, notes=notes).json()

    assert body["level"] == "red"
    (notice,) = Notification.unscoped.filter(user=client_record.coach)
    assert notice.text.startswith("Red flag for")
    assert len(notice.text) <= Notification._meta.get_field("text").max_length
