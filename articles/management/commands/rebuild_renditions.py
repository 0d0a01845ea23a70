import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from articles.models import Article


class Command(BaseCommand):
    help = (
        "Make every featured image's renditions again, for example after changing "
        "NEWSBLOG_IMAGE_WIDTHS. Old renditions are deleted once the new ones are saved."
    )

    def handle(self, *args, **options):
        articles = Article.objects.exclude(image="").order_by("pk")
        total = articles.count()
        started = time.perf_counter()
        failed = 0
        for number, article in enumerate(articles.iterator(), start=1):
            progress = f"[{number}/{total}] {article.title}:"
            began = time.perf_counter()
            try:
                article.rebuild_image_renditions()
            except (OSError, ValidationError) as error:
                # One missing or damaged file should not stop the others from being rebuilt.
                failed += 1
                self.stderr.write(f"{progress} failed ({error})")
                continue
            widths = ", ".join(str(entry["width"]) for entry in article.image_renditions["webp"])
            self.stdout.write(
                f"{progress} WebP {widths} px, fallback and social card "
                f"in {time.perf_counter() - began:.2f} s"
            )
        elapsed = time.perf_counter() - started
        if failed:
            raise CommandError(f"{failed} of {total} images could not be rebuilt.")
        self.stdout.write(self.style.SUCCESS(f"Rebuilt {total} images in {elapsed:.1f} s."))
