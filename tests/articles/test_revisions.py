import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import revisions
from articles.models import Article, Tag
from core import roles
from tests.factories import ArticleFactory, TagFactory
from tests.helpers import article_form, staff_member

pytestmark = pytest.mark.django_db

ADD = reverse("admin:articles_article_add")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def history_url(article):
    return reverse("admin:articles_article_history", args=[article.pk])


def restore_url(article, version):
    return reverse("admin:articles_article_revision", args=[article.pk, version.pk])


def compare_url(article, old, new):
    url = reverse("admin:articles_article_revision_compare", args=[article.pk])
    return f"{url}?from={old.pk}&to={new.pk}"


def write_twice(editor_client, **second):
    """An article added, then saved again with `second` changed: two revisions."""
    energy, ports = TagFactory(name="Energy"), TagFactory(name="Ports")
    editor_client.post(ADD, article_form(tags=[energy.pk]))
    article = Article.objects.get()
    fields = {"slug": article.slug, "tags": [energy.pk, ports.pk], **second}
    editor_client.post(change_url(article), article_form(**fields))
    article.refresh_from_db()
    return article


def oldest_and_newest(article):
    newest, *_, oldest = revisions.versions_of(article)
    return oldest, newest


def test_every_save_from_the_form_keeps_a_revision_with_who_tags_and_fields(editor_client, editor):
    article = write_twice(editor_client, title="Port reopens after the storm")
    oldest, newest = oldest_and_newest(article)
    assert newest.revision.user == editor
    assert newest.field_dict["title"] == "Port reopens after the storm"
    assert oldest.field_dict["title"] == "Port reopens after storm"
    assert revisions.tag_names(oldest) == ["Energy"]
    assert revisions.tag_names(newest) == ["Energy", "Ports"]
    assert newest.field_dict["allow_comments"] is True
    assert newest.field_dict["summary"] == "Ships are moving again."


def test_a_revision_keeps_the_tag_names_it_had_then(editor_client):
    article = write_twice(editor_client)
    Tag.objects.filter(name="Energy").update(name="Power")
    oldest, _ = oldest_and_newest(article)
    assert revisions.tag_names(oldest) == ["Energy"]


def test_a_revision_keeps_the_image_choice(editor_client, editor):
    article = ArticleFactory(with_image=True, author=editor)
    form = article_form(slug=article.slug, image_alt="Harbour at dawn", title=article.title)
    editor_client.post(change_url(article), form)
    [version] = revisions.versions_of(article)
    assert version.field_dict["image"].name == article.image.name
    assert version.field_dict["image_alt"] == "Harbour at dawn"


def test_actions_of_the_list_keep_revisions(editor_client):
    article = ArticleFactory(draft=True)
    changelist = reverse("admin:articles_article_changelist")
    editor_client.post(changelist, {"action": "publish", "_selected_action": [article.pk]})
    [version] = revisions.versions_of(article)
    assert version.field_dict["status"] == "published"
    assert version.revision.get_comment() == "Published now."


def test_saves_outside_the_admin_are_not_revisions():
    article = ArticleFactory()
    article.title = "Changed from a script"
    article.save()
    assert not revisions.versions_of(article).exists()


def test_revision_list_names_each_revision_and_who_saved_it(editor_client):
    article = write_twice(editor_client, title="Second title")
    html = editor_client.get(history_url(article)).content.decode()
    assert "2 revisions, newest first" in html
    assert "by Ada" in html
    assert "Changed Title and Tags." in html or "Changed Title" in html


def test_compare_shows_a_word_level_diff_of_title_and_body(editor_client):
    body = "<h2>Harbour</h2><p>The port is open again.</p>"
    article = write_twice(editor_client, title="Port reopens after the storm", body=body)
    oldest, newest = oldest_and_newest(article)
    html = editor_client.get(compare_url(article, oldest, newest)).content.decode()
    assert "Port reopens after <ins>the</ins> storm" in html
    assert "is open<del>.</del>" not in html
    assert "<del>open.</del> <ins>open again.</ins>" in html
    assert "Added: Ports" in html


def test_compare_escapes_what_editors_wrote(editor_client):
    article = write_twice(editor_client, title="<script>alert(1)</script> & more")
    oldest, newest = oldest_and_newest(article)
    html = editor_client.get(compare_url(article, oldest, newest)).content.decode()
    assert "<ins>&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</ins>" in html
    assert "<script>alert(1)" not in html


