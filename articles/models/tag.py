"""Tags, and the old addresses of renamed or merged tags."""

from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles import cached_pages as pages
from articles.querysets import TagQuerySet
from articles.slugs import unique_slug


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=70,
        unique=True,
        blank=True,
        help_text=_("Used in the tag's web address. Filled in from the name when left empty."),
    )

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name, max_length=70)
        old_slug = Tag.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
        with transaction.atomic():
            super().save(*args, **kwargs)
            if old_slug and old_slug != self.slug:
                TagRedirect.point(old_slug, to=self)

    def get_absolute_url(self):
        return reverse("articles:tag", kwargs={"slug": self.slug})

    def cached_pages(self):
        """Names of the cached pages that show this tag (see pagecache): its own, and
        wherever its articles are listed with their tags."""
        articles = self.articles.published().select_related("author").prefetch_related("tags")
        own = {pages.tag(slug=self.slug)}
        return own.union(*(article.cached_pages() for article in articles))


class TagRedirect(models.Model):
    """A tag's earlier address, answered with a permanent redirect to the tag's current one.

    It names the tag, not the slug it moved to, so any number of renames (and merges) still
    take one hop; an address a tag takes again stops redirecting."""

    old_slug = models.SlugField(_("old slug"), max_length=70, unique=True)
    tag = models.ForeignKey(
        Tag, on_delete=models.CASCADE, related_name="redirects", verbose_name=_("tag")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["old_slug"]
        verbose_name = _("tag redirect")
        verbose_name_plural = _("tag redirects")

    def __str__(self):
        return f"{self.old_slug} → {self.tag.slug}"

    @classmethod
    def point(cls, old_slug: str, *, to: Tag) -> None:
        cls.objects.update_or_create(old_slug=old_slug, defaults={"tag": to})
        cls.objects.filter(old_slug=to.slug).delete()  # its own address again
