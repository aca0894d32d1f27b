"""Drafting through the API and the recommendation lifecycle."""

import pytest

from coaching.models import Client
from coaching.tenancy import tenant_scope
from programs.models import Exercise, Prescription, Program, Recommendation
from programs.program_templates import save_as_template, start_from_template
from programs.queries import program_queryset
from tests.factories import ClientFactory, IntakeFactory

pytestmark = pytest.mark.django_db


def approve_intake(org, client_record, coach, **answers):
    IntakeFactory(
        organization=org,
        client=client_record,
        version=1,
        status="approved",
        goals=answers.get("goals", ["strength", "muscle"]),
        training_age_years=2,
        sessions_per_week=answers.get("sessions", 3),
        session_minutes=60,
        equipment=answers.get("equipment", ["barbell", "dumbbell"]),
        injuries=answers.get("injuries", []),
        health_screen={},
        constraints=answers.get("constraints", ""),
        stress_level=2,
        sleep_hours=7.5,
        risk="low",
        experience="intermediate",
        autonomy="medium",
        reviewed_by=coach,
    )


def draft(api, org, coach, client_record):
    return api(coach).post(f"/api/v1/orgs/{org.slug}/clients/{client_record.pk}/programs/draft/")


def test_no_program_is_drafted_before_the_intake_is_approved(api, org, coach, client_record):
    response = draft(api, org, coach, client_record)

    assert response.status_code == 409
    assert "intake" in response.json()["detail"]
    assert not Program.unscoped.exists()


def test_a_draft_arrives_as_a_new_program_recommendation_waiting_for_the_coach(
    api, org, coach, client_record
):
    approve_intake(org, client_record, coach)

    response = draft(api, org, coach, client_record)

    assert response.status_code == 201
    body = response.json()
    assert (body["kind"], body["status"], body["applied_automatically"]) == (
        "new_program",
        "pending_review",
        False,
    )
    assert body["rationale"]
    assert Program.unscoped.get().status == "pending_review"


def test_the_program_lists_weeks_workouts_and_prescriptions_that_progress(
    api, org, coach, client_record
):
    approve_intake(org, client_record, coach)
    draft(api, org, coach, client_record)

    program = (
        api(coach)
        .get(f"/api/v1/orgs/{org.slug}/clients/{client_record.pk}/programs/")
        .json()["results"][0]
    )

    assert program["status"] == "pending_review"
    weeks = program["weeks"]
    assert len(weeks) >= 4
    assert all(len(w["workouts"]) == 3 for w in weeks)
    prescription = weeks[0]["workouts"][0]["prescriptions"][0]
    assert set(prescription) >= {
        "exercise",
        "sets",
        "reps_min",
        "reps_max",
        "target_rpe",
        "target_load_kg",
        "notes",
    }
    assert set(prescription["exercise"]) == {"id", "name", "equipment", "primary_muscles"}
    assert weeks[0]["workouts"][0]["planned_date"]

    def fields(week):
        return [
            (
                p["exercise"]["id"],
                p["sets"],
                p["reps_min"],
                p["reps_max"],
                p["target_rpe"],
                p["target_load_kg"],
            )
            for w in week["workouts"]
            for p in w["prescriptions"]
        ]

    for previous, week in zip(weeks, weeks[1:], strict=False):
        if week["is_deload"]:
            continue
        assert fields(week) != fields(previous), f"week {week['index']} raises nothing"


def test_the_draft_respects_a_current_knee_injury(api, org, coach, client_record):
    approve_intake(
        org, client_record, coach, injuries=[{"area": "knee", "current": True, "notes": "meniscus"}]
    )
    draft(api, org, coach, client_record)

    loads = list(Prescription.unscoped.values_list("exercise__joint_loads", flat=True))
    assert loads and all(areas.get("knee") != "high" for areas in loads)
    muscles = Prescription.unscoped.values_list("exercise__primary_muscles", flat=True)
    assert any("quadriceps" in primary for primary in muscles)


def test_the_coach_approves_and_the_program_becomes_the_active_plan(api, org, coach, client_record):
    approve_intake(org, client_record, coach)
    recommendation = draft(api, org, coach, client_record).json()

    response = api(coach).post(
        f"/api/v1/orgs/{org.slug}/recommendations/{recommendation['id']}/decision/",
        {"decision": "approve", "notes": ""},
        format="json",
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["decided_by"]) == ("approved", coach.pk)
    assert Program.unscoped.get().status == "active"


