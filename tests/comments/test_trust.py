"""Earned trust: a confirmed address with enough approved comments is published at once."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from comments import moderation
from comments.models import Comment, Commenter, ModerationEvent
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db

EMAIL = "grace@example.com"


@pytest.fixture(autouse=True)
def trust_after_two(settings):
    settings.COMMENTS_TRUST_AFTER = 2
    settings.COMMENTS_FLOOD_SECONDS = 0


def earlier(days):
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def confirmed():
    return Commenter.objects.create(email=EMAIL, confirmed_at=earlier(10))


def approved_history(article, count=2, email=EMAIL):
    return [
        CommentFactory(article=article, email=email, approved=True, created_at=earlier(5 - n))
        for n in range(count)
    ]


def newest(article):
    return Comment.objects.filter(article=article).latest("pk")


def test_trusted_commenter_is_published_at_once_with_the_reason_recorded(
    article, post_comment, confirmed
):
    approved_history(article)
    post_comment(article, email=EMAIL, body="Third time lucky.")
    comment = newest(article)
    assert comment.status == Comment.Status.APPROVED
    event = comment.events.get()
    assert (event.from_status, event.to_status) == ("pending", "approved")
    assert event.moderator is None
    assert event.reason == "trusted commenter: 2 approved comments"
    assert "Third time lucky." in Client().get(article.get_absolute_url()).content.decode()


def test_trust_is_off_without_the_setting(settings, article, post_comment, confirmed):
    settings.COMMENTS_TRUST_AFTER = None
    approved_history(article, count=5)
    post_comment(article, email=EMAIL, body="Still moderated.")
    assert newest(article).status == Comment.Status.PENDING


def test_too_few_approved_comments_earn_no_trust(article, post_comment, confirmed):
    approved_history(article, count=1)
    post_comment(article, email=EMAIL, body="Only my second.")
    assert newest(article).status == Comment.Status.PENDING


def test_an_unconfirmed_address_never_earns_trust(article, post_comment):
    Commenter.objects.create(email=EMAIL)
    approved_history(article, count=5)
    post_comment(article, email=EMAIL, body="Unconfirmed.")
    assert newest(article).status == Comment.Status.PENDING
    assert not ModerationEvent.objects.filter(comment=newest(article)).exists()


def test_a_rejection_takes_the_trust_away(article, post_comment, confirmed, moderator):
    history = approved_history(article, count=3)
    moderation.reject(comments=Comment.objects.filter(pk=history[0].pk), moderator=moderator)
    post_comment(article, email=EMAIL, body="After the rejection.")
    assert newest(article).status == Comment.Status.PENDING


def test_a_spam_mark_takes_the_trust_away(article, post_comment, confirmed):
    approved_history(article, count=3)
    CommentFactory(article=article, email=EMAIL, spam=True, created_at=earlier(1))
    post_comment(article, email=EMAIL, body="After the spam.")
    assert newest(article).status == Comment.Status.PENDING


def test_trust_is_earned_again_after_a_rejection(article, post_comment, confirmed):
    CommentFactory(article=article, email=EMAIL, rejected=True, created_at=earlier(9))
    approved_history(article, count=2)
    post_comment(article, email=EMAIL, body="Earned back.")
    assert newest(article).status == Comment.Status.APPROVED


def test_a_trusted_comment_held_by_the_spam_rules_still_waits(article, post_comment, confirmed):
    approved_history(article)
    links = "See https://a.example.org and https://b.example.org"
    post_comment(article, email=EMAIL, body=links)
    assert newest(article).status == Comment.Status.PENDING
    assert newest(article).held_reason == "2 links"


def test_a_trusted_comment_on_the_blocklist_is_still_spam(
    settings, article, post_comment, confirmed
):
    settings.COMMENTS_BLOCKLIST = ["casino"]
    approved_history(article)
    post_comment(article, email=EMAIL, body="Cheap casino chips.")
    assert newest(article).status == Comment.Status.SPAM


def test_trust_follows_the_address_however_it_is_typed(article, post_comment, confirmed):
    approved_history(article, email="Grace@Example.com")
    post_comment(article, email="GRACE@example.com", body="Same person.")
    assert newest(article).status == Comment.Status.APPROVED
