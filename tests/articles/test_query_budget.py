"""Each public page costs a fixed, small number of queries, whatever it shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ArticleFactory, CommentFactory, TagFactory

pytestmark = pytest.mark.django_db

# The article, its tags, its corrections and updates, related articles, comments, their count,
# the pages linked from the header and footer.
ARTICLE_PAGE_BUDGET = 8


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def busy_article():
    """The issue's yardstick: 10 tags and 50 approved comments (plus some that are not)."""
    article = ArticleFactory(tags=TagFactory.create_batch(10))
    CommentFactory.create_batch(50, article=article, approved=True)
    CommentFactory.create_batch(5, article=article)
    return article


@pytest.mark.usefixtures("page_cache_off")
def test_article_page_renders_within_budget_and_does_not_grow_with_tags_or_comments(client):
    quiet = ArticleFactory(tags=TagFactory.create_batch(1))
    busy = busy_article()
    assert queries_for(client, busy.get_absolute_url()) <= ARTICLE_PAGE_BUDGET
    assert queries_for(client, busy.get_absolute_url()) == queries_for(
        client, quiet.get_absolute_url()
    )


def test_first_visit_with_the_page_cache_stays_within_budget(client):
    assert queries_for(client, busy_article().get_absolute_url()) <= ARTICLE_PAGE_BUDGET
