"""Habit completion is a signal of the nightly score: a week of habits let go, against the
client's own usual, makes them yellow with the sentence, and opens a review item."""

import importlib
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from tests.factories import ClientFactory, HabitCheckFactory, HabitFactory, build_history
from triage.core.defaults import ESCALATION_RULES
from triage.core.scoring.levels import assess
from triage.models import AdherenceScore, EscalationRule, ReviewItem
from triage.nightly import score_organization
from triage.queue import ensure_defaults

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 20)
LONG_AGO = timezone.make_aware(timezone.datetime(2026, 1, 1))


def steady_client_with_a_habit(org):
    client = ClientFactory(organization=org, created_at=LONG_AGO)
    build_history(client, days=90, today=DAY)
    return client, HabitFactory(client=client, created_at=LONG_AGO)


def tick_days(habit, first_back, last_back):
    """Ticks the days from ``first_back`` to ``last_back`` days before the scored day."""
    for back in range(first_back, last_back + 1):
        HabitCheckFactory(habit=habit, day=DAY - timedelta(days=back))


def reason_codes(client):
    return [r["code"] for r in AdherenceScore.unscoped.get(client=client, date=DAY).reasons]


def test_a_client_who_lets_their_habits_go_for_a_week_is_yellow_with_the_sentence(org):
    client, habit = steady_client_with_a_habit(org)
    tick_days(habit, 7, 34)  # kept every day of the four weeks before, none in the last week

    score_organization(org, DAY)

    saved = AdherenceScore.unscoped.get(client=client, date=DAY)
    assert saved.level == "yellow" and reason_codes(client) == ["habit_drop"]
    assert saved.reasons[0]["text"] == (
        "kept their daily habits on 0% of days last week, against their usual 100%"
    )


def test_a_habit_drop_opens_a_review_item_for_the_coach(org):
    client, habit = steady_client_with_a_habit(org)
    tick_days(habit, 7, 34)

    score_organization(org, DAY)

    assert ReviewItem.unscoped.filter(client=client, reason_kind="habit_drop").count() == 1


def test_a_client_keeping_their_habits_stays_green(org):
    client, habit = steady_client_with_a_habit(org)
    tick_days(habit, 0, 34)

    score_organization(org, DAY)

    assert AdherenceScore.unscoped.get(client=client, date=DAY).level == "green"


def test_a_client_who_never_kept_their_habits_is_not_news(org):
    client, habit = steady_client_with_a_habit(org)
    tick_days(habit, 20, 21)

    score_organization(org, DAY)

    assert "habit_drop" not in reason_codes(client)


def test_the_scored_day_itself_counts_in_the_week_judged(org):
    client, habit = steady_client_with_a_habit(org)
    tick_days(habit, 7, 34)
    tick_days(habit, 0, 3)  # four of the last seven days, the scored day among them

    score_organization(org, DAY)

    assert "habit_drop" not in reason_codes(client)


def test_the_rates_are_kept_with_the_scores_features(org):
    client, habit = steady_client_with_a_habit(org)
    tick_days(habit, 7, 34)

    score_organization(org, DAY)

    features = AdherenceScore.unscoped.get(client=client, date=DAY).features
    assert (features["habit_usual"], features["habit_week"]) == (1.0, 0.0)


@pytest.mark.parametrize(
    ("usual", "week", "fires"),
    [
        (0.9, 0.1, True),
        (0.7, 0.39, True),
        (0.69, 0.0, False),
        (0.9, 0.4, False),
        (None, 0.0, False),
    ],
)
def test_the_score_reads_a_habit_drop_only_against_a_usual_worth_keeping(usual, week, fires):
    assessment = assess({"habit_usual": usual, "habit_week": week})

    assert ("habit_drop" in [r.code for r in assessment.reasons]) is fires


def test_an_organization_with_rules_from_before_gets_the_habit_drop_rule(org):
    ensure_defaults(org)
    EscalationRule.unscoped.filter(organization=org, trigger="habit_drop").delete()
    migration = importlib.import_module("triage.migrations.0013_habit_drop_rule")

    migration.forwards(apps, SimpleNamespace(connection=connection))

    saved = EscalationRule.unscoped.get(organization=org, trigger="habit_drop")
    assert (saved.level, saved.response_hours, saved.action, saved.description) == (
        ESCALATION_RULES["habit_drop"]
    )
