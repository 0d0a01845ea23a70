"""What readers see and do in the comment section of an article page."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db

NOTICE = "Please note, comments need to be approved before they are published."


def page_of(article, client=None, **params):
    return (client or Client()).get(article.get_absolute_url(), params).content.decode()


def test_article_page_has_the_comment_form_with_labels_and_notice(client, article):
    page = page_of(article, client)
    assert "Leave a comment" in page
    for field, label in [("name", "Name"), ("email", "Email"), ("body", "Comment")]:
        assert f'<label for="id_{field}">{label}</label>' in page
    assert page.index(NOTICE) < page.index('<button type="submit">')
    assert reverse("comments:post", kwargs={"slug": article.slug}) in page


def test_posted_comment_redirects_to_the_comments_with_a_message(client, article, post_comment):
    response = post_comment(article)
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#comments"
    page = client.get(response["Location"]).content.decode()
    assert "Your comment will appear once a moderator approves it." in page


def test_posted_comment_is_pending_and_keeps_its_sender(article, post_comment):
    post_comment(article, user_agent="Mozilla/5.0 (Test)", remote_addr="203.0.113.9")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert (comment.name, comment.email) == ("Grace Reader", "grace@example.com")
    assert comment.ip_address == "203.0.113.9"
    assert comment.user_agent == "Mozilla/5.0 (Test)"
    assert comment.held_reason == ""


def test_commenter_sees_own_pending_comment_and_nobody_else_does(client, article, post_comment):
    post_comment(article, body="My own words, still waiting.")
    own_page = page_of(article, client)
    assert "My own words, still waiting." in own_page
    assert "Awaiting moderation" in own_page
    assert "My own words, still waiting." not in page_of(article)


def test_own_pending_comment_is_not_shown_on_other_articles(client, article, post_comment):
    post_comment(article, body="Only under the first article.")
    assert "Only under the first article." not in page_of(ArticleFactory(), client)


def test_approved_comments_are_shown_oldest_first_with_count(article):
    now = timezone.now()
    CommentFactory(article=article, approved=True, body="Second", created_at=now)
    CommentFactory(
        article=article, approved=True, body="First", created_at=now - datetime.timedelta(hours=1)
    )
    page = page_of(article)
    assert "2 comments" in page
    assert page.index("<p>First</p>") < page.index("<p>Second</p>")


@pytest.mark.parametrize("status", ["pending", "rejected", "spam"])
def test_unapproved_comments_are_not_public(article, status):
    CommentFactory(article=article, status=status, body="Not for readers")
    page = page_of(article)
    assert "Not for readers" not in page
    assert "1 comment" not in page
    index = Client().get(reverse("articles:index")).content.decode()
    assert f"{article.get_absolute_url()}#comments" not in index


def test_index_shows_approved_comment_count(client):
    article = ArticleFactory(title="Harbour reopens")
    CommentFactory.create_batch(3, article=article, approved=True)
    CommentFactory(article=article, spam=True)
    index = client.get(reverse("articles:index")).content.decode()
    assert f'<a href="{article.get_absolute_url()}#comments">3 comments</a>' in index


@pytest.mark.django_db
def test_long_discussions_are_paginated(settings, article):
    settings.COMMENTS_PER_PAGE = 2
    for number in range(5):
        CommentFactory(article=article, approved=True, body=f"Remark {number}")
    first, last = page_of(article), page_of(article, **{"comments-page": 3})
    assert "Remark 0" in first and "Remark 2" not in first
    assert "Page 1 of 3" in first
    assert "?comments-page=2#comments" in first
    assert "Remark 4" in last and "Remark 0" not in last
    assert "5 comments" in last


def test_email_address_is_never_shown_to_readers(client, article, post_comment):
    CommentFactory(article=article, approved=True, email="hidden@example.com")
    post_comment(article, email="mine@example.com")
    page = page_of(article, client)
    assert "hidden@example.com" not in page
    assert "mine@example.com" not in page


def test_comment_body_keeps_paragraphs_and_links_safely(article):
    CommentFactory(
        article=article,
        approved=True,
        body="First line\nsecond line\n\nSee https://example.org/x for <b>more</b>",
    )
    page = page_of(article)
    assert "<p>First line<br>second line</p>" in page
    assert (
        '<a href="https://example.org/x" rel="nofollow ugc noopener">https://example.org/x</a>'
        in page
    )
    assert "&lt;b&gt;more&lt;/b&gt;" in page


def test_errors_come_back_with_summary_and_the_text_kept(article, post_comment):
    response = post_comment(article, name="", email="not-an-email", body="Kept words")
    page = response.content.decode()
    assert response.status_code == 400
    assert '<a href="#id_name">Name: Please enter your name.</a>' in page
    assert "Please enter a valid email address" in page
    assert 'id="id_email_error"' in page
    assert 'value="not-an-email"' in page
    assert "Kept words</textarea>" in page
    assert not Comment.objects.exists()


def test_body_of_only_spaces_is_an_error(article, post_comment):
    response = post_comment(article, body="   \n\n  ")
    assert response.status_code == 400
    assert "Please write your comment." in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "n" * 101, "Please keep your name to 100 characters or fewer (this one has 101)."),
        ("email", "e" * 250 + "@example.com", "email address to 254 characters or fewer"),
        ("body", "b" * 5001, "your comment to 5000 characters or fewer (this one has 5001)."),
    ],
)
def test_every_field_has_a_length_limit_said_plainly(article, post_comment, field, value, message):
    response = post_comment(article, **{field: value})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Ensure this value" not in page
    assert not Comment.objects.exists()


def test_article_with_comments_off_shows_a_note_and_no_form(post_comment):
    article = ArticleFactory(allow_comments=False)
    CommentFactory(article=article, approved=True, body="Said before closing")
    page = page_of(article)
    assert "Comments are closed." in page
    assert "Said before closing" in page
    assert "Leave a comment" not in page
    response = post_comment(article, body="Too late to say")
    assert response.status_code == 403
    assert "Too late to say" in response.content.decode()  # the reader can still copy it
    assert Comment.objects.count() == 1


def test_comments_close_after_the_configured_number_of_days(settings, post_comment):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 14
    old = ArticleFactory(published_at=timezone.now() - datetime.timedelta(days=15))
    recent = ArticleFactory(published_at=timezone.now() - datetime.timedelta(days=13))
    assert "Comments are closed." in page_of(old)
    assert "Leave a comment" in page_of(recent)
    assert post_comment(old).status_code == 403
    assert post_comment(recent).status_code == 302
    assert list(Comment.objects.values_list("article", flat=True)) == [recent.pk]


def test_comments_never_close_by_default(post_comment):
    article = ArticleFactory(published_at=timezone.now() - datetime.timedelta(days=3650))
    assert post_comment(article).status_code == 302


def test_comments_on_drafts_and_unknown_articles_are_not_found(client, post_comment):
    draft = ArticleFactory(draft=True)
    assert post_comment(draft).status_code == 404
    url = reverse("comments:post", kwargs={"slug": "no-such-article"})
    assert client.post(url, {"body": "x"}).status_code == 404
    assert not Comment.objects.exists()


def test_comment_address_takes_posts_and_sends_other_methods_away(client, article):
    url = reverse("comments:post", kwargs={"slug": article.slug})
    assert client.put(url).status_code == 405
    assert client.delete(url).status_code == 405


def test_reloading_the_form_address_after_an_error_goes_back_to_the_comments(
    client, article, post_comment
):
    url = reverse("comments:post", kwargs={"slug": article.slug})
    assert post_comment(article, body="").status_code == 400
    response = client.get(url)  # the browser's address bar still shows the form's address
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#comments"
    assert client.get(f"{url}?comments-page=2")["Location"] == (
        f"{article.get_absolute_url()}?comments-page=2#comments"
    )
    assert client.get(reverse("comments:post", kwargs={"slug": "gone"})).status_code == 404
