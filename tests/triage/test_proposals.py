"""The nightly proposals of progression, substitution and schedule change, through the tier's
review policy, against the database."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from coaching.tenancy import tenant_scope
from programs.models import Exercise, PlannedWorkout, Prescription, Recommendation
from tests.factories import (
    CheckInFactory,
    ClientFactory,
    IntakeFactory,
    RecommendationFactory,
    SubscriptionFactory,
    TierFactory,
    build_history,
)
from triage.models import AdherenceScore
from triage.nightly import score_organization
from triage.nightly.proposals import propose_adjustments

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 20)  # a Friday
LONG_AGO = timezone.make_aware(timezone.datetime(2026, 1, 1))


def squat():
    return Exercise.unscoped.get(key="Barbell_Squat")


def new_client(org, coach=None, **history):
    """A steady client (four sessions a week for 60 days, one working set of 5 at 85.7 kg of
    the barbell squat each time) with a squat of 1 × 3–5 at 85.7 kg planned next Monday."""
    client = ClientFactory(organization=org, coach=coach, created_at=LONG_AGO)
    program = build_history(client, days=60, today=DAY, exercise=squat(), **history)
    monday = PlannedWorkout.unscoped.create(
        organization=org,
        week=program.weeks.get(),
        program=program,
        client=client,
        day_index=0,
        planned_date=DAY + timedelta(days=3),
        name="Lower",
    )
    Prescription.unscoped.create(
        organization=org,
        workout=monday,
        exercise=squat(),
        order=0,
        sets=1,
        reps_min=3,
        reps_max=5,
        target_load_kg=Decimal("85.7"),
    )
    return client


def tier(org, client, green=(), yellow=()):
    SubscriptionFactory(
        client=client,
        tier=TierFactory(
            organization=org,
            service_model="ai_first_escalation",
            review_policy={"auto_apply": {"green": list(green), "yellow": list(yellow)}},
        ),
    )


def recommendations(client, kind):
    return list(Recommendation.unscoped.filter(client=client, kind=kind))


def planned_squat(client):
    return Prescription.unscoped.get(workout__client=client, workout__planned_date__gt=DAY)


def test_a_client_who_topped_the_range_gets_a_progression_waiting_for_the_coach(org, coach):
    client = new_client(org, coach)

    score_organization(org, DAY)

    (progression,) = recommendations(client, "progression")
    assert progression.status == "pending_review"
    assert progression.payload["field"] == "target_load_kg"
    assert progression.payload["changes"] == [
        {
            "prescription": planned_squat(client).pk,
            "field": "target_load_kg",
            "from": 85.7,
            "to": 90.7,
        }
    ]
    assert "85.7 kg to 90.7 kg" in progression.rationale
    assert planned_squat(client).target_load_kg == Decimal("85.7")  # nothing changed yet


def test_a_tier_that_lets_green_progressions_apply_raises_the_load_at_once(org, coach):
    client = new_client(org, coach)
    tier(org, client, green=["progression"])

    score_organization(org, DAY)

    (progression,) = recommendations(client, "progression")
    assert (progression.status, progression.applied_automatically) == ("auto_applied", True)
    assert planned_squat(client).target_load_kg == Decimal("90.70")


def test_a_client_on_an_automation_hold_gets_the_progression_on_hold_and_unapplied(org, coach):
    client = new_client(org, coach)
    tier(org, client, green=["progression"])
    type(client).unscoped.filter(pk=client.pk).update(automation_hold=True)

    score_organization(org, DAY)

    (progression,) = recommendations(client, "progression")
    assert (progression.status, progression.applied_automatically) == ("on_hold", False)
    assert planned_squat(client).target_load_kg == Decimal("85.7")


def test_rerunning_the_night_proposes_nothing_new(org, coach):
    client = new_client(org, coach)
    score_organization(org, DAY)
    before = list(Recommendation.unscoped.values_list("id", "status"))

    score_organization(org, DAY)
    score_organization(org, DAY + timedelta(days=1))

    assert list(Recommendation.unscoped.values_list("id", "status")) == before
    assert len(recommendations(client, "progression")) == 1


def test_a_killed_worker_left_the_night_half_done_and_the_rerun_proposes_once(org, coach):
    first, second = new_client(org, coach), new_client(org, coach)

    score_organization(org, DAY, chunk_size=1)
    Recommendation.unscoped.filter(client=second).delete()  # as if its chunk never committed

    AdherenceScore.unscoped.filter(client=second).delete()
    score_organization(org, DAY, chunk_size=1)

    assert len(recommendations(first, "progression")) == 1
    assert len(recommendations(second, "progression")) == 1


def test_an_applied_progression_is_not_proposed_again_the_next_night(org, coach):
    client = new_client(org, coach)
    tier(org, client, green=["progression"])
    score_organization(org, DAY)

    score_organization(org, DAY + timedelta(days=1))

    assert len(recommendations(client, "progression")) == 1


def _pain(client, severity=6, area="knee", exercise=None, days_ago=2):
    CheckInFactory(
        organization=client.organization,
        client=client,
        created_at=timezone.make_aware(
            timezone.datetime.combine(DAY - timedelta(days=days_ago), timezone.datetime.min.time())
        ),
        readiness=3,
        sleep_quality=3,
        soreness=3,
        fatigue=3,
        stress=3,
        mood=3,
        pain={
            "area": area,
            "severity": severity,
            "new": False,
            "related_exercise": exercise.pk if exercise else None,
        },
    )


def test_pain_reported_with_an_exercise_proposes_a_substitute_from_the_library(org, coach):
    client = new_client(org, coach)
    _pain(client, area="lower back", exercise=squat())

    score_organization(org, DAY)

    (substitution,) = recommendations(client, "substitution")
    assert substitution.status == "pending_review"
    assert "lower back pain (6/10) was reported with it" in substitution.rationale
    replacement = Exercise.unscoped.get(pk=substitution.payload["to_exercise_id"])
    assert replacement.pattern == "squat" and replacement.pk != squat().pk
    assert "lower back" not in replacement.contraindications
    assert substitution.payload["changes"][0]["prescription"] == planned_squat(client).pk


def test_mild_or_old_pain_proposes_no_substitute(org, coach):
    client = new_client(org, coach)
    _pain(client, severity=2, exercise=squat())
    _pain(client, severity=7, exercise=squat(), days_ago=30)

    score_organization(org, DAY)

    assert recommendations(client, "substitution") == []


def test_an_automatic_substitution_swaps_the_exercise_in_the_plan(org, coach):
    client = new_client(org, coach)
    tier(org, client, green=["substitution"])
    _pain(client, area="lower back", exercise=squat())

    score_organization(org, DAY)

    (substitution,) = recommendations(client, "substitution")
    assert substitution.status == "auto_applied"
    assert planned_squat(client).exercise_id == substitution.payload["to_exercise_id"]


def test_equipment_missing_from_the_approved_intake_proposes_a_substitute(org, coach):

    client = new_client(org, coach)
    IntakeFactory(
        organization=org, client=client, version=1, status="approved", equipment=["dumbbell"]
    )

    score_organization(org, DAY)

    (substitution,) = recommendations(client, "substitution")
    assert "needs barbell" in substitution.rationale
    replacement = Exercise.unscoped.get(pk=substitution.payload["to_exercise_id"])
    assert replacement.equipment in ("dumbbell", "body only")


def _three_of_four(org, coach):
    """Four sessions planned every week; for the last month the Friday one never happened."""
    client = ClientFactory(organization=org, coach=coach, created_at=LONG_AGO)
    build_history(client, days=60, today=DAY, completed=lambda day: day.weekday() != 4)
    return client


def test_three_of_four_sessions_for_a_month_proposes_a_schedule_change_to_the_coach(org, coach):
    client = _three_of_four(org, coach)

    score_organization(org, DAY)

    (change,) = recommendations(client, "schedule_change")
    assert change.status == "pending_review"
    assert (change.payload["from"], change.payload["to"]) == (4, 3)
    assert "completed 3, 3, 3, 3 of 4 planned sessions" in change.rationale
    assert change.due_at is not None


def test_a_schedule_change_waits_for_the_coach_even_where_the_tier_auto_applies_it(org, coach):
    client = _three_of_four(org, coach)
    tier(org, client, green=["schedule_change"], yellow=["schedule_change"])

    score_organization(org, DAY)
    score_organization(org, DAY + timedelta(days=1))

    (change,) = recommendations(client, "schedule_change")
    assert (change.status, change.applied_automatically) == ("pending_review", False)


def test_a_schedule_change_from_the_nights_frames_matches_one_read_by_queries(org, coach):
    client = _three_of_four(org, coach)
    score_organization(org, DAY)
    (from_frames,) = recommendations(client, "schedule_change")
    Recommendation.unscoped.all().delete()

    with tenant_scope(org):
        propose_adjustments([client], {client.pk: DAY})

    (from_queries,) = recommendations(client, "schedule_change")
    assert (from_queries.payload, from_queries.rationale) == (
        from_frames.payload,
        from_frames.rationale,
    )


def test_sessions_of_a_superseded_program_make_no_schedule_pattern(org, coach):
    client = _three_of_four(org, coach)
    client.programs.update(status="superseded")

    score_organization(org, DAY)

    assert recommendations(client, "schedule_change") == []


def test_a_client_who_trains_every_planned_session_gets_no_schedule_change(org, coach):
    client = ClientFactory(organization=org, coach=coach, created_at=LONG_AGO)
    build_history(client, days=60, today=DAY)

    score_organization(org, DAY)

    assert recommendations(client, "schedule_change") == []


def test_proposals_read_a_constant_number_of_queries_per_chunk(
    org, coach, django_assert_max_num_queries
):

    few = [new_client(org, coach) for _ in range(2)]
    many = [new_client(org, coach) for _ in range(8)]

    with tenant_scope(org), django_assert_max_num_queries(20) as counted:
        assert propose_adjustments(few, {c.pk: DAY for c in few}) == 2
    with tenant_scope(org), django_assert_max_num_queries(len(counted.captured_queries)):
        assert propose_adjustments(many, {c.pk: DAY for c in many}) == 8


def test_the_coach_sees_a_readable_change_and_approving_a_substitution_swaps_the_exercise(
    client, org, coach
):
    athlete = new_client(org, coach)
    _pain(athlete, area="lower back", exercise=squat())
    score_organization(org, DAY)
    (substitution,) = recommendations(athlete, "substitution")
    client.force_login(coach)

    page = client.get(f"/o/northside/coach/clients/{athlete.pk}/").content.decode()
    assert f"Barbell Squat</strong>: Barbell Squat → {substitution.payload['to']}" in page

    client.post(
        f"/o/northside/coach/recommendations/{substitution.pk}/decide/", {"decision": "approve"}
    )

    substitution.refresh_from_db()
    assert (substitution.status, substitution.decided_by) == ("approved", coach)
    assert planned_squat(athlete).exercise_id == substitution.payload["to_exercise_id"]


def test_the_coach_sees_the_schedule_pattern_in_words(client, org, coach):
    athlete = _three_of_four(org, coach)
    score_organization(org, DAY)
    client.force_login(coach)

    page = client.get(f"/o/northside/coach/clients/{athlete.pk}/").content.decode()

    assert "Sessions a week:</strong> 4 → 3" in page
    assert "trained 3, 3, 3, 3 in the last 4 weeks" in page


def test_the_client_sees_an_automatic_progression_marked_automatic_on_their_plan(client, org):
    athlete = new_client(org)
    tier(org, athlete, green=["progression"])
    score_organization(org, DAY)
    client.force_login(athlete.user)

    page = client.get("/o/northside/app/plan/").content.decode()

    assert '<span class="badge">automatic</span>' in page
    assert "load goes from 85.7 kg to 90.7 kg" in page


def test_later_nights_propose_no_second_substitution_or_schedule_change(org, coach):
    hurting, short = new_client(org, coach), _three_of_four(org, coach)
    _pain(hurting, area="lower back", exercise=squat())
    score_organization(org, DAY)
    before = sorted(Recommendation.unscoped.values_list("client_id", "kind"))

    for later in (1, 2):
        score_organization(org, DAY + timedelta(days=later))

    assert sorted(Recommendation.unscoped.values_list("client_id", "kind")) == before
    assert (hurting.pk, "substitution") in before
    assert (short.pk, "schedule_change") in before


def test_an_exercise_that_hurts_is_swapped_not_progressed(org, coach):
    client = new_client(org, coach)
    _pain(client, area="lower back", exercise=squat())

    score_organization(org, DAY)
    score_organization(org, DAY + timedelta(days=1))

    assert len(recommendations(client, "substitution")) == 1
    assert recommendations(client, "progression") == []


def test_no_progression_for_a_client_just_proposed_a_deload(org, coach):
    client = new_client(org, coach)
    RecommendationFactory(
        organization=org,
        client=client,
        kind="deload",
        status="pending_review",
        rationale="Tired.",
        dedupe_key="deload:test",
    )

    score_organization(org, DAY)

    assert recommendations(client, "progression") == []
