"""The page cache mechanism: who gets cached pages, what a hit costs, per-reader parts."""

import datetime
import re
from unittest import mock

import pytest
import time_machine
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token
from django.template import RequestContext, Template
from django.test import Client
from django.urls import path, reverse
from django.utils import timezone
from redis.exceptions import ConnectionError as RedisConnectionError

from newsblog.urls import urlpatterns as site_urlpatterns
from pagecache.store import invalidate
from pagecache.views import cached_page
from tests.factories import ArticleFactory, TagFactory

pytestmark = pytest.mark.django_db

FORM = Template(
    '<form method="post" action="/comment/">{% csrf_token %}<button>Send</button></form>'
)


def form_page(request):
    return HttpResponse(FORM.render(RequestContext(request)))


def comment(request):
    return HttpResponse("thanks")


urlpatterns = [
    path("form/", cached_page(form_page, "form")),
    path("comment/", comment),
    *site_urlpatterns,
]


@pytest.fixture
def pages(db):
    tag = TagFactory(name="Harbours")
    at = timezone.localtime(timezone.now() - datetime.timedelta(hours=1))
    article = ArticleFactory(title="Harbour reopens", tags=[tag], published_at=at)
    return {
        "index": "/",
        "article": article.get_absolute_url(),
        "tag": tag.get_absolute_url(),
        "tag-feed": reverse("articles:tag-feed", args=[tag.slug]),
        "author": reverse("articles:author", args=[article.author.username]),
        "archive": reverse("articles:archive"),
        "archive-year": reverse("articles:archive-year", args=[at.year]),
        "archive-month": reverse("articles:archive-month", args=[at.year, at.month]),
        "feed": reverse("articles:feed"),
        "feed-atom": reverse("articles:feed-atom"),
        "sitemap": "/sitemap-articles.xml",
    }


@pytest.mark.parametrize(
    "page",
    [
        "index",
        "article",
        "tag",
        "tag-feed",
        "author",
        "archive-year",
        "archive-month",
        "feed",
        "feed-atom",
        "sitemap",
    ],
)
def test_cache_hit_runs_no_database_query(client, pages, page, django_assert_num_queries):
    client.get(pages[page])
    with django_assert_num_queries(0):
        second = client.get(pages[page])
    assert second.status_code == 200
    assert "harbour-reopens" in second.content.decode()


def test_archive_list_hit_runs_no_database_query(client, pages, django_assert_num_queries):
    first = client.get(pages["archive"])
    with django_assert_num_queries(0):
        assert client.get(pages["archive"]).content == first.content


def test_staff_with_a_session_get_a_freshly_rendered_page(pages, editor_client):
    Client().get(pages["index"])
    ArticleFactory(title="Written a second ago")  # no invalidation: only a fresh render shows it
    assert "Written a second ago" in editor_client.get(pages["index"]).content.decode()


def test_reader_with_pending_messages_gets_a_freshly_rendered_page(client, pages):
    client.get(pages["index"])
    ArticleFactory(title="Written a second ago")
    client.cookies["messages"] = "pending"
    assert "Written a second ago" in client.get(pages["index"]).content.decode()


def test_tracking_parameters_share_the_page_but_page_numbers_do_not(client, pages):
    ArticleFactory(title="Older news", published_at=timezone.now() - datetime.timedelta(days=2))
    ArticleFactory.create_batch(10)
    first_page = client.get("/").content
    assert client.get("/?utm_source=feed").content == first_page
    assert "Older news" not in first_page.decode()
    assert "Older news" in client.get("/?page=2").content.decode()


def test_page_cache_can_be_turned_off(client, pages, page_cache_off):
    client.get(pages["index"])
    ArticleFactory(title="Written a second ago")
    assert "Written a second ago" in client.get(pages["index"]).content.decode()


def test_pages_come_with_validators_and_unchanged_pages_answer_304(client, pages):
    response = client.get(pages["article"])
    assert response["ETag"] and response["Last-Modified"]
    assert "no-cache" in response["Cache-Control"]
    again = client.get(pages["article"], headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304
    since = client.get(pages["article"], headers={"if-modified-since": response["Last-Modified"]})
    assert since.status_code == 304


def test_changed_page_answers_200_to_an_old_etag(client, pages):
    etag = client.get(pages["index"])["ETag"]
    article = ArticleFactory(title="Breaking")
    invalidate(*article.cached_pages())
    response = client.get(pages["index"], headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "Breaking" in response.content.decode()


def test_scheduled_article_appears_on_time_on_cached_pages(client, pages):
    at = timezone.now() + datetime.timedelta(minutes=2)  # well within the cache lifetime
    ArticleFactory(title="Embargoed until noon", published_at=at)
    assert "Embargoed until noon" not in client.get("/").content.decode()
    with time_machine.travel(at + datetime.timedelta(seconds=1)):
        assert "Embargoed until noon" in client.get("/").content.decode()


def test_site_keeps_serving_pages_when_the_cache_is_down(client, pages):
    with mock.patch("pagecache.store.cache") as broken_cache:
        broken_cache.get.side_effect = RedisConnectionError("refused")
        response = client.get(pages["article"])
    assert response.status_code == 200
    assert "Harbour reopens" in response.content.decode()


@pytest.mark.urls(__name__)
def test_cached_form_gets_each_readers_own_csrf_token():
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_page = first.get("/form/")
    second_page = second.get("/form/")
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    first_token = token.search(first_page.content.decode()).group(1)
    second_token = token.search(second_page.content.decode()).group(1)
    assert first_token != second_token
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    assert "private" in second_page["Cache-Control"]
    assert first.post("/comment/", {"csrfmiddlewaretoken": first_token}).status_code == 200
    assert second.post("/comment/", {"csrfmiddlewaretoken": first_token}).status_code == 403


@pytest.mark.urls(__name__)
def test_returning_reader_keeps_their_csrf_cookie_on_cached_pages():
    reader = Client(enforce_csrf_checks=True)
    reader.get("/form/")
    cookie = reader.cookies["csrftoken"].value
    again = reader.get("/form/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', again.content.decode())[1]
    assert reader.cookies["csrftoken"].value == cookie
    assert _unmask_cipher_token(token) == cookie
    assert reader.post("/comment/", {"csrfmiddlewaretoken": token}).status_code == 200


@pytest.mark.urls(__name__)
def test_cached_form_page_still_runs_no_database_query(django_assert_num_queries):
    Client().get("/form/")
    with django_assert_num_queries(0):
        response = Client().get("/form/")
    assert "csrfmiddlewaretoken" in response.content.decode()


def test_merged_invalidations_refresh_the_same_pages_once(django_capture_on_commit_callbacks):
    from django.core.cache import cache
    from django.db import transaction

    from pagecache import store

    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        before = {name: cache.get(store.VERSION_PREFIX + name) for name in ("a", "b", "c")}
        store.invalidate_on_commit(["a", "b"])
        store.invalidate_on_commit(["b", "c"])
        store.merge_pending_invalidations()
    assert len(callbacks) == 1
    after = {name: cache.get(store.VERSION_PREFIX + name) for name in ("a", "b", "c")}
    assert all(after[name] and after[name] != before[name] for name in after)
