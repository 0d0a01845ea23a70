"""Editors' side of submissions: submitted articles first, said in words, counted on the admin's
home page, and published by an editor, which ends the submission."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import submissions
from core import roles
from tests.factories import ArticleFactory
from tests.helpers import article_form, staff_member

pytestmark = pytest.mark.django_db

LIST_URL = reverse("admin:articles_article_changelist")
MOMENT = datetime.datetime(2026, 12, 4, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def author(db):
    return staff_member(roles.AUTHORS, username="ann", first_name="Ann", last_name="Author")


def submitted(author, title, *, at):
    article = ArticleFactory(author=author, draft=True, title=title)
    with time_machine.travel(at, tick=False):
        submissions.submit(article, user=author)
    article.save()
    return article


def list_titles(response):
    return [article.title for article in response.context["cl"].result_list]


def articles_link(page: str) -> str:
    return re.search(r'<a href="/admin/articles/article/"[^>]*>.*?</a>', page, re.S).group(0)


def test_editors_list_shows_submitted_articles_first_the_longest_waiting_on_top(
    editor_client, author
):
    ArticleFactory(title="Live story")
    ArticleFactory(draft=True, title="Plain draft")
    submitted(author, "Later submission", at=MOMENT)
    submitted(author, "Earlier submission", at=MOMENT - datetime.timedelta(hours=2))
    response = editor_client.get(LIST_URL)
    assert list_titles(response)[:2] == ["Earlier submission", "Later submission"]
    assert "Submitted for review by Ann Author on 4 Dec 2026, 09:00" in response.content.decode()


def test_the_state_filter_finds_submitted_articles(editor_client, author):
    submitted(author, "Waiting", at=MOMENT)
    ArticleFactory(draft=True, title="Plain draft")
    assert list_titles(editor_client.get(LIST_URL, {"state": "submitted"})) == ["Waiting"]
    assert list_titles(editor_client.get(LIST_URL, {"state": "draft"})) == ["Plain draft"]


def test_the_form_says_who_submitted_it_and_when(editor_client, author):
    article = submitted(author, "Waiting", at=MOMENT)
    page = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert "Submitted for review by Ann Author on 4 Dec 2026, 09:00" in page.content.decode()


def test_an_editor_publishes_a_submitted_article_and_the_submission_ends(
    editor_client, author, client
):
    article = submitted(author, "Waiting", at=MOMENT)
    change = reverse("admin:articles_article_change", args=[article.pk])
    data = article_form(title=article.title, slug=article.slug, status="published")
    assert editor_client.post(change, data).status_code == 302
    article.refresh_from_db()
    assert article.is_published()
    assert (article.submitted_at, article.submitted_by) == (None, None)
    assert article.author == author
    assert client.get(article.get_absolute_url()).status_code == 200


def test_publishing_from_the_list_ends_the_submission_too(editor_client, author):
    article = submitted(author, "Waiting", at=MOMENT)
    editor_client.post(LIST_URL, {"action": "publish", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.is_published()
    assert article.submitted_at is None


def test_an_editor_saving_a_submitted_draft_keeps_it_waiting(editor_client, author):
    article = submitted(author, "Waiting", at=MOMENT)
    change = reverse("admin:articles_article_change", args=[article.pk])
    editor_client.post(change, article_form(title="Waiting, edited", slug=article.slug))
    article.refresh_from_db()
    assert article.title == "Waiting, edited"
    assert article.submitted_at == MOMENT


def test_editors_are_told_how_many_articles_wait_for_them(editor_client, author):
    submitted(author, "One", at=MOMENT)
    submitted(author, "Two", at=MOMENT)
    with CaptureQueriesContext(connection) as queries:
        page = editor_client.get(reverse("admin:index")).content.decode()
    link = articles_link(page)
    assert 'aria-label="Articles, 2 submitted"' in link
    assert '<span class="pending-count">2 submitted</span>' in link
    counted = [q for q in queries if "COUNT(" in q["sql"] and "submitted_at" in q["sql"]]
    assert len(counted) == 1


def test_nothing_waiting_and_authors_show_no_count(editor_client, author):
    assert "submitted" not in articles_link(
        editor_client.get(reverse("admin:index")).content.decode()
    )
    submitted(author, "One", at=timezone.now())
    authors = Client()
    authors.force_login(author)
    assert "submitted" not in articles_link(authors.get(reverse("admin:index")).content.decode())
