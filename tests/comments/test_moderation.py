"""The moderation functions: status changes with their audit trail, and the moderators' email."""

import logging

import pytest
from django.core import mail

from comments import moderation
from comments.models import Comment, ModerationEvent
from tests.factories import CommentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_approving_records_who_when_and_from_which_status(moderator):
    comment = CommentFactory()
    moved = moderation.approve(comments=Comment.objects.all(), moderator=moderator)
    comment.refresh_from_db()
    assert moved == 1
    assert comment.status == Comment.Status.APPROVED
    assert comment.moderated_by == moderator
    assert comment.moderated_at is not None
    event = ModerationEvent.objects.get()
    assert (event.comment, event.moderator) == (comment, moderator)
    assert (event.from_status, event.to_status) == ("pending", "approved")
    assert event.created_at == comment.moderated_at


@pytest.mark.parametrize(
    ("function", "status"),
    [
        (moderation.reject, Comment.Status.REJECTED),
        (moderation.mark_as_spam, Comment.Status.SPAM),
        (moderation.move_to_pending, Comment.Status.PENDING),
    ],
)
def test_each_moderation_function_moves_comments_and_writes_events(moderator, function, status):
    CommentFactory.create_batch(2, approved=True)
    assert function(comments=Comment.objects.all(), moderator=moderator) == 2
    assert set(Comment.objects.values_list("status", flat=True)) == {status}
    assert ModerationEvent.objects.filter(from_status="approved", to_status=status).count() == 2


def test_comments_already_in_that_status_are_left_alone(moderator):
    CommentFactory(approved=True)
    CommentFactory()
    assert moderation.approve(comments=Comment.objects.all(), moderator=moderator) == 1
    assert ModerationEvent.objects.count() == 1


def test_only_the_selected_comments_change(moderator):
    chosen, other = CommentFactory(), CommentFactory()
    moderation.reject(comments=Comment.objects.filter(pk=chosen.pk), moderator=moderator)
    other.refresh_from_db()
    assert other.status == Comment.Status.PENDING


def test_new_pending_comment_emails_the_moderators_after_commit(
    article, post_comment, moderator, django_capture_on_commit_callbacks
):
    UserFactory(username="inactive", is_active=False).groups.add(*moderator.groups.all())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        post_comment(article, name="Grace", body="Worth a second look")
    assert len(callbacks) == 1
    [message] = mail.outbox
    assert message.to == ["moderator@example.com"]
    assert article.title in message.subject
    assert f"Grace wrote on “{article.title}”:" in message.body
    assert "Worth a second look" in message.body


def test_no_email_before_the_comment_is_committed(article, post_comment, moderator):
    # Test transactions never commit, so on_commit callbacks never run here.
    post_comment(article)
    assert mail.outbox == []


def test_moderator_addresses_can_come_from_settings(
    settings, article, post_comment, moderator, django_capture_on_commit_callbacks
):
    settings.COMMENTS_MODERATOR_EMAILS = ["desk@example.com", "night@example.com"]
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(article)
    assert mail.outbox[0].to == ["desk@example.com", "night@example.com"]


def test_spam_does_not_email_the_moderators(
    settings, article, post_comment, moderator, django_capture_on_commit_callbacks
):
    settings.COMMENTS_BLOCKLIST = ["casino"]
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(article, body="casino casino")
    assert mail.outbox == []


def test_held_reason_is_in_the_moderators_email(
    article, post_comment, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(article, body="https://one.example.org https://two.example.org")
    assert "Held because: 2 links" in mail.outbox[0].body


def test_mail_failure_is_logged_and_the_comment_kept(
    settings, article, post_comment, moderator, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.helpers.BrokenMailBackend"
    settings.MAIL_ATTEMPTS = 2
    with django_capture_on_commit_callbacks(execute=True):
        response = post_comment(article)
    assert response.status_code == 302
    assert Comment.objects.count() == 1
    records = [r for r in caplog.records if r.name == "comments.tasks"]
    assert [r.levelno for r in records] == [logging.WARNING, logging.ERROR]
    assert "New comment awaiting moderation" in records[-1].getMessage()
