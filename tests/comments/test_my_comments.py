"""My comments: a signed link for a confirmed address, the data download, and erasure."""

import datetime
import json
import re

import pytest
import time_machine
from django.core import signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comments import my_comments
from comments.models import Comment, Commenter, CommentVersion, ModerationEvent
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db

EMAIL = "grace@example.com"
REQUEST = reverse("comments:my-comments-request")
SAME_ANSWER = "If {} is a confirmed address that has commented here, we have sent it a link"


@pytest.fixture
def confirmed():
    return Commenter.objects.create(email=EMAIL, confirmed_at=timezone.now())


def page_url(email=EMAIL, name="comments:my-comments"):
    return reverse(name, kwargs={"token": my_comments.link_token(email)})


def is_cached(url) -> bool:
    with CaptureQueriesContext(connection) as queries:
        Client().get(url)
    return len(queries) == 0


def ask_for_link(client, email, callbacks):
    with callbacks(execute=True):
        return client.post(REQUEST, {"email": email})


def test_a_confirmed_address_is_sent_a_link_that_opens_its_comments(
    client, confirmed, mailoutbox, django_capture_on_commit_callbacks
):
    CommentFactory(email=EMAIL, body="My remark on the port.", article__title="Port news")
    CommentFactory(email="someone@example.com", body="Not mine.")
    response = ask_for_link(client, "Grace@Example.com", django_capture_on_commit_callbacks)
    assert SAME_ANSWER.format("Grace@Example.com") in response.content.decode()
    [message] = mailoutbox
    assert message.to == [EMAIL]
    url = re.search(r"http://testserver(/comments/mine/\S+/)", message.body).group(1)
    page = client.get(url).content.decode()
    assert "Port news" in page
    assert "My remark on the port." in page
    assert "Not mine." not in page


def test_an_unconfirmed_or_unknown_address_gets_the_same_page_and_no_mail(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    Commenter.objects.create(email=EMAIL)
    CommentFactory(email=EMAIL)
    for email in (EMAIL, "nobody@example.com"):
        response = ask_for_link(client, email, django_capture_on_commit_callbacks)
        assert response.status_code == 200
        assert SAME_ANSWER.format(email) in response.content.decode()
    assert mailoutbox == []


def test_one_link_per_address_every_few_minutes(
    client, confirmed, mailoutbox, django_capture_on_commit_callbacks
):
    for _ in range(3):
        ask_for_link(client, EMAIL, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1


def test_the_link_expires_after_an_hour(client, confirmed):
    url = page_url()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=61)):
        response = client.get(url)
    assert response.status_code == 403
    assert "This link has expired or is not valid." in response.content.decode()


def test_a_forged_or_foreign_link_opens_nothing(client, confirmed):
    forged = signing.dumps({"email": EMAIL}, salt="comments.form")
    assert client.get(reverse("comments:my-comments", kwargs={"token": forged})).status_code == 403
    download = reverse("comments:my-comments-download", kwargs={"token": forged})
    assert client.get(download).status_code == 404


def test_the_pages_are_never_cached_or_indexed(client, confirmed):
    response = client.get(page_url())
    assert "no-cache" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "same-origin"


def test_download_holds_everything_stored_about_the_address(client, confirmed):
    comment = CommentFactory(
        email=EMAIL,
        name="Grace",
        body="Edited text.",
        ip_address="203.0.113.77",
        user_agent="Firefox",
        article__title="Port news",
        approved=True,
        edited_at=timezone.now(),
    )
    CommentVersion.objects.create(comment=comment, body="First text.", status="replaced")
    CommentFactory(email="someone@example.com", body="Not mine.")
    response = client.get(page_url(name="comments:my-comments-download"))
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["commenter"]["email"] == EMAIL
    assert data["commenter"]["confirmed"] is not None
    [stored] = data["comments"]
    assert stored["article"] == "Port news"
    assert stored["name"] == "Grace"
    assert stored["text"] == "Edited text."
    assert stored["status"] == "approved"
    assert stored["ip_address"] == "203.0.113.77"
    assert stored["browser"] == "Firefox"
    assert stored["posted"] and stored["edited"]
    assert [v["text"] for v in stored["versions"]] == ["First text."]


