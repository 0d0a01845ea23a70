"""The sitemap: every page readers can reach: the home page and the archive, every published
article, every tag, month and year with articles, and every author's page.

Served as a sitemap index (/sitemap.xml) pointing to one sitemap per section, which Django splits
into pages (?p=2, ...) that the index lists one by one. The articles' pages hold
ARTICLES_PER_SITEMAP addresses each, found as the index's pages are (articles/paging.py), so a
page costs the same with a thousand articles as with a hundred thousand.
"""

from django.contrib.auth import get_user_model
from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef, Subquery
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Tag
from articles.paging import CountedPaginator, Deferred, DeferredJoinPaginator
from articles.querysets import FIELDS_OF_CHANGE

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
        # Tagged as an EXISTS, so the database walks the newest articles and stops at the first
        # with the tag, instead of sorting all the tag's articles.
        links = Article.tags.through.objects.filter(article=OuterRef("pk"))
        tagged = Exists(links.filter(tag=OuterRef(OuterRef("pk"))))
        latest = _latest_change_of(Article.objects.published().filter(tagged))
        return Tag.objects.published().annotate(last_modified=latest).order_by("name")

    def lastmod(self, tag):
        return tag.last_modified

    def get_latest_lastmod(self):
        return Article.objects.published().filter(tags__isnull=False).latest_change()


def _months_between(first, latest):
    """The start of every month from `first`'s to `latest`'s, in the current time zone."""
    month = timezone.localtime(first).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    while month <= latest:
        yield month
        month = _next_month(month)


def _next_month(start):
    return start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)


def _month_changes(row, articles, starts):
    """For each of the months from `starts` (twelve at most): the latest change among `articles`
    published in it, or None, all read in one query as columns of `row`."""
    columns = {
        f"month_{number}": _latest_change_in(
            articles.filter(published_at__gte=start, published_at__lt=_next_month(start))
        )
        for number, start in enumerate(starts)
    }
    values = row.values(**columns).get()
    return [values[f"month_{number}"] for number in range(len(starts))]


def _latest_change_in(articles):
    """The latest publication (from the top of the listing index, over the month's range) or
    edit (the largest over the month's rows) among `articles`, as an expression."""
    published = articles.order_by("-published_at").values("published_at")[:1]
    edited = articles.order_by().values("status").annotate(latest=Max("updated_at"))
    return Greatest(Subquery(published), Subquery(edited.values("latest")))


def _latest_change_of(articles):
    """The latest publication or edit among `articles`, as an expression: for each row, two
    reads from the top of an index, where an aggregate would pass over all of them."""
    latest = (articles.order_by(f"-{field}").values(field)[:1] for field in FIELDS_OF_CHANGE)
    return Greatest(*(Subquery(moment) for moment in latest))


class HomeSitemap(Sitemap):
    """The blog's index and its archive: they change with every article."""

    def items(self):
        return ["articles:index", "articles:archive"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        return Article.objects.published().latest_change()

    def get_latest_lastmod(self):
        return Article.objects.published().latest_change()


class ArchiveSitemap(Sitemap):
    """Each year and month with published articles, changed when its latest article was.

    The months between the first and the latest article are checked twelve to a query, each by
    its range of the listing index (its latest publication from the top, its latest edit over
    its articles), instead of truncating every article's date to group them by month."""

    def items(self):
        published = Article.objects.published()
        first = published.order_by("published_at").values("pk", "published_at").first()
        if first is None:
            return []
        row = Article.objects.filter(pk=first["pk"])
        latest = published.values_list("published_at", flat=True).first()
        starts = list(_months_between(first["published_at"], latest))
        months = []
        for chunk in range(0, len(starts), 12):
            group = starts[chunk : chunk + 12]
            changes = _month_changes(row, published, group)
            months += [("month", s, at) for s, at in zip(group, changes, strict=True) if at]
        years = {}
        for _kind, start, at in months:
            year = start.replace(month=1)
            years[year] = max(at, years.get(year, at))
        return [("year", year, at) for year, at in years.items()] + months

    @property
    def paginator(self):
        return CountedPaginator(Deferred(self.items), self.limit, count=self.periods_at_most)

    def periods_at_most(self):
        """How many years and months lie between the first and the latest article: never fewer
        than have articles, found from the two ends of an index."""
        published = Article.objects.published().values_list("published_at", flat=True)
        first, latest = published.order_by("published_at").first(), published.first()
        if first is None:
            return 0
        months = (latest.year - first.year) * 12 + latest.month - first.month + 1
        return latest.year - first.year + 1 + months

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
        articles = Article.objects.published().filter(author=OuterRef("pk"))
        return (
            get_user_model()
            .objects.filter(Exists(articles))
            .annotate(last_modified=_latest_change_of(articles))
            .order_by("username")
            .only("username")
        )

    def location(self, user):
        return reverse("articles:author", kwargs={"username": user.get_username()})

    def lastmod(self, user):
        return user.last_modified

    def get_latest_lastmod(self):
        return Article.objects.published().latest_change()


SITEMAPS = {
    "home": HomeSitemap,
    "articles": ArticleSitemap,
    "tags": TagSitemap,
    "archives": ArchiveSitemap,
    "authors": AuthorSitemap,
}
