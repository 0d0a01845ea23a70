from django.urls import path, register_converter

from articles import cached_pages as pages
from articles import converters, feeds, review_link_views, views
from articles.tag_care import follows_renames
from pagecache.views import cached_page

app_name = "articles"

register_converter(converters.YearConverter, "yyyy")
register_converter(converters.MonthConverter, "mm")

urlpatterns = [
    path("", cached_page(views.ArticleListView.as_view(), pages.ARTICLES), name="index"),
    path(
        "articles/<slug:slug>/",
        # A page of comments, and the form answering one of them ("Reply" links), are pages
        # of their own.
        cached_page(
            views.ArticleDetailView.as_view(),
            pages.article,
            parameters=["comments-page", "replyto"],
        ),
        name="detail",
    ),
    path(
        "tags/<slug:slug>/",
        follows_renames(cached_page(views.TagDetailView.as_view(), pages.tag)),
        name="tag",
    ),
    path(
        "tags/<slug:slug>/feed/",
        follows_renames(cached_page(feeds.TagFeed(), pages.tag), "articles:tag-feed"),
        name="tag-feed",
    ),
    path(
        "authors/<str:username>/",
        cached_page(views.AuthorDetailView.as_view(), pages.author),
        name="author",
    ),
    path("search/", views.SearchView.as_view(), name="search"),
    # Never cached: see review_link_views.
    path(
        "preview/<str:token>/",
        review_link_views.ReviewLinkView.as_view(),
        name="review-link",
    ),
    path("archive/", cached_page(views.ArchiveView.as_view(), pages.ARCHIVE), name="archive"),
    path(
        "archive/<yyyy:year>/",
        cached_page(views.ArticleYearArchiveView.as_view(), pages.year),
        name="archive-year",
    ),
    path(
        "archive/<yyyy:year>/<mm:month>/",
        # Its links to the months before and after change whenever a month gains its first
        # article or loses its last: that is what ARCHIVE stands for.
        cached_page(views.ArticleMonthArchiveView.as_view(), pages.month, pages.ARCHIVE),
        name="archive-month",
    ),
    path("feed/", cached_page(feeds.LatestArticlesFeed(), pages.ARTICLES), name="feed"),
    # Notes change their article (ArticleNote.save), so any change to them refreshes ARTICLES.
    path(
        "corrections/",
        cached_page(views.CorrectionsView.as_view(), pages.ARTICLES),
        name="corrections",
    ),
    path(
        "corrections/feed/",
        cached_page(feeds.CorrectionsFeed(), pages.ARTICLES),
        name="corrections-feed",
    ),
    path(
        "feed/atom/", cached_page(feeds.LatestArticlesAtomFeed(), pages.ARTICLES), name="feed-atom"
    ),
    path("robots.txt", cached_page(views.RobotsView.as_view()), name="robots"),
]
