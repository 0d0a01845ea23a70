"""WordPress's address shapes, kept answering after a move (see views.py and middleware.py).

NewsBlog's own addresses (/articles/…, /tags/…, /authors/…, /feed/) never take these shapes, so
these routes only ever see old links. Included before the pages' catch-all route."""

from django.urls import re_path

from transfer import views

app_name = "transfer"

SLUG = r"(?P<slug>[^/]+)"

urlpatterns = [
    re_path(
        rf"^(?P<year>\d{{4}})/(?P<month>\d{{2}})/(?P<day>\d{{2}})/{SLUG}/$",
        views.old_address,
        name="old-post-by-day",
    ),
    re_path(
        rf"^(?P<year>\d{{4}})/(?P<month>\d{{2}})/{SLUG}/$",
        views.old_address,
        name="old-post-by-month",
    ),
    re_path(r"^category/(?P<slugs>.+)/$", views.old_address, name="old-category"),
    re_path(rf"^tag/{SLUG}/$", views.old_address, name="old-tag"),
    re_path(rf"^author/{SLUG}/$", views.old_address, name="old-author"),
]
