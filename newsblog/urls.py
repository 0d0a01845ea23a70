from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from articles import cached_pages as article_pages
from newsblog import views
from newsblog.sitemaps import SITEMAPS
from pagecache.views import cached_page
from pages import cached_pages as page_names

admin.site.site_header = settings.SITE_NAME
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = _("Newsroom")

handler400 = "newsblog.views.bad_request"
handler500 = "newsblog.views.server_error"

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("favicon.ico", views.favicon, name="favicon"),
    path("", include("articles.urls")),
    path("", include("comments.urls")),
    path("", include("pagecache.urls")),  # the per-reader parts a proxy includes (ESI)
    # The sitemap lists articles and pages, so either app's changes refresh it.
    path(
        "sitemap.xml",
        cached_page(sitemap_views.index, article_pages.ARTICLES, page_names.PAGES, parameters=[]),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cached_page(
            sitemap_views.sitemap, article_pages.ARTICLES, page_names.PAGES, parameters=["p"]
        ),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    # Old WordPress addresses; before the pages' catch-all route, which comes last.
    path("", include("transfer.urls")),
    # Last: a page answers at any address of slugs (/about/team/) that nothing above claims.
    path("", include("pages.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