def erase(client, django_capture_on_commit_callbacks, email=EMAIL):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(page_url(email, "comments:my-comments-erase"))


def test_erasure_removes_the_details_and_the_text(
    client, settings, confirmed, django_capture_on_commit_callbacks
):
    settings.COMMENTS_ERASE_TEXT = "remove"
    article = ArticleFactory()
    mine = CommentFactory(article=article, email=EMAIL, approved=True, body="Regret this.")
    CommentVersion.objects.create(comment=mine, body="Older text.")
    other = CommentFactory(article=article, approved=True, body="A view from another reader.")
    Client().get(article.get_absolute_url())
    assert is_cached(article.get_absolute_url())
    response = erase(client, django_capture_on_commit_callbacks)
    assert "your details were erased from 1 comment" in response.content.decode()
    mine.refresh_from_db()
    assert (mine.name, mine.email, mine.ip_address, mine.user_agent, mine.body) == (
        "",
        "",
        None,
        "",
        "",
    )
    assert mine.status == Comment.Status.REJECTED
    assert mine.erased_at is not None
    assert not mine.versions.exists()
    assert not Commenter.objects.filter(email=EMAIL).exists()
    assert not is_cached(article.get_absolute_url())
    page = Client().get(article.get_absolute_url()).content.decode()
    assert "Regret this." not in page
    assert other.body in page
    event = ModerationEvent.objects.get(comment=mine)
    assert (event.from_status, event.to_status) == ("approved", "rejected")
    assert event.reason == "erased at the commenter's request"


def test_erasure_can_keep_the_text_signed_anonymous(
    client, settings, confirmed, django_capture_on_commit_callbacks
):
    settings.COMMENTS_ERASE_TEXT = "keep"
    article = ArticleFactory()
    CommentFactory(article=article, email=EMAIL, name="Grace", approved=True, body="Still true.")
    CommentFactory(article=ArticleFactory(), email=EMAIL, name="Grace")
    Client().get(article.get_absolute_url())
    assert is_cached(article.get_absolute_url())
    erase(client, django_capture_on_commit_callbacks)
    assert not is_cached(article.get_absolute_url())
    assert not Comment.objects.filter(email__iexact=EMAIL).exists()
    assert Comment.objects.filter(erased_at__isnull=False).count() == 2
    page = Client().get(article.get_absolute_url()).content.decode()
    assert "Still true." in page
    assert "Anonymous" in page
    assert "Grace" not in page
    assert set(ModerationEvent.objects.values_list("reason", flat=True)) == {
        "erased at the commenter's request"
    }


def test_moderator_erases_the_authors_of_selected_comments(
    moderator_client, moderator, django_capture_on_commit_callbacks
):
    selected = CommentFactory(email=EMAIL, approved=True)
    also_theirs = CommentFactory(email="GRACE@example.com")
    untouched = CommentFactory(email="someone@example.com")
    Commenter.objects.create(email=EMAIL)
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            reverse("admin:comments_comment_changelist") + "?status=all",
            {"action": "erase_authors", "_selected_action": [selected.pk]},
            follow=True,
        )
    assert "Erased 1 commenter&#x27;s details from 2 comments." in response.content.decode()
    for comment in (selected, also_theirs):
        comment.refresh_from_db()
        assert comment.erased_at is not None
        assert comment.email == ""
        event = comment.events.get()
        assert (event.moderator, event.reason) == (moderator, "erased by moderator")
    untouched.refresh_from_db()
    assert untouched.erased_at is None
    assert not Commenter.objects.exists()


def test_after_erasure_the_link_shows_no_comments(
    client, confirmed, django_capture_on_commit_callbacks
):
    CommentFactory(email=EMAIL, body="Gone soon.")
    erase(client, django_capture_on_commit_callbacks)
    page = client.get(page_url()).content.decode()
    assert "There are no comments from this address." in page
    data = json.loads(client.get(page_url(name="comments:my-comments-download")).content)
    assert data == {"email": EMAIL, "commenter": None, "comments": []}
