import gzip

from django.core.management.base import BaseCommand, CommandError

from transfer.disqus import import_export
from transfer.disqus_file import DisqusFileError, read_export
from transfer.disqus_plan import Report


class Command(BaseCommand):
    help = (
        "Import the comments of a Disqus XML export onto the articles their threads belong to. "
        "Running it again updates what changed and creates nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "export",
            help="The Disqus export file: XML, or XML compressed as Disqus mails it (.gz).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would be imported; write nothing."
        )

    def handle(self, *args, export, dry_run=False, **options):
        opener = gzip.open if export.endswith(".gz") else open
        try:
            with opener(export, "rb") as file:
                contents = read_export(file)
        except (OSError, EOFError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            raise CommandError(f"{export}: cannot be read ({reason}).") from None
        except DisqusFileError as error:
            raise CommandError(f"{export}: {error}. Nothing was imported.") from None
        report = import_export(contents, dry_run=dry_run)
        self.write_summary(report)
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")

    def write_summary(self, report: Report) -> None:
        write = self.stdout.write
        write(f"Threads in the file: {report.threads}")
        for how, count in sorted(report.matched.items()):
            write(f"  matched by {how}: {count}")
        write(f"  matched no article: {len(report.unmatched)}")
        for thread in report.unmatched:
            write(f"    {thread.link or '(no link)'}  “{thread.title}”")
        write(f"Comments imported: {report.created}")
        write(f"Comments updated: {report.updated}")
        write(f"Comments unchanged: {report.unchanged}")
        write(f"Comments skipped: {sum(report.skipped.values())}")
        for reason, count in sorted(report.skipped.items()):
            write(f"  {count}: {reason}")
        for note, count in sorted(report.notes.items()):
            write(f"Note: {count} {'comment' if count == 1 else 'comments'}: {note}")
