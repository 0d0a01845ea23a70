"""Comments and the page cache: the form works on a cached page, moderation refreshes it."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comments.forms import token_issued_at
from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db

FIELD = r'name="{}"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="{}"'


def field(page: str, name: str) -> str:
    match = re.search(FIELD.format(name, name), page)
    return match.group(1) or match.group(2)


def is_cached(url) -> bool:
    with CaptureQueriesContext(connection) as queries:
        Client().get(url)
    return len(queries) == 0


def moderate(moderator_client, action, comment):
    with TestCase.captureOnCommitCallbacks(execute=True):
        moderator_client.post(
            reverse("admin:comments_comment_changelist") + "?status=all",
            {"action": action, "_selected_action": [comment.pk]},
        )


def test_reader_posts_a_comment_from_a_cached_page_without_javascript():
    article = ArticleFactory(title="Harbour reopens")
    Client().get(article.get_absolute_url())  # someone else put the page in the cache
    reader = Client(enforce_csrf_checks=True)
    page = reader.get(article.get_absolute_url()).content.decode()
    form = {
        "csrfmiddlewaretoken": field(page, "csrfmiddlewaretoken"),
        "token": field(page, "token"),
        "name": "Grace",
        "email": "grace@example.com",
        "body": "Good news for the town.",
        "website": "",
    }
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=30)):
        response = reader.post(reverse("comments:post", kwargs={"slug": article.slug}), form)
    assert response.status_code == 302
    assert Comment.objects.get().status == Comment.Status.PENDING
    own_page = reader.get(response["Location"]).content.decode()
    assert "once a moderator approves it" in own_page
    assert "Good news for the town." in own_page
    assert (
        "Good news for the town." not in Client().get(article.get_absolute_url()).content.decode()
    )


def test_cached_page_hands_out_a_form_stamped_when_it_is_served():
    article = ArticleFactory()
    Client().get(article.get_absolute_url())
    later = timezone.now() + datetime.timedelta(minutes=5)
    with time_machine.travel(later):
        page = Client().get(article.get_absolute_url()).content.decode()
    issued = token_issued_at(field(page, "token"), article_id=article.pk)
    assert issued == pytest.approx(later.timestamp(), abs=5)


def test_approving_a_comment_refreshes_its_article_and_the_index(moderator_client):
    article, other = ArticleFactory(), ArticleFactory()
    comment = CommentFactory(article=article, body="Worth reading")
    for url in ("/", article.get_absolute_url(), other.get_absolute_url()):
        Client().get(url)
    moderate(moderator_client, "approve", comment)
    assert "Worth reading" in Client().get(article.get_absolute_url()).content.decode()
    assert "1 comment" in Client().get("/").content.decode()
    assert is_cached(other.get_absolute_url())


def test_rejecting_a_pending_comment_leaves_cached_pages_alone(moderator_client):
    article = ArticleFactory()
    comment = CommentFactory(article=article)
    Client().get(article.get_absolute_url())
    moderate(moderator_client, "reject", comment)
    assert is_cached(article.get_absolute_url())


def test_withdrawing_an_approved_comment_takes_it_off_the_cached_page(moderator_client):
    article = ArticleFactory()
    comment = CommentFactory(article=article, approved=True, body="Regrettable remark")
    Client().get(article.get_absolute_url())
    moderate(moderator_client, "reject", comment)
    assert "Regrettable remark" not in Client().get(article.get_absolute_url()).content.decode()


def test_comment_pages_are_cached_separately():
    article = ArticleFactory()
    CommentFactory.create_batch(50, article=article, approved=True)
    CommentFactory(article=article, approved=True, body="The last word")  # oldest first: page 2
    first = Client().get(article.get_absolute_url()).content.decode()
    second = Client().get(article.get_absolute_url() + "?comments-page=2").content.decode()
    assert "The last word" not in first
    assert "The last word" in second
