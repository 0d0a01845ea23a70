"""The named query rules for articles and tags, used by views, feeds, sitemaps and the admin."""

from django.db import models
from django.db.models.functions import TruncMonth
from django.utils import timezone

# Figures the apps built on articles show beside each one in lists (the comments app: how many
# approved comments it has), each a function giving a query expression. They register them
# from their AppConfig.ready(), so listings get them in the same query without articles
# knowing those apps.
LISTING_ANNOTATIONS = {}
# An article changes for readers when it is published and whenever it is edited.
FIELDS_OF_CHANGE = ("published_at", "updated_at")


def register_listing_annotation(name: str, expression) -> None:
    LISTING_ANNOTATIONS[name] = expression


class TagQuerySet(models.QuerySet):
    def published(self):
        """Tags readers may see: those on at least one published article (for each tag the
        database stops at the first such article, instead of joining all of them)."""
        articles = self.model._meta.get_field("articles").related_model.objects.published()
        return self.filter(models.Exists(articles.filter(tags=models.OuterRef("pk"))))


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles readers may see: published, with a publication time that has come and an
        unpublish time, if any, that has not."""
        now = timezone.now()
        return self.filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now),
            status=self.model.Status.PUBLISHED,
            published_at__lte=now,
        )

    def expired(self):
        """Published articles whose unpublish time has come: their pages answer 410 Gone."""
        return self.filter(status=self.model.Status.PUBLISHED, expires_at__lte=timezone.now())

    def submitted(self):
        """Drafts their authors submitted for review, waiting for an editor to publish them."""
        return self.filter(status=self.model.Status.DRAFT, submitted_at__isnull=False)

    def for_listing(self):
        """What lists of articles show: author, tags and the registered figures."""
        annotations = {name: expression() for name, expression in LISTING_ANNOTATIONS.items()}
        return (
            self.select_related("author")
            .prefetch_related("tags")
            .defer("search_document")
            .annotate(**annotations)
        )

    def next_change_at(self):
        """When readers next see a change by the clock alone, or None: the next scheduled
        article going live, or the next article coming down at its unpublish time (one query)."""
        now = timezone.now()
        moments = self.filter(status=self.model.Status.PUBLISHED).aggregate(
            publication=models.Min("published_at", filter=models.Q(published_at__gt=now)),
            expiry=models.Min("expires_at", filter=models.Q(expires_at__gt=now)),
        )
        return min((at for at in moments.values() if at is not None), default=None)

    def latest_change(self):
        """When the latest of these articles was published or edited, or None: two reads from
        the top of an index instead of a pass over every article."""
        moments = [
            self.order_by(f"-{field}").values_list(field, flat=True).first()
            for field in FIELDS_OF_CHANGE
        ]
        return max((at for at in moments if at is not None), default=None)

    def months(self):
        """One row per month that has articles, newest first, with its article count."""
        return (
            self.annotate(month=TruncMonth("published_at"))
            .values("month")
            .annotate(count=models.Count("pk"))
            .order_by("-month")
        )


class NoteQuerySet(models.QuerySet):
    def public(self):
        """Notes readers see: those on published articles."""
        articles = self.model._meta.get_field("article").related_model.objects.published()
        return self.filter(article__in=articles)

    def corrections(self):
        """What /corrections/ lists: corrections and clarifications, newest first."""
        kinds = [self.model.Kind.CORRECTION, self.model.Kind.CLARIFICATION]
        return self.public().filter(kind__in=kinds).order_by("-created_at", "-pk")
