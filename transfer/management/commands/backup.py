from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from transfer import backup, database_copy


class Command(BaseCommand):
    help = (
        "Back the site up into DIR (new or empty): the database (SQLite's online backup or "
        "pg_dump), the media folder and a manifest. The site may keep running meanwhile."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR")

    def handle(self, *args, directory, **options):
        try:
            manifest = backup.backup(Path(directory))
        except (backup.BackupError, database_copy.DatabaseCopyError, OSError) as error:
            raise CommandError(str(error)) from error
        size = sum(entry["size"] for entry in manifest["files"])
        self.stdout.write(
            f"Backed up the {manifest['engine']} database and {len(manifest['files']) - 1} media "
            f"files ({size:,} bytes) into {directory}; media: {manifest['media']}."
        )
