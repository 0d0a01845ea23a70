import datetime
import re
from urllib.robotparser import RobotFileParser
from xml.etree import ElementTree

import pytest
import time_machine
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.sitemaps import ArticleSitemap
from tests.factories import ArticleFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# W3C datetime as the sitemap protocol allows it: a date, or a date and time with a zone.
W3C_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$")


def fetch_xml(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)  # noqa: S314 - our own output


def sitemap_index(client):
    """{section URL: lastmod} from /sitemap.xml, checking the index's structure on the way."""
    root = fetch_xml(client, reverse("sitemap"))
    assert root.tag == NS + "sitemapindex"
    entries = {}
    for sitemap in root:
        assert sitemap.tag == NS + "sitemap"
        lastmod = sitemap.findtext(NS + "lastmod")
        assert lastmod is None or W3C_DATETIME.match(lastmod)
        entries[sitemap.findtext(NS + "loc")] = lastmod
    return entries


def urlset(client, url):
    """{loc: lastmod} of one sitemap page, checking its structure on the way."""
    root = fetch_xml(client, url)
    assert root.tag == NS + "urlset"
    entries = {}
    for entry in root:
        assert entry.tag == NS + "url"
        loc, lastmod = entry.findtext(NS + "loc"), entry.findtext(NS + "lastmod")
        assert loc.startswith("http://testserver/")
        assert W3C_DATETIME.match(lastmod), lastmod
        entries[loc.removeprefix("http://testserver")] = lastmod
    return entries


def test_sitemap_index_points_to_every_section(client):
    ArticleFactory(tags=[TagFactory()])
    assert set(sitemap_index(client)) == {
        f"http://testserver/sitemap-{section}.xml"
        for section in ("home", "articles", "tags", "archives", "authors", "pages")
    }


def test_sitemap_lists_home_archives_and_authors_with_their_last_change(client):
    may = datetime.datetime(2026, 5, 4, 9, 0, tzinfo=datetime.UTC)
    june = datetime.datetime(2026, 6, 8, 9, 0, tzinfo=datetime.UTC)
    edna = UserFactory(username="edna")
    older = ArticleFactory(published_at=may, author=edna)
    newer = ArticleFactory(published_at=june, author=edna)
    ArticleFactory(status=Article.Status.DRAFT, author__username="draftsman")
    Article.objects.filter(pk=older.pk).update(updated_at=may)
    Article.objects.filter(pk=newer.pk).update(updated_at=june)
    home = urlset(client, "/sitemap-home.xml")
    assert set(home) == {"/", "/archive/"}
    assert home["/"].startswith("2026-06-08")
    archives = urlset(client, "/sitemap-archives.xml")
    assert set(archives) == {"/archive/2026/", "/archive/2026/05/", "/archive/2026/06/"}
    assert archives["/archive/2026/05/"].startswith("2026-05-04")
    assert archives["/archive/2026/"].startswith("2026-06-08")
    authors = urlset(client, "/sitemap-authors.xml")
    assert set(authors) == {"/authors/edna/"}
    assert authors["/authors/edna/"].startswith("2026-06-08")
    for url in [*home, *archives, *authors]:
        assert client.get(url).status_code == 200


def test_article_sitemap_lists_published_articles_with_last_change(client):
    when = datetime.datetime(2024, 3, 5, 8, 0, tzinfo=datetime.UTC)
    article = ArticleFactory(published_at=when)
    Article.objects.filter(pk=article.pk).update(updated_at=when + datetime.timedelta(days=2))
    entries = urlset(client, "/sitemap-articles.xml")
    assert entries == {article.get_absolute_url(): "2024-03-07"}


def test_scheduled_article_appears_with_its_publication_date_as_lastmod(client):
    article = ArticleFactory(published_at=datetime.datetime(2024, 3, 5, tzinfo=datetime.UTC))
    Article.objects.filter(pk=article.pk).update(
        updated_at=datetime.datetime(2024, 3, 1, tzinfo=datetime.UTC)
    )
    assert urlset(client, "/sitemap-articles.xml")[article.get_absolute_url()] == "2024-03-05"


def test_unpublished_articles_are_not_in_the_sitemap(client):
    published = ArticleFactory()
    ArticleFactory(draft=True)
    ArticleFactory(scheduled=True)
    assert list(urlset(client, "/sitemap-articles.xml")) == [published.get_absolute_url()]


def test_tag_sitemap_lists_tags_of_published_articles_only(client):
    shown = TagFactory(name="Harbours")
    hidden = TagFactory(name="Embargoed")
    ArticleFactory(tags=[shown])
    ArticleFactory(tags=[shown, hidden], draft=True)
    ArticleFactory(tags=[hidden], scheduled=True)
    assert list(urlset(client, "/sitemap-tags.xml")) == [shown.get_absolute_url()]


def test_tag_lastmod_ignores_drafts_edited_later(client):
    tag = TagFactory()
    published = ArticleFactory(
        tags=[tag], published_at=datetime.datetime(2024, 3, 5, tzinfo=datetime.UTC)
    )
    draft = ArticleFactory(tags=[tag], draft=True)
    Article.objects.filter(pk=published.pk).update(updated_at=published.published_at)
    Article.objects.filter(pk=draft.pk).update(
        updated_at=datetime.datetime(2024, 6, 1, tzinfo=datetime.UTC)
    )
    assert urlset(client, "/sitemap-tags.xml") == {tag.get_absolute_url(): "2024-03-05"}


