import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, TagFactory

pytestmark = pytest.mark.django_db


def test_index_shows_published_article(client):
    article = ArticleFactory(title="Harbour reopens")
    response = client.get(reverse("articles:index"))
    assert response.status_code == 200
    assert article.title in response.content.decode()


def test_draft_is_not_on_index(client):
    ArticleFactory(title="Secret draft", draft=True)
    assert "Secret draft" not in client.get(reverse("articles:index")).content.decode()


def test_draft_page_is_404_for_readers(client):
    draft = ArticleFactory(draft=True)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_tag_page_lists_its_articles(client):
    tag = TagFactory(name="Harbours")
    ArticleFactory(title="Tagged one", tags=[tag])
    ArticleFactory(title="Untagged one")
    page = client.get(tag.get_absolute_url()).content.decode()
    assert "Tagged one" in page
    assert "Untagged one" not in page
