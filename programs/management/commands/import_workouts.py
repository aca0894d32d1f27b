import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from coaching.batch import runs_as_batch
from coaching.models import Client, Organization
from coaching.tenancy import tenant_scope
from programs.core.importers import UnknownFormat
from programs.history_import import import_history, resolve_unit

ERRORS_PRINTED = 20


class Command(BaseCommand):
    help = (
        "Import a client's Strong or Hevy CSV export: import_workouts --org SLUG --client ID "
        "--format strong|hevy [--unit kg|lb] FILE. Exits 1 when nothing in the file could be "
        "imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True)
        parser.add_argument("--client", required=True, type=int)
        parser.add_argument("--format", required=True, choices=["strong", "hevy"])
        parser.add_argument(
            "--unit",
            choices=["kg", "lb", "lbs"],
            default=None,
            help="unit of weights the file does not name (default kg)",
        )
        parser.add_argument("file")

    @runs_as_batch
    def handle(self, *args, org, client, format, unit, file, **options):
        organization = Organization.objects.filter(slug=org).first()
        if organization is None:
            raise CommandError(f"No organization with slug {org!r}.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file at {file}.")
        unit_value, unit_source = resolve_unit(unit)

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
                    record,
                    path.read_bytes(),
                    format,
                    by=None,
                    unit=unit_value,
                    unit_source=unit_source,
                    progress=progress,
                )
            except UnknownFormat as exc:
                raise CommandError(exc.message) from None
        summary = result.as_dict()
        self.stdout.write("")
        unit_words = {"file": "as the file says", "request": "as given", "default": "the default"}
        self.stdout.write(
            f"{result.created_logs} sessions and {result.created_sets} sets imported, "
            f"{result.skipped_duplicates} already there, {len(result.unknown_exercises)} new "
            f"exercises, {result.errors_total} rows with errors, "
            f"{sum(group['count'] for group in result.skipped_rows)} rows skipped. "
            f"Weights in {result.unit} ({unit_words[result.unit_source]})."
        )
        guess = result.unit_guess
        if guess and result.unit_source != "file" and guess["unit"] != result.unit:
            self.stdout.write(
                f"  note: {guess['reason']} Run again with --unit {guess['unit']} if so "
                "(delete the sessions imported first)."
            )
        for group in result.skipped_rows:
            lines = ", ".join(str(row) for row in group["rows"][:ERRORS_PRINTED])
            more = ", …" if group["count"] > ERRORS_PRINTED else ""
            self.stdout.write(
                f"  skipped {group['count']} rows: {group['reason']} (lines {lines}{more})"
            )
        for error in result.errors[:ERRORS_PRINTED]:
            self.stdout.write(f"  line {error['row']}: {error['message']}")
        if result.errors_total > ERRORS_PRINTED:
            self.stdout.write(
                f"  …and {result.errors_total - ERRORS_PRINTED} more rows with errors"
            )
        imported_anything = result.created_logs or result.skipped_duplicates
        if result.errors_total and not imported_anything:
            raise CommandError(
                f"Nothing could be imported: all rows had errors ({summary['errors_total']})."
            )
