"""Commenters told what happened: double opt-in, mail only after a moderator's decision."""

import datetime
import logging
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from comments import moderation
from comments.models import Comment, Commenter, ModerationEvent, RejectionReason
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db

GRACE = "grace@example.com"


def outbox():
    """The mail sent to commenters: what moderators are sent is tested in test_moderation.py."""
    return [message for message in mail.outbox if message.to != ["moderator@example.com"]]


def links_in(message):
    return re.findall(r"https?://\S+", message.body)


def link_to(message, route):
    prefix = reverse(route, kwargs={"token": "x"}).rsplit("x", 1)[0]
    [link] = [url for url in links_in(message) if prefix in url]
    return link.split("testserver", 1)[1]


def confirmed(email=GRACE, **fields):
    return Commenter.objects.create(email=email, confirmed_at=timezone.now(), **fields)


@pytest.fixture
def decide(django_capture_on_commit_callbacks, moderator):
    """Run a moderation function on some comments, with what follows its commit."""

    def run(function, *comments, **options):
        with django_capture_on_commit_callbacks(execute=True):
            pks = [comment.pk for comment in comments]
            function(comments=Comment.objects.filter(pk__in=pks), moderator=moderator, **options)

    return run


@pytest.fixture
def post_and_commit(settings, post_comment, django_capture_on_commit_callbacks):
    """Post a comment that is stored (flood control off: one reader posts several)."""
    settings.COMMENTS_FLOOD_SECONDS = 0

    def post(article, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            response = post_comment(article, **fields)
        assert response.status_code == 302
        return response

    return post


# The form and the confirmation email


def test_comment_form_offers_both_email_boxes_and_says_a_confirmation_comes(client, article):
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Email me when my comment is published" in page
    assert "Email me when someone replies" in page
    assert 'type="checkbox" name="notify_on_publish"' in page
    assert "we send you an email to confirm your address" in page


def test_ticking_a_box_sends_one_confirmation_email_and_nothing_else(article, post_and_commit):
    response = post_and_commit(article, notify_on_publish="on")
    assert response.status_code == 302
    [message] = outbox()
    assert message.to == [GRACE]
    assert "confirm your email address" in message.subject
    assert link_to(message, "comments:confirm")
    comment = Comment.objects.get()
    assert (comment.notify_on_publish, comment.notify_on_reply) == (True, False)


def test_no_box_ticked_sends_no_email(article, post_and_commit):
    post_and_commit(article)
    assert outbox() == []
    assert not Commenter.objects.exists()


def test_an_unconfirmed_address_is_asked_once_not_once_per_comment(article, post_and_commit):
    post_and_commit(article, notify_on_publish="on", body="First thought.")
    post_and_commit(article, notify_on_reply="on", body="Later.", email="Grace@Example.com")
    assert len(outbox()) == 1
    assert Commenter.objects.get().email == GRACE


def test_a_new_confirmation_goes_out_once_the_first_link_has_expired(article, post_and_commit):
    post_and_commit(article, notify_on_publish="on", body="First thought.")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        post_and_commit(article, notify_on_publish="on", body="Second thought.")
    assert len(outbox()) == 2


def test_a_confirmed_address_is_not_asked_again_and_stays_confirmed(article, post_and_commit):
    commenter = confirmed()
    post_and_commit(article, notify_on_publish="on", notify_on_reply="on")
    assert outbox() == []
    commenter.refresh_from_db()
    assert commenter.is_confirmed()


def test_an_unsubscribed_address_is_not_asked_to_confirm(article, post_and_commit):
    Commenter.objects.create(email=GRACE, unsubscribed_at=timezone.now())
    post_and_commit(article, notify_on_publish="on")
    assert outbox() == []


# Confirming


def test_confirmation_link_shows_a_page_and_only_its_button_confirms(
    client, article, post_and_commit
):
    post_and_commit(article, notify_on_publish="on", notify_on_reply="on")
    url = link_to(outbox()[0], "comments:confirm")
    page = client.get(url)
    assert page.status_code == 200
    assert "Confirm my address" in page.content.decode()
    assert not Commenter.objects.get().is_confirmed()
    done = client.post(url)
    assert done.status_code == 200
    text = done.content.decode()
    assert "Your address is confirmed" in text
    assert "We'll email you when a moderator publishes your comment, and when someone replies" in (
        text.replace("&#x27;", "'")
    )
    assert Commenter.objects.get().is_confirmed()


def test_confirmation_link_expires_after_seven_days(client, article, post_and_commit):
    post_and_commit(article, notify_on_publish="on")
    url = link_to(outbox()[0], "comments:confirm")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7, minutes=1)):
        response = client.post(url)
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert not Commenter.objects.get().is_confirmed()


