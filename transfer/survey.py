"""The first of the import's two passes over the file: check all of it before writing anything.

A broken file must import nothing, and a transaction alone would only undo what came before the
break after writing it. So the whole file is read once, without touching the database: every XML
error and every unusable entry surfaces here, with its line. The pass also learns what the
second needs before it meets it: which site the file comes from, how many entries there are
(for the progress bar) and each attachment's file, since a post may name its featured image
before the attachment's own entry. Both passes stream, so memory stays flat.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from transfer.wxr import WXRError, read

NO_DATE = "0000-00-00 00:00:00"


@dataclass
class Survey:
    source: str = ""
    entries: int = 0
    items: int = 0
    comments: int = 0
    attachments: dict = field(default_factory=dict)  # post id → {"file", "alt", "title"}


def survey(path) -> Survey:
    found = Survey()
    site = {}
    for entry in read(path):
        found.entries += 1
        if entry.kind == "site":
            site.update(entry.data)
        elif entry.kind == "item":
            check_item(entry.data, entry.line)
            found.items += 1
            found.comments += len(entry.data["comments"])
            note_attachment(found, entry.data)
    found.source = source_of(site)
    if not found.source:
        raise WXRError("The export names no site (no wp:base_blog_url, link or wp:base_site_url).")
    return found


def source_of(site: dict) -> str:
    """The exporting blog, as one spelling: WordPress.com shares one base_site_url between all
    its blogs, so the blog's own address comes first."""
    for name in ("wp:base_blog_url", "link", "wp:base_site_url"):
        parts = urlsplit(site.get(name, "").strip())
        if parts.netloc:
            return f"{parts.netloc.lower()}{parts.path.rstrip('/')}"
    return ""


def check_item(item: dict, line: int) -> None:
    where = f"Line {line}: the item “{item.get('title', '')[:60]}”"
    if not item.get("wp:post_id", "").strip().isdigit():
        raise WXRError(f"{where} has no usable wp:post_id.")
    for name in ("wp:post_date", "wp:post_date_gmt"):
        try:
            parse_date(item.get(name, ""))
        except ValueError:
            raise WXRError(f"{where} has an unreadable {name}: {item[name]!r}.") from None
    for comment in item["comments"]:
        if not comment.get("wp:comment_id", "").strip().isdigit():
            raise WXRError(f"{where} has a comment without a usable wp:comment_id.")
        try:
            parse_date(comment.get("wp:comment_date_gmt", ""))
        except ValueError:
            raise WXRError(f"{where} has a comment with an unreadable date.") from None


def note_attachment(found: Survey, item: dict) -> None:
    if item.get("wp:post_type") == "attachment":
        found.attachments[item["wp:post_id"].strip()] = {
            "file": item["meta"].get("_wp_attached_file", ""),
            "alt": item["meta"].get("_wp_attachment_image_alt", ""),
            "title": item.get("title", ""),
        }


def parse_date(value: str) -> datetime.datetime | None:
    """A WordPress date ("2014-05-04 12:30:00", in UTC for the _gmt fields); None for none."""
    value = (value or "").strip()
    if not value or value == NO_DATE:
        return None
    return datetime.datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=datetime.UTC)
