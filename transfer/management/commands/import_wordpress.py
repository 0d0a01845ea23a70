"""`manage.py import_wordpress EXPORT.xml [--media DIR] [--dry-run]`: see transfer/wordpress.py."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from transfer.wordpress import import_wordpress
from transfer.wxr import WXRError


class Command(BaseCommand):
    help = (
        "Import a WordPress export (Tools → Export → All content): posts, pages, authors, "
        "categories and tags, comments with their moderation and threads, featured images. "
        "Running it again updates what changed and creates nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", type=Path, help="The WordPress export file (WXR, .xml).")
        parser.add_argument(
            "--media",
            type=Path,
            help="A local copy of the site's wp-content/uploads, for featured images.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would happen; write nothing."
        )

    def handle(self, *args, export: Path, media: Path | None, dry_run: bool, **options):
        if not export.is_file():
            raise CommandError(f"No such file: {export}")
        if media is not None and not media.is_dir():
            raise CommandError(f"No such folder: {media}")
        try:
            report = import_wordpress(
                export, media=media, dry_run=dry_run, progress=sys.stderr.isatty()
            )
        except WXRError as error:
            raise CommandError(f"{export}: {error} Nothing was imported.") from None
        self.stdout.write(report.table())
        if dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was written."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported {export}."))
