"""Export → import into an empty site gives back every field (the issue's bar).

Times come back to the second (WordPress dates have no fractions). Not compared: when rows were
created and last saved (the database sets them on import), the image's file (an imported
image is checked and re-encoded like an upload, under a new name: its size and alt text,
caption and credit come back) and imported authors' log-ins (they arrive inactive, with no
password, as every import makes them).
"""

import io
import shutil

from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.models import Article, ArticleNote, Tag, TagRedirect
from comments.models import Comment
from pages.models import Page
from transfer.models import ImportedItem
from transfer.wordpress import import_wordpress


def second(moment):
    return moment.replace(microsecond=0) if moment else None


def username(user):
    return user.get_username() if user else ""


def article_fields(article):
    image = (article.image.width, article.image.height) if article.image else None
    return {
        **{
            name: getattr(article, name)
            for name in (
                "title", "summary", "body", "seo_title", "seo_description", "status",
                "allow_comments", "image_alt", "image_caption", "image_credit",
            )
        },
        **{
            name: second(getattr(article, name))
            for name in ("published_at", "expires_at", "unpublished_at")
        },
        "author": username(article.author),
        "tags": sorted((tag.slug, tag.name) for tag in article.tags.all()),
        "image": image,
        "notes": [(n.kind, n.text, second(n.created_at)) for n in article.notes.all()],
    }  # fmt: skip


def comment_fields(comment):
    return {
        **{
            name: getattr(comment, name)
            for name in (
                "name", "email", "body", "status", "ip_address", "is_ip_shortened",
                "user_agent", "held_reason", "staff_role", "depth",
            )
        },
        **{
            name: second(getattr(comment, name))
            for name in ("created_at", "edited_at", "moderated_at", "erased_at")
        },
        "user": username(comment.user),
        "moderated_by": username(comment.moderated_by),
        "parent": comment.parent.body if comment.parent else None,
        "thread": comment.thread.body if comment.thread else None,
    }  # fmt: skip


def page_fields(page):
    return {
        "title": page.title, "slug": page.slug, "body": page.body, "status": page.status,
        "seo_description": page.seo_description, "menu": page.menu,
        "menu_order": page.menu_order, "author": username(page.author),
        "parent": page.parent.path if page.parent else None,
        "published_at": second(page.published_at),
    }  # fmt: skip


def snapshot():
    return {
        "articles": {a.slug: article_fields(a) for a in Article.objects.all()},
        "pages": {page.path: page_fields(page) for page in Page.objects.all()},
        "authors": {
            user.username: (user.first_name, user.last_name, user.email)
            for user in get_user_model().objects.all()
        },
        "tags": sorted(Tag.objects.values_list("slug", "name")),
        "comments": sorted(
            ({"article": c.article.slug, **comment_fields(c)} for c in Comment.objects.all()),
            key=lambda c: (c["article"], c["created_at"], c["email"]),
        ),
    }


def empty_the_site():
    for depth in sorted(set(Comment.objects.values_list("depth", flat=True)), reverse=True):
        Comment.objects.filter(depth=depth).delete()  # replies before what they answer
    ArticleNote.objects.all().delete()
    Article.objects.all().delete()
    while Page.objects.exists():  # children before their parents
        Page.objects.filter(children=None).delete()
    TagRedirect.objects.all().delete()
    Tag.objects.all().delete()
    ImportedItem.objects.all().delete()
    get_user_model().objects.all().delete()


def test_export_then_import_into_an_empty_site_gives_back_every_field(full_site, tmp_path):
    before = snapshot()
    export = tmp_path / "site.xml"
    call_command("export_wordpress", output=str(export), stderr=io.StringIO())
    media = shutil.copytree(full_site.image.storage.location, tmp_path / "uploads")
    empty_the_site()
    assert snapshot() == {"articles": {}, "pages": {}, "authors": {}, "tags": [], "comments": []}

    import_wordpress(export, media=media)

    after = snapshot()
    assert after["authors"] == before["authors"]
    assert after["tags"] == before["tags"]
    assert after["pages"] == before["pages"]
    assert after["articles"].keys() == before["articles"].keys()
    for slug, fields in before["articles"].items():
        assert after["articles"][slug] == fields, slug
    assert len(after["comments"]) == len(before["comments"])
    for imported, exported in zip(after["comments"], before["comments"], strict=True):
        assert imported == exported


def test_importing_the_same_export_again_changes_nothing(full_site, tmp_path):
    export = tmp_path / "site.xml"
    call_command("export_wordpress", output=str(export), stderr=io.StringIO())
    media = shutil.copytree(full_site.image.storage.location, tmp_path / "uploads")
    empty_the_site()
    import_wordpress(export, media=media)
    once = snapshot()
    report = import_wordpress(export, media=media)
    assert snapshot() == once
    assert report.changed() == 0, report.table()
