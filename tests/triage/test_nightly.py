"""The nightly job on the brief's scenarios, against the database."""

import gc
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from coaching.models import Client, Notification
from coaching.tenancy import tenant_scope
from programs.models import Prescription, Recommendation
from tests.factories import (
    CheckInFactory,
    ClientFactory,
    ExerciseFactory,
    SubscriptionFactory,
    TierFactory,
    build_history,
)
from triage.models import AdherenceScore, ReviewItem, ScoringRun
from triage.nightly import score_organization

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 20)
LONG_AGO = timezone.make_aware(timezone.datetime(2026, 1, 1))


def new_client(org, coach=None):
    return ClientFactory(organization=org, coach=coach, created_at=LONG_AGO)


def run(org, day=DAY):
    return score_organization(org, day)


def score(client, day=DAY):
    return AdherenceScore.unscoped.get(client=client, date=day)


def test_a_steady_client_stays_green(org):
    client = new_client(org)
    build_history(client, days=90, today=DAY)

    run(org)

    assert score(client).level == "green"
    assert score(client).reasons == []
    assert score(client).completion_28d == 1.0


def test_missing_three_workouts_with_high_fatigue_is_yellow_with_reasons(org, coach):
    client = new_client(org, coach)
    recent = DAY - timedelta(days=8)
    build_history(
        client,
        days=90,
        today=DAY,
        completed=lambda day: day < recent,
        checkin=lambda day: (
            {"readiness": 2, "fatigue": 5, "sleep_quality": 2, "mood": 3} if day >= recent else {}
        ),
        checkin_weekday=None,
    )

    for back in range(0, 7, 2):  # several tired check-ins this week, after a calm baseline
        CheckInFactory(
            organization=org,
            client=client,
            created_at=timezone.make_aware(
                timezone.datetime.combine(DAY - timedelta(days=back), timezone.datetime.min.time())
            ),
            readiness=2,
            sleep_quality=2,
            soreness=4,
            fatigue=5,
            stress=4,
            mood=2,
        )
    for back in range(14, 90, 7):
        CheckInFactory(
            organization=org,
            client=client,
            created_at=timezone.make_aware(
                timezone.datetime.combine(DAY - timedelta(days=back), timezone.datetime.min.time())
            ),
            readiness=4,
            sleep_quality=4,
            soreness=2,
            fatigue=2,
            stress=2,
            mood=4,
        )

    run(org)

    result = score(client)
    assert result.level == "yellow"
    codes = {reason["code"] for reason in result.reasons}
    assert "missed_sessions" in codes
    item = ReviewItem.unscoped.get(client=client, reason_kind="missed_sessions")
    assert (item.level, item.source, item.assigned_to) == ("yellow", "nightly", coach)


def test_falling_performance_while_feeling_great_is_yellow(org):
    client = new_client(org)
    build_history(
        client,
        days=90,
        today=DAY,
        e1rm=lambda day: 140.0 - 0.6 * (90 - (DAY - day).days),
        checkin=lambda day: {"readiness": 5, "fatigue": 1, "sleep_quality": 5, "mood": 5},
    )

    run(org)

    codes = {reason["code"] for reason in score(client).reasons}
    assert "goal_conflicts_with_data" in codes


def test_a_drop_from_four_to_two_sessions_a_week_is_yellow_with_the_sentence(org):
    client = new_client(org)
    recent = DAY - timedelta(days=13)
    build_history(
        client, days=90, today=DAY, completed=lambda day: day < recent or day.weekday() in (0, 3)
    )

    run(org)

    reasons = {r["code"]: r["text"] for r in score(client).reasons}
    assert "adherence_drop" in reasons
    assert "of 8 planned sessions in the last 14 days" in reasons["adherence_drop"]


def test_rerunning_the_night_changes_nothing_and_opens_no_duplicates(org):
    steady, fading = new_client(org), new_client(org)
    build_history(steady, days=90, today=DAY)
    build_history(fading, days=90, today=DAY, completed=lambda day: day < DAY - timedelta(days=13))
    run(org)
    before = (
        AdherenceScore.unscoped.count(),
        list(ReviewItem.unscoped.values_list("id", "evidence")),
    )

    run(org)

    after = (
        AdherenceScore.unscoped.count(),
        list(ReviewItem.unscoped.values_list("id", "evidence")),
    )
    assert after == before
    assert ScoringRun.unscoped.get().clients_scored == 2


