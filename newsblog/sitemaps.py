"""The sitemap's sections: the articles app's and the pages app's, served by newsblog/urls.py."""

from articles.sitemaps import SITEMAPS as ARTICLE_SITEMAPS
from pages.sitemaps import PageSitemap

SITEMAPS = {**ARTICLE_SITEMAPS, "pages": PageSitemap}