def test_the_coach_modifies_one_exercise_then_applies(api, org, coach, client_record):

    approve_intake(org, client_record, coach)
    recommendation = draft(api, org, coach, client_record).json()
    prescription = Prescription.unscoped.order_by("workout__planned_date", "order").first()
    other = (
        Exercise.unscoped.filter(pattern=prescription.exercise.pattern)
        .exclude(pk=prescription.exercise_id)
        .first()
    )

    response = api(coach).post(
        f"/api/v1/orgs/{org.slug}/recommendations/{recommendation['id']}/decision/",
        {
            "decision": "modify",
            "notes": "prefer this variation",
            "payload": {
                "changes": [
                    {"prescription": prescription.pk, "exercise": other.pk},
                    {"prescription": prescription.pk, "field": "sets", "to": 4},
                ]
            },
        },
        format="json",
    )

    assert response.json()["status"] == "modified"
    prescription.refresh_from_db()
    assert (prescription.exercise_id, prescription.sets) == (other.pk, 4)
    assert Program.unscoped.get().status == "active"


def test_rejecting_needs_a_note(api, org, coach, client_record):
    approve_intake(org, client_record, coach)
    recommendation = draft(api, org, coach, client_record).json()

    response = api(coach).post(
        f"/api/v1/orgs/{org.slug}/recommendations/{recommendation['id']}/decision/",
        {"decision": "reject"},
        format="json",
    )

    assert response.status_code == 400
    assert "notes" in response.json()


def test_deciding_twice_is_refused(api, org, coach, client_record):
    approve_intake(org, client_record, coach)
    recommendation = draft(api, org, coach, client_record).json()
    decision_url = f"/api/v1/orgs/{org.slug}/recommendations/{recommendation['id']}/decision/"
    api(coach).post(decision_url, {"decision": "reject", "notes": "too much volume"}, format="json")

    response = api(coach).post(decision_url, {"decision": "approve"}, format="json")

    assert response.status_code == 409
    assert Recommendation.unscoped.get().status == "rejected"


def test_a_change_to_another_clients_plan_is_refused(api, org, coach, client_record):

    approve_intake(org, client_record, coach)
    recommendation = draft(api, org, coach, client_record).json()
    other = ClientFactory(organization=org, coach=coach)
    approve_intake(org, other, coach)
    draft(api, org, coach, other)

    theirs = Prescription.unscoped.filter(workout__client=other).first()

    response = api(coach).post(
        f"/api/v1/orgs/{org.slug}/recommendations/{recommendation['id']}/decision/",
        {
            "decision": "modify",
            "payload": {"changes": [{"prescription": theirs.pk, "field": "sets", "to": 9}]},
        },
        format="json",
    )

    assert response.status_code == 400
    assert "payload" in response.json()


def test_recommendations_filter_by_status_and_client(api, org, coach, client_record):
    approve_intake(org, client_record, coach)
    draft(api, org, coach, client_record)

    body = (
        api(coach)
        .get(
            f"/api/v1/orgs/{org.slug}/recommendations/?status=pending_review&client={client_record.pk}"
        )
        .json()
    )

    assert body["count"] == 1
    assert set(body["results"][0]) >= {
        "id",
        "client",
        "kind",
        "status",
        "rationale",
        "confidence",
        "payload",
        "created_at",
        "decided_by",
        "decided_at",
        "applied_automatically",
    }


def test_a_client_on_an_automation_hold_gets_an_on_hold_draft(api, org, coach, client_record):

    approve_intake(org, client_record, coach)
    Client.unscoped.filter(pk=client_record.pk).update(automation_hold=True)

    assert draft(api, org, coach, client_record).json()["status"] == "on_hold"


def test_a_client_sees_only_their_active_plan(api, org, coach, client_record):
    approve_intake(org, client_record, coach)
    draft(api, org, coach, client_record)

    assert (
        api(client_record.user)
        .get(f"/api/v1/orgs/{org.slug}/clients/{client_record.pk}/programs/")
        .json()["count"]
        == 0
    )


def test_an_approved_program_saved_as_a_template_starts_another_client(
    api, org, coach, client_record
):

    approve_intake(org, client_record, coach)
    recommendation = draft(api, org, coach, client_record).json()
    api(coach).post(
        f"/api/v1/orgs/{org.slug}/recommendations/{recommendation['id']}/decision/",
        {"decision": "approve"},
        format="json",
    )
    other = ClientFactory(organization=org, coach=coach)

    with tenant_scope(org):
        program = program_queryset(Program.objects.filter(status="active")).get()
        template = save_as_template(program, name="Three-day strength", by=coach)
        started = start_from_template(other, template, by=coach)

    assert started.status == "pending_review" and started.kind == "new_program"
    copy = Program.unscoped.get(client=other)

    assert (
        Prescription.unscoped.filter(workout__program=copy).count()
        == Prescription.unscoped.filter(workout__program=program).count()
    )
    assert not Prescription.unscoped.filter(
        workout__program=copy, target_load_kg__isnull=False
    ).exists()
