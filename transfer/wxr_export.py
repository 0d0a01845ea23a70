"""The whole site as a WordPress export (WXR 1.2), written as a stream.

The layout is WordPress's own exporter's (wp-admin/includes/export.php): an RSS 2.0 channel with
the site, its authors (`wp:author`) and terms, then one `item` per post, page and attachment, each
with its postmeta and comments. NewsBlog has one kind of tag; they are exported as WordPress tags
(`post_tag`), and no categories. A featured image is an attachment item (written just before
the article that uses it) named by the article's `_thumbnail_id`.

WordPress numbers posts, pages and attachments in one sequence; NewsBlog numbers each apart, so
an item's `wp:post_id` is derived from its own id (`post_id()`): stable from one export to the
next, so importing a later export updates what an earlier one brought in.

What WordPress has no field for travels as postmeta or commentmeta named `_newsblog_...`
(WordPress hides meta starting with "_"), so an export read back by NewsBlog loses nothing.
"""

import json
from datetime import UTC
from email.utils import format_datetime
from importlib.metadata import version
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone

from transfer import export_data
from transfer.xml_writer import XMLWriter

WP = "http://wordpress.org/export/1.2/"
NAMESPACES = {
    "xmlns:excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
    "xmlns:wfw": "http://wellformedweb.org/CommentAPI/",
    "xmlns:dc": "http://purl.org/dc/elements/1.1/",
    "xmlns:wp": WP,
}
KIND_OFFSETS = {"post": 0, "page": 1, "attachment": 2}
NO_DATE = "0000-00-00 00:00:00"  # what WordPress writes for an undated draft
POST_STATUS = {
    "draft": "draft",
    "scheduled": "future",
    "published": "publish",
    "expired": "publish",
}
COMMENT_APPROVED = {"approved": "1", "pending": "0", "spam": "spam", "rejected": "trash"}
PREFIX = "_newsblog_"


def post_id(kind: str, pk: int) -> int:
    """One id sequence for articles, pages and featured images, as WordPress has."""
    return pk * len(KIND_OFFSETS) + KIND_OFFSETS[kind]


def wp_date(moment, *, gmt: bool = False) -> str:
    if moment is None:
        return NO_DATE
    moment = moment.astimezone(UTC) if gmt else timezone.localtime(moment)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def iso(moment) -> str:
    return moment.astimezone(UTC).isoformat() if moment else ""


def rss_date(moment) -> str:
    return format_datetime((moment or timezone.now()).astimezone(UTC))


def write(out) -> None:
    """Write the export to the text stream `out`."""
    xml = XMLWriter(out)
    created = timezone.now().strftime("%Y-%m-%d %H:%M")
    xml.raw('<?xml version="1.0" encoding="UTF-8" ?>\n')
    xml.raw(f'<!-- generator="NewsBlog/{version("newsblog")}" created="{created}" -->\n')
    xml.open("rss", {"version": "2.0", **NAMESPACES})
    xml.open("channel")
    channel_head(xml)
    for author in export_data.authors():
        author_element(xml, author)
    tag_names = {}  # slug → name, for the articles' categories: tags are few
    for tag in export_data.tags():
        tag_names[tag["slug"]] = tag["name"]
        xml.open("wp:tag")
        xml.text("wp:term_id", tag["id"])
        xml.cdata("wp:tag_slug", tag["slug"])
        xml.cdata("wp:tag_name", tag["name"])
        xml.close("wp:tag")
    xml.text("generator", f"NewsBlog/{version('newsblog')}")
    for article in export_data.articles():
        if article["image"]:
            attachment_item(xml, article)
        article_item(xml, article, tag_names)
    for page in export_data.pages():
        page_item(xml, page)
    xml.close("channel")
    xml.close("rss")


def channel_head(xml: XMLWriter) -> None:
    site = export_data.site_url()
    xml.text("title", settings.SITE_NAME)
    xml.text("link", site)
    xml.text("description", "")
    xml.text("pubDate", rss_date(timezone.now()))
    xml.text("language", settings.LANGUAGE_CODE)
    xml.text("wp:wxr_version", "1.2")
    xml.text("wp:base_site_url", site)
    xml.text("wp:base_blog_url", site)


def author_element(xml: XMLWriter, author: dict) -> None:
    xml.open("wp:author")
    xml.text("wp:author_id", author["id"])
    xml.cdata("wp:author_login", author["username"])
    xml.cdata("wp:author_email", author["email"])
    xml.cdata("wp:author_display_name", author["display_name"])
    xml.cdata("wp:author_first_name", author["first_name"])
    xml.cdata("wp:author_last_name", author["last_name"])
    xml.close("wp:author")


def item_head(xml: XMLWriter, row: dict, *, kind: str, pk: int, date, status: str) -> None:
    """The elements every item starts with, in the order WordPress writes them."""
    xml.cdata("title", row["title"])
    xml.text("link", row["url"])
    xml.text("pubDate", rss_date(date))
    xml.cdata("dc:creator", row["author"])
    xml.text("guid", row["url"], {"isPermaLink": "false"})
    xml.text("description", "")
    xml.cdata("content:encoded", row.get("body", ""))
    xml.cdata("excerpt:encoded", row.get("summary", ""))
    xml.text("wp:post_id", post_id(kind, pk))
    xml.cdata("wp:post_date", wp_date(date or row["created_at"]))
    xml.cdata("wp:post_date_gmt", wp_date(date, gmt=True))
    xml.cdata("wp:post_modified", wp_date(row["updated_at"]))
    xml.cdata("wp:post_modified_gmt", wp_date(row["updated_at"], gmt=True))
    xml.cdata("wp:comment_status", "open" if row.get("allow_comments") else "closed")
    xml.cdata("wp:ping_status", "closed")
    xml.cdata("wp:post_name", row["slug"])
    xml.cdata("wp:status", status)


