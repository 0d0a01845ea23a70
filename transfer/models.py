"""What an import brought in, keyed on its origin, so a second run updates, never duplicates.

One row per imported thing: the source (a WordPress site's base URL, or "disqus:<forum>"), the
kind of thing there ("post", "page", "comment", "author", "term", "attachment", "thread") and
its id in that source, pointing at the row it became here.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedItem(models.Model):
    source = models.CharField(_("source"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20)
    source_id = models.CharField(_("id in the source"), max_length=100)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    imported_at = models.DateTimeField(_("first imported"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last imported"), auto_now=True)

    class Meta:
        ordering = ["source", "kind", "source_id"]
        verbose_name = _("imported item")
        verbose_name_plural = _("imported items")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "source_id"], name="imported_item_unique_per_source"
            ),
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="imported_item_target_idx")
        ]

    def __str__(self):
        return f"{self.source} {self.kind} {self.source_id}"
