"""Authors' permissions: their own drafts, submitted for review; never publishing, scheduling,
unpublishing, nor anyone else's articles. Each rule is tried both ways, the editor's side too,
in the admin's pages and over plain HTTP (forged POSTs)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.autosave import ArticleAutosave
from articles.models import Article, ReviewLink, Tag
from core import roles
from tests.factories import ArticleFactory
from tests.helpers import article_form, staff_member
from tests.images import samples

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_article_add")
LIST_URL = reverse("admin:articles_article_changelist")


def url(name, article):
    return reverse(f"admin:articles_article_{name}", args=[article.pk])


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def form_for(article, **changes):
    return article_form(title=article.title, slug=article.slug) | changes


@pytest.fixture
def author(db):
    return staff_member(roles.AUTHORS, username="ann", first_name="Ann", last_name="Author")


@pytest.fixture
def author_client(author):
    return logged_in(author)


@pytest.fixture
def own_draft(author):
    return ArticleFactory(author=author, draft=True, title="Harbour draft")


@pytest.fixture
def others_draft(db):
    return ArticleFactory(draft=True, title="Someone else's draft")


def status_choices(response) -> list[str]:
    return [value for value, _label in response.context["adminform"].form.fields["status"].choices]


def test_author_adds_a_draft_of_their_own(author_client, author, client):
    response = author_client.post(ADD_URL, article_form())
    assert response.status_code == 302
    article = Article.objects.get(slug="port-reopens-after-storm")
    assert (article.author, article.status, article.submitted_at) == (author, "draft", None)
    assert "Port reopens" not in client.get(reverse("articles:index")).content.decode()


def test_author_changes_their_own_draft(author_client, own_draft):
    response = author_client.post(url("change", own_draft), form_for(own_draft, title="New"))
    assert response.status_code == 302
    own_draft.refresh_from_db()
    assert own_draft.title == "New"


def test_author_submits_a_draft_for_review(author_client, author, own_draft):
    response = author_client.post(url("change", own_draft), form_for(own_draft, status="submit"))
    assert response.status_code == 302
    own_draft.refresh_from_db()
    assert own_draft.status == Article.Status.DRAFT
    assert own_draft.submitted_by == author
    assert own_draft.submitted_at is not None
    shown = author_client.get(response.url).content.decode()
    assert "Submitted for review: an editor will publish it" in shown
    assert "Submitted for review by Ann Author on" in shown


def test_a_second_submission_keeps_its_place_and_a_draft_save_withdraws_it(
    author_client, own_draft
):
    author_client.post(url("change", own_draft), form_for(own_draft, status="submit"))
    first = Article.objects.get(pk=own_draft.pk).submitted_at
    author_client.post(url("change", own_draft), form_for(own_draft, status="submit"))
    assert Article.objects.get(pk=own_draft.pk).submitted_at == first
    author_client.post(url("change", own_draft), form_for(own_draft, status="draft"))
    assert Article.objects.get(pk=own_draft.pk).submitted_at is None


def test_authors_form_offers_draft_and_submit_and_no_publishing_dates(author_client, editor_client):
    response = author_client.get(ADD_URL)
    assert status_choices(response) == ["draft", "submit"]
    fields = response.context["adminform"].form.fields
    assert "published_at" not in fields and "expires_at" not in fields
    assert 'name="expires_at_0"' not in response.content.decode()
    editors = editor_client.get(ADD_URL)
    assert status_choices(editors) == ["draft", "published", "schedule"]
    assert 'name="expires_at_0"' in editors.content.decode()


@pytest.mark.parametrize("status", ["published", "schedule"])
def test_a_forged_publish_or_schedule_is_refused_and_saves_nothing(author_client, status):
    response = author_client.post(
        ADD_URL,
        article_form(status=status, published_at_0="2030-01-01", published_at_1="09:00"),
    )
    assert response.status_code == 200
    assert "Select a valid choice" in str(response.context["adminform"].form.errors["status"])
    assert not Article.objects.exists()


def test_forged_publication_and_unpublish_times_are_ignored(author_client, own_draft):
    forged = {
        "published_at_0": "2020-01-01",
        "published_at_1": "09:00:00",
        "expires_at_0": "2030-01-01",
        "expires_at_1": "09:00:00",
    }
    author_client.post(url("change", own_draft), form_for(own_draft, status="submit", **forged))
    own_draft.refresh_from_db()
    assert (own_draft.published_at, own_draft.expires_at) == (None, None)
    assert not own_draft.is_published()


@pytest.mark.parametrize("trait", ["published", "scheduled", "expired"])
def test_author_only_views_their_article_once_it_is_live_or_scheduled(
    author_client, author, editor_client, trait
):
    now = timezone.now()
    times = {
        "published": {},
        "scheduled": {"scheduled": True},
        "expired": {
            "published_at": now - datetime.timedelta(days=2),
            "expires_at": now - datetime.timedelta(days=1),
        },
    }[trait]
    article = ArticleFactory(author=author, title="Live", **times)
    page = author_client.get(url("change", article))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert not page.context["has_change_permission"]
    # Unpublishing by moving it back to draft, or giving it an unpublish time: refused.
    forged = form_for(article, status="draft", expires_at_0="2030-01-01", expires_at_1="09:00")
    assert author_client.post(url("change", article), forged).status_code == 403
    assert author_client.post(url("delete", article), {"post": "yes"}).status_code == 403
    unchanged = Article.objects.get(pk=article.pk)
    assert (unchanged.status, unchanged.title) == ("published", "Live")
    assert editor_client.get(url("change", article)).context["has_change_permission"]


def test_the_list_shows_an_author_their_own_articles_only(
    author_client, editor_client, own_draft, others_draft
):
    assert list(author_client.get(LIST_URL).context["cl"].result_list) == [own_draft]
    assert set(editor_client.get(LIST_URL).context["cl"].result_list) == {own_draft, others_draft}


@pytest.mark.parametrize("view", ["change", "delete", "history", "autosave"])
def test_someone_elses_article_is_refused_on_every_admin_page(
    author_client, editor_client, others_draft, view
):
    method = "get" if view in ("change", "delete", "history") else "post"
    sent = [url(view, others_draft), form_for(others_draft)] if method == "post" else []
    assert getattr(author_client, method)(*(sent or [url(view, others_draft)])).status_code == 403
    assert getattr(editor_client, method)(*(sent or [url(view, others_draft)])).status_code == 200


def test_someone_elses_article_cannot_be_changed_or_deleted_by_post(author_client, others_draft):
    changed = author_client.post(url("change", others_draft), form_for(others_draft, title="X"))
    deleted = author_client.post(url("delete", others_draft), {"post": "yes"})
    assert (changed.status_code, deleted.status_code) == (403, 403)
    selected = {"action": "delete_selected", "post": "yes", "_selected_action": [others_draft.pk]}
    author_client.post(LIST_URL, selected)
    assert Article.objects.get(pk=others_draft.pk).title == "Someone else's draft"


def test_author_deletes_their_own_draft(author_client, own_draft):
    response = author_client.post(url("delete", own_draft), {"post": "yes"})
    assert response.status_code == 302
    assert not Article.objects.filter(pk=own_draft.pk).exists()


def test_author_has_no_bulk_publish_or_unpublish_and_a_forged_one_does_nothing(
    author_client, editor_client, author, own_draft
):
    live = ArticleFactory(author=author)
    actions = author_client.get(LIST_URL).context["action_form"].fields["action"].choices
    assert {"publish", "unpublish"}.isdisjoint(name for name, _label in actions)
    author_client.post(LIST_URL, {"action": "publish", "_selected_action": [own_draft.pk]})
    author_client.post(LIST_URL, {"action": "unpublish", "_selected_action": [live.pk]})
    assert Article.objects.get(pk=own_draft.pk).status == "draft"
    assert Article.objects.get(pk=live.pk).is_published()
    editor_client.post(LIST_URL, {"action": "publish", "_selected_action": [own_draft.pk]})
    assert Article.objects.get(pk=own_draft.pk).is_published()


def test_author_uploads_a_featured_image(author_client, media_root):
    image = samples.upload(samples.jpeg(1200, 800))
    response = author_client.post(ADD_URL, article_form(image=image, image_alt="Boats at rest"))
    assert response.status_code == 302
    article = Article.objects.get()
    assert [e["width"] for e in article.image_renditions["webp"]] == [480, 960, 1200]


def test_author_creates_and_picks_tags(author_client):
    created = author_client.post(reverse("admin:articles_article_new_tag"), {"name": "Ferries"})
    assert created.status_code == 201
    tag = Tag.objects.get(name="Ferries")
    found = author_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "article", "field_name": "tags", "term": "Fer"},
    )
    assert [result["text"] for result in found.json()["results"]] == ["Ferries"]
    author_client.post(ADD_URL, article_form(tags=[tag.pk]))
    assert list(Article.objects.get().tags.all()) == [tag]
    rename = reverse("admin:articles_tag_change", args=[tag.pk])
    assert author_client.post(rename, {"name": "Boats", "slug": "boats"}).status_code == 403
    assert Tag.objects.get(pk=tag.pk).name == "Ferries"


def test_author_previews_their_own_draft_but_not_someone_elses(
    author_client, editor_client, own_draft, others_draft
):
    preview = author_client.get(own_draft.get_absolute_url())
    assert preview.status_code == 200
    assert preview["X-Robots-Tag"] == "noindex, nofollow"
    assert author_client.get(others_draft.get_absolute_url()).status_code == 404
    assert editor_client.get(others_draft.get_absolute_url()).status_code == 200


def test_review_links_are_made_by_editors_not_authors(author_client, editor_client, own_draft):
    make = reverse("admin:articles_article_review_link_create", args=[own_draft.pk])
    assert "Make a review link" not in author_client.get(url("change", own_draft)).content.decode()
    assert author_client.post(make, {"days": 7}).status_code == 403
    assert not ReviewLink.objects.exists()
    assert "Make a review link" in editor_client.get(url("change", own_draft)).content.decode()
    assert editor_client.post(make, {"days": 7}).status_code == 302
    assert ReviewLink.objects.count() == 1


def test_authors_saves_keep_revisions_and_their_typing_is_autosaved(author_client, own_draft):
    author_client.post(url("change", own_draft), form_for(own_draft, status="submit"))
    history = author_client.get(url("history", own_draft))
    assert history.status_code == 200
    assert len(history.context["rows"]) == 1
    typed = form_for(own_draft, title="Typed, not saved")
    assert author_client.post(url("autosave", own_draft), typed).status_code == 200
    assert ArticleAutosave.objects.get().data["title"] == ["Typed, not saved"]
