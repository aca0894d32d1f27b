"""The escalation matrix: owners edit their copy, but never the red flags that need a person
within the hour (the locked red rules), through the API, the page, or rows already stored."""

from datetime import timedelta

import pytest
from django.utils import timezone

from triage.core.defaults import ESCALATION_RULES, LOCKED_RED_TRIGGERS, RED_HOURS, enforced_rule
from triage.models import EscalationRule, ReviewItem

pytestmark = pytest.mark.django_db

BRIEF_RED_TRIGGERS = {
    "chest_pain",
    "fainting",
    "dizziness",
    "shortness_of_breath",
    "palpitations",
    "numbness",
    "weakness_one_side",
    "vision_or_speech_changes",
    "severe_headache",
    "emotional_distress",
    "extreme_restriction",
    "compulsive_exercise",
}
CALM = {"readiness": 4, "sleep_quality": 4, "soreness": 2, "fatigue": 2, "stress": 2, "mood": 4}


def rule(org, trigger) -> EscalationRule:
    return EscalationRule.unscoped.get(organization=org, trigger=trigger)


def rule_url(org, trigger):
    return f"/api/v1/orgs/{org.slug}/escalation-rules/{rule(org, trigger).pk}/"


# -- the locked set -----------------------------------------------------------------------------


def test_the_brief_red_flags_are_locked_and_the_pain_rules_are_not():
    assert BRIEF_RED_TRIGGERS <= LOCKED_RED_TRIGGERS
    assert not {"new_pain", "pain_after_new_exercise", "known_pain_high"} & LOCKED_RED_TRIGGERS


def test_every_locked_trigger_is_red_within_the_hour_in_the_defaults():
    for trigger in LOCKED_RED_TRIGGERS:
        level, hours, _, _ = ESCALATION_RULES[trigger]
        assert (level, hours) == ("red", RED_HOURS)


@pytest.mark.parametrize(
    ("trigger", "stored", "enforced"),
    [
        ("chest_pain", ("green", 10_000.0), ("red", RED_HOURS)),
        ("chest_pain", ("red", 0.25), ("red", 0.25)),
        ("emotional_distress", ("yellow", 8.0), ("red", RED_HOURS)),
        ("new_pain", ("red", 24.0), ("red", RED_HOURS)),
        ("new_pain", ("yellow", 24.0), ("yellow", 24.0)),
        ("nausea", ("green", 48.0), ("green", 48.0)),
    ],
)
def test_the_enforced_rule_keeps_red_flags_red_within_the_hour(trigger, stored, enforced):
    assert enforced_rule(trigger, *stored) == enforced


# -- the API -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        ({"level": "green"}, {"level"}),
        ({"level": "yellow"}, {"level"}),
        ({"response_hours": 10_000}, {"response_hours"}),
        ({"response_hours": 1.5}, {"response_hours"}),
        ({"level": "green", "response_hours": 10_000}, {"level", "response_hours"}),
        ({"active": False}, {"active"}),
    ],
)
def test_a_locked_red_rule_cannot_be_lowered_through_the_api(api, org, owner, change, fields):
    response = api(owner).patch(rule_url(org, "chest_pain"), change, format="json")

    assert response.status_code == 400
    assert set(response.json()) == fields
    assert (rule(org, "chest_pain").level, rule(org, "chest_pain").response_hours) == ("red", 1.0)


def test_a_locked_red_rule_may_answer_faster_and_be_reworded(api, org, owner):
    response = api(owner).patch(
        rule_url(org, "chest_pain"),
        {"response_hours": 0.5, "description": "Chest pain or pressure"},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["locked"] is True
    assert rule(org, "chest_pain").response_hours == 0.5


def test_the_api_says_which_rules_are_locked(api, org, owner):
    response = api(owner).get(f"/api/v1/orgs/{org.slug}/escalation-rules/?page_size=100")

    locked = {r["trigger"] for r in response.json()["results"] if r["locked"]}
    assert locked == LOCKED_RED_TRIGGERS & {r["trigger"] for r in response.json()["results"]}


def test_a_pain_rule_stays_editable(api, org, owner):
    response = api(owner).patch(
        rule_url(org, "known_pain_high"), {"level": "yellow", "response_hours": 24}, format="json"
    )

    assert response.status_code == 200
    assert rule(org, "known_pain_high").response_hours == 24


# -- the page ----------------------------------------------------------------------------------


def test_the_escalation_page_shows_locked_rules_as_fixed_and_says_why(client, org, owner):
    client.force_login(owner)

    response = client.get(f"/o/{org.slug}/owner/escalation/")

    page = response.content.decode()
    chest = rule(org, "chest_pain")
    assert f'id="level-{chest.pk}"' not in page
    assert f'id="hours-{chest.pk}"' not in page
    assert "Fixed on every tier" in page
    pain = rule(org, "known_pain_high")
    assert f'id="level-{pain.pk}"' in page


def test_the_page_refuses_to_lower_a_locked_rule(client, org, owner):
    client.force_login(owner)
    chest = rule(org, "chest_pain")

    response = client.post(
        f"/o/{org.slug}/owner/escalation/rules/{chest.pk}/",
        {"level": "green", "response_hours": "10000", "action": "referral", "active": "on"},
    )

    assert response.status_code == 400
    assert "Rule" not in " ".join(str(m) for m in response.context["messages"])
    chest.refresh_from_db()
    assert (chest.level, chest.response_hours) == ("red", 1.0)


# -- the check-in path, even for rows stored before the lock -------------------------------------


def test_a_chest_pain_check_in_is_due_within_the_hour_whatever_the_stored_rule_says(
    api, org, client_record
):
    EscalationRule.unscoped.filter(organization=org, trigger="chest_pain").update(
        level="green", response_hours=10_000
    )

    response = api(client_record.user).post(
        f"/api/v1/orgs/{org.slug}/clients/{client_record.pk}/check-ins/",
        {**CALM, "symptoms": ["chest_pain"]},
        format="json",
    )

    assert response.json()["level"] == "red"
    item = ReviewItem.unscoped.get(reason_kind="chest_pain")
    assert item.level == "red"
    assert item.due_at <= timezone.now() + timedelta(hours=1)


def test_a_red_pain_finding_is_due_within_the_hour_even_if_its_rule_allows_a_day(
    api, org, client_record
):
    EscalationRule.unscoped.filter(organization=org, trigger="new_pain").update(response_hours=24)

    api(client_record.user).post(
        f"/api/v1/orgs/{org.slug}/clients/{client_record.pk}/check-ins/",
        {**CALM, "pain": {"area": "knee", "severity": 8, "new": True}},
        format="json",
    )

    item = ReviewItem.unscoped.get(level="red")
    assert item.due_at <= timezone.now() + timedelta(hours=1)
