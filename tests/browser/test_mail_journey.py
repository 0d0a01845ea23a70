"""A reader asks to be told when their comment is published, confirms, hears, and unsubscribes."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from comments.models import Commenter
from core import roles
from tests.helpers import NO_PLAYWRIGHT, log_in, save_screenshots

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason=NO_PLAYWRIGHT).expect

GRACE = "grace@example.com"
QUESTION = "Will the visit happen before winter?"


@pytest.fixture(autouse=True)
def quick_site(settings, live_server):
    settings.COMMENTS_MIN_FORM_SECONDS = 0  # see test_comment_journeys.py
    settings.SITE_URL = live_server.url  # the links in the mail lead to this test's server


def mail_to_grace(subject_part):
    """The one mail to the reader whose subject says this (the tasks run at once in tests)."""
    [message] = [m for m in mail.outbox if m.to == [GRACE] and subject_part in m.subject]
    return message


def link_in(message, path_part):
    [url] = [url for url in re.findall(r"https?://\S+", message.body) if path_part in url]
    return url


def test_reader_confirms_hears_of_approval_follows_the_link_and_unsubscribes(
    new_context, demo_article, staff_member
):
    reader = new_context().new_page()
    reader.goto(demo_article.get_absolute_url())
    reader.get_by_label("Name").fill("Grace Reader")
    reader.get_by_label("Email", exact=True).fill(GRACE)
    reader.get_by_label("Comment", exact=True).fill(QUESTION)
    reader.get_by_label("Email me when my comment is published").check()
    reader.get_by_role("button", name="Post comment").click()
    expect(reader.get_by_role("status")).to_contain_text("once a moderator approves it")

    confirmation = mail_to_grace("confirm your email address")
    assert "List-Unsubscribe" in confirmation.extra_headers
    reader.goto(link_in(confirmation, "/comments/confirm/"))
    save_screenshots(reader, "confirm-address")
    reader.get_by_role("button", name="Confirm my address").click()
    expect(reader.get_by_role("heading", name="Your address is confirmed")).to_be_visible()
    expect(
        reader.get_by_text("We'll email you when a moderator publishes your comment.")
    ).to_be_visible()

    moderator = new_context().new_page()
    log_in(moderator, staff_member("moderator", roles.MODERATORS))
    moderator.goto(reverse("admin:comments_comment_changelist"))
    row = moderator.get_by_role("row").filter(has_text=QUESTION)
    row.get_by_role("checkbox").check()
    moderator.get_by_label("Action:").select_option(label="Approve")
    moderator.get_by_role("button", name="Go").click()
    expect(moderator.get_by_text("1 comment approved.")).to_be_visible()

    published = mail_to_grace("is published")
    comment_link = link_in(published, "#comment-")
    reader.goto(comment_link)
    comment = reader.locator(f"#{comment_link.rsplit('#', 1)[1]}")
    expect(comment).to_be_visible()
    expect(comment).to_contain_text(QUESTION)

    reader.goto(link_in(published, "/comments/unsubscribe/"))
    assert Commenter.objects.get().unsubscribed_at is None  # opening the link changes nothing
    save_screenshots(reader, "unsubscribe")
    reader.get_by_role("button", name="Stop all emails").click()
    expect(reader.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    assert Commenter.objects.get().unsubscribed_at is not None