def test_a_half_done_night_is_finished_without_scoring_anyone_twice(org):
    first, second = new_client(org), new_client(org)
    for client in (first, second):
        build_history(client, days=30, today=DAY)
    AdherenceScore.unscoped.create(organization=org, client=first, date=DAY, level="green")

    run(org)

    assert AdherenceScore.unscoped.filter(date=DAY).count() == 2
    assert score(first).features == {}  # kept as it was


def test_a_night_killed_after_a_chunk_and_run_again_has_a_complete_summary(org):
    fading = [new_client(org) for _ in range(2)]
    for client in fading:
        build_history(
            client, days=60, today=DAY, completed=lambda day: day < DAY - timedelta(days=13)
        )

    class Killed(Exception):
        pass

    def kill_after_first_chunk(done, total):
        raise Killed

    with pytest.raises(Killed):
        score_organization(org, DAY, chunk_size=1, progress=kill_after_first_chunk)
    run(org)

    summary = ScoringRun.unscoped.get()
    assert summary.clients_scored == 2
    assert sum(summary.flags.values()) == 2
    assert summary.items_opened == ReviewItem.unscoped.filter(source="nightly").count() > 0


def test_the_job_reads_a_constant_number_of_queries_per_chunk(org, django_assert_max_num_queries):
    for _ in range(3):
        build_history(new_client(org), days=30, today=DAY)
    with django_assert_max_num_queries(60) as few:
        score_organization(org, DAY - timedelta(days=1))
    for _ in range(12):
        build_history(new_client(org), days=30, today=DAY)

    with django_assert_max_num_queries(len(few.captured_queries)):
        score_organization(org, DAY)


def test_another_organizations_clients_are_not_scored(org, other_org):
    build_history(new_client(other_org), days=30, today=DAY)

    run(org)

    assert not AdherenceScore.unscoped.exists()


def test_the_command_scores_one_organization_for_a_date(org, capsys):
    client = new_client(org)
    build_history(client, days=30, today=DAY)

    call_command("score_adherence", org="northside", date="2026-11-20")

    assert "1 clients scored" in capsys.readouterr().out
    with tenant_scope(org):
        assert Client.objects.get().scores.get().date == DAY


def test_the_command_refuses_a_bad_date(org):

    with pytest.raises(CommandError, match="--date"):
        call_command("score_adherence", org="northside", date="20/11/2026")


def test_the_scores_api_lists_daily_scores_as_fractions(api, org, coach):
    client = new_client(org, coach)
    build_history(client, days=30, today=DAY)
    run(org, DAY - timedelta(days=1))
    run(org)

    body = (
        api(coach)
        .get(f"/api/v1/orgs/{org.slug}/clients/{client.pk}/scores/?since=2026-11-20")
        .json()
    )

    assert body["count"] == 1
    result = body["results"][0]
    assert result["date"] == "2026-11-20"
    assert result["level"] == "green"
    assert 0 <= result["completion_28d"] <= 1
    assert set(result) >= {
        "completion_90d",
        "checkin_response_rate",
        "readiness_z",
        "performance_trend",
        "risk",
        "reasons",
    }


def test_a_client_reads_only_their_own_scores(api, org, client_record):
    other = new_client(org)

    response = api(client_record.user).get(f"/api/v1/orgs/{org.slug}/clients/{other.pk}/scores/")

    assert response.status_code == 404


def _tired_client(org, coach):
    """Missed the last week's sessions and tired in every check-in for three weeks."""

    client = new_client(org, coach)
    recent = DAY - timedelta(days=8)
    build_history(
        client,
        days=90,
        today=DAY + timedelta(days=7),
        completed=lambda day: day < recent,
        checkin_weekday=None,
    )

    def at(back):
        return timezone.make_aware(
            timezone.datetime.combine(DAY - timedelta(days=back), timezone.datetime.min.time())
        )

    for back in range(0, 21, 2):
        CheckInFactory(
            organization=org,
            client=client,
            created_at=at(back),
            readiness=2,
            sleep_quality=2,
            soreness=4,
            fatigue=5,
            stress=4,
            mood=2,
        )
    for back in range(28, 90, 7):
        CheckInFactory(
            organization=org,
            client=client,
            created_at=at(back),
            readiness=4,
            sleep_quality=4,
            soreness=2,
            fatigue=2,
            stress=2,
            mood=4,
        )
    return client