@pytest.mark.parametrize("route", ["comments:confirm", "comments:unsubscribe"])
def test_a_forged_link_gets_a_clear_page(client, route, db):
    confirmed()
    for token in ["nonsense", "eyJjIjoxLCJlIjoiYWJjIn0:1tAbcd:forgedsignature", "a" * 400]:
        response = client.post(reverse(route, kwargs={"token": token}))
        assert response.status_code == 400
        assert "This link is not valid" in response.content.decode()
    assert Commenter.objects.get().unsubscribed_at is None


def test_a_link_does_not_work_for_another_address(client, article, post_and_commit):
    post_and_commit(article, notify_on_publish="on")
    url = link_to(outbox()[0], "comments:confirm")
    # The row behind the link now holds another address (e.g. after an erasure).
    Commenter.objects.update(email="mallory@example.com")
    assert client.post(url).status_code == 400
    assert not Commenter.objects.get().is_confirmed()


def test_an_unsubscribe_link_does_not_confirm(client, article, post_and_commit):
    post_and_commit(article, notify_on_publish="on")
    unsubscribe = link_to(outbox()[0], "comments:unsubscribe")
    token = unsubscribe.rstrip("/").rsplit("/", 1)[1]
    response = client.post(reverse("comments:confirm", kwargs={"token": token}))
    assert response.status_code == 400
    assert not Commenter.objects.get().is_confirmed()


# Mail after a moderator's decision


def test_nothing_is_sent_on_submission_and_published_mail_follows_approval(
    article, post_and_commit, decide
):
    confirmed()
    post_and_commit(article, notify_on_publish="on")
    assert outbox() == []
    comment = Comment.objects.get()
    decide(moderation.approve, comment)
    [message] = outbox()
    assert message.to == [GRACE]
    assert "is published" in message.subject
    assert f"http://testserver{comment.get_absolute_url()}" in links_in(message)


def test_no_published_mail_to_an_unconfirmed_address(article, post_and_commit, decide):
    post_and_commit(article, notify_on_publish="on")
    mail.outbox.clear()  # the confirmation
    decide(moderation.approve, Comment.objects.get())
    assert outbox() == []


def test_no_published_mail_when_the_commenter_did_not_ask(decide):
    confirmed()
    decide(moderation.approve, CommentFactory(email=GRACE, notify_on_reply=True))
    assert outbox() == []


def test_a_comment_is_announced_once_however_often_it_is_approved(decide):
    confirmed()
    comment = CommentFactory(email=GRACE, notify_on_publish=True)
    decide(moderation.approve, comment)
    decide(moderation.approve, comment)
    decide(moderation.move_to_pending, comment)
    decide(moderation.approve, comment)
    assert len(outbox()) == 1


def test_an_unsubscribed_address_gets_nothing(decide):
    confirmed(unsubscribed_at=timezone.now())
    decide(moderation.approve, CommentFactory(email=GRACE, notify_on_publish=True))
    assert outbox() == []


def reply_to(parent, **fields):
    return CommentFactory(
        article=parent.article, parent=parent, thread=parent, depth=2, name="Ada", **fields
    )


def test_the_parents_author_hears_of_an_approved_reply(decide):
    confirmed()
    parent = CommentFactory(email=GRACE, notify_on_reply=True, approved=True)
    reply = reply_to(parent, body="I see it differently.")
    assert outbox() == []
    decide(moderation.approve, reply)
    [message] = outbox()
    assert message.to == [GRACE]
    assert message.subject.startswith("Ada replied to your comment")
    assert "I see it differently." in message.body
    links = links_in(message)
    assert f"http://testserver{reply.get_absolute_url()}" in links
    assert f"http://testserver{parent.get_absolute_url()}" in links
    assert link_to(message, "comments:unsubscribe-thread")


def test_no_reply_mail_unless_the_parents_author_asked_and_confirmed(decide):
    parent = CommentFactory(email=GRACE, notify_on_reply=True, approved=True)
    quiet = CommentFactory(email="quiet@example.com", approved=True)
    confirmed("quiet@example.com")
    decide(moderation.approve, reply_to(parent), reply_to(quiet))
    assert outbox() == []


def test_answering_yourself_sends_no_reply_mail(decide):
    confirmed()
    parent = CommentFactory(email=GRACE, notify_on_reply=True, approved=True)
    decide(moderation.approve, reply_to(parent, email="GRACE@example.com"))
    assert outbox() == []


def test_a_rejection_tells_the_commenter_who_asked_with_the_reason(decide):
    confirmed()
    comment = CommentFactory(email=GRACE, notify_on_publish=True)
    decide(moderation.reject, comment, reason=RejectionReason.OFF_TOPIC)
    [message] = outbox()
    assert "was not published" in message.subject
    assert "The reason: It is off-topic for this article." in message.body
    assert "Stop emails about this conversation" not in message.body  # there is none
    assert ModerationEvent.objects.get().reason == "It is off-topic for this article."


