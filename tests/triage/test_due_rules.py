"""The one rule for review items' due times (triage.core.due_rules), pure."""

import ast
import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from billing.core.policy import RED_RESPONSE_HOURS
from triage.core import defaults, due_rules, queue_rules
from triage.core.due_rules import UNKNOWN_TRIGGER_HOURS, due_at, response_hours

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("level", "rule_hours", "tier_hours", "expected"),
    [
        # Red: never later than the one red response time, whatever the rule or tier says.
        ("red", 1.0, 1.0, 1.0),
        ("red", 8.0, 1.0, 1.0),
        ("red", 24.0, 24.0, 1.0),
        ("red", None, 72.0, 1.0),
        ("red", 0.5, 1.0, 0.5),  # a stricter rule is kept
        ("red", 0.25, None, 0.25),
        ("red", None, None, 1.0),
        # Yellow: the sooner of the rule and the tier's promise.
        ("yellow", 24.0, 12.0, 12.0),
        ("yellow", 8.0, 12.0, 8.0),
        ("yellow", 8.0, 4.0, 4.0),
        ("yellow", 24.0, 24.0, 24.0),
        ("yellow", 1.0, 24.0, 1.0),  # a rule the owner made red-fast stays fast at yellow
        # Green: the tier's routine promise against the rule.
        ("green", 24.0, 72.0, 24.0),
        ("green", 24.0, 6.0, 6.0),
        ("green", 100.0, 72.0, 72.0),
        # No rule for the trigger: the unknown-trigger hours, sooner if the tier promises.
        ("yellow", None, 12.0, 12.0),
        ("yellow", None, 48.0, UNKNOWN_TRIGGER_HOURS),
        ("green", None, 72.0, UNKNOWN_TRIGGER_HOURS),
        ("yellow", None, None, UNKNOWN_TRIGGER_HOURS),
        # Broken hours are ignored, never an item due in the past.
        ("yellow", 0, 12.0, 12.0),
        ("yellow", -3, 12.0, 12.0),
        ("yellow", 8.0, 0, 8.0),
        ("yellow", 8.0, -1, 8.0),
        ("yellow", math.nan, 12.0, 12.0),
        ("yellow", math.inf, 12.0, 12.0),
        ("yellow", "8", 12.0, 8.0),
        ("yellow", "soon", 12.0, 12.0),
        ("yellow", True, 12.0, 12.0),
        ("red", -1, -1, 1.0),
        ("green", 0, 0, UNKNOWN_TRIGGER_HOURS),
    ],
)
def test_it_gives_the_hours_a_person_has_to_answer(level, rule_hours, tier_hours, expected):
    assert response_hours(level, rule_hours, tier_hours) == expected


@pytest.mark.parametrize("trigger", sorted(defaults.ESCALATION_RULES))
@pytest.mark.parametrize("tier_hours", [4.0, 12.0, 24.0, 72.0])
def test_every_default_trigger_gets_at_most_its_rules_hours_and_red_at_most_the_red_hour(
    trigger, tier_hours
):
    rule_level, rule_hours, _, _ = defaults.ESCALATION_RULES[trigger]

    hours = response_hours(rule_level, rule_hours, tier_hours)

    assert 0 < hours <= rule_hours
    assert hours <= tier_hours or rule_level == "red"
    if rule_level == "red":
        assert hours <= RED_RESPONSE_HOURS


@pytest.mark.parametrize("level", ["green", "yellow", "red"])
@pytest.mark.parametrize("rule_hours", [None, 0.25, 1.0, 8.0, 24.0, 100.0])
@pytest.mark.parametrize("tier_hours", [None, 1.0, 12.0, 72.0])
def test_a_due_time_is_never_before_it_opened_nor_later_than_the_rule_or_the_tier_allows(
    level, rule_hours, tier_hours
):
    due = due_at(level, rule_hours, tier_hours, NOW)

    assert due > NOW
    assert due <= NOW + timedelta(hours=rule_hours or UNKNOWN_TRIGGER_HOURS)
    if tier_hours:
        assert due <= NOW + timedelta(hours=tier_hours)
    if level == "red":
        assert due <= NOW + timedelta(hours=RED_RESPONSE_HOURS)


def test_the_due_time_counts_from_when_the_item_opened():
    opened = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)

    assert due_at("yellow", 8.0, 12.0, opened) == datetime(2026, 3, 29, 8, 30, tzinfo=UTC)


def test_a_trigger_another_engineer_adds_is_read_from_whatever_rules_exist():
    rules = {**{t: r[1] for t, r in defaults.ESCALATION_RULES.items()}, "self_harm": 0.5}

    assert response_hours("red", rules.get("self_harm"), 1.0) == 0.5
    assert response_hours("yellow", rules.get("not_a_rule_yet"), 48.0) == UNKNOWN_TRIGGER_HOURS


def test_it_refuses_an_unknown_level():
    with pytest.raises(ValueError, match="level"):
        response_hours("purple", 8.0, 12.0)


def test_the_red_hour_of_the_escalation_matrix_is_billings_one_red_hour():
    assert defaults.RED_HOURS is RED_RESPONSE_HOURS
    red_rules = [r for r in defaults.ESCALATION_RULES.values() if r[0] == "red"]
    assert red_rules and all(r[1] <= RED_RESPONSE_HOURS for r in red_rules)


@pytest.mark.parametrize("module", [due_rules, queue_rules])
def test_the_queue_rules_import_no_django(module):
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)

    assert not [name for name in imported if name.split(".")[0] in {"django", "rest_framework"}]
