"""Deep pages of article lists and of the sitemap: the same articles as a plain slice, found
without the database reading every full row before the page."""

import datetime
import re
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.sitemaps import ArticleSitemap
from tests.factories import ArticleFactory, TagFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_off")]

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def articles():
    """35 published articles, some sharing a publication time, and a draft and a scheduled one."""
    tag = TagFactory(name="Harbour")
    now = timezone.now()
    for number in range(35):
        ArticleFactory(
            title=f"Harbour story {number}",
            published_at=now - datetime.timedelta(hours=number // 3 + 1),
            tags=[tag],
        )
    ArticleFactory(draft=True, tags=[tag])
    ArticleFactory(scheduled=True, tags=[tag])
    return tag


def listed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return [article.pk for article in response.context["page_obj"]]


@pytest.mark.parametrize(
    "url",
    ["/", "/tags/harbour/", "/search/?q=harbour"],
    ids=["index", "tag", "search"],
)
def test_every_page_shows_what_a_plain_slice_of_the_list_shows(client, articles, url):
    expected = list(client.get(url).context["paginator"].object_list.values_list("pk", flat=True))
    assert len(expected) == 35
    pages = [listed(client, f"{url}{'&' if '?' in url else '?'}page={n}") for n in (1, 2, 3, 4)]
    assert pages == [expected[0:10], expected[10:20], expected[20:30], expected[30:35]]


def test_the_index_pages_are_newest_first_with_ties_by_newest_id(client, articles):
    on_pages = sum((listed(client, f"/?page={number}") for number in (1, 2, 3, 4)), [])
    newest_first = Article.objects.published().order_by("-published_at", "-pk")
    assert on_pages == list(newest_first.values_list("pk", flat=True))


def test_a_deep_page_skips_ahead_over_ids_only_in_the_same_one_query(client, articles):
    with CaptureQueriesContext(connection) as first:
        client.get("/")
    with CaptureQueriesContext(connection) as deep:
        client.get("/?page=3")
    assert len(deep.captured_queries) == len(first.captured_queries)
    [fetch] = [query["sql"] for query in deep.captured_queries if '"body"' in query["sql"]]
    outer, _, inner = fetch.partition(" IN (SELECT ")
    assert "OFFSET" not in outer
    assert re.match(r'^\w+\."id"( AS "pk")? FROM "articles_article" \w+ WHERE', inner), inner
    assert re.search(r"LIMIT 10 OFFSET 20\)", inner)


def test_page_numbers_beyond_the_last_are_still_404(client, articles):
    assert client.get("/?page=5").status_code == 404


def test_sitemap_pages_hold_at_most_their_limit_and_the_index_lists_them_all(
    client, articles, monkeypatch
):
    monkeypatch.setattr(ArticleSitemap, "limit", 10)
    index = ElementTree.fromstring(client.get(reverse("sitemap")).content)  # noqa: S314
    sections = [loc.text for loc in index.iter(NS + "loc") if "sitemap-articles" in loc.text]
    assert sections == [
        "http://testserver/sitemap-articles.xml",
        *(f"http://testserver/sitemap-articles.xml?p={number}" for number in (2, 3, 4)),
    ]
    pages = []
    for section in sections:
        urlset = ElementTree.fromstring(client.get(section).content)  # noqa: S314
        pages.append(
            [loc.text.removeprefix("http://testserver") for loc in urlset.iter(NS + "loc")]
        )
    assert [len(page) for page in pages] == [10, 10, 10, 5]
    newest_first = Article.objects.published().order_by("-published_at", "-pk")
    assert sum(pages, []) == [article.get_absolute_url() for article in newest_first]


def test_the_articles_sitemap_pages_by_a_thousand():
    assert ArticleSitemap.limit == 1000


def test_small_sections_are_one_part_in_the_index_whatever_their_span(client):
    now = timezone.now()
    for days in (1, 40, 80, 400):
        ArticleFactory(published_at=now - datetime.timedelta(days=days))
    index = ElementTree.fromstring(client.get(reverse("sitemap")).content)  # noqa: S314
    parts = [loc.text for loc in index.iter(NS + "loc")]
    for section in ("archives", "tags", "authors", "home"):
        assert [part for part in parts if f"sitemap-{section}" in part] == [
            f"http://testserver/sitemap-{section}.xml"
        ]
    archives = ElementTree.fromstring(client.get("/sitemap-archives.xml").content)  # noqa: S314
    assert len(list(archives.iter(NS + "loc"))) >= 5  # two years at least, four months
    assert client.get("/sitemap-archives.xml?p=2").status_code == 404
