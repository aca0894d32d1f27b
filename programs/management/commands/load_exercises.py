from django.core.management.base import BaseCommand
from django.db import transaction

from coaching.tenancy import dangerously_unscoped
from programs.exercises import sync_library
from programs.models import Exercise


class Command(BaseCommand):
    help = "Load or refresh the global exercise library from programs/data/exercises.json."

    def handle(self, *args, **options):
        with transaction.atomic(), dangerously_unscoped():
            created, updated = sync_library(Exercise)
        self.stdout.write(
            self.style.SUCCESS(f"Exercise library: {created} added, {updated} refreshed.")
        )
