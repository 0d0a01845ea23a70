"""The demo content every fresh install shows, read from the text file beside this module."""

import datetime
from dataclasses import dataclass
from html import escape
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify

from articles.demo.illustration import demo_illustration
from articles.models import Article, Tag

DEMO_FILE = Path(__file__).with_name("kim-putin-invitation.txt")
DEMO_PUBLISHED_AT = datetime.datetime(2023, 9, 11, 9, 0, tzinfo=datetime.UTC)
DEMO_AUTHOR = {"username": "newsdesk", "first_name": "News", "last_name": "Desk"}
# Demo content, like the article itself, so not translated.
DEMO_IMAGE_ALT = (
    "Illustration: railway tracks running towards a low sun on the horizon, "
    "under a dusk sky crossed by map lines and overlapping signal rings."
)
DEMO_IMAGE_CREDIT = "Illustration: NewsBlog demo"
# A new article is saved once, so its two timestamps are far closer than this until edited.
UNEDITED = datetime.timedelta(minutes=1)


@dataclass(frozen=True)
class DemoArticle:
    title: str
    tags: list[str]
    paragraphs: list[str]

    @property
    def body(self) -> str:
        return "".join(f"<p>{escape(paragraph, quote=False)}</p>" for paragraph in self.paragraphs)


def read_demo_article(path: Path = DEMO_FILE) -> DemoArticle:
    header, _, text = path.read_text(encoding="utf-8").partition("\n\n")
    fields = dict(line.split(":", 1) for line in header.splitlines())
    return DemoArticle(
        title=fields["title"].strip(),
        tags=[name.strip() for name in fields["tags"].split(",") if name.strip()],
        paragraphs=[part.strip() for part in text.split("\n\n") if part.strip()],
    )


@transaction.atomic
def load_demo_article() -> tuple[Article, bool]:
    """Create the demo article, author and tags unless they exist; return (article, created)."""
    demo = read_demo_article()
    author, created_author = get_user_model().objects.get_or_create(
        username=DEMO_AUTHOR["username"],
        defaults={key: value for key, value in DEMO_AUTHOR.items() if key != "username"},
    )
    if created_author:
        author.set_unusable_password()
        author.save(update_fields=["password"])
    article, created = Article.objects.get_or_create(
        slug=slugify(demo.title)[:220],
        defaults={
            "title": demo.title,
            "body": demo.body,
            "author": author,
            "status": Article.Status.PUBLISHED,
            "published_at": DEMO_PUBLISHED_AT,
        },
    )
    if created:
        article.tags.set(Tag.objects.get_or_create(name=name)[0] for name in demo.tags)
    if not article.image and article.updated_at - article.created_at < UNEDITED:
        add_demo_image(article)
    return article, created


def add_demo_image(article: Article):
    """Give the demo article its illustration (also on installs that loaded it without one,
    as long as nobody has edited it since)."""
    article.image = ContentFile(demo_illustration(), name="demo.jpg")
    article.image_alt = DEMO_IMAGE_ALT
    article.image_credit = DEMO_IMAGE_CREDIT
    article.save(update_fields=["image", "image_alt", "image_credit", "image_renditions"])
