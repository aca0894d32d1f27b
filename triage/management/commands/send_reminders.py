"""The morning reminders, synchronously: ``manage.py send_reminders [--org SLUG]``."""

from django.core.management.base import BaseCommand, CommandError

from coaching.batch import runs_as_batch
from coaching.models import Organization
from triage.reminders import send_session_reminders


class Command(BaseCommand):
    help = (
        "Remind clients of today's planned sessions, for organizations where it is now morning "
        "(07:00–11:59 local). Each planned session is reminded once, however often this runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", help="Only this organization's slug.")

    @runs_as_batch
    def handle(self, *args, org=None, **options):
        organizations = Organization.objects.order_by("slug")
        if org:
            organizations = organizations.filter(slug=org)
            if not organizations.exists():
                raise CommandError(f"No organization with slug {org!r}.")
        for organization in organizations:
            sent = send_session_reminders(organization)
            self.stdout.write(f"{organization.slug}: {sent} reminders sent")
