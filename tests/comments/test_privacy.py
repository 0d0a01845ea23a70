"""Full IP addresses are kept for COMMENTS_KEEP_IP_DAYS, then shortened, without cron."""

import datetime
import io

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from comments import privacy
from comments.models import Comment
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_flood_interval(settings):
    settings.COMMENTS_FLOOD_SECONDS = 0


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def stored_ip(comment):
    comment.refresh_from_db()
    return comment.ip_address, comment.is_ip_shortened


@pytest.mark.parametrize(
    ("full", "short"),
    [
        ("203.0.113.77", "203.0.113.0"),
        ("2001:db8:85a3:8d3:1319:8a2e:370:7348", "2001:db8:85a3::"),
    ],
)
def test_addresses_are_shortened_to_their_network(full, short):
    assert privacy.shorten_ip(full) == short


def test_a_new_comment_shortens_the_addresses_past_the_keeping_time(
    settings, article, post_comment
):
    old_v4 = CommentFactory(ip_address="203.0.113.77", created_at=days_ago(31))
    old_v6 = CommentFactory(ip_address="2001:db8:85a3:8d3::1", created_at=days_ago(31))
    recent = CommentFactory(ip_address="198.51.100.23", created_at=days_ago(29))
    post_comment(article, remote_addr="192.0.2.44")
    assert stored_ip(old_v4) == ("203.0.113.0", True)
    assert stored_ip(old_v6) == ("2001:db8:85a3::", True)
    assert stored_ip(recent) == ("198.51.100.23", False)
    assert Comment.objects.latest("pk").ip_address == "192.0.2.44"


def test_an_address_is_shortened_once_its_days_are_over(article, post_comment):
    comment = CommentFactory(ip_address="203.0.113.77")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=30, hours=1)):
        post_comment(article, body="A month later.")
    assert stored_ip(comment) == ("203.0.113.0", True)


def test_the_clean_up_runs_at_most_once_every_few_minutes(article, post_comment):
    post_comment(article, body="First, runs the clean-up.")
    due = CommentFactory(ip_address="203.0.113.77", created_at=days_ago(40))
    post_comment(article, body="Second, moments later.", email="other@example.com")
    assert stored_ip(due) == ("203.0.113.77", False)
    cache.delete(privacy.CLEAN_UP_KEY)  # a few minutes later
    post_comment(article, body="Third.", email="third@example.com")
    assert stored_ip(due) == ("203.0.113.0", True)


def test_the_clean_up_is_bounded(settings):
    CommentFactory.create_batch(3, ip_address="203.0.113.77", created_at=days_ago(40))
    assert privacy.shorten_due_ips(limit=2) == 2
    assert Comment.objects.filter(is_ip_shortened=False).count() == 1


def test_the_keeping_time_follows_the_setting(settings, article, post_comment):
    settings.COMMENTS_KEEP_IP_DAYS = 7
    comment = CommentFactory(ip_address="203.0.113.77", created_at=days_ago(8))
    post_comment(article)
    assert stored_ip(comment) == ("203.0.113.0", True)


def test_purge_command_shortens_everything_due():
    comments = CommentFactory.create_batch(
        3, ip_address="2001:db8:1234:5678::9", created_at=days_ago(60)
    )
    recent = CommentFactory(ip_address="203.0.113.77")
    out = io.StringIO()
    call_command("purge_commenter_data", stdout=out)
    assert "whose IP address was shortened: 3." in out.getvalue()
    assert [stored_ip(c) for c in comments] == [("2001:db8:1234::", True)] * 3
    assert stored_ip(recent) == ("203.0.113.77", False)


def test_purge_command_dry_run_only_counts():
    comment = CommentFactory(ip_address="203.0.113.77", created_at=days_ago(60))
    out = io.StringIO()
    call_command("purge_commenter_data", "--dry-run", stdout=out)
    assert "older than 30 days with a full IP address: 1." in out.getvalue()
    assert stored_ip(comment) == ("203.0.113.77", False)


def test_the_privacy_note_beside_the_form_says_what_is_kept(client, settings, article):
    settings.COMMENTS_KEEP_IP_DAYS = 14
    page = client.get(article.get_absolute_url()).content.decode()
    assert "The full IP address is kept for 14 days, then shortened." in page
    assert "email address (never shown)" in page
    assert 'href="/comments/mine/">My comments</a>' in page
