"""Renamed and merged tags keep their addresses; tags in use are not deleted by Editors."""

import pytest
from django.urls import reverse

from articles.models import Article, Tag, TagRedirect
from tests.factories import ArticleFactory, TagFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_tag_changelist")


def rename(tag, slug):
    tag.slug = slug
    tag.save()


def test_renamed_tag_page_and_feed_redirect_permanently(client, django_capture_on_commit_callbacks):
    tag = TagFactory(name="Harbours", slug="harbours")
    ArticleFactory(tags=[tag])
    for url in ("/tags/harbours/", "/tags/harbours/feed/"):
        assert client.get(url).status_code == 200  # now in the page cache
    with django_capture_on_commit_callbacks(execute=True):
        rename(tag, "ports")
    assert client.get("/tags/harbours/").status_code == 301
    page = client.get("/tags/harbours/?page=2")
    assert page.status_code == 301 and page["Location"] == "/tags/ports/?page=2"
    feed = client.get("/tags/harbours/feed/")
    assert feed.status_code == 301 and feed["Location"] == "/tags/ports/feed/"
    assert client.get("/tags/ports/").status_code == 200


def test_two_renames_each_take_one_hop(client):
    tag = TagFactory(slug="harbours")
    ArticleFactory(tags=[tag])
    rename(tag, "ports")
    rename(tag, "sea-ports")
    for old in ("harbours", "ports"):
        response = client.get(f"/tags/{old}/")
        assert (response.status_code, response["Location"]) == (301, "/tags/sea-ports/")


def test_renaming_back_gives_the_address_back(client):
    tag = TagFactory(slug="harbours")
    ArticleFactory(tags=[tag])
    rename(tag, "ports")
    rename(tag, "harbours")
    assert client.get("/tags/harbours/").status_code == 200
    assert client.get("/tags/ports/")["Location"] == "/tags/harbours/"
    assert not TagRedirect.objects.filter(old_slug="harbours").exists()


def test_an_address_that_never_was_a_tag_is_still_404(client):
    assert client.get("/tags/nothing-here/").status_code == 404


def merge(client, tags, keep):
    return client.post(
        CHANGELIST,
        {"action": "merge", "_selected_action": [t.pk for t in tags], "keep": keep.pk},
        follow=True,
    )


def test_merging_moves_the_articles_and_the_addresses(editor_client, client):
    keep = TagFactory(name="Ports", slug="ports")
    harbours, docks = TagFactory(slug="harbours"), TagFactory(slug="docks")
    first, second = ArticleFactory(tags=[harbours]), ArticleFactory(tags=[docks, keep])
    response = merge(editor_client, [keep, harbours, docks], keep)
    assert "Merged 2 tags into “Ports”" in response.content.decode()
    assert list(Tag.objects.values_list("slug", flat=True)) == ["ports"]
    assert set(keep.articles.all()) == {first, second}
    for old in ("harbours", "docks"):
        assert client.get(f"/tags/{old}/")["Location"] == "/tags/ports/"
    page = client.get("/tags/ports/").content.decode()
    assert first.title in page and second.title in page


def test_merging_a_tag_that_was_renamed_keeps_its_older_address_working(editor_client, client):
    keep, other = TagFactory(slug="ports"), TagFactory(slug="harbours")
    ArticleFactory(tags=[other])
    rename(other, "quays")
    merge(editor_client, [keep, other], keep)
    assert client.get("/tags/harbours/")["Location"] == "/tags/ports/"
    assert client.get("/tags/quays/")["Location"] == "/tags/ports/"


def test_merge_asks_which_tag_to_keep_first(editor_client):
    tags = [TagFactory(name="Ports"), TagFactory(name="Harbours")]
    page = editor_client.post(
        CHANGELIST, {"action": "merge", "index": 0, "_selected_action": [t.pk for t in tags]}
    )
    assert page.status_code == 200
    assert "Keep which tag?" in page.content.decode()
    assert Tag.objects.count() == 2


def test_merging_one_tag_is_refused_with_a_message(editor_client):
    tag = TagFactory()
    response = editor_client.post(
        CHANGELIST, {"action": "merge", "index": 0, "_selected_action": [tag.pk]}, follow=True
    )
    assert "Select two or more tags to merge." in response.content.decode()


def test_editors_cannot_delete_a_tag_in_use(editor_client):
    used, unused = TagFactory(), TagFactory()
    ArticleFactory(status=Article.Status.DRAFT, tags=[used])
    delete = reverse("admin:articles_tag_delete", args=[used.pk])
    assert editor_client.post(delete, {"post": "yes"}).status_code == 403
    editor_client.post(
        CHANGELIST,
        {"action": "delete_selected", "_selected_action": [used.pk, unused.pk], "post": "yes"},
    )
    assert Tag.objects.filter(pk=used.pk).exists()
    editor_client.post(reverse("admin:articles_tag_delete", args=[unused.pk]), {"post": "yes"})
    assert not Tag.objects.filter(pk=unused.pk).exists()


def test_tag_list_counts_published_articles(editor_client):
    tag = TagFactory(name="Harbours")
    ArticleFactory.create_batch(2, tags=[tag])
    ArticleFactory(status=Article.Status.DRAFT, tags=[tag])
    page = editor_client.get(CHANGELIST).content.decode()
    assert '<td class="field-published_count">2</td>' in page
    assert '<td class="field-article_count">3</td>' in page