def test_sitemap_index_gives_each_section_its_latest_change(client):
    when = datetime.datetime(2024, 3, 5, 8, 0, tzinfo=datetime.UTC)
    article = ArticleFactory(published_at=when, tags=[TagFactory()])
    Article.objects.filter(pk=article.pk).update(updated_at=when)
    ArticleFactory(draft=True)
    index = sitemap_index(client)
    assert index["http://testserver/sitemap-articles.xml"] == "2024-03-05T08:00:00+00:00"
    assert index["http://testserver/sitemap-tags.xml"] == "2024-03-05T08:00:00+00:00"


def test_large_sitemaps_are_split_into_pages_the_index_lists(client, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    ArticleFactory.create_batch(5)
    index = sitemap_index(client)
    pages = sorted(loc for loc in index if "articles" in loc)
    assert pages == [
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-articles.xml?p=2",
        "http://testserver/sitemap-articles.xml?p=3",
    ]
    found = [urlset(client, f"/sitemap-articles.xml?p={page}") for page in (1, 2, 3)]
    assert [len(entries) for entries in found] == [2, 2, 1]


def robots(client):
    response = client.get(reverse("articles:robots"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    parser = RobotFileParser()
    parser.parse(response.content.decode().splitlines())
    return parser


def test_robots_txt_allows_the_site_and_points_to_the_sitemap(client):
    article = ArticleFactory()
    parser = robots(client)
    assert parser.can_fetch("*", "http://testserver/")
    assert parser.can_fetch("*", f"http://testserver{article.get_absolute_url()}")
    assert parser.site_maps() == ["http://testserver/sitemap.xml"]


def test_robots_txt_keeps_crawlers_out_of_admin_and_search(client):
    parser = robots(client)
    assert not parser.can_fetch("*", "http://testserver/admin/")
    assert not parser.can_fetch("*", "http://testserver/admin/login/")
    assert not parser.can_fetch("*", "http://testserver/search/?q=ferry")


def test_robots_txt_follows_the_admin_when_it_moves(client, settings):
    settings.ROOT_URLCONF = "tests.articles.urls_moved_admin"
    parser = robots(client)
    assert not parser.can_fetch("*", "http://testserver/newsroom-desk/")
    assert parser.can_fetch("*", "http://testserver/admin/")


def test_after_an_article_expires_lastmod_falls_back_to_the_others_latest_change(client):
    may = datetime.datetime(2026, 5, 4, 9, 0, tzinfo=datetime.UTC)
    june = datetime.datetime(2026, 6, 8, 9, 0, tzinfo=datetime.UTC)
    tag = TagFactory(name="Harbours")
    edna = UserFactory(username="edna")
    older = ArticleFactory(published_at=may, author=edna, tags=[tag])
    newer = ArticleFactory(
        published_at=june, expires_at=june + datetime.timedelta(days=10), author=edna, tags=[tag]
    )
    Article.objects.filter(pk=older.pk).update(updated_at=may)
    Article.objects.filter(pk=newer.pk).update(updated_at=june)
    sections = ("home", "tags", "authors", "archives")
    with time_machine.travel(june + datetime.timedelta(days=1), tick=False):
        before = {section: urlset(client, f"/sitemap-{section}.xml") for section in sections}
        index_before = sitemap_index(client)
    with time_machine.travel(june + datetime.timedelta(days=11), tick=False):
        after = {section: urlset(client, f"/sitemap-{section}.xml") for section in sections}
        index = sitemap_index(client)
    assert before["home"]["/"].startswith("2026-06-08")
    assert index_before["http://testserver/sitemap-articles.xml"].startswith("2026-06-08")
    assert after["home"] == {"/": "2026-05-04", "/archive/": "2026-05-04"}
    assert after["tags"] == {tag.get_absolute_url(): "2026-05-04"}
    assert after["authors"] == {"/authors/edna/": "2026-05-04"}
    assert after["archives"] == {"/archive/2026/": "2026-05-04", "/archive/2026/05/": "2026-05-04"}
    for section in ("articles", *sections):
        assert index[f"http://testserver/sitemap-{section}.xml"].startswith("2026-05-04")


def test_archive_sitemap_leaves_out_months_with_only_expired_scheduled_or_draft_articles(client):
    def at(month, day=1, hour=0):
        return datetime.datetime(2025, month, day, hour, 0, tzinfo=datetime.UTC)

    ArticleFactory(published_at=at(1, 31, 23))  # the last hour of January
    ArticleFactory(published_at=at(3), expires_at=at(4))
    ArticleFactory(published_at=at(5), status=Article.Status.DRAFT)
    july = ArticleFactory(published_at=at(7))
    ArticleFactory(published_at=timezone.now() + datetime.timedelta(days=400))
    Article.objects.update(updated_at=F("published_at"))
    Article.objects.filter(pk=july.pk).update(updated_at=at(8, 2))
    archives = urlset(client, "/sitemap-archives.xml")
    assert {url: lastmod[:10] for url, lastmod in archives.items()} == {
        "/archive/2025/": "2025-08-02",
        "/archive/2025/01/": "2025-01-31",
        "/archive/2025/07/": "2025-08-02",
    }
