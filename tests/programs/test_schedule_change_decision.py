"""Approving a schedule change carries it out on the active plan, from tomorrow on."""

import uuid
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from programs.models import (
    PlannedWorkout,
    Prescription,
    Program,
    ProgramWeek,
    WorkoutLog,
)
from tests.factories import ClientFactory, ExerciseFactory, MembershipFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

WEEKDAYS = (0, 2, 4, 5)  # Mon, Wed, Fri, Sat
LIFT_BY_WEEKDAY = {0: "squat", 2: "bench", 4: "squat", 5: "deadlift"}


def _lifts():
    return {
        key: ExerciseFactory(key=f"test-{key}", name=key.title(), mechanic="compound")
        for key in ("squat", "bench", "deadlift")
    }


def make_plan(org, client_record, saturday_missed=True):
    """Four past weeks of Mon/Wed/Fri/Sat (Saturdays missed, the rest trained) and the next two
    weeks planned: Mon squat, Wed bench, Fri squat, Sat deadlift."""
    today = client_record.today()
    this_monday = today + timedelta(days=1) - timedelta(days=(today + timedelta(days=1)).weekday())
    next_monday = this_monday + timedelta(days=7)
    lifts = _lifts()
    program = Program.unscoped.create(
        organization=org,
        client=client_record,
        name="Block",
        status="active",
        start_date=this_monday - timedelta(days=28),
    )
    week = ProgramWeek.unscoped.create(organization=org, program=program, index=1)
    for monday in [this_monday - timedelta(days=7 * n) for n in (4, 3, 2, 1)] + [
        next_monday,
        next_monday + timedelta(days=7),
    ]:
        for weekday in WEEKDAYS:
            day = monday + timedelta(days=weekday)
            workout = PlannedWorkout.unscoped.create(
                organization=org,
                week=week,
                program=program,
                client=client_record,
                day_index=weekday,
                planned_date=day,
                name=f"Session {weekday}",
            )
            Prescription.unscoped.create(
                organization=org,
                workout=workout,
                exercise=lifts[LIFT_BY_WEEKDAY[weekday]],
                order=0,
                sets=3,
                reps_min=3,
                reps_max=5,
            )
            if day < this_monday and not (saturday_missed and weekday == 5):
                log(org, client_record, workout)
    return program, next_monday


def log(org, client_record, workout):
    WorkoutLog.unscoped.create(
        organization=org,
        client=client_record,
        client_uuid=uuid.uuid4(),
        workout=workout,
        performed_at=timezone.make_aware(datetime.combine(workout.planned_date, time(12))),
        status="completed",
    )


def proposal(org, client_record, program, planned=4, to=3):
    return RecommendationFactory(
        organization=org,
        client=client_record,
        kind="schedule_change",
        status="pending_review",
        rationale="Over the last 4 weeks the client completed 3, 3, 3, 3 of 4 planned sessions.",
        payload={
            "exercise": None,
            "field": "sessions_per_week",
            "from": planned,
            "to": to,
            "completed": [3, 3, 3, 3],
            "program": program.pk,
            "changes": [],
        },
    )


def decide(api, coach, org, recommendation, **body):
    return api(coach).post(
        f"/api/v1/orgs/{org.slug}/recommendations/{recommendation.pk}/decision/",
        body,
        format="json",
    )


def planned_weekdays(program, since):
    return sorted(
        (w.planned_date - since).days
        for w in PlannedWorkout.unscoped.filter(program=program, planned_date__gte=since)
    )


def test_approving_drops_the_most_missed_weekday_from_every_future_week(
    api, org, coach, client_record
):
    program, next_monday = make_plan(org, client_record)
    recommendation = proposal(org, client_record, program)

    response = decide(api, coach, org, recommendation, decision="approve")

    assert response.status_code == 200, response.content
    assert planned_weekdays(program, next_monday) == [0, 2, 4, 7, 9, 11]
    assert response.json()["status"] == "approved"
    applied = response.json()["payload"]["applied"]
    assert [a["action"] for a in applied] == ["drop", "move", "drop", "move"]
    assert "missed 4 of 4 planned Saturdays" in applied[0]["text"]


def test_the_lone_deadlift_moves_to_the_nearest_kept_session(api, org, coach, client_record):
    program, next_monday = make_plan(org, client_record)

    decide(api, coach, org, proposal(org, client_record, program), decision="approve")

    friday = PlannedWorkout.unscoped.get(program=program, planned_date=next_monday + timedelta(4))
    names = list(friday.prescriptions.order_by("order").values_list("exercise__name", flat=True))
    assert names == ["Squat", "Deadlift"]


