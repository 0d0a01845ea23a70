"""Each layer of the defence refuses or holds what it should, logs why, and lets readers through."""

import logging
import os
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import time_machine
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from comments import flood
from comments.forms import form_token
from comments.models import Comment
from tests.factories import ArticleFactory
from tests.helpers import comment_form_data

pytestmark = pytest.mark.django_db

REFUSED = "comments.views"


def comment_url(article):
    return reverse("comments:post", kwargs={"slug": article.slug})


def refusals(caplog):
    return [record.getMessage() for record in caplog.records if record.name == REFUSED]


def test_normal_comment_from_normal_reader_goes_straight_to_pending(article, post_comment, caplog):
    caplog.set_level(logging.INFO)
    assert post_comment(article, body="I enjoyed this, see https://example.org").status_code == 302
    comment = Comment.objects.get()
    assert (comment.status, comment.held_reason) == (Comment.Status.PENDING, "")
    assert refusals(caplog) == []


def test_form_without_csrf_token_is_refused(article):
    client = Client(enforce_csrf_checks=True)
    response = client.post(comment_url(article), comment_form_data(article))
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_form_with_csrf_token_from_the_page_is_accepted(article):
    client = Client(enforce_csrf_checks=True)
    client.get(article.get_absolute_url())
    data = comment_form_data(article, csrfmiddlewaretoken=client.cookies["csrftoken"].value)
    response = client.post(comment_url(article), data)
    assert response.status_code == 302


def test_filled_in_honeypot_is_refused_and_logged(article, post_comment, caplog):
    caplog.set_level(logging.INFO)
    response = post_comment(article, website="https://spam.example")
    assert response.status_code == 400
    assert "Your comment could not be sent" in response.content.decode()
    assert not Comment.objects.exists()
    assert refusals(caplog) == [f"Comment refused on {article.slug} from 198.51.100.7: honeypot"]


def test_form_sent_seconds_after_it_was_shown_is_refused(article, post_comment, caplog):
    caplog.set_level(logging.INFO)
    response = post_comment(article, token=form_token(article.pk), body="Typed by a robot")
    page = response.content.decode()
    assert response.status_code == 400
    assert "That was quick!" in page
    assert "Typed by a robot</textarea>" in page
    assert not Comment.objects.exists()
    assert "too fast" in refusals(caplog)[0]


def test_too_fast_form_can_be_sent_again_once_the_reader_has_paused(settings, article, client):
    settings.COMMENTS_MIN_FORM_SECONDS = 1
    url = comment_url(article)
    # The clock stands still while the first answer is made, however busy the machine is.
    with time_machine.travel(time.time(), tick=False) as clock:
        data = comment_form_data(article, token=form_token(article.pk))
        page = client.post(url, data).content.decode()
        kept_token = page.split('name="token" value="')[1].split('"')[0]
        assert kept_token == data["token"]
        clock.shift(1.1)
        assert client.post(url, {**data, "token": kept_token}).status_code == 302


def test_form_older_than_the_limit_is_refused_with_a_fresh_form(article, post_comment, caplog):
    caplog.set_level(logging.INFO)
    stale = form_token(article.pk, issued_at=time.time() - 3 * 60 * 60)
    response = post_comment(article, token=stale, body="Written over lunch")
    page = response.content.decode()
    assert response.status_code == 400
    assert "This form has expired" in page
    assert "Written over lunch</textarea>" in page
    assert stale not in page
    assert not Comment.objects.exists()
    assert refusals(caplog)[0].endswith("expired form")


@pytest.mark.parametrize(
    "token",
    ["", "garbage", "eyJhcnRpY2xlIjoxLCJpc3N1ZWQiOjF9:1abcde:forgedsignatureforgedsignature"],
)
def test_missing_or_tampered_token_is_refused(article, post_comment, caplog, token):
    caplog.set_level(logging.INFO)
    response = post_comment(article, token=token)
    assert response.status_code == 400
    assert "This form could not be checked" in response.content.decode()
    assert not Comment.objects.exists()
    assert refusals(caplog)[0].endswith("bad token")


def test_token_from_another_articles_form_is_refused(article, post_comment):
    other = ArticleFactory()
    token = form_token(other.pk, issued_at=time.time() - 30)
    assert post_comment(article, token=token).status_code == 400
    assert not Comment.objects.exists()


def test_second_comment_from_same_address_within_interval_is_refused(article, post_comment, caplog):
    caplog.set_level(logging.INFO)
    assert post_comment(article, email="one@example.com", body="First").status_code == 302
    response = post_comment(article, email="two@example.com", body="Second thoughts")
    page = response.content.decode()
    assert response.status_code == 429
    assert response["Retry-After"] == "15"
    assert "You are commenting too fast. Please wait 15 seconds" in page
    assert "Second thoughts</textarea>" in page
    assert Comment.objects.count() == 1
    assert refusals(caplog) == [
        f"Comment refused on {article.slug} from 198.51.100.7: flood: same ip within 15s"
    ]


