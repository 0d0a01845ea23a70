import datetime

import pytest
from django.urls import reverse

from articles.models import Article
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


def at(year, month, day=5, hour=9):
    return datetime.datetime(year, month, day, hour, tzinfo=datetime.UTC)


def titles(response):
    return [article.title for article in response.context["page_obj"]]


def month_url(year, month):
    return reverse("articles:archive-month", kwargs={"year": year, "month": month})


def test_archive_lists_months_with_articles_and_their_counts(client):
    ArticleFactory.create_batch(2, published_at=at(2024, 3))
    ArticleFactory(published_at=at(2023, 11))
    page = client.get(reverse("articles:archive")).content.decode()
    assert f'href="{month_url(2024, 3)}">March 2024</a>' in page
    assert "(2 articles)" in page
    assert f'href="{month_url(2023, 11)}">November 2023</a>' in page
    assert page.index("March 2024") < page.index("November 2023")
    assert f'href="{reverse("articles:archive-year", kwargs={"year": 2024})}"' in page


def test_archive_does_not_count_drafts_or_scheduled_articles(client):
    ArticleFactory.create_batch(2, published_at=at(2024, 3))
    ArticleFactory(draft=True)
    ArticleFactory(status=Article.Status.DRAFT, published_at=at(2024, 3))
    ArticleFactory(scheduled=True)
    months = list(client.get(reverse("articles:archive")).context["months"])
    assert [(entry["month"].year, entry["month"].month, entry["count"]) for entry in months] == [
        (2024, 3, 2)
    ]


def test_month_archive_lists_that_months_published_articles(client):
    ArticleFactory(title="March news", published_at=at(2024, 3))
    ArticleFactory(title="April news", published_at=at(2024, 4))
    ArticleFactory(title="March draft", draft=True)
    response = client.get(month_url(2024, 3))
    assert titles(response) == ["March news"]
    assert "Articles from March 2024" in response.content.decode()


def test_month_archive_links_to_neighbouring_months_with_articles(client):
    ArticleFactory(published_at=at(2024, 1))
    ArticleFactory(published_at=at(2024, 3))
    ArticleFactory(published_at=at(2024, 6))
    page = client.get(month_url(2024, 3)).content.decode()
    assert f'rel="prev" href="{month_url(2024, 1)}"' in page
    assert f'rel="next" href="{month_url(2024, 6)}"' in page


def test_month_archive_does_not_link_to_a_month_with_only_scheduled_articles(client):
    now = datetime.datetime.now(tz=datetime.UTC)
    ArticleFactory(published_at=now - datetime.timedelta(days=400))
    ArticleFactory(published_at=now + datetime.timedelta(days=400))
    earlier = now - datetime.timedelta(days=400)
    page = client.get(month_url(earlier.year, earlier.month)).content.decode()
    assert 'rel="next"' not in page


def test_month_with_only_an_unpublished_article_is_not_found(client):
    ArticleFactory(status=Article.Status.DRAFT, published_at=at(2024, 3))
    assert client.get(month_url(2024, 3)).status_code == 404


def test_month_with_only_scheduled_articles_is_not_found(client):
    article = ArticleFactory(scheduled=True)
    when = article.published_at
    assert client.get(month_url(when.year, when.month)).status_code == 404


@pytest.mark.parametrize("path", ["/archive/2024/13/", "/archive/2024/3/", "/archive/24/"])
def test_malformed_archive_dates_are_not_found(client, path):
    ArticleFactory(published_at=at(2024, 3))
    assert client.get(path).status_code == 404


def test_year_archive_lists_the_years_articles_and_months(client):
    ArticleFactory(title="March news", published_at=at(2024, 3))
    ArticleFactory(title="June news", published_at=at(2024, 6))
    ArticleFactory(title="Last year", published_at=at(2023, 6))
    response = client.get(reverse("articles:archive-year", kwargs={"year": 2024}))
    assert titles(response) == ["June news", "March news"]
    page = response.content.decode()
    assert f'href="{month_url(2024, 6)}"' in page and f'href="{month_url(2024, 3)}"' in page
    assert f'href="{month_url(2023, 6)}"' not in page


def test_year_archive_without_published_articles_is_not_found(client):
    ArticleFactory(status=Article.Status.DRAFT, published_at=at(2024, 3))
    assert client.get(reverse("articles:archive-year", kwargs={"year": 2024})).status_code == 404


def test_archives_follow_the_sites_time_zone(client, settings):
    settings.TIME_ZONE = "Europe/Berlin"
    ArticleFactory(title="Late edition", published_at=at(2024, 3, day=31, hour=23))
    assert titles(client.get(month_url(2024, 4))) == ["Late edition"]
    [entry] = client.get(reverse("articles:archive")).context["months"]
    assert (entry["month"].year, entry["month"].month) == (2024, 4)


def test_archive_is_paginated(client, settings):
    ArticleFactory.create_batch(settings.ARTICLES_PER_PAGE + 1, published_at=at(2024, 3))
    response = client.get(month_url(2024, 3), {"page": 2})
    assert len(titles(response)) == 1


def test_header_links_to_the_archive(client):
    page = client.get(reverse("articles:index")).content.decode()
    assert f'href="{reverse("articles:archive")}"' in page


def author_url(user):
    return reverse("articles:author", kwargs={"username": user.get_username()})


def test_author_page_lists_only_their_published_articles(client):
    author = UserFactory(username="ada", first_name="Ada", last_name="Lovelace")
    ArticleFactory(title="Her story", author=author)
    ArticleFactory(title="Her draft", author=author, draft=True)
    ArticleFactory(title="Her next story", author=author, scheduled=True)
    ArticleFactory(title="Someone else")
    response = client.get(author_url(author))
    assert titles(response) == ["Her story"]
    assert "Articles by Ada Lovelace" in response.content.decode()


@pytest.mark.parametrize("hidden", [{"draft": True}, {"scheduled": True}])
def test_author_without_published_articles_has_no_page(client, hidden):
    author = UserFactory(username="newcomer")
    ArticleFactory(author=author, **hidden)
    assert client.get(author_url(author)).status_code == 404


def test_unknown_author_is_not_found(client):
    assert client.get("/authors/nobody/").status_code == 404


def test_byline_links_to_the_author_page(client):
    article = ArticleFactory(author=UserFactory(username="j.doe@desk"))
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'href="{author_url(article.author)}" rel="author"' in page
    assert client.get(author_url(article.author)).status_code == 200