def test_a_tired_client_without_a_tier_gets_a_deload_proposal_waiting_for_the_coach(org, coach):

    client = _tired_client(org, coach)

    run(org)
    run(org)

    recommendation = Recommendation.unscoped.get(client=client)
    assert (recommendation.kind, recommendation.status, recommendation.applied_automatically) == (
        "deload",
        "pending_review",
        False,
    )


def test_a_tier_that_lets_yellow_deloads_apply_gets_it_applied_automatically(org, coach):

    client = _tired_client(org, coach)
    SubscriptionFactory(
        client=client,
        tier=TierFactory(
            organization=org,
            service_model="ai_first_escalation",
            review_policy={"auto_apply": {"green": [], "yellow": ["deload"]}},
        ),
    )
    program_workout = (
        client.organization
        and __import__("programs.models", fromlist=["PlannedWorkout"])
        .PlannedWorkout.unscoped.filter(client=client, planned_date__gt=DAY)
        .first()
    )
    Prescription.unscoped.create(
        organization=org,
        workout=program_workout,
        exercise=ExerciseFactory(key="bench"),
        order=0,
        sets=4,
        reps_min=5,
        reps_max=5,
    )

    run(org)

    recommendation = Recommendation.unscoped.get(client=client)
    assert (recommendation.status, recommendation.applied_automatically) == ("auto_applied", True)
    assert Prescription.unscoped.get(workout=program_workout).sets == 3


def test_a_missed_planned_session_prompts_the_client_once_with_neutral_words(
    org, coach, django_capture_on_commit_callbacks
):

    client = new_client(org, coach)
    build_history(
        client,
        days=30,
        today=DAY,
        planned_weekdays=(DAY.weekday(),),
        completed=lambda day: day != DAY,
    )

    with django_capture_on_commit_callbacks(execute=True):
        run(org)
        run(org)

    prompts = Notification.unscoped.filter(user=client.user)
    assert prompts.count() == 1
    assert "What got in the way?" in prompts.get().text
    assert len(mail.outbox) == 1


def test_a_logged_session_is_not_prompted(org):

    client = new_client(org)
    build_history(client, days=30, today=DAY, planned_weekdays=(DAY.weekday(),))

    run(org)

    assert not Notification.unscoped.filter(user=client.user).exists()


def test_the_client_list_shows_each_clients_latest_level(api, org, coach):
    client = new_client(org, coach)
    build_history(client, days=30, today=DAY)
    run(org)

    results = api(coach).get(f"/api/v1/orgs/{org.slug}/clients/").json()["results"]

    assert [r["level"] for r in results if r["id"] == client.pk] == ["green"]


def test_an_open_red_item_makes_the_client_red_in_the_list(api, org, coach, client_record):
    api(client_record.user).post(
        f"/api/v1/orgs/{org.slug}/clients/{client_record.pk}/check-ins/",
        {
            "readiness": 3,
            "sleep_quality": 3,
            "soreness": 3,
            "fatigue": 3,
            "stress": 3,
            "mood": 3,
            "symptoms": ["fainting"],
        },
        format="json",
    )

    body = api(coach).get(f"/api/v1/orgs/{org.slug}/clients/{client_record.pk}/").json()

    assert body["level"] == "red"


def test_a_night_leaves_the_garbage_collector_running_as_it_found_it(org):
    build_history(new_client(org), days=30, today=DAY)
    assert gc.isenabled()

    run(org)

    assert gc.isenabled()


def test_a_night_started_with_the_garbage_collector_off_leaves_it_off(org):
    build_history(new_client(org), days=30, today=DAY)
    gc.disable()
    try:
        run(org)
        assert not gc.isenabled()
    finally:
        gc.enable()
