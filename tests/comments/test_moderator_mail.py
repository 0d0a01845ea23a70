"""The moderators' email: what it says, where its link leads, and NEWSBLOG_COMMENTS_NOTIFY."""

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import resolve, reverse

from comments import moderation
from comments.desk_links import comment_on_desk_url, desk_url
from comments.models import Comment
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def post_and_commit(post_comment, moderator, django_capture_on_commit_callbacks):
    def post(article, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            return post_comment(article, **fields)

    return post


@pytest.fixture(autouse=True)
def no_flood_interval(settings):
    settings.COMMENTS_FLOOD_SECONDS = 0


def edit_url(comment):
    return reverse("comments:edit", kwargs={"pk": comment.pk})


def link_in(message) -> str:
    [url] = [line for line in message.body.splitlines() if line.startswith(settings.SITE_URL)]
    return url


def test_desk_links_carry_the_filters_and_the_comment():
    assert desk_url() == "/admin/comments/comment/"
    assert desk_url(status="pending", article__id__exact=4) == (
        "/admin/comments/comment/?status=pending&article__id__exact=4"
    )
    assert comment_on_desk_url(7) == "/admin/comments/comment/?status=all&id=7#comment-7"


def test_the_email_links_to_the_comment_on_the_desk_not_its_change_page(article, post_and_commit):
    post_and_commit(article)
    comment = Comment.objects.get()
    [message] = mail.outbox
    url = link_in(message)
    assert url == settings.SITE_URL.rstrip("/") + comment_on_desk_url(comment.pk)
    assert "/change/" not in message.body
    path = url.removeprefix(settings.SITE_URL.rstrip("/"))
    assert resolve(path.split("?")[0]).url_name == "comments_comment_changelist"


def test_the_email_link_opens_the_desk_at_that_comment(article, post_and_commit, moderator):
    post_and_commit(article, body="Find me on the desk")
    comment = Comment.objects.get()
    path = link_in(mail.outbox[0]).removeprefix(settings.SITE_URL.rstrip("/"))
    desk = Client()  # the moderator, in the browser the mail opens in
    desk.force_login(moderator)
    page = desk.get(path).content.decode()
    assert f'id="comment-{comment.pk}"' in page
    assert "Find me on the desk" in page
    assert f'value="approve:{comment.pk}"' in page  # one click decides it


def test_the_email_names_the_article_and_the_held_reason(article, post_and_commit):
    post_and_commit(article, body="https://one.example.org https://two.example.org")
    [message] = mail.outbox
    assert article.title in message.subject
    assert f"on “{article.title}”" in message.body
    assert "Held because: 2 links" in message.body


def test_a_comment_no_rule_held_says_so(article, post_and_commit):
    post_and_commit(article)
    assert "No rule held it" in mail.outbox[0].body
    assert "Held because" not in mail.outbox[0].body


def test_the_email_about_a_reply_shows_the_comment_it_answers(article, post_and_commit):
    parent = CommentFactory(article=article, approved=True, name="Ada", body="The port is shut.")
    post_and_commit(article, parent=parent.pk, body="It reopened today.")
    [message] = mail.outbox
    assert "In reply to Ada, who wrote:" in message.body
    assert "The port is shut." in message.body
    assert message.body.index("It reopened today.") < message.body.index("The port is shut.")


def test_a_first_comment_shows_no_reply_context(article, post_and_commit):
    post_and_commit(article)
    assert "In reply to" not in mail.outbox[0].body


def test_an_edit_waiting_for_approval_emails_the_moderators(
    client, article, post_and_commit, moderator, django_capture_on_commit_callbacks
):
    post_and_commit(article, body="The harbour opens on Monday.")
    comment = Comment.objects.get()
    moderation.approve(comments=Comment.objects.all(), moderator=moderator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url(comment), {"body": "The harbour opens on Tuesday."})
    [message] = mail.outbox
    assert message.to == ["moderator@example.com"]
    assert f"Edited comment awaiting approval on “{article.title}”" == message.subject
    assert "Shown now:\n\nThe harbour opens on Monday." in message.body
    assert "Proposed:\n\nThe harbour opens on Tuesday." in message.body
    assert link_in(message).endswith(comment_on_desk_url(comment.pk))


def test_editing_a_pending_comment_sends_no_second_email(
    client, article, post_and_commit, django_capture_on_commit_callbacks
):
    post_and_commit(article, body="The harbour opens on Monday.")
    comment = Comment.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url(comment), {"body": "The harbour opens on Tuesday."})
    assert len(mail.outbox) == 1


def test_notify_off_sends_the_moderators_nothing(settings, article, post_and_commit):
    settings.COMMENTS_NOTIFY = "off"
    post_and_commit(article)
    assert mail.outbox == []
    assert Comment.objects.count() == 1