def test_a_rejection_is_not_mailed_to_who_did_not_ask(decide):
    confirmed()
    decide(moderation.reject, CommentFactory(email=GRACE, notify_on_reply=True), reason="uncivil")
    decide(moderation.mark_as_spam, CommentFactory(email=GRACE, notify_on_publish=True))
    assert outbox() == []


def test_reject_refuses_a_reason_not_on_the_list(moderator):
    comment = CommentFactory()
    with pytest.raises(ValueError, match="Not a rejection reason"):
        moderation.reject(
            comments=Comment.objects.filter(pk=comment.pk), moderator=moderator, reason="ugly"
        )


def test_the_admin_rejects_with_a_chosen_reason(
    client, moderator, django_capture_on_commit_callbacks
):
    confirmed()
    comment = CommentFactory(email=GRACE, notify_on_publish=True)
    client.force_login(moderator)
    changelist = reverse("admin:comments_comment_changelist")
    assert "Reject: It advertises something." in client.get(changelist).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            changelist, {"action": "reject_advertising", "_selected_action": [comment.pk]}
        )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REJECTED
    assert ModerationEvent.objects.get().reason == "It advertises something."
    assert "The reason: It advertises something." in outbox()[0].body


# Unsubscribing


def published_mail(decide, **fields):
    commenter = confirmed()
    comment = CommentFactory(email=GRACE, notify_on_publish=True, **fields)
    decide(moderation.approve, comment)
    return commenter, comment, outbox()[-1]


def test_every_email_carries_one_click_unsubscribe_headers(article, post_and_commit, decide):
    post_and_commit(article, notify_on_publish="on")
    Commenter.objects.update(confirmed_at=timezone.now())
    decide(moderation.approve, Comment.objects.get())
    assert len(outbox()) == 2  # the confirmation and the "published" mail
    for message in outbox():
        unsubscribe = link_to(message, "comments:unsubscribe")
        assert message.extra_headers["List-Unsubscribe"] == f"<http://testserver{unsubscribe}>"
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in str(message.message())


def test_unsubscribe_link_shows_a_button_and_a_get_changes_nothing(client, decide):
    commenter, _comment, message = published_mail(decide)
    page = client.get(link_to(message, "comments:unsubscribe"))
    assert page.status_code == 200
    assert "Stop all emails" in page.content.decode()
    commenter.refresh_from_db()
    assert commenter.unsubscribed_at is None


def test_one_click_post_unsubscribes_without_login_or_csrf_token(decide):
    from django.test import Client

    commenter, _comment, message = published_mail(decide)
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        link_to(message, "comments:unsubscribe"), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    commenter.refresh_from_db()
    assert commenter.unsubscribed_at is not None
    decide(moderation.approve, CommentFactory(email=GRACE, notify_on_publish=True))
    assert len(outbox()) == 1


def test_unsubscribing_from_a_thread_stops_only_its_reply_mail(client, decide):
    _commenter, comment, message = published_mail(decide, notify_on_reply=True)
    elsewhere = CommentFactory(email=GRACE, notify_on_reply=True, approved=True)
    response = client.post(link_to(message, "comments:unsubscribe-thread"))
    assert response.status_code == 200
    decide(moderation.approve, reply_to(comment), reply_to(elsewhere))
    assert len(outbox()) == 2  # "published", then one reply mail: from the other thread
    assert f"http://testserver{elsewhere.get_absolute_url()}" in links_in(outbox()[-1])
    comment.refresh_from_db()
    assert comment.notify_on_reply is False


# The queue: retries


def test_a_failing_mail_server_is_retried_a_bounded_number_of_times_and_logged(
    settings, decide, caplog
):
    from tests.helpers import BrokenMailBackend

    settings.EMAIL_BACKEND = "tests.helpers.BrokenMailBackend"
    settings.MAIL_ATTEMPTS = 3
    BrokenMailBackend.attempts = 0
    confirmed()
    decide(moderation.approve, CommentFactory(email=GRACE, notify_on_publish=True))
    assert BrokenMailBackend.attempts == 3
    records = [r for r in caplog.records if r.name == "comments.tasks"]
    assert [r.levelno for r in records] == [logging.WARNING, logging.WARNING, logging.ERROR]
    assert "attempt 1 of 3" in records[0].getMessage()
    assert "Gave up" in records[-1].getMessage()


def test_on_the_database_queue_a_retry_waits_longer_each_time(settings):
    from django_tasks_db.models import DBTaskResult

    from comments.tasks import send_email

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = "tests.helpers.BrokenMailBackend"
    settings.MAIL_RETRY_SECONDS = 60
    message = {"subject": "Hello", "body": "Hi", "to": [GRACE], "headers": {}}
    started = timezone.now()
    with pytest.raises(ConnectionRefusedError):  # recorded as a failed attempt
        send_email.call(attempt=2, **message)
    retry = DBTaskResult.objects.get()
    assert retry.args_kwargs["kwargs"]["attempt"] == 3
    wait = (retry.run_after - started).total_seconds()
    assert 120 <= wait < 125
    assert outbox() == []
