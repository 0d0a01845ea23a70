"""A save from a form opened before someone else saved is never applied silently."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from articles.autosave import ArticleAutosave
from articles.models import Article
from core import roles
from tests.factories import ArticleFactory
from tests.helpers import article_form, staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(db):
    return ArticleFactory(
        title="Harbour reopens", body="<p>Ships are back in port.</p>", draft=True
    )


@pytest.fixture
def edna(db):
    client = Client()
    client.force_login(
        staff_member(roles.EDITORS, username="edna", first_name="Edna", last_name="Krabappel")
    )
    return client


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def opened_version(client, article) -> str:
    """The version the form carries, as the page gives it to the browser."""
    html = client.get(change_url(article)).content.decode()
    return re.search(r'name="loaded_version" value="([^"]*)"', html).group(1)


def save(client, article, version, **fields):
    form = article_form(slug=article.slug, loaded_version=version) | fields
    return client.post(change_url(article), form)


def text_of(response) -> str:
    return " ".join(response.content.decode().split())


def test_a_save_from_the_current_version_is_applied(editor_client, article):
    version = opened_version(editor_client, article)
    assert save(editor_client, article, version, title="Harbour open").status_code == 302
    assert Article.objects.get(pk=article.pk).title == "Harbour open"


def test_a_save_from_an_outdated_form_shows_both_versions_and_saves_nothing(
    editor_client, edna, article
):
    mine = opened_version(editor_client, article)
    theirs = opened_version(edna, article)
    save(edna, article, theirs, title="Harbour reopens at dawn", body="<p>Ferries first.</p>")
    response = save(editor_client, article, mine, title="Harbour open again")
    assert response.status_code == 200
    html = text_of(response)
    assert "Edna Krabappel saved this article at" in html
    assert "Nothing was saved." in html
    assert "<ins>open again</ins>" in html  # mine, the changed words marked
    assert "Harbour <del>reopens at dawn</del>" in html  # theirs
    assert "<del>Ferries first.</del>" in html  # their body beside mine
    assert 'value="Harbour open again"' in html  # the form keeps everything I typed
    assert Article.objects.get(pk=article.pk).title == "Harbour reopens at dawn"


def test_saving_again_from_the_conflict_page_keeps_my_version(editor_client, edna, article):
    mine = opened_version(editor_client, article)
    save(edna, article, opened_version(edna, article), title="Theirs")
    page = save(editor_client, article, mine, title="Mine").content.decode()
    current = re.search(r'name="loaded_version" value="([^"]*)"', page).group(1)
    assert current != mine
    assert save(editor_client, article, current, title="Mine").status_code == 302
    assert Article.objects.get(pk=article.pk).title == "Mine"


def test_a_refused_save_keeps_what_was_typed_as_an_autosave(editor_client, editor, edna, article):
    mine = opened_version(editor_client, article)
    save(edna, article, opened_version(edna, article), title="Theirs")
    save(editor_client, article, mine, title="Mine, not lost")
    autosave = ArticleAutosave.objects.get(article=article, user=editor)
    assert autosave.data["title"] == ["Mine, not lost"]


def test_keeping_the_saved_version_drops_mine(editor_client, edna, article):
    mine = opened_version(editor_client, article)
    save(edna, article, opened_version(edna, article), title="Theirs")
    save(editor_client, article, mine, title="Mine")
    url = reverse("admin:articles_article_autosave_discard", args=[article.pk])
    response = editor_client.post(url, article_form(title="Mine"))
    assert response.url == change_url(article)
    assert not ArticleAutosave.objects.exists()
    assert Article.objects.get(pk=article.pk).title == "Theirs"
    assert "unsaved changes" not in editor_client.get(change_url(article)).content.decode()


def test_restoring_an_autosave_made_before_someone_saved_leads_to_the_comparison(
    editor_client, edna, article
):
    mine = opened_version(editor_client, article)
    autosave_url = reverse("admin:articles_article_autosave", args=[article.pk])
    editor_client.post(autosave_url, article_form(slug=article.slug, loaded_version=mine))
    save(edna, article, opened_version(edna, article), title="Theirs")
    html = text_of(editor_client.get(change_url(article)))
    assert "The article has been saved since." in html
    restored = editor_client.get(change_url(article) + "?autosave=restore").content.decode()
    assert f'name="loaded_version" value="{mine}"' in restored
