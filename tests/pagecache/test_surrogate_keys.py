"""Every page the page cache stores tells a shared cache in front what it depends on, and
only those pages: nothing rendered for one reader carries the keys."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import ArticleFactory, PageFactory, TagFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(db):
    tag = TagFactory(name="Harbours")
    at = timezone.localtime(timezone.now() - datetime.timedelta(hours=1))
    article = ArticleFactory(title="Harbour reopens", slug="harbour", tags=[tag], published_at=at)
    page = PageFactory(title="About us", slug="about")
    return {
        "index": ("/", {"articles"}),
        "article": (article.get_absolute_url(), {"article:harbour", "tag:harbours"}),
        "tag": (tag.get_absolute_url(), {"tag:harbours"}),
        "tag-feed": (reverse("articles:tag-feed", args=[tag.slug]), {"tag:harbours"}),
        "author": (reverse("articles:author", args=[article.author.username]), set()),
        "archive": (reverse("articles:archive"), set()),
        "archive-year": (reverse("articles:archive-year", args=[at.year]), set()),
        "archive-month": (reverse("articles:archive-month", args=[at.year, at.month]), set()),
        "feed": (reverse("articles:feed"), {"articles"}),
        "feed-atom": (reverse("articles:feed-atom"), {"articles"}),
        "corrections": (reverse("articles:corrections"), {"articles"}),
        "sitemap-index": (reverse("sitemap"), {"articles"}),
        "sitemap": ("/sitemap-articles.xml", {"articles"}),
        "robots": ("/robots.txt", set()),
        "page": (page.get_absolute_url(), set()),
    }


@pytest.mark.parametrize(
    "page",
    [
        *("index", "article", "tag", "tag-feed", "author", "archive", "archive-year"),
        *("archive-month", "feed", "feed-atom", "corrections", "sitemap-index", "sitemap"),
        *("robots", "page"),
    ],
)
def test_every_cached_page_type_carries_its_names_as_surrogate_keys(pages, page):
    url, some_names = pages[page]
    reader = Client()
    fresh, hit = reader.get(url), reader.get(url)
    assert fresh.status_code == hit.status_code == 200
    keys = set(fresh["Surrogate-Key"].split())
    assert {"site", *some_names} <= keys
    assert set(fresh["Cache-Tag"].split(",")) == keys
    assert (hit["Surrogate-Key"], hit["Cache-Tag"]) == (fresh["Surrogate-Key"], fresh["Cache-Tag"])


def test_pages_rendered_for_one_reader_carry_no_keys(pages, editor_client):
    url = pages["article"][0]
    assert "Surrogate-Key" not in editor_client.get(url)
    assert "Surrogate-Key" not in Client().get("/no-such-page/")
    assert "Surrogate-Key" not in Client().post(url)
    assert "Surrogate-Key" not in Client().get(reverse("articles:search"), {"q": "harbour"})


def test_names_that_are_not_header_safe_are_escaped():
    from pagecache.purge import surrogate_key

    assert surrogate_key("article:harbour-reopens_2") == "article:harbour-reopens_2"
    assert surrogate_key("tag:café bar.x") == "tag:caf%C3%A9%20bar%2Ex"


def test_a_shared_cache_is_told_how_long_to_keep_a_page_only_when_it_is_purged(pages, settings):
    url = pages["index"][0]
    assert "Surrogate-Control" not in Client().get(url)
    settings.NEWSBLOG_PURGE_URL = "http://127.0.0.1:9/"
    answer = Client().get(url)
    assert answer["Surrogate-Control"].startswith("max-age=")
    assert 0 < int(answer["Surrogate-Control"].removeprefix("max-age=")) <= 600
    assert "no-cache" in answer["Cache-Control"]  # browsers still ask each time
