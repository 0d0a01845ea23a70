"""Corrections, clarifications and updates on the record: on the article, in its structured
data, the sitemap and feeds, and on /corrections/."""

import datetime
import json
import re

import feedparser
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import ArticleNote
from tests.factories import ArticleFactory
from tests.helpers import article_form

pytestmark = pytest.mark.django_db

NOTED_AT = datetime.datetime(2026, 11, 30, 9, 15, tzinfo=datetime.UTC)


def note(article, kind="correction", text="The ferry leaves at 9:00, not 10:00.", **fields):
    return ArticleNote.objects.create(
        article=article, kind=kind, text=text, created_at=fields.pop("at", NOTED_AT), **fields
    )


def json_ld(page):
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(found.group(1))


def test_notes_show_as_a_dated_list_at_the_end_and_the_latest_near_the_top(client):
    article = ArticleFactory(body="<p>Body text.</p>")
    note(article, text="The ferry leaves at 9:00, not 10:00.")
    note(
        article,
        kind="update",
        text="Service resumed on Tuesday.",
        at=NOTED_AT.replace(day=31 - 1, hour=12),
    )
    page = client.get(article.get_absolute_url()).content.decode()
    top, end = page.index("note--latest"), page.index('id="notes-title"')
    assert top < page.index("Body text.") < end
    assert "Service resumed on Tuesday." in page[top : page.index("Body text.")]
    listed = page[end:]
    assert listed.index("Correction") < listed.index("Update")
    assert "The ferry leaves at 9:00, not 10:00." in listed
    assert 'datetime="2026-11-30T09:15:00+0000"' in listed


def test_corrections_are_in_the_json_ld_with_date_modified(client):
    article = ArticleFactory()
    fixed = note(article)
    note(article, kind="update", text="More to come.")
    data = json_ld(client.get(article.get_absolute_url()).content.decode())
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": fixed.text,
            "datePublished": "2026-11-30T09:15:00Z",
        }
    ]
    article.refresh_from_db()
    assert data["dateModified"].startswith(article.updated_at.strftime("%Y-%m-%dT%H:%M:%S"))


def test_an_article_without_notes_has_no_correction_in_its_json_ld(client):
    article = ArticleFactory()
    assert "correction" not in json_ld(client.get(article.get_absolute_url()).content.decode())


def test_a_note_moves_the_sitemap_lastmod_and_the_feed_updated_time(client):
    old = datetime.datetime(2025, 1, 2, 8, 0, tzinfo=datetime.UTC)
    article = ArticleFactory(published_at=old)
    type(article).objects.filter(pk=article.pk).update(updated_at=old)
    note(article)
    article.refresh_from_db()
    assert article.updated_at > old
    sitemap = client.get("/sitemap-articles.xml").content.decode()
    assert f"<lastmod>{article.updated_at.date().isoformat()}" in sitemap
    feed = feedparser.parse(client.get(reverse("articles:feed-atom")).content)
    updated = datetime.datetime(*feed.entries[0].updated_parsed[:6], tzinfo=datetime.UTC)
    assert updated == article.updated_at.replace(microsecond=0)


def test_corrections_page_and_feed_list_every_correction_newest_first(client):
    first, second = ArticleFactory(title="Ferry returns"), ArticleFactory(title="Bridge opens")
    note(first, text="Older correction.", at=NOTED_AT - datetime.timedelta(days=1))
    note(second, kind="clarification", text="Newer clarification.")
    note(second, kind="update", text="Just an update.")
    note(ArticleFactory(status="draft"), text="On a draft.")
    page = client.get(reverse("articles:corrections")).content.decode()
    assert page.index("Newer clarification.") < page.index("Older correction.")
    assert "Just an update." not in page and "On a draft." not in page
    assert f'href="{first.get_absolute_url()}#note-' in page
    feed = feedparser.parse(client.get(reverse("articles:corrections-feed")).content)
    assert not feed.bozo
    assert [entry.title for entry in feed.entries] == [
        "Clarification: Bridge opens",
        "Correction: Ferry returns",
    ]


def is_cached(url):
    with CaptureQueriesContext(connection) as queries:
        Client().get(url)
    return len(queries) == 0


def test_adding_a_note_refreshes_the_article_its_lists_and_corrections_only(
    django_capture_on_commit_callbacks,
):
    article, other = ArticleFactory(), ArticleFactory()
    urls = [
        article.get_absolute_url(),
        "/",
        reverse("articles:corrections"),
        "/sitemap-articles.xml",
    ]
    for url in [*urls, other.get_absolute_url()]:
        Client().get(url)
    with django_capture_on_commit_callbacks(execute=True):
        note(article, text="A correction readers must see.")
    assert not any(is_cached(url) for url in urls)
    assert is_cached(other.get_absolute_url())
    assert "A correction readers must see." in Client().get(urls[0]).content.decode()


def test_editor_adds_a_correction_in_the_article_form(editor_client, client):
    article = ArticleFactory(title="Ferry returns", slug="ferry-returns", body="<p>Text</p>")
    published_at = timezone.localtime(article.published_at)
    data = article_form(
        title=article.title,
        slug=article.slug,
        body=article.body,
        status="published",
        published_at_0=published_at.strftime("%Y-%m-%d"),
        published_at_1=published_at.strftime("%H:%M:%S"),
    ) | {
        "notes-TOTAL_FORMS": 1,
        "notes-INITIAL_FORMS": 0,
        "notes-0-kind": "correction",
        "notes-0-text": "An earlier version misnamed the harbour.",
        "notes-0-created_at_0": "2026-11-30",
        "notes-0-created_at_1": "09:15:00",
    }
    response = editor_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    assert (article.status, article.notes.count()) == ("published", 1), article.published_at
    assert (
        "An earlier version misnamed the harbour." in client.get("/corrections/").content.decode()
    )
