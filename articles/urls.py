from django.urls import path

from articles import views
from newsblog.page_cache import cached_page

app_name = "articles"

urlpatterns = [
    path("", cached_page(views.ArticleListView.as_view(), "articles"), name="index"),
    path(
        "articles/<slug:slug>/",
        cached_page(
            views.ArticleDetailView.as_view(), "article:{slug}", parameters=["comments-page"]
        ),
        name="detail",
    ),
    path("tags/<slug:slug>/", cached_page(views.TagDetailView.as_view(), "tag:{slug}"), name="tag"),
]
