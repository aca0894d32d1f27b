from django.core.management.base import BaseCommand
from django.db import transaction

from coaching.batch import runs_as_batch
from programs.exercises import sync_library
from programs.models import Exercise


class Command(BaseCommand):
    help = "Load or refresh the global exercise library from programs/data/exercises.json."

    @runs_as_batch
    def handle(self, *args, **options):
        with transaction.atomic():
            created, updated = sync_library(Exercise)
        self.stdout.write(
            self.style.SUCCESS(f"Exercise library: {created} added, {updated} refreshed.")
        )
