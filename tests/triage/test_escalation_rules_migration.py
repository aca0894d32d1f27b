"""The data migration that brings existing organizations' escalation rules up to graded pain."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from triage.core.defaults import ESCALATION_RULES
from triage.models import EscalationRule

pytestmark = pytest.mark.django_db

migration = importlib.import_module("triage.migrations.0006_escalation_rules_for_graded_pain")


# What a RunPython function is given: the schema editor of the connection being migrated.
MIGRATING = SimpleNamespace(connection=connection)


def rule(org, trigger):
    return EscalationRule.unscoped.filter(organization=org, trigger=trigger).first()


def as_before_graded_pain(org):
    """The rules an organization made before this change had."""
    EscalationRule.unscoped.filter(organization=org, trigger__in=migration.ADDED).delete()
    for trigger, (old, _) in migration.CHANGED.items():
        level, hours, action, description = old
        EscalationRule.unscoped.filter(organization=org, trigger=trigger).update(
            level=level, response_hours=hours, action=action, description=description
        )
    EscalationRule.unscoped.create(
        organization=org,
        trigger="pain_after_new_exercise",
        level="red",
        response_hours=1.0,
        action="same_day_review",
        description="Pain after a newly added exercise",
    )


def test_old_default_rules_become_the_new_defaults_and_new_triggers_are_added(org):
    as_before_graded_pain(org)

    migration.forwards(apps, MIGRATING)

    for trigger in [*migration.ADDED, *migration.CHANGED]:
        saved = rule(org, trigger)
        assert (saved.level, saved.response_hours, saved.action, saved.description) == (
            ESCALATION_RULES[trigger]
        ), trigger
    assert rule(org, "pain_after_new_exercise") is None


def test_a_rule_the_owner_changed_is_left_as_the_owner_set_it(org):
    as_before_graded_pain(org)
    EscalationRule.unscoped.filter(organization=org, trigger="mild_new_pain").update(
        response_hours=4.0
    )

    migration.forwards(apps, MIGRATING)

    assert rule(org, "mild_new_pain").response_hours == 4.0


def test_running_it_twice_changes_nothing_more(org):
    as_before_graded_pain(org)
    migration.forwards(apps, MIGRATING)
    count = EscalationRule.unscoped.filter(organization=org).count()

    migration.forwards(apps, MIGRATING)

    assert EscalationRule.unscoped.filter(organization=org).count() == count
