from django.core.management.base import BaseCommand
from django.db import transaction

from coaching.batch import runs_as_batch
from programs.core.exercises import refresh_organization_exercises, sync_library
from programs.models import Exercise


class Command(BaseCommand):
    help = (
        "Load or refresh the global exercise library (programs/data/: the public library, "
        "Spotter's additions and the reviewed drafting pool) and the derived columns of "
        "organizations' own exercises."
    )

    @runs_as_batch
    def handle(self, *args, **options):
        with transaction.atomic():
            created, updated = sync_library(Exercise)
            own = refresh_organization_exercises(Exercise)
        self.stdout.write(
            self.style.SUCCESS(
                f"Exercise library: {created} added, {updated} refreshed; "
                f"{own} organization exercises refreshed."
            )
        )
