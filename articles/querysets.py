"""The named query rules for articles and tags, used by views, feeds, sitemaps and the admin."""

from django.db import models
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone


class TagQuerySet(models.QuerySet):
    def published(self):
        """Tags readers may see: those on at least one published article."""
        articles = self.model._meta.get_field("articles").related_model.objects.published()
        return self.filter(articles__in=articles).distinct()


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles readers may see: published, with a publication time that has come."""
        return self.filter(status=self.model.Status.PUBLISHED, published_at__lte=timezone.now())

    def for_listing(self):
        return (
            self.select_related("author")
            .prefetch_related("tags")
            .defer("search_document")
            .with_comment_count()
        )

    def with_comment_count(self):
        """Each article's number of approved comments as `comment_count`, in the same query."""
        from comments.models import Comment  # comments depend on articles, not the other way

        approved = (
            Comment.objects.approved()
            .filter(article=models.OuterRef("pk"))
            .order_by()
            .values("article")
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        return self.annotate(comment_count=Coalesce(models.Subquery(approved), 0))

    def next_publication_at(self):
        """When the next scheduled article goes live, or None."""
        return self.filter(
            status=self.model.Status.PUBLISHED, published_at__gt=timezone.now()
        ).aggregate(at=models.Min("published_at"))["at"]

    def months(self):
        """One row per month that has articles, newest first, with its article count."""
        return (
            self.annotate(month=TruncMonth("published_at"))
            .values("month")
            .annotate(count=models.Count("pk"))
            .order_by("-month")
        )
