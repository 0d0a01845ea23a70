"""WordPress's own theme unit test export comes over whole, and a second run changes nothing.

The expected counts are read from the file here with a plain parse of its own, item by item and
comment by comment, never written down."""

import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article, Tag
from comments.models import Comment
from pages.models import Page
from transfer.models import ImportedItem
from transfer.wordpress import import_wordpress

EXPORT = Path(__file__).parent / "data" / "themeunittestdata.wordpress.xml"
WP = "{https://wordpress.org/export/1.2/}"
SKIPPED_COMMENT_TYPES = {"pingback", "trackback"}

pytestmark = pytest.mark.django_db


def expected():
    """What the file holds, by a plain reading of the whole tree (the file is trusted)."""
    channel = ET.parse(EXPORT).getroot().find("channel")  # noqa: S314 - our own copy
    items = channel.findall("item")
    kept = [i for i in items if i.findtext(f"{WP}status") != "trash"]
    posts = [i for i in kept if i.findtext(f"{WP}post_type") == "post"]
    comments = {
        c.findtext(f"{WP}comment_id"): (i.findtext(f"{WP}post_id"), c)
        for i in posts
        for c in i.findall(f"{WP}comment")
        if (c.findtext(f"{WP}comment_type") or "comment") not in SKIPPED_COMMENT_TYPES
    }
    return {
        "posts": {i.findtext(f"{WP}post_id"): i for i in posts},
        "pages": [i for i in kept if i.findtext(f"{WP}post_type") == "page"],
        "comments": comments,
        "types": Counter(i.findtext(f"{WP}post_type") for i in items),
        "authors": len(channel.findall(f"{WP}author")),
    }


@pytest.fixture
def imported():
    return import_wordpress(EXPORT)


def targets(kind):
    rows = ImportedItem.objects.filter(kind=kind).values_list("source_id", "object_id")
    return dict(rows)


def test_every_post_becomes_an_article_with_its_title_and_status(imported):
    posts = expected()["posts"]
    articles = Article.objects.in_bulk(targets("post").values())
    assert set(targets("post")) == set(posts)
    for wp_id, pk in targets("post").items():
        item, article = posts[wp_id], articles[pk]
        assert article.title == (item.findtext("title").strip() or f"Untitled ({wp_id})")[:200]
        wp_status = item.findtext(f"{WP}status")
        assert article.is_published() == (wp_status == "publish")
        assert article.is_scheduled() == (wp_status == "future")
    assert imported.total("post", "imported") == len(posts)


def test_every_comment_comes_over_with_its_status_and_thread(imported):
    comments = expected()["comments"]
    made = targets("comment")
    assert set(made) == set(comments)
    by_pk = Comment.objects.in_bulk(made.values())
    statuses = {"1": "approved", "0": "pending", "spam": "spam", "trash": "rejected"}
    for wp_id, (post, element) in comments.items():
        comment = by_pk[made[wp_id]]
        assert comment.article_id == targets("post")[post]
        assert comment.status == statuses[element.findtext(f"{WP}comment_approved")]
        parent = element.findtext(f"{WP}comment_parent")
        if parent in made:
            assert comment.parent_id == made[parent]
            assert comment.depth == by_pk[made[parent]].depth + 1
        else:
            assert comment.parent_id is None and comment.depth == 1
    assert Comment.objects.count() == len(comments)


def test_pages_keep_their_hierarchy(imported):
    pages = expected()["pages"]
    made = targets("page")
    assert Page.objects.count() == len(pages) == len(made)
    for element in pages:
        page = Page.objects.get(pk=made[element.findtext(f"{WP}post_id")])
        parent = element.findtext(f"{WP}post_parent")
        if parent != "0":
            assert page.parent_id == made[parent]
            assert page.path.startswith(page.parent.path + "/")


def test_attachments_menu_items_and_pingbacks_are_reported_not_imported(imported):
    types = expected()["types"]
    assert imported.total("attachment", "skipped") == types["attachment"]
    assert imported.total("menu item", "skipped") == types["nav_menu_item"]
    skipped_pings = sum(
        n for (kind, why), n in imported.reasons.items() if "pingback" in why or "trackback" in why
    )
    assert skipped_pings > 0


def test_authors_are_inactive_accounts_without_a_password(imported):
    authors = [a.author for a in Article.objects.select_related("author")]
    assert authors and all(not a.is_active and not a.has_usable_password() for a in authors)
    assert len({a.pk for a in authors}) >= 1
    assert imported.total("author") >= expected()["authors"]


def test_importing_again_changes_nothing(imported):
    before = {
        "articles": list(Article.objects.values_list("pk", "updated_at", "slug")),
        "pages": list(Page.objects.values_list("pk", "updated_at", "path")),
        "comments": list(Comment.objects.values_list("pk", "body", "status", "parent")),
        "tags": Tag.objects.count(),
        "imported": list(ImportedItem.objects.values_list("pk", "updated_at")),
    }
    again = import_wordpress(EXPORT)
    assert again.changed() == 0
    assert again.total("post", "unchanged") == imported.total("post", "imported")
    assert again.total("comment", "unchanged") == imported.total("comment", "imported")
    assert before == {
        "articles": list(Article.objects.values_list("pk", "updated_at", "slug")),
        "pages": list(Page.objects.values_list("pk", "updated_at", "path")),
        "comments": list(Comment.objects.values_list("pk", "body", "status", "parent")),
        "tags": Tag.objects.count(),
        "imported": list(ImportedItem.objects.values_list("pk", "updated_at")),
    }


def test_dry_run_reports_the_same_and_writes_nothing(capsys):
    call_command("import_wordpress", str(EXPORT), "--dry-run")
    out = capsys.readouterr().out
    assert "Dry run: nothing was written." in out
    (row,) = [line.split() for line in out.splitlines() if line.startswith("post ")]
    assert row == ["post", str(len(expected()["posts"])), "0", "0", "0"]
    assert not Article.objects.exists() and not Comment.objects.exists()
    assert not ImportedItem.objects.exists()


def test_the_summary_table_counts_by_kind_with_reasons(capsys):
    call_command("import_wordpress", str(EXPORT))
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["what", "imported", "updated", "unchanged", "skipped"]
    assert "shortcode [caption] became a figure with its caption" in out
    assert "shortcode [gallery] removed" in out
    assert "comment: pingbacks are not comments: " in out
    assert "post: scheduled at its publication date: 1" in out
