import pytest
from django.urls import reverse

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_publishing_with_an_empty_date_publishes_now(editor_client):
    article = ArticleFactory(draft=True, title="Harbour reopens", author__username="writer")
    response = editor_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        {
            "title": article.title,
            "summary": "",
            "body": "<p>Ships may enter again.</p>",
            "status": Article.Status.PUBLISHED,
            "published_at_0": "",
            "published_at_1": "",
            "allow_comments": "on",
            "slug": article.slug,
        },
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.is_published()
