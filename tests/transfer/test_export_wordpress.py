import html
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from comments.models import Comment
from pages.models import Page
from tests.factories import ArticleFactory, CommentFactory, TagFactory
from tests.transfer.conftest import CDATA_END

WP = "{http://wordpress.org/export/1.2/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
EXCERPT = "{http://wordpress.org/export/1.2/excerpt/}encoded"


def exported() -> ET.Element:
    out = io.StringIO()
    call_command("export_wordpress", stdout=out)
    return ET.fromstring(out.getvalue().encode())  # noqa: S314 - our own output


def items(root, post_type):
    channel = root.find("channel")
    return [i for i in channel.findall("item") if i.findtext(f"{WP}post_type") == post_type]


def by_slug(root, post_type):
    return {item.findtext(f"{WP}post_name"): item for item in items(root, post_type)}


def meta(item, element="postmeta"):
    pairs = [(m.findtext(f"{WP}meta_key"), m.findtext(f"{WP}meta_value")) for m in item]
    return [pair for m, pair in zip(item, pairs, strict=True) if m.tag == f"{WP}{element}"]


def test_export_follows_wordpress_layout(full_site):
    root = exported()
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    head = [child.tag.replace(WP, "wp:") for child in channel][:8]
    assert head == [
        "title", "link", "description", "pubDate", "language",
        "wp:wxr_version", "wp:base_site_url", "wp:base_blog_url",
    ]  # fmt: skip
    assert channel.findtext(f"{WP}wxr_version") == "1.2"
    assert channel.findtext(f"{WP}base_site_url") == settings.SITE_URL.rstrip("/")
    logins = {a.findtext(f"{WP}author_login") for a in channel.findall(f"{WP}author")}
    assert logins == {
        "ines",
        "tom",
        "mod",
        *Article.objects.values_list("author__username", flat=True),
    }
    assert {t.findtext(f"{WP}tag_slug") for t in channel.findall(f"{WP}tag")} == {
        "harbour", "storm-rain",
    }  # fmt: skip
    assert channel.findall(f"{WP}category") == []  # one kind of tag: post_tag


def test_every_article_state_maps_to_a_wordpress_status(full_site):
    posts = by_slug(exported(), "post")
    statuses = {slug: item.findtext(f"{WP}status") for slug, item in posts.items()}
    assert statuses == {
        "port-reopens": "publish", "tide": "future", "later": "draft",
        "offer": "publish", "pulled": "draft",
    }  # fmt: skip
    assert posts["later"].findtext(f"{WP}post_date_gmt") == "0000-00-00 00:00:00"
    assert dict(meta(posts["offer"]))["_newsblog_expires_at"]
    assert dict(meta(posts["pulled"]))["_newsblog_unpublished_at"]
    assert posts["tide"].findtext(f"{WP}comment_status") == "closed"
    assert posts["port-reopens"].findtext(f"{WP}comment_status") == "open"


def test_article_carries_its_fields_and_tags(full_site):
    item = by_slug(exported(), "post")["port-reopens"]
    assert item.findtext("title") == full_site.title  # "]]>" inside survives the CDATA
    assert CDATA_END in item.findtext("title")
    assert item.findtext(CONTENT) == full_site.body
    assert item.findtext(EXCERPT) == "Ships move again."
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "ines"
    published = full_site.published_at.strftime("%Y-%m-%d %H:%M:%S")
    assert item.findtext(f"{WP}post_date_gmt") == published
    tags = {(c.get("domain"), c.get("nicename"), c.text) for c in item.findall("category")}
    assert tags == {("post_tag", "harbour", "Harbour"), ("post_tag", "storm-rain", "Storm & rain")}
    extra = dict(meta(item))
    assert extra["_newsblog_seo_title"] == "Port open again"
    assert extra["_newsblog_seo_description"] == "The harbour reopened on Monday."
    assert extra["_newsblog_image_credit"] == "Photo: Jane Doe / Agency"
    assert extra["_newsblog_image_caption"] == "The quay at dawn"
    notes = json.loads(extra["_newsblog_notes"])
    assert [(n["kind"], n["text"]) for n in notes] == [
        ("correction", "The date was wrong."), ("update", "Ferries run too."),
    ]  # fmt: skip


