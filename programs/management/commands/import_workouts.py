import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from coaching.models import Client, Organization
from coaching.tenancy import tenant_scope
from programs.history_import import import_history
from programs.importers import UnknownFormat


class Command(BaseCommand):
    help = "Import a client's Strong or Hevy CSV export: import_workouts --org SLUG --client ID --format strong|hevy FILE"

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True)
        parser.add_argument("--client", required=True, type=int)
        parser.add_argument("--format", required=True, choices=["strong", "hevy"])
        parser.add_argument("file")

    def handle(self, *args, org, client, format, file, **options):
        organization = Organization.objects.filter(slug=org).first()
        if organization is None:
            raise CommandError(f"No organization with slug {org!r}.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file at {file}.")

        def progress(done: int, total: int) -> None:
            width = 30
            filled = int(width * done / total) if total else width
            sys.stdout.write(
                f"\rimporting [{'#' * filled}{'.' * (width - filled)}] {done}/{total} sessions"
            )
            sys.stdout.flush()

        with transaction.atomic(), tenant_scope(organization):
            record = Client.objects.select_related("organization").filter(pk=client).first()
            if record is None:
                raise CommandError(f"No client {client} in {org}.")
            try:
                result = import_history(
                    record, path.read_bytes(), format, by=None, progress=progress
                )
            except UnknownFormat as exc:
                raise CommandError(str(exc)) from None
        self.stdout.write("")
        self.stdout.write(
            f"{result.created_logs} sessions and {result.created_sets} sets imported, "
            f"{result.skipped_duplicates} already there, {len(result.unknown_exercises)} new exercises, "
            f"{len(result.errors)} rows with errors."
        )
        for error in result.errors[:20]:
            self.stdout.write(f"  line {error['row']}: {error['message']}")
