"""The sitemap's section of pages: every published page, changed when it was last saved."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from pages.models import Page


class PageSitemap(Sitemap):
    def items(self):
        return Page.objects.published().only("path", "updated_at")

    def lastmod(self, page):
        return page.updated_at

    def get_latest_lastmod(self):
        return Page.objects.published().aggregate(latest=Max("updated_at"))["latest"]