def test_featured_image_is_an_attachment_of_its_article(full_site, media_root):
    root = exported()
    post = by_slug(root, "post")["port-reopens"]
    [attachment] = items(root, "attachment")
    assert dict(meta(post))["_thumbnail_id"] == attachment.findtext(f"{WP}post_id")
    assert attachment.findtext(f"{WP}post_parent") == post.findtext(f"{WP}post_id")
    extra = dict(meta(attachment))
    assert (media_root / extra["_wp_attached_file"]).read_bytes() == full_site.image.read()
    assert extra["_wp_attachment_image_alt"] == "A teal square of colour"
    assert attachment.findtext(f"{WP}attachment_url").endswith(extra["_wp_attached_file"])
    assert attachment.findtext(EXCERPT) == "The quay at dawn"


def test_post_ids_are_unique_across_kinds(full_site):
    root = exported()
    ids = [i.findtext(f"{WP}post_id") for i in root.find("channel").findall("item")]
    assert len(ids) == len(set(ids)) == Article.objects.count() + Page.objects.count() + 1


def test_comments_keep_status_thread_and_details(full_site):
    item = by_slug(exported(), "post")["port-reopens"]
    comments = {c.findtext(f"{WP}comment_id"): c for c in item.findall(f"{WP}comment")}
    assert len(comments) == Comment.objects.count()
    for comment in Comment.objects.all():
        element = comments[str(comment.pk)]
        approved = {"approved": "1", "pending": "0", "spam": "spam", "rejected": "trash"}
        assert element.findtext(f"{WP}comment_approved") == approved[comment.status]
        assert element.findtext(f"{WP}comment_parent") == str(comment.parent_id or 0)
        assert element.findtext(f"{WP}comment_author") == comment.name
        assert element.findtext(f"{WP}comment_author_email") == comment.email
        assert element.findtext(f"{WP}comment_author_IP") == (comment.ip_address or "")
        assert html.unescape(element.findtext(f"{WP}comment_content")) == comment.body
    staff = Comment.objects.get(staff_role="Moderator")
    extra = dict(meta(comments[str(staff.pk)], "commentmeta"))
    assert extra["_newsblog_user"] == "mod" and extra["_newsblog_staff_role"] == "Moderator"
    assert comments[str(staff.pk)].findtext(f"{WP}comment_user_id") == str(staff.user_id)


def test_pages_keep_their_tree_and_menu(full_site):
    root = exported()
    pages = by_slug(root, "page")
    about, team = pages["about"], pages["team"]
    assert about.findtext(f"{WP}post_parent") == "0"
    assert team.findtext(f"{WP}post_parent") == about.findtext(f"{WP}post_id")
    assert team.findtext(f"{WP}menu_order") == "2"
    assert dict(meta(team))["_newsblog_menu"] == "footer"
    assert pages["privacy"].findtext(f"{WP}status") == "draft"
    assert "about" not in by_slug(root, "post")  # pages never become posts


def test_control_characters_never_break_the_file(full_site):
    full_site.comments.update(body="Bell \x07 and escape \x1b then <text>")
    item = by_slug(exported(), "post")["port-reopens"]
    bodies = {c.findtext(f"{WP}comment_content") for c in item.findall(f"{WP}comment")}
    assert bodies == {"Bell  and escape  then &lt;text&gt;"}


def test_output_file_is_written_whole(full_site, tmp_path):
    target = tmp_path / "site.xml"
    call_command("export_wordpress", output=str(target), stderr=io.StringIO())
    assert ET.parse(target).getroot().tag == "rss"  # noqa: S314 - our own output
    assert [p.name for p in tmp_path.iterdir() if p.name != "media"] == ["site.xml"]


def test_output_in_a_missing_folder_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="No such folder"):
        call_command("export_wordpress", output=str(tmp_path / "nowhere" / "site.xml"))


def queries_to_export() -> int:
    with CaptureQueriesContext(connection) as queries:
        exported()
    return len(queries)


def test_export_reads_in_chunks_not_article_by_article(full_site):
    few = queries_to_export()
    for _ in range(30):
        CommentFactory(article=ArticleFactory(tags=[TagFactory()]), approved=True)
    assert queries_to_export() == few
