"""The owner's figures beyond revenue: escalation accuracy, overrides, satisfaction, coach load,
weekly series, the daily cache, and a constant number of queries however big the business."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from billing.models import Subscription
from coaching.models import Client, Membership, User
from coaching.tenancy import tenant_scope
from programs.models import Recommendation
from reporting.metrics import owner_metrics
from reporting.models import MetricsSnapshot
from reporting.views import CHARTS
from tests.factories import (
    CheckInFactory,
    ClientFactory,
    OrganizationFactory,
    RecommendationFactory,
    ReviewItemFactory,
    SubscriptionFactory,
    TierFactory,
)
from triage.models import AdherenceScore, CheckIn, ReviewItem

pytestmark = pytest.mark.django_db

CONTRACT_KEYS = {
    "mrr",
    "active_clients",
    "clients_by_tier",
    "adherence_28d",
    "sla_met_rate",
    "open_reviews",
    "retention_90d",
}


def url(org, query=""):
    return f"/api/v1/orgs/{org.slug}/metrics/{query}"


def _item(org, client, *, hours_ago, **fields):
    created = timezone.now() - timedelta(hours=hours_ago)
    defaults = {
        "level": "yellow",
        "reason_kind": f"kind-{ReviewItem.unscoped.count()}",
        "source": "nightly",
        "due_at": created + timedelta(hours=24),
        "assigned_to": client.coach,
    }
    defaults.update(fields)
    return ReviewItemFactory(organization=org, client=client, created_at=created, **defaults)


def _check_in(org, client, satisfaction, days_ago=1):
    return CheckInFactory(
        organization=org,
        client=client,
        created_at=timezone.now() - timedelta(days=days_ago),
        readiness=3,
        sleep_quality=3,
        soreness=3,
        fatigue=3,
        stress=3,
        mood=3,
        satisfaction=satisfaction,
    )


def _recommendation(org, client, status, source="ai"):
    now = timezone.now()
    return RecommendationFactory(
        organization=org,
        client=client,
        kind="deload",
        status=status,
        source=source,
        rationale="tired",
        created_at=now - timedelta(days=2),
        decided_at=now - timedelta(days=1)
        if status in ("approved", "modified", "rejected")
        else None,
    )


@pytest.fixture
def scenario(org, coach, client_record):
    """Two weeks of a small business with one coach."""
    now = timezone.now()
    # An AI item answered in 5 h of a 24 h promise, 10 minutes recorded.
    _item(
        org,
        client_record,
        hours_ago=48,
        status="resolved",
        resolution="no_change",
        resolved_by=coach,
        resolved_at=now - timedelta(hours=43),
        minutes_spent=10,
    )
    # A red AI item that was a false alarm, answered in 3 h of a 1 h promise.
    _item(
        org,
        client_record,
        hours_ago=72,
        level="red",
        due_at=now - timedelta(hours=71),
        status="resolved",
        resolution="false_alarm",
        resolved_by=coach,
        resolved_at=now - timedelta(hours=69),
    )
    _item(org, client_record, hours_ago=30)  # open, overdue
    _item(org, client_record, hours_ago=1, source="coach", raised_by_ai=False, raised_by=coach)
    _item(org, client_record, hours_ago=2, source="client_request", raised_by_ai=False)
    for status in ("approved", "approved", "modified", "rejected", "auto_applied", "auto_applied"):
        _recommendation(org, client_record, status)
    _recommendation(org, client_record, "pending_review")
    _recommendation(org, client_record, "rejected", source="coach")  # a coach's own idea
    for answer in (4, 5, 3, None):
        _check_in(org, client_record, answer)
    _check_in(org, client_record, 1, days_ago=40)  # before the window
    return client_record


def test_the_contract_keys_are_all_there(api, org, owner):
    body = api(owner).get(url(org)).json()

    assert set(body) >= CONTRACT_KEYS


def test_escalation_accuracy_counts_false_alarms_and_what_coaches_caught(api, org, owner, scenario):
    accuracy = api(owner).get(url(org)).json()["escalation_accuracy"]

    assert accuracy["rate"] == 0.5
    assert accuracy["ai_resolved"] == 2
    assert accuracy["false_alarms"] == 1
    assert accuracy["ai_raised"] == 3
    assert accuracy["coach_raised"] == 1
    assert accuracy["missed_share"] == 0.25
    assert accuracy["client_requests"] == 1


def test_override_rate_counts_only_decided_ai_recommendations(api, org, owner, scenario):
    override = api(owner).get(url(org)).json()["override_rate"]

    assert override["decided"] == 4
    assert override["rate"] == 0.5
    assert override["automatic"] == 2


def test_satisfaction_is_the_mean_answer_of_the_last_28_days(api, org, owner, scenario):
    satisfaction = api(owner).get(url(org)).json()["satisfaction_28d"]

    assert satisfaction["mean"] == 4.0
    assert satisfaction["responses"] == 3


def test_sla_is_split_by_level(api, org, owner, scenario):
    by_level = api(owner).get(url(org)).json()["sla_by_level"]

    assert by_level["red"] == {"resolved": 1, "on_time": 0, "rate": 0.0}
    assert by_level["yellow"] == {"resolved": 1, "on_time": 1, "rate": 1.0}


def test_coach_load_puts_each_coachs_work_beside_the_promise(api, org, owner, coach, scenario):
    (row,) = api(owner).get(url(org)).json()["coach_load"]

    assert row["coach"] == coach.pk
    assert row["active_clients"] == 1
    assert (row["open_items"], row["overdue"]) == (3, 1)
    assert (row["resolved"], row["on_time_rate"]) == (2, 0.5)
    assert (row["review_minutes"], row["items_with_minutes"]) == (10, 1)
    assert row["mean_response_hours"] == 4.0
    assert row["mean_promised_hours"] == 12.5
    assert row["within_promise"] is True


def test_series_have_one_point_per_week(api, org, owner, scenario):
    series = api(owner).get(url(org)).json()["series"]

    assert {len(points) for points in series.values()} == {12}
    assert series["open_reviews"][-1]["value"] == 3
    assert series["mrr"][-1]["value"] == 0.0
    assert sum(p["value"] for p in series["coach_raised"]) == 1


def test_weeks_sets_the_length_of_the_series(api, org, owner):
    series = api(owner).get(url(org, "?weeks=4")).json()["series"]

    assert len(series["sla_met_rate"]) == 4


@pytest.mark.parametrize("weeks", ["0", "3", "53", "x", "-4"])
def test_weeks_outside_the_range_is_refused(api, org, owner, weeks):
    response = api(owner).get(url(org, f"?weeks={weeks}"))

    assert response.status_code == 400
    assert "weeks" in response.json()


def test_a_coach_may_not_read_the_business(api, org, coach):
    assert api(coach).get(url(org)).status_code == 403


def test_the_figures_say_when_and_for_which_local_day_they_were_computed(api, org, owner):
    before = timezone.now()

    body = api(owner).get(url(org)).json()

    as_of = datetime.fromisoformat(body["as_of"])
    assert before <= as_of <= timezone.now()
    assert body["date"] == timezone.localtime(as_of, ZoneInfo(org.time_zone)).date().isoformat()


# -- the daily cache ---------------------------------------------------------------------------


def test_a_second_call_the_same_day_reads_the_snapshot_instead_of_recomputing(api, org, owner):
    caller = api(owner)
    caller.get(url(org))

    with CaptureQueriesContext(connection) as second:
        caller.get(url(org))

    sql = " ".join(q["sql"] for q in second.captured_queries)
    assert "triage_reviewitem" not in sql
    assert "billing_subscription" not in sql
    assert MetricsSnapshot.unscoped.count() == 1


def test_a_resolved_item_shows_the_next_day(org, owner, client_record):
    # Midday in the organization's zone, so "five minutes later" is the same local day.
    now = timezone.now().astimezone(ZoneInfo(org.time_zone)).replace(hour=12, minute=0)
    with tenant_scope(org):
        owner_metrics(org, now=now)
        _item(
            org,
            client_record,
            hours_ago=2,
            status="resolved",
            resolution="no_change",
            resolved_at=now,
        )
        same_day = owner_metrics(org, now=now + timedelta(minutes=5))
        next_day = owner_metrics(org, now=now + timedelta(days=1))

    assert same_day["sla_met_rate"] is None
    assert next_day["sla_met_rate"] == 1.0


def test_a_new_tier_shows_at_once(api, org, owner):
    caller = api(owner)
    caller.get(url(org))
    TierFactory(organization=org, name="Concierge")

    body = caller.get(url(org)).json()

    assert [t["name"] for t in body["clients_by_tier"]] == ["Concierge"]


def test_the_owner_can_recalculate_now(client, org, owner, client_record):
    client.force_login(owner)
    client.get(f"/o/{org.slug}/owner/")
    _item(org, client_record, hours_ago=1)

    response = client.post(f"/o/{org.slug}/owner/")

    assert response.status_code == 302
    assert b"open reviews" in client.get(f"/o/{org.slug}/owner/").content
    assert MetricsSnapshot.unscoped.get().figures["open_reviews"] == 1


def test_a_coach_cannot_recalculate(client, org, coach):
    client.force_login(coach)

    assert client.post(f"/o/{org.slug}/owner/").status_code == 403
    assert not MetricsSnapshot.unscoped.exists()


def test_mrr_history_comes_from_earlier_snapshots(org, owner):
    tier = TierFactory(organization=org)
    now = timezone.now()
    with tenant_scope(org):
        owner_metrics(org, now=now - timedelta(days=14))
        SubscriptionFactory(
            client=ClientFactory(organization=org), tier=tier, status="active", price_charged=80
        )
        figures = owner_metrics(org, now=now)

    mrr = [p["value"] for p in figures["series"]["mrr"]]
    assert mrr[-1] == 80.0
    assert 0.0 in mrr[:-1]


def test_another_organizations_snapshot_is_never_served(api, org, other_org, owner, outsider):
    TierFactory(organization=other_org)
    SubscriptionFactory(
        client=ClientFactory(organization=other_org),
        tier=TierFactory(organization=other_org, name="Theirs"),
        status="active",
        price_charged=500,
    )
    api(outsider).get(url(other_org))

    assert api(owner).get(url(org)).json()["mrr"] == 0


# -- the owner's page --------------------------------------------------------------------------


def test_the_owner_home_shows_the_new_figures_and_charts(client, org, owner, scenario):
    client.force_login(owner)

    content = client.get(f"/o/{org.slug}/owner/").content.decode()

    assert "Figures as of" in content
    assert "AI flags confirmed by a coach" in content
    assert "AI changes coaches overruled" in content
    assert "client satisfaction" in content
    assert "Coach load" in content
    assert all(label in content for _, label, _, _ in CHARTS)


def test_a_chart_draws_a_line_over_weeks_and_says_so_when_it_cannot(client, org, owner, scenario):
    client.force_login(owner)

    content = client.get(f"/o/{org.slug}/owner/").content.decode()

    assert 'aria-label="Open reviews at the end of each week, weekly; latest 3"' in content
    # MRR history starts with today's snapshot: one point is not a line yet.
    assert "Not enough weeks with data yet" in content


# -- a constant number of queries --------------------------------------------------------------


def _grow(org, tier, coach, start: int, count: int) -> None:
    """``count`` more clients, each with a subscription, a score, a check-in, an open and a
    resolved review item and a decided recommendation (bulk, so 500 is quick to build)."""
    now = timezone.now()
    users = User.objects.bulk_create(
        [User(email=f"bulk{start + i}@north.test") for i in range(count)]
    )
    clients = Client.unscoped.bulk_create(
        [Client(organization=org, user=user, coach=coach) for user in users]
    )
    Subscription.unscoped.bulk_create(
        [
            Subscription(organization=org, client=c, tier=tier, status="active", price_charged=79)
            for c in clients
        ]
    )
    AdherenceScore.unscoped.bulk_create(
        [
            AdherenceScore(
                organization=org, client=c, date=now.date(), level="green", completion_28d=0.8
            )
            for c in clients
        ]
    )
    CheckIn.unscoped.bulk_create(
        [
            CheckIn(
                organization=org,
                client=c,
                readiness=3,
                sleep_quality=3,
                soreness=3,
                fatigue=3,
                stress=3,
                mood=3,
                satisfaction=4,
            )
            for c in clients
        ]
    )
    ReviewItem.unscoped.bulk_create(
        [
            ReviewItem(
                organization=org,
                client=c,
                level="yellow",
                reason_kind=kind,
                source="nightly",
                due_at=now + timedelta(hours=4),
                assigned_to=coach,
                status=status,
                resolved_by=coach if status == "resolved" else None,
                resolved_at=now if status == "resolved" else None,
                minutes_spent=5 if status == "resolved" else None,
            )
            for c in clients
            for kind, status in (("low_adherence", "open"), ("fatigue", "resolved"))
        ]
    )
    Recommendation.unscoped.bulk_create(
        [
            Recommendation(
                organization=org,
                client=c,
                kind="deload",
                status="approved",
                rationale="tired",
                decided_at=now,
            )
            for c in clients
        ]
    )


def _computing_queries(call) -> int:
    MetricsSnapshot.unscoped.all().delete()
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries.captured_queries)


@pytest.fixture
def business(org, coach):
    tier = TierFactory(organization=org)
    _grow(org, tier, coach, 0, 10)
    return lambda start, count: _grow(org, tier, coach, start, count)


def test_the_api_takes_the_same_queries_for_10_and_500_clients(
    api, org, owner, business, django_assert_num_queries
):
    caller = api(owner)
    few = _computing_queries(lambda: caller.get(url(org)))
    business(10, 490)
    MetricsSnapshot.unscoped.all().delete()

    with django_assert_num_queries(few):
        body = caller.get(url(org)).json()

    assert body["active_clients"] == 500
    assert body["coach_load"][0]["open_items"] == 500


def test_the_owner_home_takes_the_same_queries_for_10_and_500_clients(
    client, org, owner, business, django_assert_num_queries
):
    client.force_login(owner)
    few = _computing_queries(lambda: client.get(f"/o/{org.slug}/owner/"))
    business(10, 490)
    MetricsSnapshot.unscoped.all().delete()

    with django_assert_num_queries(few):
        response = client.get(f"/o/{org.slug}/owner/")

    assert b"500" in response.content


def test_a_cached_call_takes_the_same_few_queries_for_10_and_500_clients(
    api, org, owner, business, django_assert_num_queries
):
    caller = api(owner)
    caller.get(url(org))
    with CaptureQueriesContext(connection) as cached:
        caller.get(url(org))
    business(10, 490)  # no tier changed: today's snapshot stays

    with django_assert_num_queries(len(cached.captured_queries)):
        caller.get(url(org))
    assert len(cached.captured_queries) < 12


def test_without_history_there_is_no_verdict_on_workload(api, org, owner, scenario):
    workload = api(owner).get(url(org)).json()["workload_and_outcomes"]

    assert workload["verdict"] is None


def test_fewer_reviews_with_steady_completion_reads_as_outcomes_held(
    api, org, owner, coach, client_record
):
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    for weeks_ago in range(1, 9):
        wednesday_noon = timezone.make_aware(
            datetime.combine(monday - timedelta(weeks=weeks_ago, days=-2), datetime.min.time())
        ) + timedelta(hours=12)
        AdherenceScore.unscoped.create(
            organization=org,
            client=client_record,
            date=wednesday_noon.date(),
            level="green",
            completion_28d=0.8,
        )
        for _ in range(3 if weeks_ago > 4 else 1):
            ReviewItemFactory(
                organization=org,
                client=client_record,
                level="yellow",
                reason_kind=f"kind-{ReviewItem.unscoped.count()}",
                source="nightly",
                created_at=wednesday_noon - timedelta(hours=2),
                due_at=wednesday_noon + timedelta(hours=20),
                status="resolved",
                resolution="no_change",
                resolved_by=coach,
                resolved_at=wednesday_noon,
            )

    workload = api(owner).get(url(org)).json()["workload_and_outcomes"]

    assert workload["coach_reviews_per_week"] == {"before": 3.0, "recent": 1.0}
    assert workload["adherence_28d"] == {"before": 0.8, "recent": 0.8}
    assert workload["verdict"] == "Coaches reviewed less and outcomes held."


def test_the_weekly_series_splits_weeks_at_the_organizations_local_midnight(api, owner):

    auckland = OrganizationFactory(slug="auckland", time_zone="Pacific/Auckland")
    Membership.unscoped.create(organization=auckland, user=owner, role="owner")
    client = ClientFactory(organization=auckland)
    zone = ZoneInfo("Pacific/Auckland")
    # Sunday 23:30 and Monday 00:30 in Auckland: both Sunday in UTC.
    for wall in (datetime(2026, 11, 15, 23, 30), datetime(2026, 11, 16, 0, 30)):
        ReviewItemFactory(
            organization=auckland,
            client=client,
            level="yellow",
            reason_kind=f"kind-{wall.hour}",
            source="nightly",
            raised_by_ai=True,
            created_at=wall.replace(tzinfo=zone),
            due_at=wall.replace(tzinfo=zone) + timedelta(hours=24),
        )

    with time_machine.travel(datetime(2026, 11, 18, 12, 0, tzinfo=zone), tick=False):
        series = api(owner).get(url(auckland, "?weeks=4")).json()["series"]

    assert [(p["week"], p["value"]) for p in series["ai_raised"][-2:]] == [
        ("2026-11-09", 1),
        ("2026-11-16", 1),
    ]
