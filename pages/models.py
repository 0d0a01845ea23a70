"""Static pages (About, Contact, Privacy): written like articles, never in the article index.

A page may sit under another (`/about/team/`); its full address is kept in `path`, derived from
the parents' slugs whenever a page is saved, so the public view finds a page in one query, and
unique, so no two pages under one parent share a slug.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from core import sanitizer


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

    class Meta:
        ordering = ["path"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.path = self.path_from_parents()
        self.body = sanitizer.clean_article_html(self.body)
        super().save(*args, **kwargs)

    def path_from_parents(self) -> str:
        parent_path = self.parent.path if self.parent_id else ""
        return f"{parent_path}/{self.slug}" if parent_path else self.slug
