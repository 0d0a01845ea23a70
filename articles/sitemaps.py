"""The sitemap: every page readers can reach: the home page and the archive, every published
article, every tag, month and year with articles, and every author's page.

Served as a sitemap index (/sitemap.xml) pointing to one sitemap per section, which Django splits
into pages (?p=2, ...) that the index lists one by one. The articles' pages hold
ARTICLES_PER_SITEMAP addresses each, found as the index's pages are (articles/paging.py), so a
page costs the same with a thousand articles as with a hundred thousand.
"""

from django.contrib.auth import get_user_model
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.db.models.functions import Greatest, TruncMonth, TruncYear
from django.urls import reverse

from articles.models import Article, Tag
from articles.paging import DeferredJoinPaginator

ARTICLES_PER_SITEMAP = 1000


class ArticleSitemap(Sitemap):
    limit = ARTICLES_PER_SITEMAP

    def items(self):
        return Article.objects.published().only("slug", "published_at", "updated_at")

    @property
    def paginator(self):
        return DeferredJoinPaginator(self.items(), self.limit)

    def lastmod(self, article):
        return article.last_modified()

    def get_latest_lastmod(self):
        return Article.objects.published().latest_change()


class TagSitemap(Sitemap):
    def items(self):
        latest = Greatest("articles__published_at", "articles__updated_at")
        return Tag.objects.published().annotate(last_modified=Max(latest)).order_by("name")

    def lastmod(self, tag):
        return tag.last_modified

    def get_latest_lastmod(self):
        return Article.objects.published().filter(tags__isnull=False).latest_change()


class HomeSitemap(Sitemap):
    """The blog's index and its archive: they change with every article."""

    def items(self):
        return ["articles:index", "articles:archive"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        return Article.objects.published().latest_change()


class ArchiveSitemap(Sitemap):
    """Each year and month with published articles, changed when its latest article was."""

    def items(self):
        latest = Greatest("published_at", "updated_at")
        published = Article.objects.published().order_by()
        years = published.annotate(period=TruncYear("published_at")).values("period")
        months = published.annotate(period=TruncMonth("published_at")).values("period")
        return [
            ("year", row["period"], row["last_modified"])
            for row in years.annotate(last_modified=Max(latest)).order_by("period")
        ] + [
            ("month", row["period"], row["last_modified"])
            for row in months.annotate(last_modified=Max(latest)).order_by("period")
        ]

    def location(self, item):
        kind, period, _last_modified = item
        if kind == "year":
            return reverse("articles:archive-year", kwargs={"year": period.year})
        return reverse(
            "articles:archive-month", kwargs={"year": period.year, "month": period.month}
        )

    def lastmod(self, item):
        return item[2]

    def get_latest_lastmod(self):
        return Article.objects.published().latest_change()


class AuthorSitemap(Sitemap):
    """Each author with a published article, changed when their latest article was."""

    def items(self):
        latest = Greatest("articles__published_at", "articles__updated_at")
        return (
            get_user_model()
            .objects.filter(articles__in=Article.objects.published())
            .annotate(last_modified=Max(latest))
            .order_by("username")
            .only("username")
        )

    def location(self, user):
        return reverse("articles:author", kwargs={"username": user.get_username()})

    def lastmod(self, user):
        return user.last_modified


SITEMAPS = {
    "home": HomeSitemap,
    "articles": ArticleSitemap,
    "tags": TagSitemap,
    "archives": ArchiveSitemap,
    "authors": AuthorSitemap,
}
