from datetime import UTC, datetime, timedelta

import pytest

from billing.core.policy import (
    CAREFUL_POLICY,
    RED_RESPONSE_HOURS,
    ReviewPolicy,
    auto_apply_summary,
    decide,
)
from billing.core.presets import CHANGE_KINDS, PRESETS, SERVICE_MODELS

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def preset_policy(model: str) -> ReviewPolicy:
    data = PRESETS[model]
    return ReviewPolicy.from_tier_fields(data["review_policy"], data["response_hours"])


# What each service model's preset auto-applies, straight from the brief's table.
EXPECTED_AUTO = {
    "ai_self_guided": {
        "green": {"progression", "deload", "substitution", "volume_change", "schedule_change"},
        "yellow": set(),
    },
    "assisted_hybrid": {
        "green": {"progression", "deload", "substitution", "volume_change", "schedule_change"},
        "yellow": set(),
    },
    "human_in_loop_premium": {"green": set(), "yellow": set()},
    "ai_first_escalation": {
        "green": {"progression", "deload", "substitution", "volume_change", "schedule_change"},
        "yellow": {"deload", "substitution", "volume_change"},
    },
    "concierge": {"green": set(), "yellow": set()},
}
EXPECTED_YELLOW_HOURS = {
    "ai_self_guided": 24,
    "assisted_hybrid": 24,
    "human_in_loop_premium": 12,
    "ai_first_escalation": 24,
    "concierge": 4,
}
MATRIX = [
    (model, kind, level)
    for model in SERVICE_MODELS
    for kind in CHANGE_KINDS
    for level in ("green", "yellow", "red")
]


@pytest.mark.parametrize(("model", "kind", "level"), MATRIX)
def test_the_preset_policy_decides_every_kind_at_every_level(model, kind, level):
    decision = decide(preset_policy(model), kind, level, NOW)

    should_auto = level != "red" and kind in EXPECTED_AUTO[model].get(level, set())
    assert decision.auto_applies is should_auto
    if should_auto:
        assert decision.due_at is None
    elif level == "red":
        assert decision.due_at == NOW + timedelta(hours=RED_RESPONSE_HOURS)
    elif level == "yellow":
        assert decision.due_at == NOW + timedelta(hours=EXPECTED_YELLOW_HOURS[model])
    else:
        routine = PRESETS[model]["response_hours"]["routine"]
        assert decision.due_at == NOW + timedelta(hours=routine)


@pytest.mark.parametrize(
    ("kind", "level"), [(k, lv) for k in CHANGE_KINDS for lv in ("green", "yellow", "red")]
)
def test_a_client_without_a_tier_has_every_change_reviewed(kind, level):
    decision = decide(None, kind, level, NOW)

    assert decision.action == "review"


@pytest.mark.parametrize("model", SERVICE_MODELS)
def test_red_is_due_within_the_same_hour_on_every_tier(model):
    decision = decide(preset_policy(model), "deload", "red", NOW)

    assert decision.due_at == NOW + timedelta(hours=1)


@pytest.mark.parametrize("model", SERVICE_MODELS)
def test_a_new_program_always_waits_for_a_coach(model):
    assert decide(preset_policy(model), "new_program", "green", NOW).action == "review"


@pytest.mark.parametrize("level", ["green", "yellow", "red"])
def test_a_client_on_an_automation_hold_gets_hold(level):
    decision = decide(preset_policy("ai_first_escalation"), "progression", level, NOW, on_hold=True)

    assert decision.action == "hold"


def test_an_unknown_level_is_refused():
    with pytest.raises(ValueError, match="level"):
        decide(CAREFUL_POLICY, "progression", "purple", NOW)


def test_an_owner_can_make_progression_review_only_on_a_mostly_ai_tier():
    policy = ReviewPolicy.from_tier_fields(
        {"auto_apply": {"green": ["deload"], "yellow": []}}, {"yellow": 6, "routine": 48}
    )

    assert decide(policy, "progression", "green", NOW).due_at == NOW + timedelta(hours=48)
    assert decide(policy, "deload", "green", NOW).auto_applies


def test_the_summary_says_red_is_the_same_on_every_tier():
    lines = auto_apply_summary(preset_policy("concierge"))

    assert any("every tier" in line for line in lines)
    assert any("reviews every change" in line for line in lines)
