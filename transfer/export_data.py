"""The site's content as plain rows, read in chunks: what both exports (WXR and JSON) write.

Each function yields one dict per thing, built from querysets read with `.iterator()`, so an
export holds one chunk of articles (with their comments) in memory, never the site.
Times are aware datetimes in UTC or None; people are named by their user name. The JSON
export writes these rows as they are (docs/export-json.md lists every key), the WXR export
maps them onto WordPress's elements (transfer/wxr_export.py), so the two always carry the
same content.
"""

import re
from collections.abc import Iterator

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q

from articles.models import Article, Tag
from comments.models import Comment
from pages.models import Page

CHUNK = 200


def site_url() -> str:
    return settings.SITE_URL.rstrip("/")


def absolute(path: str) -> str:
    return site_url() + "/" + path.lstrip("/")


def with_absolute_images(body: str) -> str:
    """The body with its images' addresses absolute to this site, as WordPress writes them (the
    sanitizer keeps only images of this site's media, which it stores as /media/... paths)."""
    media = re.escape(settings.MEDIA_URL)
    return re.sub(
        rf'(<img\b[^>]*?\bsrc=")({media}[^"]*)"',
        lambda match: f'{match.group(1)}{absolute(match.group(2))}"',
        body,
    )


def _username(user) -> str:
    return user.get_username() if user else ""


def authors() -> Iterator[dict]:
    """Everyone who wrote an article or a page, or a comment while logged in."""
    User = get_user_model()
    commenting = Comment.objects.exclude(user=None).values("user")
    people = User.objects.filter(
        Q(articles__isnull=False) | Q(pages__isnull=False) | Q(pk__in=commenting)
    ).distinct()
    for user in people.order_by("pk").iterator(chunk_size=CHUNK):
        yield {
            "id": user.pk,
            "username": user.get_username(),
            "email": user.email,
            "display_name": user.get_full_name(),
            "first_name": user.first_name,
            "last_name": user.last_name,
        }


def tags() -> Iterator[dict]:
    for tag in Tag.objects.order_by("pk").iterator(chunk_size=CHUNK):
        yield {"id": tag.pk, "name": tag.name, "slug": tag.slug}


def image(article: Article) -> dict | None:
    if not article.image:
        return None
    return {
        "file": article.image.name,
        "url": absolute(article.image.url) if "://" not in article.image.url else article.image.url,
        "alt": article.image_alt,
        "caption": article.image_caption,
        "credit": article.image_credit,
    }


def state(article: Article) -> str:
    """Where the article stands, as the admin says it: draft, scheduled, published, expired."""
    if article.is_expired():
        return "expired"
    if article.is_scheduled():
        return "scheduled"
    return "published" if article.is_published() else "draft"


def articles() -> Iterator[dict]:
    """Every article, read CHUNK at a time with the tags, notes and comments of the chunk."""
    comments_in_order = Comment.objects.select_related("user", "moderated_by").order_by(
        "created_at", "pk"
    )
    rows = (
        Article.objects.select_related("author")
        .prefetch_related("tags", "notes", Prefetch("comments", queryset=comments_in_order))
        .defer("search_document")
        .order_by("pk")
    )
    for article in rows.iterator(chunk_size=CHUNK):
        yield {
            "id": article.pk,
            "title": article.title,
            "slug": article.slug,
            "url": absolute(article.get_absolute_url()),
            "status": article.status,
            "state": state(article),
            "author": _username(article.author),
            "summary": article.summary,
            "body": with_absolute_images(article.body),
            "seo_title": article.seo_title,
            "seo_description": article.seo_description,
            "published_at": article.published_at,
            "expires_at": article.expires_at,
            "unpublished_at": article.unpublished_at,
            "created_at": article.created_at,
            "updated_at": article.updated_at,
            "allow_comments": article.allow_comments,
            "tags": [tag.slug for tag in article.tags.all()],
            "image": image(article),
            "notes": [note_row(note) for note in article.notes.all()],
            "comments": comments(article.comments.all()),
        }


def note_row(note) -> dict:
    return {"kind": note.kind, "text": note.text, "created_at": note.created_at}


def comments(rows) -> Iterator[dict]:
    """An article's comments, every status, oldest first, so a reply follows what it answers
    in most threads (importers must not rely on it: a parent may come later)."""
    for comment in rows:
        yield {
            "id": comment.pk,
            "parent": comment.parent_id,
            "status": comment.status,
            "name": comment.name,
            "email": comment.email,
            "body": comment.body,
            "ip_address": comment.ip_address or "",
            "is_ip_shortened": comment.is_ip_shortened,
            "user_agent": comment.user_agent,
            "created_at": comment.created_at,
            "edited_at": comment.edited_at,
            "held_reason": comment.held_reason,
            "user": _username(comment.user),
            "user_id": comment.user_id,
            "staff_role": comment.staff_role,
            "moderated_by": _username(comment.moderated_by),
            "moderated_at": comment.moderated_at,
            "erased_at": comment.erased_at,
        }


def pages() -> Iterator[dict]:
    rows = Page.objects.select_related("author").order_by("path")  # parents before children
    for page in rows.iterator(chunk_size=CHUNK):
        yield {
            "id": page.pk,
            "title": page.title,
            "slug": page.slug,
            "parent": page.parent_id,
            "path": page.path,
            "url": absolute(f"/{page.path}/"),
            "status": page.status,
            "author": _username(page.author),
            "body": with_absolute_images(page.body),
            "seo_description": page.seo_description,
            "menu": page.menu,
            "menu_order": page.menu_order,
            "published_at": page.published_at,
            "created_at": page.created_at,
            "updated_at": page.updated_at,
        }
