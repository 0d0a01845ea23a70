"""An article's unpublish time: from that second it is gone from every public surface, its page
answers 410 Gone, and no cached page keeps it."""

import datetime

import pytest
import time_machine
from django.db import IntegrityError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, ArticleNote
from core import roles
from tests.factories import ArticleFactory, TagFactory, UserFactory
from tests.helpers import staff_member

pytestmark = pytest.mark.django_db

EXPIRES = datetime.datetime(2026, 12, 4, 9, 0, tzinfo=datetime.UTC)
BEFORE = EXPIRES - datetime.timedelta(seconds=1)
TITLE = "Harbour reopens"
NOTE = "The harbour reopened on Monday, not Sunday."
MONTH = "/archive/2026/10/"


def at(moment):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def site(db):
    """ "Harbour reopens" (alone in October, by Ana, with a correction) comes down at EXPIRES;
    "Ferries return" shares its tag "Harbours" and stays."""
    harbours, embargoes = TagFactory(name="Harbours"), TagFactory(name="Embargoes")
    with at(datetime.datetime(2026, 11, 10, 12, 0, tzinfo=datetime.UTC)):
        ferries = ArticleFactory(
            title="Ferries return",
            tags=[harbours],
            published_at=datetime.datetime(2026, 11, 10, 8, 0, tzinfo=datetime.UTC),
        )
    with at(datetime.datetime(2026, 11, 25, 12, 0, tzinfo=datetime.UTC)):
        harbour = ArticleFactory(
            title=TITLE,
            author=UserFactory(username="ana"),
            tags=[harbours, embargoes],
            published_at=datetime.datetime(2026, 10, 20, 9, 0, tzinfo=datetime.UTC),
            expires_at=EXPIRES,
        )
        ArticleNote.objects.create(article=harbour, text=NOTE)
    return {"harbour": harbour, "ferries": ferries, "harbours": harbours, "embargoes": embargoes}


def sitemap(section):
    return reverse("sitemap-section", args=[section])


# Each public surface, and what on it shows the article.
SURFACES = {
    "index": (lambda s: "/", TITLE),
    "tag page": (lambda s: s["harbours"].get_absolute_url(), TITLE),
    "its only tag's page": (lambda s: s["embargoes"].get_absolute_url(), TITLE),
    "tag feed": (lambda s: reverse("articles:tag-feed", args=["harbours"]), TITLE),
    "month list": (lambda s: reverse("articles:archive"), MONTH),
    "year archive": (lambda s: "/archive/2026/", TITLE),
    "month archive": (lambda s: MONTH, TITLE),
    "author page": (lambda s: "/authors/ana/", TITLE),
    "search": (lambda s: "/search/?q=harbour", TITLE),
    "feed": (lambda s: reverse("articles:feed"), TITLE),
    "atom feed": (lambda s: reverse("articles:feed-atom"), TITLE),
    "corrections page": (lambda s: reverse("articles:corrections"), NOTE),
    "corrections feed": (lambda s: reverse("articles:corrections-feed"), NOTE),
    "sitemap index": (lambda s: reverse("sitemap"), "2026-11-25"),
    "sitemap home": (lambda s: sitemap("home"), "2026-11-25"),
    "sitemap articles": (lambda s: sitemap("articles"), "/articles/harbour-reopens/"),
    "sitemap tags": (lambda s: sitemap("tags"), "/tags/embargoes/"),
    "sitemap archives": (lambda s: sitemap("archives"), MONTH),
    "sitemap authors": (lambda s: sitemap("authors"), "/authors/ana/"),
    "related articles": (lambda s: s["ferries"].get_absolute_url(), TITLE),
}


@pytest.mark.parametrize("surface", SURFACES)
def test_expired_article_leaves_every_surface_at_the_exact_second(site, surface):
    url, shows_it = SURFACES[surface][0](site), SURFACES[surface][1]
    reader = Client()
    with at(BEFORE):
        assert shows_it in reader.get(url).content.decode()
    with at(EXPIRES):
        assert shows_it not in reader.get(url).content.decode()


def test_expired_articles_page_answers_410_gone(site):
    url = site["harbour"].get_absolute_url()
    with at(BEFORE):
        assert Client().get(url).status_code == 200
    with at(EXPIRES):
        response = Client().get(url)
    assert response.status_code == 410
    html = response.content.decode()
    assert "This article is no longer available" in html
    assert TITLE not in html and NOTE not in html


def test_a_draft_still_answers_404_not_410(site):
    ArticleFactory(draft=True, title="Harbour plans", expires_at=EXPIRES)
    with at(EXPIRES):
        assert Client().get("/articles/harbour-plans/").status_code == 404


def test_an_editor_still_previews_an_expired_article(site, editor_client):
    with at(EXPIRES):
        response = editor_client.get(site["harbour"].get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview: this article was unpublished at its unpublish time" in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]


def test_staff_without_change_permission_get_410(site, client):
    client.force_login(staff_member(roles.MODERATORS, username="moderator"))
    with at(EXPIRES):
        assert client.get(site["harbour"].get_absolute_url()).status_code == 410


def test_comments_close_when_the_article_expires(site):
    with at(EXPIRES):
        data = {"name": "Reader", "email": "reader@example.com", "body": "Still here?"}
        response = Client().post(reverse("comments:post", args=["harbour-reopens"]), data)
    assert response.status_code == 404
    assert not site["harbour"].comments.exists()


def is_cached(reader, url) -> bool:
    with CaptureQueriesContext(connection) as queries:
        reader.get(url)
    return len(queries) == 0


def test_cached_pages_do_not_outlive_the_unpublish_time(site):
    reader = Client()
    urls = ["/", site["harbours"].get_absolute_url(), site["ferries"].get_absolute_url()]
    article = site["harbour"].get_absolute_url()
    with at(EXPIRES - datetime.timedelta(minutes=2)):
        for url in [*urls, article]:
            reader.get(url)
    with at(BEFORE):
        assert all(is_cached(reader, url) for url in [*urls, article]), "served from the cache"
    with at(EXPIRES):
        assert reader.get(article).status_code == 410
        for url in urls:
            assert TITLE not in reader.get(url).content.decode(), url
        assert reader.get(article).status_code == 410, "the 410 is not cached as a page"


def test_an_unpublish_time_set_after_pages_were_cached_still_holds(site):
    ferries = Article.objects.get(pk=site["ferries"].pk)
    reader = Client()
    with at(EXPIRES - datetime.timedelta(minutes=2)):
        reader.get("/")  # cached while Ferries had no unpublish time
        ferries.expires_at = EXPIRES
        ferries.save()
    with at(BEFORE):
        assert "Ferries return" in reader.get("/").content.decode()
    with at(EXPIRES):
        assert "Ferries return" not in reader.get("/").content.decode()


def test_published_rule_and_its_instance_twin_agree_at_the_second(site):
    harbour = site["harbour"]
    with at(BEFORE):
        assert harbour in Article.objects.published() and harbour.is_published()
        assert not harbour.is_expired()
    with at(EXPIRES):
        assert harbour not in Article.objects.published() and not harbour.is_published()
        assert harbour.is_expired() and list(Article.objects.expired()) == [harbour]


def test_the_database_refuses_an_unpublish_time_before_publication(site):
    harbour = site["harbour"]
    harbour.expires_at = harbour.published_at
    with pytest.raises(IntegrityError):
        harbour.save()
