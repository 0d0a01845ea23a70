"""Each editing action refreshes exactly the cached pages it changes, and no others."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import ArticleFactory, TagFactory
from tests.helpers import article_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(db):
    """Two tagged articles, every public page of them visited once (so cached)."""
    harbours, rail = TagFactory(name="Harbours"), TagFactory(name="Rail")
    site = {
        "harbour": ArticleFactory(title="Harbour reopens", tags=[harbours]),
        "rail": ArticleFactory(title="Rail strike ends", tags=[rail]),
        "harbours": harbours,
        "rail_tag": rail,
    }
    return site


@pytest.fixture
def editor_client(editor_client, django_capture_on_commit_callbacks):
    """The admin, with the work it schedules for after the commit run, as outside tests."""

    class Committing:
        def post(self, *args, **kwargs):
            with django_capture_on_commit_callbacks(execute=True):
                return editor_client.post(*args, **kwargs)

    return Committing()


@pytest.fixture
def reader():
    """A reader without a session (the editor_client fixture logs in the default client)."""
    return Client()


def urls(site):
    return {
        "index": "/",
        "harbour": site["harbour"].get_absolute_url(),
        "rail": site["rail"].get_absolute_url(),
        "harbours": site["harbours"].get_absolute_url(),
        "rail_tag": site["rail_tag"].get_absolute_url(),
    }


def visit_all(reader, site):
    for url in urls(site).values():
        assert reader.get(url).status_code == 200


def is_cached(reader, url) -> bool:
    with CaptureQueriesContext(connection) as queries:
        reader.get(url)
    return len(queries) == 0


def edit(editor_client, article, **changes):
    url = reverse("admin:articles_article_change", args=[article.pk])
    form = article_form(
        title=article.title,
        slug=article.slug,
        status=article.status,
        published_at_0=article.published_at.strftime("%Y-%m-%d") if article.published_at else "",
        published_at_1=article.published_at.strftime("%H:%M:%S") if article.published_at else "",
        tags=[tag.pk for tag in article.tags.all()],
    )
    response = editor_client.post(url, form | changes)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_editing_an_article_refreshes_its_page_index_and_tag_pages_only(
    reader, editor_client, site
):
    visit_all(reader, site)
    edit(editor_client, site["harbour"], title="Harbour reopens at last")
    for url in (urls(site)["index"], urls(site)["harbour"], urls(site)["harbours"]):
        assert "Harbour reopens at last" in reader.get(url).content.decode()
    assert is_cached(reader, urls(site)["rail"])
    assert is_cached(reader, urls(site)["rail_tag"])


def test_moving_an_article_to_another_tag_refreshes_both_tag_pages(reader, editor_client, site):
    visit_all(reader, site)
    edit(editor_client, site["harbour"], tags=[site["rail_tag"].pk])
    assert "Harbour reopens" in reader.get(urls(site)["rail_tag"]).content.decode()
    assert reader.get(urls(site)["harbours"]).status_code == 404  # no published article left


def test_publishing_a_draft_puts_it_on_the_cached_index_and_tag_page(reader, editor_client, site):
    draft = ArticleFactory(title="Ferry timetable", draft=True, tags=[site["harbours"]])
    visit_all(reader, site)
    editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    assert "Ferry timetable" in reader.get(urls(site)["index"]).content.decode()
    assert "Ferry timetable" in reader.get(urls(site)["harbours"]).content.decode()
    assert reader.get(draft.get_absolute_url()).status_code == 200
    assert is_cached(reader, urls(site)["rail"])


def test_unpublishing_takes_the_article_off_every_cached_page(reader, editor_client, site):
    visit_all(reader, site)
    editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "unpublish", "_selected_action": [site["harbour"].pk]},
    )
    assert "Harbour reopens" not in reader.get(urls(site)["index"]).content.decode()
    assert reader.get(urls(site)["harbour"]).status_code == 404
    assert reader.get(urls(site)["harbours"]).status_code == 404
    assert is_cached(reader, urls(site)["rail"])


def test_editing_a_draft_leaves_every_cached_page_alone(reader, editor_client, site):
    draft = ArticleFactory(title="Work in progress", draft=True, tags=[site["harbours"]])
    visit_all(reader, site)
    edit(editor_client, draft, title="Still in progress")
    assert all(is_cached(reader, url) for url in urls(site).values())


def test_deleting_an_article_takes_it_off_the_cached_pages(reader, editor_client, site):
    visit_all(reader, site)
    url = reverse("admin:articles_article_delete", args=[site["harbour"].pk])
    editor_client.post(url, {"post": "yes"})
    assert "Harbour reopens" not in reader.get(urls(site)["index"]).content.decode()
    assert reader.get(urls(site)["harbour"]).status_code == 404
    assert is_cached(reader, urls(site)["rail"])


def test_renaming_a_tag_refreshes_the_pages_that_show_it(reader, editor_client, site):
    visit_all(reader, site)
    tag = site["harbours"]
    editor_client.post(
        reverse("admin:articles_tag_change", args=[tag.pk]), {"name": "Ports", "slug": tag.slug}
    )
    for url in (urls(site)["index"], urls(site)["harbour"], urls(site)["harbours"]):
        assert "Ports" in reader.get(url).content.decode()
    assert is_cached(reader, urls(site)["rail"])


def test_editing_an_article_refreshes_its_archive_author_and_feed_pages_but_not_other_months(
    reader, editor_client, site
):
    harbour = site["harbour"]
    old = ArticleFactory(
        title="Last year's storm", published_at=harbour.published_at - datetime.timedelta(days=400)
    )
    at, then = (timezone.localtime(a.published_at) for a in (harbour, old))
    pages = {
        "month": reverse("articles:archive-month", args=[at.year, at.month]),
        "year": reverse("articles:archive-year", args=[at.year]),
        "author": reverse("articles:author", args=[harbour.author.username]),
        "feed": reverse("articles:feed"),
        "other month": reverse("articles:archive-month", args=[then.year, then.month]),
        "months": reverse("articles:archive"),
    }
    for url in pages.values():
        assert reader.get(url).status_code == 200
    edit(editor_client, harbour, title="Harbour reopens at last")
    for name in ("month", "year", "author", "feed"):
        assert "Harbour reopens at last" in reader.get(pages[name]).content.decode(), name
    assert is_cached(reader, pages["other month"])
    assert is_cached(reader, pages["months"])  # no month gained or lost an article


def test_publishing_in_a_new_month_refreshes_the_list_of_months(reader, editor_client, site):
    draft = ArticleFactory(title="Looking back", draft=True)
    reader.get(reverse("articles:archive"))
    editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    draft.refresh_from_db()
    edit(editor_client, draft, published_at_0="2019-05-04", published_at_1="10:00:00")
    page = reader.get(reverse("articles:archive")).content.decode()
    assert reverse("articles:archive-month", args=[2019, 5]) in page


def test_editing_an_article_refreshes_related_lists_on_pages_sharing_its_tag(
    reader, editor_client, site
):
    neighbour = ArticleFactory(title="Ferries return", tags=[site["harbours"]])
    visit_all(reader, site)
    assert "Harbour reopens" in reader.get(neighbour.get_absolute_url()).content.decode()
    edit(editor_client, site["harbour"], title="Harbour reopens at last")
    assert "Harbour reopens at last" in reader.get(neighbour.get_absolute_url()).content.decode()
    assert is_cached(reader, urls(site)["rail"])
