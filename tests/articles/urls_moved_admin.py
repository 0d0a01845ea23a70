"""A site whose admin lives at an unusual address, as NEWSBLOG_ADMIN_URL allows."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("newsroom-desk/", admin.site.urls),
    path("", include("articles.urls")),
]
