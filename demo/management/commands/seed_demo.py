"""Load the demo organization (slug ``demo``) with the logins in CONTRACT.md.

People, tiers and subscriptions, 90 days of varied history, nights scored (so the queue has
red and yellow items and the risk model has trained), and a chest-pain check-in. Safe to re-run:
everything is looked up by natural keys or stable ids, so a second run adds nothing.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from billing.demo import seed_billing
from coaching.batch import runs_as_batch
from coaching.tenancy import tenant_scope
from demo.commits import quick_commits
from demo.habits import seed_habits
from demo.history import seed_history, settle_old_items, settle_old_recommendations
from demo.messages import conversation_clients, seed_messages
from demo.people import DEMO_SLUG, seed_people
from demo.summaries import seed_summaries
from triage.checkins import submit_check_in
from triage.nightly import score_organization
from triage.risk import retrain, risk_provider

BACKFILL_NIGHTS = 28
# Every night of the last two weeks is scored (the client's completion line and the queue's
# fortnight), and one night a week before that: the owner's weekly figures and the risk model's
# training rows need those weeks, not every night of them.
DAILY_NIGHTS = 14
RED_CHECK_IN = "3b2f6f0e-0c1d-4c55-9d0a-000000000001"
PAIN_CHECK_IN = "3b2f6f0e-0c1d-4c55-9d0a-000000000002"


def nights_to_score(nights: int, daily: int = DAILY_NIGHTS) -> list[int]:
    """The past nights to score before the last one, as days back, oldest first: each of the
    ``daily`` nights before yesterday, and one a week before them, as far back as ``nights``
    (yesterday, day 1, is scored last, with the trained risk model)."""
    recent = range(min(nights, daily + 1), 1, -1)
    weekly = range(nights, daily + 1, -7)
    return sorted({*recent, *weekly}, reverse=True)


class Command(BaseCommand):
    help = "Create (or refresh) the demo organization, its people, tiers and history."

    def add_arguments(self, parser):
        parser.add_argument(
            "--nights",
            type=int,
            default=BACKFILL_NIGHTS,
            help="How far back to score (default 28): every night of the last two weeks, "
            "one a week before that.",
        )

    @runs_as_batch
    def handle(self, *args, nights=BACKFILL_NIGHTS, **options):
        with quick_commits():
            self.seed(nights)

    def seed(self, nights):
        with transaction.atomic():
            organization, owner, coaches, clients = seed_people()
            with tenant_scope(organization, owner):
                seed_billing(organization, owner, clients)
                profiles = seed_history(organization, clients)
                seed_habits(organization, clients[0], coaches[0], clients[0].today())
        self.stdout.write("People, tiers and 90 days of history are in place. Scoring the nights…")
        today = organization.today()
        for back in nights_to_score(nights):
            score_organization(organization, today - timedelta(days=back))
        with transaction.atomic(), tenant_scope(organization):
            settle_old_items(organization, coaches, timezone.now())
            settle_old_recommendations(organization, coaches, timezone.now())
            model = retrain(organization)
        score_organization(organization, today - timedelta(days=1), risk_provider=risk_provider)
        with transaction.atomic(), tenant_scope(organization, owner):
            by_profile = dict(zip(profiles, clients, strict=False))
            red = by_profile.get("chest_pain")
            if red is not None:
                submit_check_in(
                    red,
                    {
                        "client_uuid": RED_CHECK_IN,
                        "readiness": 2,
                        "sleep_quality": 3,
                        "soreness": 2,
                        "fatigue": 3,
                        "stress": 3,
                        "mood": 3,
                        "symptoms": ["chest_pain"],
                        "notes": "Tight chest and short of breath on the stairs after Tuesday's session.",
                    },
                    by=red.user,
                )
            hurting = by_profile.get("in_pain")
            if hurting is not None:
                submit_check_in(
                    hurting,
                    {
                        "client_uuid": PAIN_CHECK_IN,
                        "readiness": 3,
                        "sleep_quality": 3,
                        "soreness": 4,
                        "fatigue": 3,
                        "stress": 2,
                        "mood": 3,
                        "notes": "Knee is sore again after squats.",
                        "pain": {"area": "knee", "severity": 7, "new": False},
                    },
                    by=hurting.user,
                )
            seed_messages(organization, clients, timezone.now())
            threaded = {c.pk for c in conversation_clients(clients)}
            seed_summaries(organization, clients, threaded, timezone.now())
        self.stdout.write(self.style.SUCCESS(f"Demo organization '{DEMO_SLUG}' is ready."))
        self.stdout.write(
            f"Risk model: {'version ' + str(model.version) + f', AUC {model.auc:.2f}' if model and model.auc else 'not enough history (rules only)'}."
        )
        self.stdout.write(
            "Logins (password spotter-demo): owner@demo.test, coach@demo.test, "
            "coach2@demo.test, client@demo.test"
        )
