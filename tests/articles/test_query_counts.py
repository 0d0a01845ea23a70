"""Every public page runs the same number of queries however many articles there are."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ArticleFactory, TagFactory, UserFactory

# What rendering costs; a page from the page cache costs none (tests/pagecache/test_store.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_off")]

MARCH = datetime.datetime(2024, 3, 1, 9, tzinfo=datetime.UTC)

PAGES = {
    "index": lambda article: reverse("articles:index"),
    "article": lambda article: article.get_absolute_url(),
    "tag": lambda article: reverse("articles:tag", args=["harbours"]),
    "author": lambda article: reverse("articles:author", args=["ada"]),
    "search": lambda article: reverse("articles:search") + "?q=ferry",
    "archive": lambda article: reverse("articles:archive"),
    "archive-year": lambda article: reverse("articles:archive-year", args=[2024]),
    "archive-month": lambda article: reverse("articles:archive-month", args=[2024, 3]),
    "feed": lambda article: reverse("articles:feed"),
    "feed-atom": lambda article: reverse("articles:feed-atom"),
    "tag-feed": lambda article: reverse("articles:tag-feed", args=["harbours"]),
    "sitemap": lambda article: reverse("sitemap"),
    "sitemap-articles": lambda article: "/sitemap-articles.xml",
    "sitemap-tags": lambda article: "/sitemap-tags.xml",
    "robots": lambda article: reverse("articles:robots"),
}


@pytest.mark.parametrize("page", PAGES)
def test_page_query_count_is_the_same_for_1_and_30_articles(
    client, page, django_assert_num_queries
):
    authors = [UserFactory(username="ada"), UserFactory(username="bob")]
    tags = [TagFactory(name="Harbours"), TagFactory(name="Weather")]

    def publish(number):
        return ArticleFactory(
            title=f"Ferry news {number}",
            author=authors[number % 2],
            tags=tags if number % 3 else tags[:1],
            published_at=MARCH + datetime.timedelta(hours=number),
        )

    url = PAGES[page](publish(0))
    with CaptureQueriesContext(connection) as one_article:
        assert client.get(url).status_code == 200
    for number in range(1, 30):
        publish(number)
    with django_assert_num_queries(len(one_article)):
        assert client.get(url).status_code == 200
