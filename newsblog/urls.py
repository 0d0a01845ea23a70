from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from newsblog import views

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
    # Old WordPress addresses; before the pages' catch-all route, which comes last.
    path("", include("transfer.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
