import datetime
import re

import pytest

from tests.factories import ArticleFactory, TagFactory

pytestmark = pytest.mark.django_db


def related_titles(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    if "Related articles" not in page:
        return []
    section = page.split('id="related-title"', 1)[1].split("</aside>", 1)[0]
    return re.findall(r'<a href="[^"]+">([^<]+)</a>', section)


def days_ago(days):
    return datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(days=days)


@pytest.mark.parametrize(("words", "minutes"), [(10, 1), (660, 3), (2200, 10)])
def test_article_page_shows_reading_time(client, words, minutes):
    article = ArticleFactory(body="<p>" + "word " * words + "</p>")
    page = client.get(article.get_absolute_url()).content.decode()
    assert f"{minutes} minute read" in page


def test_related_articles_share_a_tag_newest_first_at_most_three(client):
    harbours, weather = TagFactory(name="Harbours"), TagFactory(name="Weather")
    article = ArticleFactory(title="Main", tags=[harbours, weather], published_at=days_ago(10))
    for days in (5, 4, 3, 2):
        ArticleFactory(title=f"Harbour {days}", tags=[harbours], published_at=days_ago(days))
    ArticleFactory(title="Weather 1", tags=[weather, harbours], published_at=days_ago(1))
    ArticleFactory(title="Unrelated", tags=[TagFactory()], published_at=days_ago(0))
    assert related_titles(client, article) == ["Weather 1", "Harbour 2", "Harbour 3"]


def test_unpublished_articles_are_never_related(client):
    tag = TagFactory()
    article = ArticleFactory(tags=[tag])
    ArticleFactory(title="Draft", tags=[tag], draft=True)
    ArticleFactory(title="Scheduled", tags=[tag], scheduled=True)
    ArticleFactory(title="Published", tags=[tag], published_at=days_ago(2))
    assert related_titles(client, article) == ["Published"]


def test_article_without_related_articles_shows_no_section(client):
    article = ArticleFactory(tags=[TagFactory()])
    ArticleFactory(tags=[TagFactory()])
    assert related_titles(client, article) == []
    assert related_titles(client, ArticleFactory()) == []


def test_related_articles_link_to_their_pages(client):
    tag = TagFactory()
    article = ArticleFactory(tags=[tag])
    other = ArticleFactory(tags=[tag], published_at=days_ago(3))
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'<a href="{other.get_absolute_url()}">{other.title}</a>' in page
