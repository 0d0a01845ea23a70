"""Revisions of articles, kept by django-reversion: what each one held, how two differ, restoring.

Every save made through the admin's article form or its actions is a revision (who, when, the
admin's note of what changed), holding every field an editor sets, the tags (each tag's name as
it was then: tags are followed) and the image choice. Saves made elsewhere (an autosave, a
management command) are not: reversion only records saves inside a revision block, which the
admin opens (articles/revisions_admin.py).

Restoring copies a revision's content (title, texts, tags, image, search settings, comments)
onto the article and saves it as a new revision; the address, the state and the publication
date stay as they are, so restoring never publishes, unpublishes or redates anything.
"""

from dataclasses import dataclass

import reversion
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import dateformat, timezone
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.models import Version

from articles.models import Article, Tag
from core import sanitizer

# Derived or the database's own: never edited, never restored.
NOT_KEPT = ["search_document", "image_renditions", "created_at", "updated_at"]
TEXTS = [("title", gettext_lazy("Title")), ("summary", gettext_lazy("Summary"))]
RESTORED = [
    "title",
    "summary",
    "body",
    "seo_title",
    "seo_description",
    "allow_comments",
    "image_alt",
    "image_caption",
    "image_credit",
]
IMAGE_FIELDS = ["image", "image_alt", "image_caption", "image_credit"]
# Shown as "from → to" when they differ between two revisions.
SETTINGS = [
    "status",
    "published_at",
    "expires_at",
    "slug",
    "allow_comments",
    "seo_title",
    "seo_description",
    "image",
    "image_alt",
    "image_caption",
    "image_credit",
]


def register() -> None:
    """Called when the admin's ArticleAdmin is made (RevisionAdminMixin.reversion_register)."""
    if not reversion.is_registered(Tag):
        reversion.register(Tag, fields=["name", "slug"])
    if not reversion.is_registered(Article):
        reversion.register(Article, exclude=NOT_KEPT, follow=["tags"])


def versions_of(article):
    """The article's revisions, newest first, with who made them."""
    return (
        Version.objects.get_for_object(article)
        .select_related("revision__user")
        .order_by("-revision__date_created", "-pk")
    )


def label(version) -> str:
    when = dateformat.format(timezone.localtime(version.revision.date_created), "j M Y, H:i:s")
    user = version.revision.user
    name = (user.get_full_name() or user.get_username()) if user else _("someone")
    return _("%(when)s by %(name)s") % {"when": when, "name": name}


def tag_names(version) -> list[str]:
    """The article's tags in that revision, by the names they had then."""
    pks = {str(pk) for pk in version.field_dict.get("tags", [])}
    tag_type = ContentType.objects.get_for_model(Tag)
    kept = version.revision.version_set.filter(content_type=tag_type, object_id__in=pks)
    names = {v.object_id: v.object_repr for v in kept}
    missing = pks - names.keys()
    names |= {str(t.pk): t.name for t in Tag.objects.filter(pk__in=missing)}
    return sorted(names.values(), key=str.casefold)


@dataclass
class SettingChange:
    name: str
    before: str
    after: str


@dataclass
class Comparison:
    texts: list[tuple[str, SafeString]]
    body: SafeString
    tags_added: list[str]
    tags_removed: list[str]
    settings: list[SettingChange]


def compare(old, new) -> Comparison:
    """What changed from revision `old` to revision `new`."""
    before, after = old.field_dict, new.field_dict
    old_tags, new_tags = set(tag_names(old)), set(tag_names(new))
    return Comparison(
        texts=[
            (label, sanitizer.word_diff(before.get(name, ""), after.get(name, "")))
            for name, label in TEXTS
        ],
        body=sanitizer.word_diff(
            sanitizer.plain_blocks(before.get("body", "")),
            sanitizer.plain_blocks(after.get("body", "")),
        ),
        tags_added=sorted(new_tags - old_tags, key=str.casefold),
        tags_removed=sorted(old_tags - new_tags, key=str.casefold),
        settings=_setting_changes(before, after),
    )


def _setting_changes(before: dict, after: dict) -> list[SettingChange]:
    changes = []
    for name in SETTINGS:
        old, new = _shown(name, before.get(name)), _shown(name, after.get(name))
        if old != new:
            verbose = Article._meta.get_field(name).verbose_name
            changes.append(SettingChange(capfirst(verbose), old, new))
    return changes


def _shown(name: str, value) -> str:
    if name == "status":
        return str(dict(Article.Status.choices).get(value, value))
    if name in ("published_at", "expires_at") and value:
        return dateformat.format(timezone.localtime(value), "j M Y, H:i")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value or "") or "—"


def restore(article: Article, version, *, user) -> list[str]:
    """Make the revision's content the article's, as a new revision. Returns what could not
    be brought back (a deleted tag, an image file no longer stored)."""
    data = version.field_dict
    notes = []
    with transaction.atomic(), reversion.create_revision():
        current_image = {name: getattr(article, name) for name in IMAGE_FIELDS}
        for name in RESTORED:
            setattr(article, name, data.get(name, getattr(article, name)))
        if _image_stored(data.get("image")):
            article.image = data["image"].name if data.get("image") else ""
        else:
            notes.append(_("Its image is no longer stored, so the current image was kept."))
            for name, value in current_image.items():
                setattr(article, name, value)
        article.save()
        wanted = [str(pk) for pk in data.get("tags", [])]
        tags = list(Tag.objects.filter(pk__in=wanted))
        if len(tags) < len(wanted):
            notes.append(_("Some of its tags have been deleted since, and are left out."))
        article.tags.set(tags)
        reversion.set_user(user)
        reversion.set_comment(_("Restored the revision of %(label)s.") % {"label": label(version)})
    return notes


def version_of(article, version_id) -> Version:
    """The revision of this article with that id (Version.DoesNotExist otherwise)."""
    return versions_of(article).get(pk=version_id)


def form_initial(version) -> dict:
    """The revision's content as a change form's initial data (nothing is saved)."""
    data = version.field_dict
    initial = {name: data[name] for name in RESTORED if name in data}
    initial["tags"] = [str(pk) for pk in data.get("tags", [])]
    if _image_stored(data.get("image")):
        initial["image"] = data.get("image")
    else:
        initial = {name: value for name, value in initial.items() if name not in IMAGE_FIELDS}
    return initial


def _image_stored(image) -> bool:
    """No image, or one whose file is still there (replaced images' files are deleted)."""
    return not image or image.storage.exists(image.name)
