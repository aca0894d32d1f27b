from django.core.management.base import BaseCommand
from django.db import transaction

from coaching.batch import runs_as_batch
from coaching.models import Organization
from coaching.tenancy import tenant_scope
from programs.history_import import discard_stale_uploads


def discard_everywhere() -> int:
    """Each organization in its own scope: uploads waiting for their unit over a day go."""
    dropped = 0
    for organization in Organization.objects.only("id"):
        with transaction.atomic(), tenant_scope(organization):
            dropped += discard_stale_uploads()
    return dropped


class Command(BaseCommand):
    help = "Drop uploaded exports that waited more than a day for their unit (hourly in beat)."

    @runs_as_batch
    def handle(self, *args, **options):
        self.stdout.write(f"{discard_everywhere()} stale uploads dropped.")
