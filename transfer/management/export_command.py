"""What both export commands share: where the export goes, written so a failure leaves no
half-written file in its place."""

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class ExportCommand(BaseCommand):
    writer = None  # a function writing the export to a text stream

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", "-o", metavar="FILE", help="Write here instead of standard output."
        )

    def handle(self, *args, output=None, **options):
        if not output:
            self.writer(self.stdout._out)
            return
        target = Path(output)
        if not target.parent.is_dir():
            raise CommandError(f"No such folder: {target.parent}")
        # Written beside the target and renamed over it at the end: an export that fails
        # halfway leaves the previous file as it was.
        handle, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                self.writer(stream)
            os.replace(partial, target)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
        self.stderr.write(f"Wrote {target} ({target.stat().st_size:,} bytes).")
