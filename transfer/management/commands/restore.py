from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from transfer import backup, database_copy, page_check


class Command(BaseCommand):
    help = (
        "Restore the site from a backup folder made by `backup`, replacing its database and "
        "copying its media back. Refuses a site that has content unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR")
        parser.add_argument(
            "--force", action="store_true", help="Replace a site that already has content."
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Afterwards, fetch the public pages and compare them with the backed-up site's.",
        )

    def handle(self, *args, directory, force, check, **options):
        try:
            manifest = backup.restore(Path(directory), force=force)
        except (backup.BackupError, database_copy.DatabaseCopyError, OSError) as error:
            raise CommandError(str(error)) from error
        call_command("migrate", interactive=False, verbosity=0)  # a backup from an older version
        self.stdout.write(f"Restored the backup of {manifest['created_at']} from {directory}.")
        if check:
            self.check_pages(manifest["pages"])

    def check_pages(self, expected: dict) -> None:
        differing = page_check.differences(expected)
        if differing:
            raise CommandError(
                f"{len(differing)} of {len(expected)} pages differ from the backed-up site's: "
                + ", ".join(differing)
            )
        self.stdout.write(self.style.SUCCESS(f"All {len(expected)} pages are the same."))
