"""Every way a review item opens gets its due time from the one rule (triage.core.due_rules), with
the organization's escalation rules and the tier read through billing.review."""

import ast
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from billing.core.policy import RED_RESPONSE_HOURS
from coaching.tenancy import tenant_scope
from tests.factories import ClientFactory, SubscriptionFactory, TierFactory, build_history
from triage import queue
from triage.core.defaults import MODERATE_PAIN_HOURS
from triage.core.due_rules import UNKNOWN_TRIGGER_HOURS
from triage.models import EscalationRule, ReviewItem
from triage.nightly import score_organization

pytestmark = pytest.mark.django_db

CALM = {"readiness": 4, "sleep_quality": 4, "soreness": 2, "fatigue": 2, "stress": 2, "mood": 4}
DAY = date(2026, 11, 20)
LONG_AGO = timezone.make_aware(timezone.datetime(2026, 1, 1))


def on_tier(client, service_model):
    tier = TierFactory(organization=client.organization, service_model=service_model)
    SubscriptionFactory(client=client, tier=tier)
    return client


def hours_given(item) -> float:
    return round((item.due_at - item.created_at).total_seconds() / 3600, 4)


def check_in(api, client, **answers):
    response = api(client.user).post(
        f"/api/v1/orgs/{client.organization.slug}/clients/{client.pk}/check-ins/",
        {**CALM, **answers},
        format="json",
    )
    assert response.status_code == 201, response.content
    return response


def test_a_red_check_in_is_due_within_the_red_hour_even_when_the_owner_slowed_its_rule(
    api, org, client_record
):
    EscalationRule.unscoped.filter(organization=org, trigger="chest_pain").update(response_hours=8)

    check_in(api, client_record, symptoms=["chest_pain"])

    assert hours_given(ReviewItem.unscoped.get(reason_kind="chest_pain")) == RED_RESPONSE_HOURS


def test_a_stricter_red_rule_is_kept(api, org, client_record):
    EscalationRule.unscoped.filter(organization=org, trigger="fainting").update(response_hours=0.5)

    check_in(api, client_record, symptoms=["fainting"])

    assert hours_given(ReviewItem.unscoped.get(reason_kind="fainting")) == 0.5


def test_a_yellow_check_in_is_due_at_the_sooner_of_its_rule_and_the_tiers_promise(api, org, coach):
    concierge = on_tier(ClientFactory(organization=org, coach=coach), "concierge")  # yellow 4 h
    self_guided = on_tier(ClientFactory(organization=org, coach=coach), "ai_self_guided")  # 24 h

    check_in(api, concierge, symptoms=["nausea"])  # the rule: same day, 8 h
    check_in(api, self_guided, symptoms=["nausea"])

    assert hours_given(ReviewItem.unscoped.get(client=concierge)) == 4
    assert hours_given(ReviewItem.unscoped.get(client=self_guided)) == 8


def test_an_inactive_rule_falls_back_to_the_default_matrix(api, org, client_record):
    EscalationRule.unscoped.filter(organization=org, trigger="nausea").update(
        response_hours=1, active=False
    )

    check_in(api, client_record, symptoms=["nausea"])

    assert hours_given(ReviewItem.unscoped.get(reason_kind="nausea")) == 8


def test_asking_for_the_coach_on_the_page_is_due_within_the_tiers_yellow_promise(client, org):
    premium = on_tier(ClientFactory(organization=org), "human_in_loop_premium")  # yellow 12 h
    client.force_login(premium.user)

    client.post("/o/northside/app/plan/ask/", {"question": "Can I swap squats?"})

    item = ReviewItem.unscoped.get(client=premium)
    assert (item.source, hours_given(item)) == ("client_request", 12)


def test_a_coachs_yellow_flag_has_no_rule_of_its_own_so_the_unknown_trigger_hours_apply(org, coach):
    slow = on_tier(ClientFactory(organization=org, coach=coach), "ai_self_guided")  # 24 h
    premium = on_tier(ClientFactory(organization=org, coach=coach), "concierge")  # 4 h

    with tenant_scope(org):
        slow_item, _ = queue.flag_client(slow, level="yellow", reason="Quiet", by=coach)
        premium_item, _ = queue.flag_client(premium, level="yellow", reason="Quiet", by=coach)

    assert hours_given(slow_item) == min(UNKNOWN_TRIGGER_HOURS, 24)
    assert hours_given(premium_item) == 4


def test_a_coachs_red_flag_is_due_within_the_red_hour(org, coach, client_record):
    with tenant_scope(org):
        item, _ = queue.flag_client(client_record, level="red", reason="Chest pain", by=coach)

    assert hours_given(item) == RED_RESPONSE_HOURS


def test_a_session_skipped_for_pain_is_due_the_same_day(api, org, client_record):
    api(client_record.user).post(
        f"/api/v1/orgs/{org.slug}/clients/{client_record.pk}/workout-logs/",
        {
            "client_uuid": "7a1d6c3e-1111-4b2a-9c3d-5e6f7a8b9c0d",
            "performed_at": "2026-11-01T10:00:00Z",
            "status": "skipped",
            "skip_reason": "pain",
        },
        format="json",
    )

    item = ReviewItem.unscoped.get(client=client_record)
    assert (item.source, item.level, hours_given(item)) == (
        "logging",
        "yellow",
        MODERATE_PAIN_HOURS,
    )


def test_a_session_skipped_for_sharp_pain_is_due_within_the_red_hour(api, org, client_record):
    api(client_record.user).post(
        f"/api/v1/orgs/{org.slug}/clients/{client_record.pk}/workout-logs/",
        {
            "client_uuid": "7a1d6c3e-2222-4b2a-9c3d-5e6f7a8b9c0d",
            "performed_at": "2026-11-01T10:00:00Z",
            "status": "skipped",
            "skip_reason": "pain",
            "notes": "sharp pain in my knee, it popped on the first squat",
        },
        format="json",
    )

    item = ReviewItem.unscoped.get(client=client_record)
    assert (item.source, item.level, hours_given(item)) == ("logging", "red", RED_RESPONSE_HOURS)


@pytest.mark.parametrize(("service_model", "yellow_hours"), [(None, 12), ("concierge", 4)])
def test_the_nightly_job_gives_the_same_due_time_as_any_other_path(
    org, coach, service_model, yellow_hours
):
    client = ClientFactory(organization=org, coach=coach, created_at=LONG_AGO)
    if service_model:
        on_tier(client, service_model)
    build_history(client, days=42, today=DAY, completed=lambda day: day < DAY - timedelta(days=13))

    score_organization(org, DAY)

    items = list(ReviewItem.unscoped.filter(client=client, source="nightly"))
    assert items
    with tenant_scope(org):
        for item in items:
            one_by_one = queue.due_at_for(client, item.level, item.reason_kind, item.created_at)
            assert item.due_at == one_by_one
            assert hours_given(item) <= yellow_hours


def test_only_billing_reads_a_tiers_response_hours():
    root = Path(__file__).resolve().parents[2]
    readers = []
    for package in ("coaching", "programs", "triage", "reporting", "demo"):
        for path in (root / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                named = (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and "tier__response_hours" in node.value
                ) or (
                    isinstance(node, ast.Attribute)
                    and node.attr == "response_hours"
                    and isinstance(node.value, ast.Attribute | ast.Name)
                    and "tier" in ast.unparse(node.value)
                )
                if named:
                    readers.append(f"{path.relative_to(root)}:{node.lineno}")

    assert readers == []
