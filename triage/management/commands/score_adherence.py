"""The nightly job, synchronously: ``manage.py score_adherence [--org SLUG] [--date YYYY-MM-DD]``."""

import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from coaching.batch import runs_as_batch
from coaching.core.traffic_light import GREEN, RED, YELLOW
from coaching.models import Organization
from triage.nightly import BATCH_CLIENTS, score_organizations
from triage.risk import risk_provider


def progress_bar(label: str):
    def show(done: int, total: int) -> None:
        width = 30
        filled = int(width * done / total) if total else width
        sys.stdout.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        sys.stdout.flush()

    return show


class Command(BaseCommand):
    help = "Score every client's adherence for a day (default: yesterday in each organization's time zone)."

    def add_arguments(self, parser):
        parser.add_argument("--org", help="Only this organization's slug.")
        parser.add_argument("--date", help="The day to score, YYYY-MM-DD.")
        parser.add_argument(
            "--chunk-size",
            type=int,
            default=BATCH_CLIENTS,
            help=f"Clients per batch, each committed on its own (default {BATCH_CLIENTS}).",
        )

    @runs_as_batch
    def handle(self, *args, org=None, date=None, chunk_size=BATCH_CLIENTS, **options):
        organizations = Organization.objects.order_by("slug")
        if org:
            organizations = organizations.filter(slug=org)
            if not organizations.exists():
                raise CommandError(f"No organization with slug {org!r}.")
        day = None
        if date:
            try:
                day = _parse_day(date)
            except ValueError:
                raise CommandError(f"--date must look like 2026-01-31, not {date!r}.") from None
        organizations = list(organizations)
        # One call for them all: batches of clients across organizations, each read with one
        # statement per table, one features pass, and written in one transaction on the batch
        # connection.
        runs = score_organizations(
            organizations,
            day,
            batch_clients=chunk_size,
            # Clients for one organization, organizations for several.
            progress=progress_bar(
                organizations[0].slug
                if len(organizations) == 1
                else f"{len(organizations)} organizations"
            )
            if options["verbosity"]
            else None,
            risk_provider=risk_provider,
        )
        if options["verbosity"]:
            self.stdout.write("")
            for organization, run in zip(organizations, runs, strict=True):
                flags = run.flags or {}
                self.stdout.write(
                    f"{organization.slug} {run.date}: {run.clients_scored} clients scored, "
                    f"green {flags.get(GREEN, 0)}, yellow {flags.get(YELLOW, 0)}, red {flags.get(RED, 0)}, "
                    f"{run.items_opened} review items opened, {run.duration_seconds}s"
                )


def _parse_day(value: str) -> date:
    return date.fromisoformat(value)
