"""Pages cost the same number of queries however many comments and articles there are."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.models import Comment
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


def add_conversations(article, total):
    """`total` approved comments in threads of four: a comment, a reply, a reply to that at
    the deepest level and one more beside it; one in ten is withdrawn, keeping its replies."""
    made = []
    while len(made) < total:
        level = len(made) % 4
        parent = None if level == 0 else made[-1] if level < 3 else made[-2]
        withdrawn = level == 0 and len(made) % 40 == 0
        made.append(
            CommentFactory(
                article=article,
                status=Comment.Status.REJECTED if withdrawn else Comment.Status.APPROVED,
                parent=parent,
                thread_id=parent and (parent.thread_id or parent.pk),
                depth=parent.depth + 1 if parent else 1,
            )
        )
    if made:  # a pending and a spam reply, which cost nothing either
        CommentFactory(article=article, parent=made[0], thread=made[0], depth=2)
        CommentFactory(article=article, parent=made[0], thread=made[0], depth=2, spam=True)
    return made


def test_article_page_queries_stay_the_same_for_any_number_of_threads_and_levels():
    counts = {}
    for total in (0, 5, 50, 200):
        article = ArticleFactory()
        made = add_conversations(article, total)
        url = article.get_absolute_url()
        counts[total] = queries_for(url)
        page = Client().get(url).content.decode()
        shown = sum(1 for comment in made if comment.is_approved())
        assert page.count('class="comment__body"') == shown
    # The number of threads, and every comment of the page's threads (comments/page.py); one
    # of the 7 is the pages linked from the header and footer.
    assert counts[0] == counts[5] == counts[50] == counts[200] <= 7, counts
