import datetime
import io
import json
import re
from pathlib import Path

from django.core.management import call_command

from articles.models import Article
from comments.models import Comment
from pages.models import Page

DOCS = Path(__file__).resolve().parents[2] / "docs" / "export-json.md"


def exported() -> dict:
    out = io.StringIO()
    call_command("export_json", stdout=out)
    return json.loads(out.getvalue())


def documented_keys() -> dict[str, set[str]]:
    """Each "### name" section of the format's page and the keys its table lists."""
    sections = re.split(r"^### ", DOCS.read_text(), flags=re.MULTILINE)[1:]
    keys = {}
    for section in sections:
        title, _, table = section.partition("\n")
        keys[title.strip()] = set(re.findall(r"^\| `(\w+)` \|", table, flags=re.MULTILINE))
    return keys


def when(text):
    return datetime.datetime.fromisoformat(text) if text else None


def test_every_key_is_documented_and_every_documented_key_is_there(full_site):
    document = exported()
    docs = documented_keys()
    [article] = [a for a in document["articles"] if a["slug"] == "port-reopens"]
    found = {
        "The document": set(document),
        "site": set(document["site"]),
        "author": {key for author in document["authors"] for key in author},
        "tag": {key for tag in document["tags"] for key in tag},
        "article": {key for a in document["articles"] for key in a},
        "image": set(article["image"]),
        "note": {key for note in article["notes"] for key in note},
        "comment": {key for comment in article["comments"] for key in comment},
        "page": {key for page in document["pages"] for key in page},
    }
    assert found == docs


def test_articles_come_out_with_their_fields(full_site):
    document = exported()
    assert document["format"] == "newsblog-export" and document["version"] == 1
    articles = {a["slug"]: a for a in document["articles"]}
    assert {slug: a["state"] for slug, a in articles.items()} == {
        "port-reopens": "published", "tide": "scheduled", "later": "draft",
        "offer": "expired", "pulled": "draft",
    }  # fmt: skip
    main = articles["port-reopens"]
    for field in ("title", "summary", "body", "seo_title", "seo_description", "allow_comments"):
        assert main[field] == getattr(full_site, field)
    assert when(main["published_at"]) == full_site.published_at  # to the microsecond
    assert when(main["expires_at"]) == full_site.expires_at
    assert main["tags"] == ["harbour", "storm-rain"]
    assert main["image"]["file"] == full_site.image.name
    assert main["image"]["credit"] == "Photo: Jane Doe / Agency"
    assert [n["kind"] for n in main["notes"]] == ["correction", "update"]
    assert articles["tide"]["allow_comments"] is False
    assert articles["later"]["published_at"] is None
    assert len(articles) == Article.objects.count()


def test_comments_come_out_in_every_status_with_their_thread(full_site):
    [main] = [a for a in exported()["articles"] if a["slug"] == "port-reopens"]
    rows = {c["id"]: c for c in main["comments"]}
    assert len(rows) == Comment.objects.count()
    for comment in Comment.objects.all():
        row = rows[comment.pk]
        assert (row["status"], row["parent"], row["body"], row["email"]) == (
            comment.status, comment.parent_id, comment.body, comment.email,
        )  # fmt: skip
        assert when(row["created_at"]) == comment.created_at
    assert {c["status"] for c in main["comments"]} == {"approved", "pending", "spam", "rejected"}


def test_pages_come_out_parents_first(full_site):
    pages = exported()["pages"]
    assert [p["path"] for p in pages] == ["about", "about/team", "privacy"]
    assert pages[1]["parent"] == pages[0]["id"] == Page.objects.get(slug="about").pk
    assert pages[1]["menu"] == "footer" and pages[1]["menu_order"] == 2


def test_an_empty_site_exports_empty_lists(db):
    document = exported()
    assert [document[k] for k in ("authors", "tags", "articles", "pages")] == [[], [], [], []]
