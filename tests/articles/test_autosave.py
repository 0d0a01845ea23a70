"""Autosave keeps the working copy of the article form, and never touches the article."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.db.models.signals import post_save
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.autosave import ArticleAutosave
from articles.models import Article
from core import roles
from tests.factories import ArticleFactory, TagFactory
from tests.helpers import article_form, staff_member

pytestmark = pytest.mark.django_db


def autosave_url(article=None):
    if article is None:
        return reverse("admin:articles_article_autosave_new")
    return reverse("admin:articles_article_autosave", args=[article.pk])


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def text_of(response) -> str:
    """The page's HTML with its runs of white space made single spaces."""
    return " ".join(response.content.decode().split())


def form_of(article, **changes):
    """What the article's form sends when nothing was changed in it, with `changes`."""
    published_at = timezone.localtime(article.published_at) if article.published_at else None
    return (
        article_form(
            title=article.title,
            slug=article.slug,
            summary=article.summary,
            body=article.body,
            status=article.status,
            published_at_0=published_at.strftime("%Y-%m-%d") if published_at else "",
            published_at_1=published_at.strftime("%H:%M:%S") if published_at else "",
            tags=[tag.pk for tag in article.tags.all()],
        )
        | changes
    )


@pytest.fixture
def published(db):
    return ArticleFactory(title="Harbour reopens", body="<p>Ships are back.</p>")


def test_autosave_keeps_the_typed_text_without_saving_the_article(editor_client, published):
    before = Article.objects.get(pk=published.pk)
    response = editor_client.post(autosave_url(published), form_of(published, title="Draft title"))
    assert response.status_code == 200
    assert response.json()["message"].startswith("Autosaved at ")
    after = Article.objects.get(pk=published.pk)
    assert (after.title, after.updated_at) == (before.title, before.updated_at)
    assert ArticleAutosave.objects.get(article=published).data["title"] == ["Draft title"]


def test_autosaving_a_published_article_leaves_its_public_page_and_cache_alone(
    editor_client, published
):
    reader = Client()
    assert "Harbour reopens" in reader.get(published.get_absolute_url()).content.decode()
    saves = []

    def saved(**kwargs):
        saves.append(kwargs["instance"])

    post_save.connect(saved, sender=Article)
    try:
        editor_client.post(autosave_url(published), form_of(published, title="Secret draft"))
    finally:
        post_save.disconnect(saved, sender=Article)
    assert saves == []  # neither the article nor anything that follows its saves (history)
    with CaptureQueriesContext(connection) as queries:
        page = reader.get(published.get_absolute_url()).content.decode()
    assert len(queries) == 0, "the cached page was thrown away"
    assert "Secret draft" not in page
    assert "Secret draft" not in Client().get("/").content.decode()


def test_a_second_autosave_replaces_the_first(editor_client, published):
    editor_client.post(autosave_url(published), form_of(published, title="First"))
    editor_client.post(autosave_url(published), form_of(published, title="Second"))
    assert [a.data["title"] for a in ArticleAutosave.objects.all()] == [["Second"]]


def test_autosave_keeps_only_the_article_form_fields(editor_client, published):
    editor_client.post(autosave_url(published), form_of(published) | {"is_superuser": "on"})
    data = ArticleAutosave.objects.get().data
    assert "is_superuser" not in data
    assert "csrfmiddlewaretoken" not in data
    assert data["published_at_0"] == [timezone.localdate(published.published_at).isoformat()]


def test_autosave_refuses_what_is_not_an_article_form(editor_client, published):
    response = editor_client.post(autosave_url(published), {"something": "else"})
    assert response.status_code == 400
    assert response.json()["error"] == "This is not an article form."
    assert not ArticleAutosave.objects.exists()


def test_autosave_needs_permission_to_change_articles(moderator_client, published):
    response = moderator_client.post(autosave_url(published), form_of(published))
    assert response.status_code == 403
    assert not ArticleAutosave.objects.exists()


def test_autosave_is_a_post_behind_csrf(editor, published):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(autosave_url(published), form_of(published)).status_code == 403
    assert client.get(autosave_url(published)).status_code == 405
    assert not ArticleAutosave.objects.exists()


def test_autosave_of_an_unknown_article_is_not_found(editor_client):
    url = reverse("admin:articles_article_autosave", args=[9999])
    assert editor_client.post(url, article_form()).status_code == 404


