"""The article: what editors write and readers see, and the rules of when readers see it."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from articles import cached_pages as pages
from articles import states, submissions
from articles.models.featured_image import FeaturedImage
from articles.models.tag import Tag
from articles.querysets import ArticleQuerySet
from articles.slugs import unique_slug
from core import sanitizer, text
from images import renditions

EXCERPT_WORDS = 40
UPDATED_GRACE = timezone.timedelta(minutes=5)
READING_WORDS_PER_MINUTE = 220
RELATED_ARTICLES = 3


class Article(FeaturedImage):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=220,
        unique=True,
        help_text=_("The article's web address. Changing it breaks links already shared."),
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        max_length=500,
        help_text=_(
            "One or two sentences shown on the blog index and to search engines. "
            "Left empty, the start of the body is used."
        ),
    )
    seo_title = models.CharField(
        _("SEO title"),
        max_length=120,
        blank=True,
        help_text=_(
            "The title search engines and social networks show, if it should differ from the "
            "headline. Around 60 characters fit. Left empty, the title is used."
        ),
    )
    seo_description = models.CharField(
        _("SEO description"),
        max_length=300,
        blank=True,
        help_text=_(
            "The description search engines and social networks show. Around 155 characters fit. "
            "Left empty, the summary is used."
        ),
    )
    body = ProseEditorField(
        _("body"),
        extensions=sanitizer.ARTICLE_EDITOR_EXTENSIONS,
        sanitize=sanitizer.clean_article_html,
        blank=True,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name=_("author"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status,
        default=Status.DRAFT,
        help_text=_(
            "Draft: only editors see it. Publish now: it goes live as you save, dated now. "
            "Schedule: it goes live by itself at the publication date."
        ),
    )
    published_at = models.DateTimeField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_(
            "When the article appears on the blog. Publishing now sets it to the current time; "
            "to schedule, pick a date in the future and choose Schedule."
        ),
    )
    expires_at = models.DateTimeField(
        _("unpublish at"),
        null=True,
        blank=True,
        help_text=_(
            "Optional. When the article comes down by itself: from then on it is gone from the "
            "blog, its tags, archives, search, feeds and sitemap, and its address says it is no "
            "longer available. Must be after the publication date. Leave empty to keep it up."
        ),
    )
    unpublished_at = models.DateTimeField(
        _("unpublished"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When readers last lost sight of it: a live article moved back to draft."),
    )
    submitted_at = models.DateTimeField(
        _("submitted for review"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When its author asked an editor to publish it; cleared when it is published."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles", verbose_name=_("tags"))
    allow_comments = models.BooleanField(
        _("allow comments"),
        default=True,
        help_text=_("Untick to hide the comment form on this article."),
    )
    # Title, summary, tag names and body for full-text search, written by PostgreSQL triggers
    # (migration 0005) whenever any of them changes; empty on other databases.
    search_document = SearchVectorField(null=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [
            ("publish_article", _("Can publish, schedule and unpublish articles")),
            ("change_others_article", _("Can see and change other people's articles")),
        ]
        indexes = [
            # Lists and their page counts read only this index (articles/paging.py).
            models.Index(
                fields=["status", "-published_at", "-id", "expires_at"],
                name="article_listing_idx",
            ),
            # The sitemap's "last changed" (articles/sitemaps.py).
            models.Index(
                fields=["status", "-updated_at", "published_at", "expires_at"],
                name="article_updated_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(published_at__isnull=False),
                name="published_article_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(image="") | ~models.Q(image_alt=""),
                name="article_image_has_alt_text",
            ),
            models.CheckConstraint(
                condition=models.Q(expires_at__isnull=True)
                | models.Q(published_at__isnull=True)
                | models.Q(expires_at__gt=models.F("published_at")),
                name="article_unpublishes_after_publication",
                violation_error_message=_("The unpublish time must be after the publication date."),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title, max_length=220)
        self.date_publication()
        derived = [*states.note_unpublishing(self), *submissions.note_publication(self)]
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *derived}
        self.body = sanitizer.clean_article_html(self.body)
        previous = self.image_renditions
        self.image_renditions = renditions.refresh(self.image, previous)
        with renditions.replacing(self.image.storage, previous, self.image_renditions):
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def clean(self):
        self.date_publication()
        if self.image and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": _("Add alt text: readers who cannot see the image rely on it.")}
            )
        if self.expires_at and self.published_at and self.expires_at <= self.published_at:
            raise ValidationError(
                {"expires_at": _("The unpublish time must be after the publication date.")}
            )

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        renditions.discard_later(self.image.storage, renditions.files(self.image_renditions))
        return result

    def date_publication(self):
        """Publishing without a date means publishing now."""
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    def is_published(self):
        now = timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= now
            and (self.expires_at is None or self.expires_at > now)
        )

    def is_scheduled(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    def is_expired(self):
        """Published, and come down by itself at its unpublish time."""
        return (
            self.status == self.Status.PUBLISHED
            and self.expires_at is not None
            and self.expires_at <= timezone.now()
        )

    def was_updated(self):
        """Edited after it went live, not just saved while being written or published."""
        if self.published_at is None:
            return False
        went_live = max(self.published_at, self.created_at)
        return self.updated_at > went_live + UPDATED_GRACE

    def body_html(self):
        return sanitizer.article_html(self.body)

    def excerpt(self):
        return self.summary or Truncator(sanitizer.plain_text(self.body)).words(EXCERPT_WORDS)

    def cached_pages(self):
        """Names of the cached pages that show this article (see pagecache).

        Empty while readers cannot see it: a draft or scheduled article is on no cached page.
        """
        if not self.is_published():
            return set()
        # Archives group by the month readers see, in the site's time zone.
        local = timezone.localtime(self.published_at)
        return {
            pages.ARTICLES,
            pages.article(slug=self.slug),
            pages.author(username=self.author.get_username()),
            pages.year(year=local.year),
            pages.month(year=local.year, month=local.month),
            *(pages.tag(slug=tag.slug) for tag in self.tags.all()),
        }

    def author_name(self):
        return self.author.get_full_name() or self.author.get_username()

    def last_modified(self):
        """When readers last saw a change: publication, or a later edit."""
        if self.published_at is None:
            return self.updated_at
        return max(self.published_at, self.updated_at)

    def latest_note(self):
        """The newest correction or update, shown near the top (notes are prefetched there)."""
        notes = list(self.notes.all())
        return notes[-1] if notes else None

    def meta_title(self):
        return self.seo_title or self.title

    def meta_description(self):
        """The editor's SEO description, or the excerpt cut at a word to what search engines
        show (about 155 characters)."""
        return self.seo_description or text.shorten(self.excerpt())

    def reading_time(self):
        """Minutes an average reader needs for the body, at least one."""
        words = len(sanitizer.plain_text(self.body).split())
        return max(1, round(words / READING_WORDS_PER_MINUTE))

    def related_articles(self):
        """The newest published articles sharing a tag with this one."""
        return (
            Article.objects.published()
            .filter(tags__in=self.tags.all())
            .exclude(pk=self.pk)
            .only("title", "slug", "published_at")  # what the list shows; bodies are long
            .distinct()[:RELATED_ARTICLES]
        )
