"""Realistic content for the benchmark: 500 articles over 20 tags, and the demo article with
50 approved comments."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.demo.loader import load_demo_article
from articles.models import Article, Tag
from comments.models import Comment, comment_fingerprint

ARTICLES = 500
TAGS = 20
TAGS_PER_ARTICLE = 3
COMMENTS = 50
PARAGRAPH = (
    "<p>The harbour authority said on Tuesday that the northern quay would reopen to cargo "
    "traffic after repairs, with night shifts added to clear the backlog of containers waiting "
    "offshore. Shipping agents welcomed the decision but warned that delays could last weeks.</p>"
)


def populate(seed: int = 6) -> Article:
    """Fill an empty database; return the demo article."""
    rng = random.Random(seed)
    author, _ = get_user_model().objects.get_or_create(
        username="reporter", defaults={"first_name": "Ada", "last_name": "Reporter"}
    )
    tags = Tag.objects.bulk_create(
        Tag(name=f"Topic {number}", slug=f"topic-{number}") for number in range(TAGS)
    )
    now = timezone.now()
    articles = Article.objects.bulk_create(
        Article(
            title=f"Story number {number}: the harbour, the council and the budget",
            slug=f"story-{number}",
            summary="A short summary of the story for the index page.",
            body=PARAGRAPH * 8,
            author=author,
            status=Article.Status.PUBLISHED,
            published_at=now - datetime.timedelta(hours=number),
        )
        for number in range(ARTICLES)
    )
    Link = Article.tags.through
    Link.objects.bulk_create(
        Link(article_id=article.pk, tag_id=tag.pk)
        for article in articles
        for tag in rng.sample(tags, TAGS_PER_ARTICLE)
    )
    demo, _ = load_demo_article()
    comments = [
        Comment(
            article=demo,
            name=f"Reader {number}",
            email=f"reader{number}@example.com",
            body=f"Comment {number}: see https://example.com/{number} for the background.\n\n"
            "A second paragraph with a few more words about the visit.",
            status=Comment.Status.APPROVED,
            ip_address="192.0.2.10",
        )
        for number in range(COMMENTS)
    ]
    for comment in comments:  # what save() derives; bulk_create skips save()
        comment.fingerprint = comment_fingerprint(email=comment.email, body=comment.body)
    Comment.objects.bulk_create(comments)
    return demo
