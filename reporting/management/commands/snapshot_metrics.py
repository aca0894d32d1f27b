from django.core.management.base import BaseCommand, CommandError

from coaching.batch import runs_as_batch
from coaching.models import Organization
from reporting.snapshots import snapshot_organization


class Command(BaseCommand):
    help = "Compute and store today's owner figures (what the daily job does), for one or all organizations."

    def add_arguments(self, parser):
        parser.add_argument("--org", help="organization slug (default: every organization)")

    @runs_as_batch
    def handle(self, *args, org=None, **options):
        organizations = Organization.objects.order_by("slug")
        if org:
            organizations = organizations.filter(slug=org)
            if not organizations.exists():
                raise CommandError(f"No organization with slug {org!r}.")
        for organization in organizations:
            figures = snapshot_organization(organization)
            self.stdout.write(
                f"{organization.slug}: {figures['date']} MRR {figures['mrr']:.2f}, "
                f"{figures['active_clients']} active clients, {figures['open_reviews']} open reviews"
            )
