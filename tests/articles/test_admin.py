import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.models import Article, Tag
from core import roles
from tests.factories import ArticleFactory, TagFactory
from tests.helpers import article_form

pytestmark = pytest.mark.django_db


def test_editor_adds_a_draft_that_readers_do_not_see(editor_client, editor, client):
    response = editor_client.post(reverse("admin:articles_article_add"), article_form())
    assert response.status_code == 302
    article = Article.objects.get(slug="port-reopens-after-storm")
    assert article.author == editor
    assert article.status == Article.Status.DRAFT
    assert client.get(reverse("articles:index")).content.decode().count("Port reopens") == 0


def test_editor_publishes_an_article_that_appears_on_the_index(editor_client, client):
    tag = TagFactory(name="Shipping")
    editor_client.post(
        reverse("admin:articles_article_add"),
        article_form(status="published", tags=[tag.pk]),
    )
    article = Article.objects.get(slug="port-reopens-after-storm")
    assert article.is_published()
    assert list(article.tags.all()) == [tag]
    html = client.get(reverse("articles:index")).content.decode()
    assert "Port reopens after storm" in html


def test_editor_edits_an_article(editor_client):
    article = ArticleFactory(title="Old title")
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = editor_client.post(url, article_form(title="New title", slug=article.slug))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "New title"
    assert article.status == Article.Status.DRAFT


def test_body_from_the_admin_is_sanitized(editor_client):
    editor_client.post(
        reverse("admin:articles_article_add"),
        article_form(body='<p onmouseover="x()">Hi</p><a href="javascript:alert(1)">bad</a>'),
    )
    article = Article.objects.get(slug="port-reopens-after-storm")
    assert "onmouseover" not in article.body
    assert "javascript" not in article.body


def test_publish_action_publishes_drafts(editor_client):
    drafts = ArticleFactory.create_batch(2, draft=True)
    editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [a.pk for a in drafts]},
    )
    assert Article.objects.published().count() == 2


def test_unpublish_action_takes_articles_off_the_blog(editor_client):
    articles = ArticleFactory.create_batch(2)
    editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "unpublish", "_selected_action": [a.pk for a in articles]},
    )
    assert not Article.objects.published().exists()


def test_article_list_shows_status_tick_and_tags(editor_client):
    ArticleFactory(title="Listed", tags=[TagFactory(name="Energy")])
    html = editor_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Listed" in html
    assert "Energy" in html
    assert "icon-yes.svg" in html


def test_draft_offers_preview_and_published_offers_view_on_site(editor_client):
    draft = ArticleFactory(draft=True)
    live = ArticleFactory()
    draft_page = editor_client.get(reverse("admin:articles_article_change", args=[draft.pk]))
    live_page = editor_client.get(reverse("admin:articles_article_change", args=[live.pk]))
    assert "Preview" in draft_page.content.decode()
    assert draft.get_absolute_url() in draft_page.content.decode()
    assert "View on site" in live_page.content.decode()


def test_tag_autocomplete_finds_tags_for_editors(editor_client):
    TagFactory(name="Diplomacy")
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "article", "field_name": "tags", "term": "dip"},
    )
    assert [r["text"] for r in response.json()["results"]] == ["Diplomacy"]


def test_editor_can_create_a_tag_while_writing(editor_client):
    response = editor_client.post(
        reverse("admin:articles_tag_add") + "?_popup=1&_to_field=id",
        {"name": "Energy", "slug": "energy", "_popup": "1", "_to_field": "id"},
    )
    assert response.status_code == 200
    assert Tag.objects.filter(slug="energy").exists()


def test_editors_group_manages_articles_and_tags_only():
    editors = Group.objects.get(name=roles.EDITORS)
    codenames = set(editors.permissions.values_list("codename", flat=True))
    assert {"add_article", "change_article", "delete_article", "add_tag"} <= codenames
    assert not {c for c in codenames if c.endswith(("_user", "_group", "_comment"))}
    assert Group.objects.filter(name=roles.MODERATORS).exists()


def test_add_page_offers_the_rich_text_editor_with_its_own_assets(editor_client):
    html = editor_client.get(reverse("admin:articles_article_add")).content.decode()
    assert "django_prose_editor/editor.js" in html
    assert "data-django-prose-editor-configurable" in html
    for extension in ("Heading", "Bold", "Italic", "Link", "BulletList", "Blockquote"):
        assert extension in html
