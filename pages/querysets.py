"""The named query rules for pages: used by the public view, the menus, the sitemap, the admin."""

from django.db import models
from django.db.models.functions import Concat
from django.db.models.lookups import StartsWith

PUBLISHED = "published"


def ancestor_paths(path: str) -> list[str]:
    """The addresses of the pages above the one at `path`, from the top: "a/b/c" → ["a", "a/b"]."""
    parts = path.split("/")
    return ["/".join(parts[:end]) for end in range(1, len(parts))]


class PageQuerySet(models.QuerySet):
    def published(self):
        """Pages readers see: published, under parents that are all published too. A page below
        a draft is hidden with it, as WordPress hides the children of a private page."""
        draft_above = self.model.objects.exclude(status=PUBLISHED).filter(
            StartsWith(models.OuterRef("path"), Concat("path", models.Value("/")))
        )
        return self.filter(status=PUBLISHED).exclude(models.Exists(draft_above))

    def in_menus(self):
        """The published pages linked from the header or the footer, in their menus' order."""
        return self.published().exclude(menu="").order_by("menu_order", "title", "pk")