def item_tail(xml: XMLWriter, *, kind: str, parent: int = 0, menu_order: int = 0) -> None:
    xml.text("wp:post_parent", parent)
    xml.text("wp:menu_order", menu_order)
    xml.cdata("wp:post_type", kind)
    xml.cdata("wp:post_password", "")
    xml.text("wp:is_sticky", 0)


def meta(xml: XMLWriter, key: str, value, *, element: str = "wp:postmeta") -> None:
    xml.open(element)
    xml.cdata("wp:meta_key", key)
    xml.cdata("wp:meta_value", value)
    xml.close(element)


def article_item(xml: XMLWriter, article: dict, tag_names: dict) -> None:
    xml.open("item")
    status = POST_STATUS[article["state"]]
    item_head(
        xml, article, kind="post", pk=article["id"], date=article["published_at"], status=status
    )
    item_tail(xml, kind="post")
    for slug in article["tags"]:
        xml.cdata("category", tag_names[slug], {"domain": "post_tag", "nicename": slug})
    if article["image"]:
        meta(xml, "_thumbnail_id", post_id("attachment", article["id"]))
    for key in ("seo_title", "seo_description"):
        if article[key]:
            meta(xml, PREFIX + key, article[key])
    times = ["expires_at", "unpublished_at", "created_at"]
    if article["status"] == "draft":
        times.append("published_at")  # a WordPress draft's date is not kept as its publication's
    for key in times:
        if article[key]:
            meta(xml, PREFIX + key, iso(article[key]))
    if article["image"]:
        meta(xml, PREFIX + "image_caption", article["image"]["caption"])
        meta(xml, PREFIX + "image_credit", article["image"]["credit"])
    if article["notes"]:
        notes = [{**note, "created_at": iso(note["created_at"])} for note in article["notes"]]
        meta(xml, PREFIX + "notes", json.dumps(notes, ensure_ascii=False))
    for comment in article["comments"]:
        comment_element(xml, comment)
    xml.close("item")


def attachment_item(xml: XMLWriter, article: dict) -> None:
    image = article["image"]
    row = {
        **article,
        "title": image["file"].rsplit("/", 1)[-1].rsplit(".", 1)[0],
        "url": image["url"],
        "body": "",
        "summary": image["caption"],  # WordPress keeps a caption as the attachment's excerpt
        "allow_comments": False,
    }
    row["slug"] = f"{article['slug']}-image"
    xml.open("item")
    item_head(
        xml, row, kind="attachment", pk=article["id"], date=article["created_at"], status="inherit"
    )
    item_tail(xml, kind="attachment", parent=post_id("post", article["id"]))
    xml.text("wp:attachment_url", image["url"])
    meta(xml, "_wp_attached_file", image["file"])
    meta(xml, "_wp_attachment_image_alt", image["alt"])
    xml.close("item")


def page_item(xml: XMLWriter, page: dict) -> None:
    xml.open("item")
    status = "publish" if page["status"] == "published" else "draft"
    item_head(xml, page, kind="page", pk=page["id"], date=page["published_at"], status=status)
    parent = post_id("page", page["parent"]) if page["parent"] else 0
    item_tail(xml, kind="page", parent=parent, menu_order=page["menu_order"])
    if page["seo_description"]:
        meta(xml, PREFIX + "seo_description", page["seo_description"])
    if page["menu"]:
        meta(xml, PREFIX + "menu", page["menu"])
    meta(xml, PREFIX + "created_at", iso(page["created_at"]))
    xml.close("item")


def comment_element(xml: XMLWriter, comment: dict) -> None:
    xml.open("wp:comment")
    xml.text("wp:comment_id", comment["id"])
    xml.cdata("wp:comment_author", comment["name"])
    xml.cdata("wp:comment_author_email", comment["email"])
    xml.text("wp:comment_author_url", "")
    xml.cdata("wp:comment_author_IP", comment["ip_address"])
    xml.cdata("wp:comment_date", wp_date(comment["created_at"]))
    xml.cdata("wp:comment_date_gmt", wp_date(comment["created_at"], gmt=True))
    # WordPress keeps comments as HTML; NewsBlog's are plain text, so "<" is text, not a tag.
    xml.cdata("wp:comment_content", escape(comment["body"]))
    xml.cdata("wp:comment_approved", COMMENT_APPROVED[comment["status"]])
    xml.cdata("wp:comment_type", "comment")
    xml.text("wp:comment_parent", comment["parent"] or 0)
    xml.text("wp:comment_user_id", comment["user_id"] or 0)
    for key in ("user_agent", "held_reason", "user", "staff_role", "moderated_by"):
        if comment[key]:
            meta(xml, PREFIX + key, comment[key], element="wp:commentmeta")
    for key in ("edited_at", "moderated_at", "erased_at"):
        if comment[key]:
            meta(xml, PREFIX + key, iso(comment[key]), element="wp:commentmeta")
    if comment["is_ip_shortened"]:
        meta(xml, PREFIX + "is_ip_shortened", "1", element="wp:commentmeta")
    xml.close("wp:comment")
