"""Load the demo organization (slug ``demo``) with the logins in CONTRACT.md.

Safe to re-run: everything is looked up by natural keys, so a second run leaves one demo
organization, not two.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from billing.demo import seed_billing
from coaching.tenancy import tenant_scope
from demo.people import DEMO_SLUG, seed_people


class Command(BaseCommand):
    help = "Create (or refresh) the demo organization, its people, tiers and history."

    @transaction.atomic
    def handle(self, *args, **options):
        organization, owner, coaches, clients = seed_people()
        with tenant_scope(organization, owner):
            seed_billing(organization, owner, clients)
        self.stdout.write(self.style.SUCCESS(f"Demo organization '{DEMO_SLUG}' is ready."))
        self.stdout.write(
            "Logins (password spotter-demo): owner@demo.test, coach@demo.test, "
            "coach2@demo.test, client@demo.test"
        )
