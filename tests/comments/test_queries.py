"""Pages cost the same number of queries however many comments and articles there are."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ArticleFactory, CommentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_off")]


def queries_for(url, client=None):
    client = client or Client()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_article_page_queries_do_not_grow_with_its_comments(article):
    counts = []
    for total in (0, 5, 50):
        CommentFactory.create_batch(
            total - article.comments.approved().count(), article=article, approved=True
        )
        CommentFactory(article=article)  # pending and spam ones cost nothing either
        CommentFactory(article=article, spam=True)
        counts.append(queries_for(article.get_absolute_url()))
    assert article.comments.approved().count() == 50
    assert counts[0] == counts[1] == counts[2]


def test_commenters_page_queries_do_not_grow_with_comments(client, article, post_comment):
    post_comment(article)
    client.get(article.get_absolute_url())  # shows, and so clears, the "thank you" message
    before = queries_for(article.get_absolute_url(), client)
    CommentFactory.create_batch(20, article=article, approved=True)
    assert queries_for(article.get_absolute_url(), client) == before


def test_index_queries_do_not_grow_with_articles_or_comments():
    ArticleFactory()
    few = queries_for(reverse("articles:index"))
    for article in ArticleFactory.create_batch(8):
        CommentFactory.create_batch(3, article=article, approved=True)
    page = Client().get(reverse("articles:index")).content.decode()
    assert page.count("3 comments") == 8
    assert queries_for(reverse("articles:index")) == few