def test_reopening_the_article_offers_the_unsaved_text(editor_client, published):
    editor_client.post(autosave_url(published), form_of(published, title="Harbour shut again"))
    html = text_of(editor_client.get(change_url(published)))
    saved = ArticleAutosave.objects.get()
    when = timezone.localtime(saved.saved_at).strftime("%H:%M")
    assert f"You have unsaved changes from {when} (title)." in html
    assert "<ins>shut again</ins>" in html
    assert 'value="Harbour reopens"' in html  # the form still shows the saved article
    assert ">Restore</a>" in html


def test_restore_fills_the_form_and_saves_nothing(editor_client, published):
    editor_client.post(autosave_url(published), form_of(published, title="Harbour shut again"))
    html = text_of(editor_client.get(change_url(published) + "?autosave=restore"))
    assert 'value="Harbour shut again"' in html
    assert "Restored your unsaved changes from" in html
    assert "Nothing is saved until you press Save." in html
    assert Article.objects.get(pk=published.pk).title == "Harbour reopens"


def test_an_autosave_equal_to_the_saved_article_is_not_offered(editor_client, published):
    editor_client.post(autosave_url(published), form_of(published, body=published.body))
    assert "unsaved changes" not in editor_client.get(change_url(published)).content.decode()


def test_saving_the_article_clears_the_autosave(editor_client, published):
    editor_client.post(autosave_url(published), form_of(published, title="Harbour shut"))
    response = editor_client.post(change_url(published), form_of(published, title="Harbour shut"))
    assert response.status_code == 302
    assert not ArticleAutosave.objects.exists()
    assert Article.objects.get(pk=published.pk).title == "Harbour shut"


def test_a_form_with_errors_keeps_the_autosave(editor_client, published):
    editor_client.post(autosave_url(published), form_of(published, title="Harbour shut"))
    response = editor_client.post(change_url(published), form_of(published, title=""))
    assert response.status_code == 200
    assert ArticleAutosave.objects.exists()


def test_discard_deletes_the_autosave(editor_client, published):
    editor_client.post(autosave_url(published), form_of(published, title="Harbour shut"))
    url = reverse("admin:articles_article_autosave_discard", args=[published.pk])
    response = editor_client.post(url)
    assert response.status_code == 302
    assert response.url == change_url(published)
    assert not ArticleAutosave.objects.exists()


def test_each_editor_has_an_autosave_of_their_own(editor_client, editor, published):
    other = staff_member(roles.EDITORS, username="edna", first_name="Edna")
    other_client = Client()
    other_client.force_login(other)
    editor_client.post(autosave_url(published), form_of(published, title="Mine"))
    other_client.post(autosave_url(published), form_of(published, title="Hers"))
    assert ArticleAutosave.objects.get(user=editor).data["title"] == ["Mine"]
    html = other_client.get(change_url(published)).content.decode()
    assert "<ins>Hers</ins>" in html
    assert "Mine" not in html


def test_a_new_article_is_autosaved_per_editor_and_offered_on_the_add_form(editor_client, editor):
    response = editor_client.post(autosave_url(), article_form(title="Ferry strike"))
    assert response.status_code == 200
    assert ArticleAutosave.objects.get(user=editor, article=None)
    add_url = reverse("admin:articles_article_add")
    assert "You have unsaved changes from" in editor_client.get(add_url).content.decode()
    restored = editor_client.get(add_url + "?autosave=restore").content.decode()
    assert 'value="Ferry strike"' in restored
    assert not Article.objects.exists()


def test_adding_the_article_clears_the_new_article_autosave(editor_client):
    editor_client.post(autosave_url(), article_form(title="Ferry strike"))
    response = editor_client.post(reverse("admin:articles_article_add"), article_form())
    assert response.status_code == 302
    assert not ArticleAutosave.objects.exists()


def test_restore_brings_back_the_tags_chosen(editor_client, published):
    harbours = TagFactory(name="Harbours")
    editor_client.post(autosave_url(published), form_of(published, tags=[harbours.pk]))
    html = text_of(editor_client.get(change_url(published) + "?autosave=restore"))
    assert f'<option value="{harbours.pk}" selected>Harbours</option>' in html
    assert not published.tags.exists()


def test_a_reader_of_the_admin_without_change_permission_gets_no_autosave(client, published):
    viewer = staff_member(roles.MODERATORS, username="viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(viewer)
    html = client.get(change_url(published)).content.decode()
    assert "article-editing" not in html
