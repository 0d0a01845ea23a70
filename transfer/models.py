"""What an import brought in, keyed on its origin, so a second run updates, never duplicates.

One row per imported thing: the source (a WordPress site's base URL, or "disqus:<forum>"), the
kind of thing there ("post", "page", "comment", "author", "term", "attachment", "thread") and
its id in that source, pointing at the row it became here.
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
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


class OldAddress(models.Model):
    """An address the site had before it moved here (`/2014/05/04/hello/`, `/?p=123`),
    answered with a permanent redirect to the address of what it became.

    It points at the article, page, tag or author itself, not at a copy of its address, so a
    later change of slug still redirects in one hop."""

    path = models.CharField(
        _("old address"),
        max_length=500,
        unique=True,
        help_text=_("The path, with `?p=123` or `?page_id=7` for WordPress's short links."),
    )
    source = models.CharField(_("source"), max_length=300)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")

    def __str__(self):
        return self.path

    def new_url(self) -> str | None:
        """Where the thing this address named lives now; None once it is gone."""
        target = self.target
        if target is None:
            return None
        if isinstance(target, get_user_model()):
            return reverse("articles:author", kwargs={"username": target.get_username()})
        # A page gets its address from the pages app's view; until then it has none.
        return target.get_absolute_url() if hasattr(target, "get_absolute_url") else None
