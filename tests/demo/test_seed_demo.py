"""``seed_demo`` runs once for the module (three nights, so the coaches have decided earlier
proposals), inside a transaction rolled back at the end; each test reads what it made."""

import os

import pytest
from django.core.management import call_command
from django.utils import timezone

from billing.models import Subscription, Tier
from coaching.models import Client, Membership, Organization
from coaching.tenancy import tenant_scope
from demo.management.commands.seed_demo import nights_to_score
from messaging.models import Message, Thread
from messaging.services import unread_count
from programs.models import Prescription, Recommendation
from tests.conftest import rolled_back_at_the_end
from triage.models import Habit, HabitCheck, ReviewItem, WeeklySummary


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with rolled_back_at_the_end(django_db_blocker), open(os.devnull, "w") as quiet:
        call_command("seed_demo", nights=3, stdout=quiet)
        yield


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]


def test_seed_demo_creates_the_contract_logins_and_forty_clients():
    demo = Organization.objects.get(slug="demo")
    roles = dict(Membership.unscoped.filter(organization=demo).values_list("user__email", "role"))
    assert roles["owner@demo.test"] == "owner"
    assert roles["coach@demo.test"] == roles["coach2@demo.test"] == "coach"
    assert roles["client@demo.test"] == "client"
    assert Client.unscoped.filter(organization=demo).count() >= 40
    # A few realistic message threads: one new to the demo client, some waiting for a coach.

    assert Thread.unscoped.filter(organization=demo).count() >= 5
    with tenant_scope(demo):
        client = Client.unscoped.get(user__email="client@demo.test")
        assert unread_count(client.user, "client") == 1
        waiting = sum(
            unread_count(
                Membership.unscoped.get(organization=demo, user__email=email).user, "coach"
            )
            for email in ("coach@demo.test", "coach2@demo.test")
        )
        assert waiting >= 2


def test_seed_demo_gives_tiers_of_three_service_models_and_a_payment_problem():
    assert Tier.unscoped.values("service_model").distinct().count() >= 3
    assert Subscription.unscoped.filter(status="past_due").exists()


def test_running_seed_demo_twice_leaves_one_demo_organization():

    counts = (
        Client.unscoped.count(),
        Subscription.unscoped.count(),
        Tier.unscoped.count(),
        Message.unscoped.count(),
    )

    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", nights=3, stdout=quiet)

    assert Organization.objects.filter(slug="demo").count() == 1
    assert (
        Client.unscoped.count(),
        Subscription.unscoped.count(),
        Tier.unscoped.count(),
        Message.unscoped.count(),
    ) == counts


def test_seed_demo_leaves_red_and_yellow_items_in_the_queue():

    levels = set(ReviewItem.unscoped.filter(status="open").values_list("level", flat=True))
    assert {"red", "yellow"} <= levels


def test_the_demo_client_has_a_session_with_targets_planned_today():

    today = Prescription.unscoped.filter(
        workout__client__user__email="client@demo.test",
        workout__planned_date=timezone.localdate(),
    )
    assert today.exists()
    assert all(p.target_load_kg and p.sets for p in today)


def test_the_demo_night_proposes_ai_changes_beside_the_deloads():

    kinds = set(Recommendation.unscoped.filter(source="ai").values_list("kind", flat=True))
    assert "progression" in kinds


def test_the_demo_coaches_decided_earlier_ai_proposals_so_overrides_have_a_history():

    decided = set(
        Recommendation.unscoped.filter(source="ai", decided_at__isnull=False).values_list(
            "status", flat=True
        )
    )
    assert "approved" in decided


def test_demo_clients_carry_the_segment_their_approved_intake_gave_them():
    clients = Client.unscoped.filter(organization__slug="demo")
    assert not clients.filter(risk="").exists()
    assert clients.values("experience").distinct().count() > 1


def test_seed_demo_writes_weekly_summaries_with_drafts_for_the_demo_clients():

    demo = Organization.objects.get(slug="demo")
    pending = WeeklySummary.unscoped.filter(organization=demo, status="pending")
    assert pending.count() >= 30
    assert {"steady", "watch", "urgent"} <= set(pending.values_list("outlook", flat=True))
    assert all(s.draft.startswith("Hi ") for s in pending)
    answered = WeeklySummary.unscoped.filter(organization=demo, status="sent")
    assert answered.filter(edited=False).exists() and answered.filter(edited=True).exists()


def test_the_demo_client_has_daily_habits_ticked_on_most_days():

    habits = Habit.unscoped.filter(client__user__email="client@demo.test", active=True)
    assert sorted(habits.values_list("name", flat=True)) == ["Protein", "Steps"]
    assert HabitCheck.unscoped.filter(habit__in=habits).count() >= 40


def test_the_demo_scores_every_night_of_the_last_two_weeks_and_one_a_week_before():
    assert nights_to_score(28) == [28, 21, *range(15, 1, -1)]


def test_a_short_backfill_scores_every_night_it_asks_for():
    assert nights_to_score(3) == [3, 2]
    assert nights_to_score(1) == []
