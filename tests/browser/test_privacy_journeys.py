"""A reader edits their comment, and a commenter opens My comments, in a real browser."""

import re

import pytest
from django.utils import timezone

from comments.models import Commenter
from tests.factories import CommentFactory
from tests.helpers import NO_PLAYWRIGHT, save_screenshots

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason=NO_PLAYWRIGHT).expect

QUESTION = "Will the visit happen before winter?"
EDITED = "Will the visit happen before the winter, and where?"


@pytest.fixture(autouse=True)
def quick_readers(settings):
    # These readers type fast; the spam timers would only slow the suite down.
    settings.COMMENTS_MIN_FORM_SECONDS = 0
    settings.COMMENTS_FLOOD_SECONDS = 0


def test_reader_edits_their_comment_within_the_window(new_context, demo_article):
    reader = new_context().new_page()
    reader.goto(demo_article.get_absolute_url())
    reader.get_by_label("Name").fill("Grace Reader")
    reader.get_by_label("Email", exact=True).fill("grace@example.com")
    reader.get_by_label("Comment", exact=True).fill(QUESTION)
    reader.get_by_role("button", name="Post comment").click()
    yours = reader.get_by_role("region", name="Your comment, awaiting moderation")
    yours.get_by_role("link", name="Edit your comment").click()

    expect(reader.get_by_role("heading", name="Edit your comment")).to_be_visible()
    field = reader.get_by_label("Comment", exact=True)
    expect(field).to_have_value(QUESTION)
    field.fill(EDITED)
    save_screenshots(reader, "comment-edit-form")
    reader.get_by_role("button", name="Save changes").click()

    expect(reader.get_by_role("status")).to_contain_text("Your comment is changed.")
    yours = reader.get_by_role("region", name="Your comment, awaiting moderation")
    expect(yours).to_contain_text(EDITED)
    expect(yours).to_contain_text("(edited)")
    expect(yours).to_contain_text("Awaiting moderation")

    other_reader = new_context().new_page()
    other_reader.goto(demo_article.get_absolute_url())
    expect(other_reader.get_by_text(EDITED)).to_have_count(0)
    expect(other_reader.get_by_role("link", name="Edit your comment")).to_have_count(0)


def test_commenter_asks_for_my_comments_and_opens_the_link(new_context, demo_article, mailoutbox):
    Commenter.objects.create(email="grace@example.com", confirmed_at=timezone.now())
    CommentFactory(article=demo_article, email="grace@example.com", approved=True, body=QUESTION)
    reader = new_context().new_page()
    reader.goto(demo_article.get_absolute_url())
    reader.get_by_role("link", name="My comments").click()
    reader.get_by_label("Email", exact=True).fill("grace@example.com")
    reader.get_by_role("button", name="Send me the link").click()
    expect(reader.get_by_role("status")).to_contain_text("we have sent it a link")

    [message] = mailoutbox
    link = re.search(r"https?://\S+/comments/mine/\S+/", message.body).group(0)
    reader.goto(link)
    expect(reader.get_by_role("heading", name="My comments")).to_be_visible()
    expect(reader.get_by_text(QUESTION)).to_be_visible()
    expect(reader.get_by_role("button", name="Erase my data")).to_be_visible()
    save_screenshots(reader, "my-comments")
    reader.get_by_role("button", name="Erase my data").click()
    expect(reader.get_by_role("status")).to_contain_text("your details were erased from 1 comment")
