"""The world of the SQLite concurrency test: migrates a file database and builds the world on it,
in its own process.

    DATABASE_URL=sqlite:////tmp/x.sqlite3 python -m tests.concurrency_world CLIENTS

Prints JSON: the organization's slug, the coach's token, and per client its id, token and an open
review item for the coach to resolve.
"""

from __future__ import annotations

import json
import os
import sys


def main(clients: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from coaching.models import Role
    from tests.factories import ClientFactory, MembershipFactory, OrganizationFactory
    from triage.models import ReviewItem

    call_command("migrate", verbosity=0)
    with transaction.atomic():
        org = OrganizationFactory(slug="busy", name="Busy Gym")
        coach = MembershipFactory(organization=org, role=Role.COACH, user__email="c@busy.test")
        world = {"org": org.slug, "coach": Token.objects.create(user=coach.user).key, "clients": []}
        for n in range(clients):
            client = ClientFactory(organization=org, coach=coach.user, user__email=f"{n}@busy.test")
            item = ReviewItem.unscoped.create(
                organization=org,
                client=client,
                level="yellow",
                reason_kind="inactive",
                reasons=[{"code": "inactive", "text": "has logged nothing for 14 days"}],
                evidence=[],
                source="nightly",
                due_at=timezone.now(),
            )
            world["clients"].append(
                {
                    "id": client.pk,
                    "token": Token.objects.create(user=client.user).key,
                    "item": item.pk,
                }
            )
    return world


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]))))
