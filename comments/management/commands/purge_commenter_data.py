from django.conf import settings
from django.core.management.base import BaseCommand

from comments import privacy


class Command(BaseCommand):
    help = (
        "Shorten the IP addresses of comments older than NEWSBLOG_COMMENTS_KEEP_IP_DAYS "
        "(IPv4 to /24, IPv6 to /48). The site also does this by itself, a batch at a time."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count the comments that are due."
        )

    def handle(self, *args, dry_run=False, **options):
        days = settings.COMMENTS_KEEP_IP_DAYS
        if dry_run:
            count = privacy.due_for_shortening().count()
            self.stdout.write(f"Comments older than {days} days with a full IP address: {count}.")
            return
        total = 0
        while shortened := privacy.shorten_due_ips():
            total += shortened
        self.stdout.write(
            f"Comments older than {days} days whose IP address was shortened: {total}."
        )
