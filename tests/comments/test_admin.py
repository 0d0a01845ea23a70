"""The moderation queue in the admin, its bulk actions, and who may use them."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment, ModerationEvent
from core import roles
from tests.factories import ArticleFactory, CommentFactory, UserFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:comments_comment_changelist")


def run_action(client, action, comments):
    return client.post(
        QUEUE,
        {"action": action, "_selected_action": [comment.pk for comment in comments]},
        follow=True,
    )


def test_queue_lists_pending_comments_first(moderator_client):
    now = timezone.now()
    CommentFactory(approved=True, body="Approved, newest", created_at=now)
    CommentFactory(body="Pending, oldest", created_at=now - datetime.timedelta(days=2))
    page = moderator_client.get(QUEUE).content.decode()
    assert page.index("Pending, oldest") < page.index("Approved, newest")


def test_queue_shows_article_link_and_held_reason(moderator_client):
    article = ArticleFactory(title="Harbour reopens")
    CommentFactory(article=article, held_reason="2 links")
    page = moderator_client.get(QUEUE).content.decode()
    assert f'href="{article.get_absolute_url()}"' in page  # the page moderators may open
    assert "Harbour reopens" in page
    assert "2 links" in page


def test_queue_filters_by_status_and_article(moderator_client):
    article = ArticleFactory()
    CommentFactory(article=article, body="Wanted one")
    CommentFactory(article=article, spam=True, body="Spam one")
    CommentFactory(body="Elsewhere")
    page = moderator_client.get(QUEUE, {"status": "pending", "article__id__exact": article.pk})
    text = page.content.decode()
    assert "Wanted one" in text
    assert "Spam one" not in text and "Elsewhere" not in text


@pytest.mark.parametrize("query", ["Ada Lovelace", "ada@example.net", "analytical"])
def test_queue_searches_name_email_and_text(moderator_client, query):
    CommentFactory(name="Ada Lovelace", email="ada@example.net", body="The analytical engine")
    CommentFactory(body="Something else entirely")
    text = moderator_client.get(QUEUE, {"q": query}).content.decode()
    assert "The analytical engine" in text
    assert "Something else entirely" not in text


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("approve", Comment.Status.APPROVED),
        ("reject", Comment.Status.REJECTED),
        ("mark_as_spam", Comment.Status.SPAM),
    ],
)
def test_bulk_actions_change_the_selected_comments(moderator_client, moderator, action, status):
    chosen = CommentFactory.create_batch(2)
    untouched = CommentFactory()
    response = run_action(moderator_client, action, chosen)
    assert response.status_code == 200
    assert set(
        Comment.objects.filter(pk__in=[c.pk for c in chosen]).values_list("status", flat=True)
    ) == {status}
    untouched.refresh_from_db()
    assert untouched.status == Comment.Status.PENDING
    assert ModerationEvent.objects.filter(moderator=moderator, to_status=status).count() == 2


def test_move_back_to_pending_action(moderator_client):
    comment = CommentFactory(approved=True)
    response = run_action(moderator_client, "move_to_pending", [comment])
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert "1 comment moved back to pending." in response.content.decode()


def test_moderation_history_is_visible_on_the_comment(moderator_client):
    comment = CommentFactory(ip_address="203.0.113.5", user_agent="Firefox 140")
    run_action(moderator_client, "approve", [comment])
    page = moderator_client.get(reverse("admin:comments_comment_change", args=[comment.pk]))
    text = page.content.decode()
    assert "Moderation history" in text
    assert "moderator" in text
    assert "203.0.113.5" in text and "Firefox 140" in text


def test_status_cannot_be_edited_on_the_comment_form(moderator_client):
    comment = CommentFactory()
    url = reverse("admin:comments_comment_change", args=[comment.pk])
    moderator_client.post(
        url,
        {
            "name": comment.name,
            "email": comment.email,
            "body": "Edited",
            "status": "approved",
            "events-TOTAL_FORMS": 0,
            "events-INITIAL_FORMS": 0,
        },
    )
    comment.refresh_from_db()
    assert comment.body == "Edited"
    assert comment.status == Comment.Status.PENDING


def test_moderators_group_has_can_moderate_and_nothing_on_articles():
    codenames = set(
        Group.objects.get(name=roles.MODERATORS).permissions.values_list("codename", flat=True)
    )
    assert "can_moderate" in codenames
    assert not {codename for codename in codenames if codename.endswith(("_article", "_tag"))}


def test_editors_cannot_moderate(editor, editor_client):
    comment = CommentFactory()
    assert not editor.has_perm("comments.can_moderate")
    assert editor_client.get(QUEUE).status_code == 403
    run_action(editor_client, "approve", [comment])
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_editor_given_the_permission_can_moderate(editor, editor_client):
    editor.user_permissions.add(
        Permission.objects.get(codename="can_moderate"),
        Permission.objects.get(codename="view_comment"),
    )
    comment = CommentFactory()
    run_action(editor_client, "approve", [comment])
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED


def test_moderators_cannot_edit_articles(moderator_client):
    article = ArticleFactory()
    assert moderator_client.get(reverse("admin:articles_article_changelist")).status_code == 403
    change = reverse("admin:articles_article_change", args=[article.pk])
    assert moderator_client.get(change).status_code == 403


def test_staff_who_may_only_view_comments_get_no_moderation_actions():
    viewer = UserFactory(username="viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_comment"))
    client = Client()
    client.force_login(viewer)
    comment = CommentFactory()
    page = client.get(QUEUE).content.decode()
    assert 'value="approve"' not in page
    run_action(client, "approve", [comment])
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
