import datetime

import pytest
from django.utils import timezone

from articles.models import Article, ArticleNote
from comments.models import Comment
from pages.models import Page
from tests.factories import ArticleFactory, CommentFactory, TagFactory, UserFactory

# Plain text that would end a CDATA section if an export wrote it as it is.
CDATA_END = "Arrays: a[b[0]]> c, and ]]> again"


def ago(**delta):
    return timezone.now() - datetime.timedelta(**delta)


@pytest.fixture
def full_site(db):
    """A site with every field an export must carry set to something: articles in every
    state, tags, nested pages, authors, comments in every status with threads, a featured
    image with alt text, caption and credit, and corrections."""
    writer = UserFactory(username="ines", first_name="Inès", last_name="Moreau")
    other = UserFactory(username="tom", first_name="", last_name="")
    moderator = UserFactory(username="mod", first_name="Mo", last_name="Derator")
    harbour, storm = TagFactory(name="Harbour"), TagFactory(name="Storm & rain")
    main = ArticleFactory(
        with_image=True,
        title=f"Port reopens — {CDATA_END}",
        slug="port-reopens",
        author=writer,
        summary="Ships move again.",
        body='<h2>Harbour</h2><p>The <a href="https://example.com/">port</a> is open.</p>',
        seo_title="Port open again",
        seo_description="The harbour reopened on Monday.",
        published_at=ago(days=2, microseconds=123457),
        expires_at=timezone.now() + datetime.timedelta(days=30),
        image_caption="The quay at dawn",
        image_credit="Photo: Jane Doe / Agency",
        tags=[harbour, storm],
    )
    ArticleNote.objects.create(article=main, kind="correction", text="The date was wrong.")
    ArticleNote.objects.create(article=main, kind="update", text="Ferries run too.")
    ArticleFactory(
        title="Tomorrow's tide", slug="tide", author=other, scheduled=True, allow_comments=False
    )
    ArticleFactory(title="Notes for later", slug="later", author=writer, draft=True, summary="")
    ArticleFactory(
        title="Old offer", slug="offer", published_at=ago(days=10), expires_at=ago(days=1)
    )
    moved_back = ArticleFactory(title="Pulled", slug="pulled", author=other)
    moved_back.status = Article.Status.DRAFT
    moved_back.save()
    thread(main, moderator)
    about = Page.objects.create(
        title="About us",
        slug="about",
        author=writer,
        status="published",
        menu="header",
        body="<p>Who we are.</p>",
        published_at=ago(days=100),
    )
    Page.objects.create(
        title="The team",
        slug="team",
        parent=about,
        author=other,
        status="published",
        menu="footer",
        menu_order=2,
        seo_description="The people behind it.",
        body="<p>Us.</p>",
        published_at=ago(days=50),
    )
    Page.objects.create(title="Privacy", slug="privacy", author=writer, body="<p>Soon.</p>")
    return main


def thread(article, moderator):
    """Comments in every status, with replies two levels deep."""
    first = CommentFactory(
        article=article,
        approved=True,
        body=f"First! {CDATA_END}",
        user_agent="Firefox",
        moderated_by=moderator,
        moderated_at=ago(hours=20),
        created_at=ago(days=1),
    )
    reply = CommentFactory(
        article=article,
        approved=True,
        parent=first,
        thread=first,
        depth=2,
        user=moderator,
        staff_role="Moderator",
        created_at=ago(hours=20),
        edited_at=ago(hours=19),
    )
    CommentFactory(
        article=article,
        parent=reply,
        thread=first,
        depth=3,
        created_at=ago(hours=10),
        ip_address="192.0.2.0",
        is_ip_shortened=True,
    )
    CommentFactory(article=article, spam=True, held_reason="Blocked word: casino")
    CommentFactory(article=article, rejected=True, erased_at=ago(hours=1), ip_address=None)
    return Comment.objects.filter(article=article)
