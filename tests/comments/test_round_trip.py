"""A comment's whole life: a reader posts it, a moderator decides, readers see the outcome."""

import pytest
from django.test import Client, TestCase
from django.urls import reverse

from comments.models import Comment

pytestmark = pytest.mark.django_db


def moderate_in_admin(moderator, action, comment):
    client = Client()
    client.force_login(moderator)
    # Run what waits for the commit (refreshing cached pages), as it would outside a test.
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("admin:comments_comment_changelist") + "?status=all",
            {"action": action, "_selected_action": [comment.pk]},
        )
    assert response.status_code == 302


def test_comment_is_public_and_counted_only_after_a_moderator_approves_it(
    client, article, post_comment, moderator
):
    reader = client
    post_comment(article, name="Grace", body="Round trip remark", using=reader)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert "Round trip remark" in reader.get(article.get_absolute_url()).content.decode()
    stranger_page = Client().get(article.get_absolute_url()).content.decode()
    assert "Round trip remark" not in stranger_page

    moderate_in_admin(moderator, "approve", comment)

    page = Client().get(article.get_absolute_url()).content.decode()
    assert "Round trip remark" in page
    assert "1 comment" in page
    assert "Awaiting moderation" not in page
    index = Client().get(reverse("articles:index")).content.decode()
    assert "1 comment</a>" in index
    assert "Awaiting moderation" not in reader.get(article.get_absolute_url()).content.decode()


@pytest.mark.parametrize("action", ["reject", "mark_as_spam"])
def test_rejected_and_spam_comments_never_appear_anywhere_public(
    client, article, post_comment, moderator, action
):
    post_comment(article, body="Unwelcome remark", using=client)
    moderate_in_admin(moderator, action, Comment.objects.get())
    for reader in (client, Client()):
        assert "Unwelcome remark" not in reader.get(article.get_absolute_url()).content.decode()
        index = reader.get(reverse("articles:index")).content.decode()
        assert f"{article.get_absolute_url()}#comments" not in index
