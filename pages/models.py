"""Static pages (About, Contact, Privacy): written like articles, never in the article index.

A page may sit under another (`/about/team/`); its full address is kept in `path`, derived from
the parents' slugs whenever a page is saved, so the public view finds a page in one query, and
unique, so no two pages under one parent share a slug. Saving a page with a new slug or parent
moves every page below it too. A top-level page may not take an address the site's own pages
use (`/articles/`, `/feed/`, a year...), nor the old WordPress ones that are redirected.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from core import sanitizer
from pages.querysets import PageQuerySet, ancestor_paths

# The first parts of the site's own addresses, and of the old WordPress ones it redirects.
RESERVED_SLUGS = frozenset(
    {
        *("admin", "articles", "tags", "authors", "search", "preview", "archive", "feed"),
        *("corrections", "comments", "sitemap", "robots", "media", "static", "favicon"),
        *("category", "tag", "author", "page", "wp-admin", "wp-content", "wp-json"),
    }
)
YEAR = re.compile(r"[0-9]{4}")


class Page(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class Menu(models.TextChoices):
        NONE = "", _("Not linked")
        HEADER = "header", _("Header")
        FOOTER = "footer", _("Footer")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        help_text=_("The last part of the page's web address, e.g. “team” in /about/team/."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent page"),
        help_text=_("Optional. A page under another one gets an address below it."),
    )
    path = models.CharField(_("address"), max_length=500, unique=True, editable=False)
    body = ProseEditorField(
        _("body"),
        extensions=sanitizer.ARTICLE_EDITOR_EXTENSIONS,
        sanitize=sanitizer.clean_article_html,
        blank=True,
    )
    seo_description = models.CharField(
        _("SEO description"),
        max_length=300,
        blank=True,
        help_text=_("The description search engines show. Around 155 characters fit."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    menu = models.CharField(
        _("link from"),
        max_length=10,
        choices=Menu,
        default=Menu.NONE,
        blank=True,
        help_text=_("Where readers find a link to this page on every page of the site."),
    )
    menu_order = models.PositiveSmallIntegerField(
        _("order in the menu"), default=0, help_text=_("Lower numbers come first.")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="pages",
        verbose_name=_("author"),
    )
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        indexes = [models.Index(fields=["status", "menu", "menu_order"], name="page_menu_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")),
                name="page_is_not_its_own_parent",
                violation_error_message=_("A page cannot be its own parent."),
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(published_at__isnull=False),
                name="published_page_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.check_parent()
        self.path = self.path_from_parents()
        self.body = sanitizer.clean_article_html(self.body)
        self.date_first_publication()
        with transaction.atomic():
            saved = Page.objects.filter(pk=self.pk).values_list("path", flat=True).first()
            super().save(*args, **kwargs)
            if saved is not None and saved != self.path:
                # Each page below moves with it, one save each, so that their receivers run.
                for child in self.children.all():
                    child.save()

    def get_absolute_url(self):
        return reverse("pages:detail", kwargs={"path": self.path})

    def clean(self):
        super().clean()
        self.check_parent()
        if self.parent_id is None and (self.slug in reserved_slugs() or YEAR.fullmatch(self.slug)):
            raise ValidationError(
                {
                    "slug": _(
                        "“%(slug)s” is taken by the site's own addresses (/%(slug)s/): "
                        "choose another slug, or put the page under a parent."
                    )
                    % {"slug": self.slug}
                }
            )
        self.check_address_is_free()
        self.date_first_publication()

    def path_from_parents(self) -> str:
        parent_path = self.parent.path if self.parent_id else ""
        return f"{parent_path}/{self.slug}" if parent_path else self.slug

    def date_first_publication(self) -> None:
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    def check_parent(self) -> None:
        """Refuses a parent that is the page itself or one of the pages below it."""
        parent, seen = (self.parent if self.parent_id else None), set()
        while parent is not None and parent.pk not in seen:
            if self.pk is not None and parent.pk == self.pk:
                raise ValidationError(
                    {"parent": _("A page cannot be placed under itself or a page below it.")}
                )
            seen.add(parent.pk)
            parent = parent.parent if parent.parent_id else None

    def check_address_is_free(self) -> None:
        path = self.path_from_parents()
        if len(path) > self._meta.get_field("path").max_length:
            raise ValidationError({"slug": _("The page's full address would be too long.")})
        if Page.objects.filter(path=path).exclude(pk=self.pk).exists():
            raise ValidationError(
                {"slug": _("Another page already has the address /%(path)s/.") % {"path": path}}
            )

    def is_published(self) -> bool:
        """Whether readers see it: published, and so are all the pages above it."""
        if self.status != self.Status.PUBLISHED:
            return False
        above = Page.objects.filter(path__in=ancestor_paths(self.path))
        return not above.exclude(status=self.Status.PUBLISHED).exists()

    def body_html(self):
        return sanitizer.article_html(self.body)

    def meta_description(self) -> str:
        """What search engines show: the SEO description, or the start of the body."""
        text = sanitizer.plain_text(sanitizer.clean_article_html(self.body))
        return self.seo_description or Truncator(text).words(30)

    def ancestors(self) -> list["Page"]:
        """The pages above this one, from the top (its breadcrumbs)."""
        return list(Page.objects.filter(path__in=ancestor_paths(self.path)).order_by("path"))


def reserved_slugs() -> frozenset[str]:
    """RESERVED_SLUGS and the first part of the admin's address, wherever it was moved."""
    return RESERVED_SLUGS | {settings.ADMIN_URL.strip("/").split("/")[0]}
