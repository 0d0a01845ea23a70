"""Reading back what a NewsBlog export carries beyond WordPress's own fields.

transfer/wxr_export.py writes NewsBlog's fields that WordPress has no place for as postmeta and
commentmeta named `_newsblog_...`; these functions turn them back into model fields, so an
export imported into an empty NewsBlog loses nothing. A file from WordPress has none of them:
each function then gives nothing and the import keeps its defaults. Values are checked as any
imported text is: cut to the field's length, dates that do not parse ignored.
"""

import datetime
import json

from django.contrib.auth import get_user_model

from articles.models import Article, ArticleNote
from comments.models import Comment
from pages.models import Page

PREFIX = "_newsblog_"


def _text(meta: dict, model, name: str) -> dict:
    key = PREFIX + name
    if key not in meta:
        return {}
    return {name: meta[key].strip()[: model._meta.get_field(name).max_length]}


def _time(meta: dict, name: str) -> dict:
    try:
        moment = datetime.datetime.fromisoformat(meta[PREFIX + name].strip())
    except (KeyError, ValueError):
        return {}
    return {name: moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)}


def _user(meta: dict, name: str) -> dict:
    login = meta.get(PREFIX + name, "").strip()
    if not login:
        return {}
    return {name: get_user_model().objects.filter(username=login).first()}


def article_fields(meta: dict) -> dict:
    texts = ("seo_title", "seo_description", "image_caption", "image_credit")
    fields = {key: value for name in texts for key, value in _text(meta, Article, name).items()}
    for name in ("expires_at", "unpublished_at", "published_at"):
        fields.update(_time(meta, name))
    return fields


def save_notes(article: Article, meta: dict) -> None:
    """The article's corrections and updates, as the export lists them."""
    try:
        rows = json.loads(meta[PREFIX + "notes"])
    except (KeyError, ValueError):
        return
    notes = []
    for row in rows if isinstance(rows, list) else []:
        moment = _time({PREFIX + "at": str(row.get("created_at", ""))}, "at").get("at")
        if row.get("kind") in ArticleNote.Kind.values and row.get("text") and moment:
            notes.append((row["kind"], str(row["text"])[:1000], moment))
    if [(n.kind, n.text, n.created_at) for n in article.notes.all()] != notes:
        article.notes.all().delete()
        for kind, text, moment in notes:
            ArticleNote.objects.create(article=article, kind=kind, text=text, created_at=moment)


def page_fields(meta: dict) -> dict:
    fields = _text(meta, Page, "seo_description")
    if meta.get(PREFIX + "menu") in Page.Menu.values:
        fields["menu"] = meta[PREFIX + "menu"]
    return fields


def comment_fields(meta: dict) -> dict:
    fields = {}
    for name in ("user_agent", "held_reason", "staff_role"):
        fields.update(_text(meta, Comment, name))
    for name in ("edited_at", "moderated_at", "erased_at"):
        fields.update(_time(meta, name))
    for name in ("user", "moderated_by"):
        fields.update(_user(meta, name))
    if meta.get(PREFIX + "is_ip_shortened") == "1":
        fields["is_ip_shortened"] = True
    return fields
