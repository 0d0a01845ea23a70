"""Readers comment and a moderator approves, in a real browser, each from their own side."""

import pytest

from comments.models import Comment
from core import roles
from tests.factories import CommentFactory
from tests.helpers import NO_PLAYWRIGHT, log_in, save_screenshots

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason=NO_PLAYWRIGHT).expect

THANKS = "Thank you! Your comment will appear once a moderator approves it."
QUESTION = "Will the visit happen before winter?"
MOST_TABS = 60  # more than the focusable things before the comment form


@pytest.fixture(autouse=True)
def quick_readers(settings):
    # The form refuses posts sent within seconds of showing it (bots do that); these readers
    # type fast, and waiting would only slow the suite down.
    settings.COMMENTS_MIN_FORM_SECONDS = 0


def leave_comment(page, *, name, email, text):
    page.get_by_label("Name").fill(name)
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Comment", exact=True).fill(text)
    page.get_by_role("button", name="Post comment").click()


def tab_to(page, target):
    """Press Tab until `target` has the focus, as a keyboard user would."""
    for _ in range(MOST_TABS):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"Tab never reached {target}")


def test_reader_sees_own_pending_comment_and_other_readers_do_not(new_context, demo_article):
    reader = new_context().new_page()
    reader.goto(demo_article.get_absolute_url())
    leave_comment(reader, name="Grace Reader", email="grace@example.com", text=QUESTION)
    expect(reader.get_by_role("status")).to_have_text(THANKS)
    yours = reader.get_by_role("region", name="Your comment, awaiting moderation")
    expect(yours).to_contain_text(QUESTION)
    expect(yours).to_contain_text("Awaiting moderation")

    other_reader = new_context().new_page()
    other_reader.goto(demo_article.get_absolute_url())
    expect(
        other_reader.get_by_text("No comments yet. Be the first to say something.")
    ).to_be_visible()
    expect(other_reader.get_by_text(QUESTION)).to_have_count(0)


def test_moderator_approves_a_comment_and_readers_see_it_counted(
    new_context, demo_article, staff_member
):
    reader = new_context().new_page()
    reader.goto(demo_article.get_absolute_url())
    leave_comment(reader, name="Grace Reader", email="grace@example.com", text=QUESTION)
    expect(reader.get_by_role("status")).to_have_text(THANKS)

    moderator = new_context().new_page()
    log_in(moderator, staff_member("moderator", roles.MODERATORS))
    moderator.get_by_role("main").get_by_role("rowheader", name="Comments").get_by_role(
        "link"
    ).click()
    row = moderator.get_by_role("row").filter(has_text=QUESTION)
    expect(row).to_contain_text("Pending")
    save_screenshots(moderator, "moderation-queue")
    row.get_by_role("checkbox").check()
    moderator.get_by_label("Action:").select_option(label="Approve")
    moderator.get_by_role("button", name="Go").click()
    expect(moderator.get_by_text("1 comment approved.")).to_be_visible()
    expect(row).to_have_count(0)  # the desk shows the comments still waiting
    moderator.get_by_role("link", name="Approved (1)").click()
    expect(row).to_contain_text("Approved")

    reader.reload()
    expect(reader.get_by_role("heading", name="1 comment", exact=True)).to_be_visible()
    expect(reader.get_by_role("article", name="Comment by Grace Reader")).to_contain_text(QUESTION)
    expect(reader.get_by_text("Awaiting moderation")).to_have_count(0)
    save_screenshots(reader, "article")


def test_empty_comment_shows_error_summary_and_keyboard_alone_posts_one(page, demo_article):
    page.goto(demo_article.get_absolute_url())
    page.get_by_role("button", name="Post comment").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Your comment was not sent")
    expect(summary.get_by_role("link")).to_have_text(
        [
            "Name: Please enter your name.",
            "Email: Please enter your email address.",
            "Comment: Please write your comment.",
        ]
    )
    summary.get_by_role("link", name="Comment: Please write your comment.").click()
    expect(page.get_by_label("Comment", exact=True)).to_be_focused()

    page.goto(demo_article.get_absolute_url())
    tab_to(page, page.get_by_label("Name"))
    page.keyboard.type("Kim Keyboard")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Email", exact=True)).to_be_focused()
    page.keyboard.type("kim@example.com")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Comment", exact=True)).to_be_focused()
    page.keyboard.type("Posted without touching the mouse.")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Email me when my comment is published")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Email me when someone replies")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Post comment")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text(THANKS)
    expect(page.get_by_role("region", name="Your comment, awaiting moderation")).to_contain_text(
        "Posted without touching the mouse."
    )


def add_reply(parent, **fields):
    return CommentFactory(
        article=parent.article,
        parent=parent,
        thread_id=parent.thread_id or parent.pk,
        depth=parent.depth + 1,
        approved=True,
        **fields,
    )


def test_reader_replies_to_a_comment_with_the_keyboard_alone(page, demo_article):
    first = CommentFactory(article=demo_article, approved=True, name="Ada", body=QUESTION)
    add_reply(add_reply(first, name="Alan", body="November, they say."), name="Grace")
    page.goto(demo_article.get_absolute_url())
    save_screenshots(page, "comment-thread")

    tab_to(page, page.get_by_role("link", name="Reply to Ada"))
    page.keyboard.press("Enter")
    replying = page.get_by_text("Replying to Ada")
    expect(replying).to_be_visible()
    expect(replying).to_be_in_viewport()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Cancel reply")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Name")).to_be_focused()
    page.keyboard.type("Kim Keyboard")
    page.keyboard.press("Tab")
    page.keyboard.type("kim@example.com")
    page.keyboard.press("Tab")
    page.keyboard.type("Before winter, I hope.")
    page.keyboard.press("Tab")  # past the two optional email boxes, left unticked
    expect(page.get_by_label("Email me when my comment is published")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Post reply")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_have_text(THANKS)
    yours = page.get_by_role("region", name="Your comment, awaiting moderation")
    expect(yours).to_contain_text("Before winter, I hope.")
    expect(yours).to_contain_text("in reply to Ada")
    reply = Comment.objects.get(body="Before winter, I hope.")
    assert (reply.parent, reply.status) == (first, Comment.Status.PENDING)


def test_a_form_with_mistakes_opens_at_its_summary_with_the_focus_on_it(page, demo_article):
    page.goto(demo_article.get_absolute_url())
    page.get_by_role("button", name="Post comment").click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    page.goto(page.url.split("#")[0])  # the form's address, opened again
    expect(page).to_have_url(f"{demo_article.get_absolute_url()}#comments", ignore_case=False)