def test_compare_lists_changed_settings(editor_client):
    article = write_twice(editor_client, allow_comments="", seo_title="Port news")
    oldest, newest = oldest_and_newest(article)
    html = editor_client.get(compare_url(article, oldest, newest)).content.decode()
    assert "Allow comments" in html
    assert "SEO title" in html and "Port news" in html


def test_compare_without_two_revisions_says_what_to_do(editor_client):
    article = write_twice(editor_client)
    url = reverse("admin:articles_article_revision_compare", args=[article.pk]) + "?from=x"
    response = editor_client.get(url, follow=True)
    assert "Choose two revisions of this article to compare." in response.content.decode()


def test_restoring_a_draft_saves_the_old_content_as_a_new_revision(editor_client):
    article = write_twice(editor_client, title="A worse title")
    oldest, _ = oldest_and_newest(article)
    response = editor_client.post(restore_url(article, oldest), follow=True)
    article.refresh_from_db()
    assert article.title == "Port reopens after storm"
    assert [t.name for t in article.tags.all()] == ["Energy"]
    assert article.status == Article.Status.DRAFT
    assert revisions.versions_of(article).count() == 3
    assert "Saved as draft" in response.content.decode()


def test_restoring_a_live_article_asks_first(editor_client):
    article = write_twice(editor_client, title="Live title", status="published")
    oldest, _ = oldest_and_newest(article)
    page = editor_client.get(restore_url(article, oldest)).content.decode()
    assert "This article is live." in page
    assert "Restore and publish now" in page
    assert f"{change_url(article)}?revision={oldest.pk}" in page
    editor_client.post(restore_url(article, oldest))  # without "publish now": nothing happens
    article.refresh_from_db()
    assert article.title == "Live title"
    assert revisions.versions_of(article).count() == 2


def test_restore_and_publish_now_changes_the_live_article(editor_client, client):
    article = write_twice(editor_client, title="Live title", status="published")
    published_at = article.published_at
    oldest, _ = oldest_and_newest(article)
    editor_client.post(restore_url(article, oldest), {"publish": "1"})
    article.refresh_from_db()
    assert article.title == "Port reopens after storm"
    assert article.published_at == published_at
    assert "Port reopens after storm" in client.get(article.get_absolute_url()).content.decode()


def test_opening_a_revision_in_the_editor_saves_nothing(editor_client, client):
    article = write_twice(editor_client, title="Live title", status="published")
    oldest, _ = oldest_and_newest(article)
    form = editor_client.get(f"{change_url(article)}?revision={oldest.pk}").content.decode()
    assert 'value="Port reopens after storm"' in form
    assert "Nothing changes until you save" in form
    article.refresh_from_db()
    assert article.title == "Live title"
    assert "Live title" in client.get(article.get_absolute_url()).content.decode()
    assert revisions.versions_of(article).count() == 2


def test_restoring_keeps_the_current_image_when_its_file_is_gone(editor_client, editor):
    article = ArticleFactory(with_image=True, author=editor, draft=True)
    editor_client.post(change_url(article), article_form(slug=article.slug, image_alt="Old"))
    [version] = revisions.versions_of(article)
    article.image.storage.delete(article.image.name)
    response = editor_client.post(restore_url(article, version), follow=True)
    assert "Its image is no longer stored" in response.content.decode()


def test_restoring_never_redates_a_scheduled_article(editor_client):
    article = write_twice(editor_client, title="Later title")
    later = timezone.now() + datetime.timedelta(days=2)
    Article.objects.filter(pk=article.pk).update(status="published", published_at=later)
    oldest, _ = oldest_and_newest(article)
    editor_client.post(restore_url(article, oldest))
    article.refresh_from_db()
    assert article.is_scheduled()
    assert article.published_at == later
    assert article.title == "Port reopens after storm"


def test_staff_without_article_permissions_see_no_revisions(client, article):
    client.force_login(staff_member(roles.MODERATORS, username="mod"))
    assert client.get(history_url(article)).status_code == 403


def test_saving_the_form_opened_from_a_revision_brings_its_image_back(editor_client, editor):
    article = ArticleFactory(with_image=True, author=editor, draft=True)
    first_image = article.image.name
    editor_client.post(change_url(article), article_form(slug=article.slug, image_alt="Old"))
    [version] = revisions.versions_of(article)
    Article.objects.filter(pk=article.pk).update(image="", image_alt="", image_renditions={})
    form = article_form(slug=article.slug, title="From the editor", image_alt="Old")
    editor_client.post(f"{change_url(article)}?revision={version.pk}", form)
    article.refresh_from_db()
    assert article.title == "From the editor"
    assert article.image.name == first_image
    assert article.featured_image() is not None
