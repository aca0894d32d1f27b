from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from programs.gallery import render_gallery

DEFAULT_OUT = Path(settings.BASE_DIR) / "docs" / "programs"


class Command(BaseCommand):
    help = (
        "Draft programs for the gallery's varied intakes (programs/gallery.py) and write them "
        "as Markdown into docs/programs/ (no database needed). --check only compares."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", default=str(DEFAULT_OUT), help="Directory to write into.")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; fail if a file differs from what would be written.",
        )

    def handle(self, *args, **options):
        out = Path(options["out"])
        files = render_gallery()
        stale = sorted(
            name
            for name, text in files.items()
            if not (out / name).exists() or (out / name).read_text(encoding="utf-8") != text
        )
        if options["check"]:
            if stale:
                raise CommandError(f"Gallery out of date: {', '.join(stale)}")
            self.stdout.write(self.style.SUCCESS(f"Gallery up to date ({len(files)} files)."))
            return
        out.mkdir(parents=True, exist_ok=True)
        for name in stale:
            (out / name).write_text(files[name], encoding="utf-8")
        self.stdout.write(
            self.style.SUCCESS(f"Gallery: {len(files)} files in {out}, {len(stale)} written.")
        )