def test_approving_keeps_every_past_session(api, org, coach, client_record):
    program, next_monday = make_plan(org, client_record)
    past = set(
        PlannedWorkout.unscoped.filter(
            program=program, planned_date__lt=next_monday - timedelta(days=7)
        ).values_list("pk", flat=True)
    )

    decide(api, coach, org, proposal(org, client_record, program), decision="approve")

    assert len(past) == 16
    assert past <= set(PlannedWorkout.unscoped.values_list("pk", flat=True))


def test_a_logged_future_session_is_never_dropped(api, org, coach, client_record):
    program, next_monday = make_plan(org, client_record)
    saturday = PlannedWorkout.unscoped.get(
        program=program, planned_date=next_monday + timedelta(days=5)
    )
    log(org, client_record, saturday)

    decide(api, coach, org, proposal(org, client_record, program), decision="approve")

    assert PlannedWorkout.unscoped.filter(pk=saturday.pk).exists()
    assert planned_weekdays(program, next_monday)[:3] == [0, 2, 5]


def test_modifying_with_a_number_carries_out_that_number(api, org, coach, client_record):
    program, next_monday = make_plan(org, client_record)
    recommendation = proposal(org, client_record, program)

    response = decide(
        api, coach, org, recommendation, decision="modify", notes="", sessions_per_week=2
    )

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "modified"
    assert response.json()["payload"]["sessions_per_week"] == 2
    assert planned_weekdays(program, next_monday) == [0, 4, 7, 11]
    monday = PlannedWorkout.unscoped.get(program=program, planned_date=next_monday)
    names = list(monday.prescriptions.order_by("order").values_list("exercise__name", flat=True))
    assert names == ["Squat", "Bench"]


@pytest.mark.parametrize("number", [4, 5, 0, "two"])
def test_modifying_with_a_number_that_is_not_fewer_sessions_is_refused_naming_the_field(
    api, org, coach, client_record, number
):
    program, next_monday = make_plan(org, client_record)
    recommendation = proposal(org, client_record, program)

    response = decide(api, coach, org, recommendation, decision="modify", sessions_per_week=number)

    assert response.status_code == 400
    assert "sessions_per_week" in response.json()
    assert len(planned_weekdays(program, next_monday)) == 8
    recommendation.refresh_from_db()
    assert recommendation.status == "pending_review"


def test_rejecting_leaves_the_plan_as_it_was(api, org, coach, client_record):
    program, next_monday = make_plan(org, client_record)
    recommendation = proposal(org, client_record, program)

    response = decide(api, coach, org, recommendation, decision="reject", notes="Let us talk")

    assert response.json()["status"] == "rejected"
    assert len(planned_weekdays(program, next_monday)) == 8
    assert "applied" not in response.json()["payload"]


def test_approving_twice_changes_nothing_more(api, org, coach, client_record):
    program, next_monday = make_plan(org, client_record)
    recommendation = proposal(org, client_record, program)
    decide(api, coach, org, recommendation, decision="approve")

    again = decide(api, coach, org, recommendation, decision="modify", sessions_per_week=1)

    assert again.status_code == 409
    assert len(planned_weekdays(program, next_monday)) == 6


def test_a_program_no_longer_active_is_not_changed(api, org, coach, client_record):
    program, next_monday = make_plan(org, client_record)
    Program.unscoped.filter(pk=program.pk).update(status="superseded")

    response = decide(api, coach, org, proposal(org, client_record, program), decision="approve")

    assert response.json()["payload"]["applied"] == []
    assert len(planned_weekdays(program, next_monday)) == 8


def test_another_organizations_schedule_change_is_not_found(api, org, coach, other_org):
    foreign_coach = MembershipFactory(organization=other_org, role="coach").user
    athlete = ClientFactory(organization=other_org, coach=foreign_coach)
    program, next_monday = make_plan(other_org, athlete)
    recommendation = proposal(other_org, athlete, program)

    response = decide(api, coach, org, recommendation, decision="approve")

    assert response.status_code == 404
    assert len(planned_weekdays(program, next_monday)) == 8


def test_the_coach_page_carries_out_another_number_and_the_client_sees_it(
    client, org, coach, client_record
):
    program, next_monday = make_plan(org, client_record)
    recommendation = proposal(org, client_record, program)
    client.force_login(coach)

    page = client.get(f"/o/northside/coach/clients/{client_record.pk}/").content.decode()
    assert 'name="sessions_per_week"' in page
    client.post(
        f"/o/northside/coach/recommendations/{recommendation.pk}/decide/",
        {"decision": "approve", "sessions_per_week": "2"},
    )

    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.payload["sessions_per_week"]) == ("modified", 2)
    assert len(planned_weekdays(program, next_monday)) == 4
    client.force_login(client_record.user)
    plan = client.get("/o/northside/app/plan/").content.decode()
    assert "reviewed by" in plan
    assert "Now 2 sessions a week." in plan
    assert "missed 4 of 4 planned Saturdays" in plan
