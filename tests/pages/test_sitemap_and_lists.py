"""Pages are in the sitemap, and never in the blog's index, archives, search or feeds."""

import datetime
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pages.models import Page
from tests.factories import ArticleFactory, PageFactory

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
MARCH = datetime.datetime(2026, 3, 5, 9, tzinfo=datetime.UTC)


def urlset(client, url="/sitemap-pages.xml"):
    response = client.get(url)
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own output
    return {
        entry.findtext(NS + "loc").removeprefix("http://testserver"): entry.findtext(NS + "lastmod")
        for entry in root
    }


@pytest.mark.django_db
def test_the_sitemap_lists_published_pages_with_their_last_update(client):
    about = PageFactory(slug="about")
    PageFactory(slug="team", parent=about)
    PageFactory(slug="draft", status=Page.Status.DRAFT)
    PageFactory(slug="hidden", parent=PageFactory(slug="secret", status=Page.Status.DRAFT))
    Page.objects.update(updated_at=MARCH)
    assert urlset(client) == {"/about/": "2026-03-05", "/about/team/": "2026-03-05"}


@pytest.mark.django_db
def test_the_sitemap_index_points_to_the_pages(client):
    PageFactory(slug="about")
    Page.objects.update(updated_at=MARCH)
    response = client.get(reverse("sitemap"))
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own output
    entries = {item.findtext(NS + "loc"): item.findtext(NS + "lastmod") for item in root}
    assert entries["http://testserver/sitemap-pages.xml"] == "2026-03-05T09:00:00+00:00"


def test_publishing_a_page_refreshes_the_cached_sitemap(transactional_db):
    page = PageFactory(slug="about", status=Page.Status.DRAFT)
    reader = Client()
    assert urlset(reader) == {}
    with CaptureQueriesContext(connection) as queries:
        urlset(reader)
    assert len(queries) == 0, "the sitemap is cached"
    page.status = Page.Status.PUBLISHED
    page.save()
    assert list(urlset(reader)) == ["/about/"]


@pytest.mark.django_db
@pytest.mark.usefixtures("page_cache_off")
@pytest.mark.parametrize(
    "url",
    [
        "/",
        reverse("articles:archive-month", args=[2026, 3]),
        reverse("articles:feed"),
        reverse("articles:feed-atom"),
        reverse("articles:search") + "?q=harbour",
        "/sitemap-articles.xml",
    ],
)
def test_a_page_is_never_in_the_blog_lists_feeds_or_search(client, url):
    ArticleFactory(title="Harbour news", body="<p>The harbour is open.</p>", published_at=MARCH)
    PageFactory(title="Harbour office", slug="harbour-office", body="<p>The harbour office.</p>")
    content = client.get(url).content.decode()
    assert "Harbour news" in content or "harbour-news" in content
    assert "Harbour office" not in content
    assert "harbour-office" not in content
