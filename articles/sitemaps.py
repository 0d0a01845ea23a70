"""The sitemap: every published article and every tag page readers can reach.

Served as a sitemap index (/sitemap.xml) pointing to one sitemap per section, which Django splits
into pages of 50,000 addresses (?p=2, ...) that the index lists one by one.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.db.models.functions import Greatest

from articles.models import Article, Tag


class ArticleSitemap(Sitemap):
    def items(self):
        return Article.objects.published().only("slug", "published_at", "updated_at")

    def lastmod(self, article):
        return article.last_modified()

    def get_latest_lastmod(self):
        latest = Greatest("published_at", "updated_at")
        return Article.objects.published().aggregate(latest=Max(latest))["latest"]


class TagSitemap(Sitemap):
    def items(self):
        latest = Greatest("articles__published_at", "articles__updated_at")
        return Tag.objects.published().annotate(last_modified=Max(latest)).order_by("name")

    def lastmod(self, tag):
        return tag.last_modified

    def get_latest_lastmod(self):
        return (
            Article.objects.published()
            .filter(tags__isnull=False)
            .aggregate(latest=Max(Greatest("published_at", "updated_at")))["latest"]
        )


SITEMAPS = {"articles": ArticleSitemap, "tags": TagSitemap}