def test_second_comment_from_same_email_within_interval_is_refused(article, post_comment):
    assert post_comment(article, remote_addr="192.0.2.1", body="First").status_code == 302
    response = post_comment(article, remote_addr="192.0.2.2", body="Second")
    assert response.status_code == 429
    assert Comment.objects.count() == 1


def test_other_readers_are_not_held_up_by_someone_elses_comment(article, post_comment):
    assert post_comment(article, remote_addr="192.0.2.1", email="a@example.com").status_code == 302
    assert post_comment(article, remote_addr="192.0.2.2", email="b@example.com").status_code == 302


def test_comments_per_address_per_hour_are_capped(settings, article, post_comment):
    settings.COMMENTS_FLOOD_SECONDS = 0
    settings.COMMENTS_PER_IP_PER_HOUR = 3
    statuses = [
        post_comment(article, email=f"r{n}@example.com", body=f"Remark {n}").status_code
        for n in range(4)
    ]
    assert statuses == [302, 302, 302, 429]
    assert Comment.objects.count() == 3
    other_reader = post_comment(article, remote_addr="192.0.2.99", email="x@example.com")
    assert other_reader.status_code == 302


def test_same_text_twice_by_same_email_is_refused_as_duplicate(settings, article, post_comment):
    settings.COMMENTS_FLOOD_SECONDS = 0
    assert post_comment(article, body="Great piece!").status_code == 302
    response = post_comment(article, body="  great   piece! ", email="GRACE@example.com")
    assert response.status_code == 400
    assert "You have already sent this comment." in response.content.decode()
    assert Comment.objects.count() == 1


def test_same_text_by_another_reader_or_on_another_article_is_not_a_duplicate(
    settings, article, post_comment
):
    settings.COMMENTS_FLOOD_SECONDS = 0
    assert post_comment(article, body="Great piece!").status_code == 302
    assert post_comment(article, body="Great piece!", email="other@example.com").status_code == 302
    assert post_comment(ArticleFactory(), body="Great piece!").status_code == 302
    assert Comment.objects.count() == 3


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"body": "Best CASINO bonuses here"}, "blocklist: casino"),
        ({"body": "Visit https://pills.example/buy"}, "blocklist: pills.example"),
        ({"name": "Casino Royale"}, "blocklist: casino"),
    ],
)
def test_blocklisted_word_or_domain_marks_comment_as_spam(
    settings, article, post_comment, fields, reason
):
    settings.COMMENTS_BLOCKLIST = ["casino", "pills.example"]
    assert post_comment(article, **fields).status_code == 302  # the sender is told nothing
    comment = Comment.objects.get()
    assert (comment.status, comment.held_reason) == (Comment.Status.SPAM, reason)


def test_two_links_hold_the_comment_with_the_reason(article, post_comment):
    post_comment(article, body="See https://a.example.org and www.b.org")
    comment = Comment.objects.get()
    assert (comment.status, comment.held_reason) == (Comment.Status.PENDING, "2 links")


def test_one_link_is_not_held(article, post_comment):
    post_comment(article, body="See https://a.example.org for the source.")
    assert Comment.objects.get().held_reason == ""


@pytest.mark.skipif(
    not os.environ.get("CACHE_URL", "").startswith("redis"),
    reason="needs CACHE_URL=redis://...",
)
def test_flood_control_is_shared_by_every_server_through_redis():
    """Each thread has its own Redis client, as each web server of a site would."""
    assert type(caches["default"]).__name__ == "RedisCache"
    flood.check(ip_address="192.0.2.50", email="first@example.com")
    with ThreadPoolExecutor(max_workers=1) as other_server:
        attempt = other_server.submit(
            flood.check, ip_address="192.0.2.50", email="second@example.com"
        )
        with pytest.raises(flood.Flooding):
            attempt.result()


def test_forwarded_for_header_is_ignored_without_a_trusted_proxy(article, client):
    url = comment_url(article)
    headers = {"REMOTE_ADDR": "192.0.2.7", "HTTP_X_FORWARDED_FOR": "203.0.113.1"}
    client.post(url, comment_form_data(article), **headers)
    assert Comment.objects.get().ip_address == "192.0.2.7"


def test_behind_a_trusted_proxy_the_address_it_saw_is_used(settings, article, client):
    settings.TRUSTED_PROXY_COUNT = 1
    url = comment_url(article)
    forged_then_real = "10.9.9.9, 203.0.113.1"
    client.post(
        url,
        comment_form_data(article),
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=forged_then_real,
    )
    assert Comment.objects.get().ip_address == "203.0.113.1"
