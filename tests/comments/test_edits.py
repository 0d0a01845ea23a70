"""Commenters edit their own comments for a while; edits of approved ones wait for a moderator."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comments import moderation
from comments.models import Comment, CommentVersion, ModerationEvent
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db

FIRST = "The harbour opens on Monday."
SECOND = "The harbour opens on Tuesday, I am told."


@pytest.fixture(autouse=True)
def no_flood_interval(settings):
    settings.COMMENTS_FLOOD_SECONDS = 0


def is_cached(url) -> bool:
    with CaptureQueriesContext(connection) as queries:
        Client().get(url)
    return len(queries) == 0


def edit_url(comment):
    return reverse("comments:edit", kwargs={"pk": comment.pk})


@pytest.fixture
def own_comment(article, post_comment):
    """A comment the test client posted, so its session remembers it."""
    post_comment(article, body=FIRST)
    return Comment.objects.get()


def approve(comment, moderator):
    moderation.approve(comments=Comment.objects.filter(pk=comment.pk), moderator=moderator)
    comment.refresh_from_db()


def test_writer_sees_an_edit_link_on_their_own_comment_and_others_do_not(
    client, article, own_comment
):
    assert edit_url(own_comment) in client.get(article.get_absolute_url()).content.decode()
    assert edit_url(own_comment) not in Client().get(article.get_absolute_url()).content.decode()


def test_another_browser_cannot_open_the_edit_form(own_comment):
    assert Client().get(edit_url(own_comment)).status_code == 404
    response = Client().post(edit_url(own_comment), {"body": SECOND})
    assert response.status_code == 404
    own_comment.refresh_from_db()
    assert own_comment.body == FIRST


def test_editing_a_pending_comment_replaces_its_text(client, article, own_comment):
    form = client.get(edit_url(own_comment)).content.decode()
    assert FIRST in form
    response = client.post(edit_url(own_comment), {"body": SECOND})
    assert response.status_code == 302
    own_comment.refresh_from_db()
    assert own_comment.body == SECOND
    assert own_comment.status == Comment.Status.PENDING
    assert own_comment.edited_at is not None
    page = client.get(response["Location"]).content.decode()
    assert SECOND in page
    assert "(edited)" in page


def test_every_version_is_kept_for_moderators(client, own_comment, moderator_client):
    client.post(edit_url(own_comment), {"body": SECOND})
    texts = list(own_comment.versions.values_list("body", "status"))
    assert texts == [
        (FIRST, CommentVersion.Status.REPLACED),
        (SECOND, CommentVersion.Status.APPROVED),
    ]
    admin_page = moderator_client.get(
        reverse("admin:comments_comment_change", args=[own_comment.pk])
    ).content.decode()
    assert FIRST in admin_page
    assert SECOND in admin_page


def test_the_edit_form_closes_after_the_edit_window(client, settings, own_comment):
    later = timezone.now() + datetime.timedelta(minutes=settings.COMMENTS_EDIT_MINUTES, seconds=5)
    with time_machine.travel(later):
        assert client.get(edit_url(own_comment)).status_code == 403
        assert client.post(edit_url(own_comment), {"body": SECOND}).status_code == 403
        page = client.get(own_comment.article.get_absolute_url()).content.decode()
    assert edit_url(own_comment) not in page
    own_comment.refresh_from_db()
    assert own_comment.body == FIRST


def test_a_comment_with_a_reply_can_no_longer_be_edited(client, moderator, own_comment):
    approve(own_comment, moderator)
    CommentFactory(article=own_comment.article, parent=own_comment, depth=2)
    assert client.post(edit_url(own_comment), {"body": SECOND}).status_code == 403
    own_comment.refresh_from_db()
    assert own_comment.body == FIRST


def test_an_edit_of_an_approved_comment_waits_for_a_moderator(
    client, article, moderator, own_comment
):
    approve(own_comment, moderator)
    response = client.post(edit_url(own_comment), {"body": SECOND}, follow=True)
    assert "once a moderator approves it" in response.content.decode()
    own_comment.refresh_from_db()
    assert own_comment.body == FIRST
    assert own_comment.edited_at is None
    public = Client().get(article.get_absolute_url()).content.decode()
    assert FIRST in public
    assert SECOND not in public
    assert own_comment.versions.get(status=CommentVersion.Status.PENDING).body == SECOND


def test_moderator_sees_both_texts_and_approves_the_edit(
    client, article, moderator, moderator_client, own_comment, django_capture_on_commit_callbacks
):
    approve(own_comment, moderator)
    client.post(edit_url(own_comment), {"body": SECOND})
    change_url = reverse("admin:comments_comment_change", args=[own_comment.pk])
    admin_page = moderator_client.get(change_url).content.decode()
    assert "Shown now:" in admin_page
    assert "Proposed:" in admin_page
    assert FIRST in admin_page
    assert SECOND in admin_page
    Client().get(article.get_absolute_url())
    assert is_cached(article.get_absolute_url())
    version = own_comment.versions.get(status=CommentVersion.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(
            reverse("admin:comments_comment_decide_edit", args=[own_comment.pk, "approve"]),
            {"version": version.pk},
        )
    assert not is_cached(article.get_absolute_url())
    public = Client().get(article.get_absolute_url()).content.decode()
    assert SECOND in public
    assert FIRST not in public
    assert "(edited)" in public
    event = ModerationEvent.objects.filter(comment=own_comment).last()
    assert (event.reason, event.moderator) == ("edit approved", moderator)


def test_rejected_edit_leaves_the_public_text(client, moderator, own_comment):
    approve(own_comment, moderator)
    client.post(edit_url(own_comment), {"body": SECOND})
    version = own_comment.versions.get(status=CommentVersion.Status.PENDING)
    assert moderation.reject_edit(version=version, moderator=moderator)
    own_comment.refresh_from_db()
    assert own_comment.body == FIRST
    assert own_comment.events.last().reason == "edit rejected"
    version.refresh_from_db()
    assert version.status == CommentVersion.Status.REJECTED


def test_an_edit_that_is_too_long_is_refused_with_the_text_kept(client, own_comment):
    long_text = "x" * 5001
    response = client.post(edit_url(own_comment), {"body": long_text})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Please keep your comment under 5000 characters." in page
    assert long_text in page


def test_an_edit_with_many_links_is_held_for_the_spam_rules(client, own_comment):
    client.post(
        edit_url(own_comment),
        {"body": "See https://a.example.org, https://b.example.org and https://c.example.org"},
    )
    own_comment.refresh_from_db()
    assert own_comment.held_reason == "3 links"


def test_an_edit_with_a_blocked_word_is_marked_as_spam(client, settings, own_comment):
    settings.COMMENTS_BLOCKLIST = ["casino"]
    client.post(edit_url(own_comment), {"body": "Cheap casino chips"})
    own_comment.refresh_from_db()
    assert own_comment.status == Comment.Status.SPAM


def test_an_edit_repeating_another_comment_is_refused(client, article, post_comment, own_comment):
    post_comment(article, body="Another remark entirely.")
    response = client.post(edit_url(own_comment), {"body": "Another remark entirely."})
    assert response.status_code == 400
    assert "You have already sent this comment." in response.content.decode()


def test_edits_count_against_the_flood_limit(client, settings, article, post_comment):
    settings.COMMENTS_FLOOD_SECONDS = 15
    post_comment(article, body=FIRST)
    comment = Comment.objects.get()
    response = client.post(edit_url(comment), {"body": SECOND})
    assert response.status_code == 429
    assert "too fast" in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == FIRST


def test_no_edit_link_is_stored_in_the_page_cache(client, article, own_comment, moderator):
    approve(own_comment, moderator)
    writers_page = client.get(article.get_absolute_url()).content.decode()  # fresh, not stored
    assert edit_url(own_comment) in writers_page
    Client().get(article.get_absolute_url())  # a reader without a session fills the cache
    assert is_cached(article.get_absolute_url())
    assert edit_url(own_comment) not in Client().get(article.get_absolute_url()).content.decode()


def test_moderators_can_list_the_comments_with_an_edit_waiting(
    client, moderator, moderator_client, own_comment
):
    approve(own_comment, moderator)
    CommentFactory(approved=True, body="Nobody edited this one.")
    client.post(edit_url(own_comment), {"body": SECOND})
    queue = moderator_client.get(reverse("admin:comments_comment_changelist"), {"edit": "waiting"})
    page = queue.content.decode()
    assert own_comment.excerpt() in page
    assert "Nobody edited this one." not in page


def test_an_edit_whose_text_was_meanwhile_sent_again_is_not_applied(
    client, article, post_comment, moderator, moderator_client, own_comment
):
    approve(own_comment, moderator)
    client.post(edit_url(own_comment), {"body": SECOND})
    post_comment(article, body=SECOND)  # the same words from the same address, as a new comment
    version = own_comment.versions.get(status=CommentVersion.Status.PENDING)
    response = moderator_client.post(
        reverse("admin:comments_comment_decide_edit", args=[own_comment.pk, "approve"]),
        {"version": version.pk},
        follow=True,
    )
    assert "Another comment already has this text." in response.content.decode()
    own_comment.refresh_from_db()
    assert own_comment.body == FIRST
