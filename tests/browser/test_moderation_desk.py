"""A moderator clears the queue on the desk in a real browser: by keyboard, by mouse, in bulk.

Each decision is a full POST and a redirect back to the desk at the next comment, where the
desk's script puts the focus. The comments are made in the database directly: the public form
is tested elsewhere and would only slow these journeys down.
"""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments import moderation
from comments.models import Comment, ModerationEvent
from core import roles
from tests.factories import ArticleFactory, CommentFactory
from tests.helpers import (
    DESKTOP,
    NO_PLAYWRIGHT,
    PHONE,
    axe_violations,
    html_errors,
    save_screenshots,
)

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason=NO_PLAYWRIGHT).expect

DESK = reverse("admin:comments_comment_changelist")
STATUS_OF_KEY = {
    "a": Comment.Status.APPROVED,
    "r": Comment.Status.REJECTED,
    "s": Comment.Status.SPAM,
}
ADVERTISING = "It advertises something."
DONE = {
    "a": "Approved the comment by {}.",
    "r": "Rejected the comment by {}.",
    "s": "Marked the comment by {} as spam.",
}
# One key per decision, J and K moving between some: 21 decisions, one again after its Undo.
KEYS = "arsajakrajjsarkasaarjarsaar"


def pending_comments(count, *, article=None):
    """`count` pending comments, the first the longest waiting (the desk shows it first)."""
    article = article or ArticleFactory(title="Harbour reopens after the storm")
    start = timezone.now() - datetime.timedelta(hours=count)
    return [
        CommentFactory(
            article=article,
            name=f"Reader {number:02}",
            created_at=start + datetime.timedelta(minutes=number),
        )
        for number in range(1, count + 1)
    ]


class Queue:
    """Where the desk should put the focus: on the comment that followed the decided one on the
    page, or the one before it when it was the last."""

    def __init__(self, comments):
        self.waiting = list(comments)
        self.position = 0

    @property
    def current(self):
        return self.waiting[self.position]

    def move(self, step):
        self.position = min(max(self.position + step, 0), len(self.waiting) - 1)

    def decide(self):
        decided = self.waiting.pop(self.position)
        self.position = min(self.position, len(self.waiting) - 1)
        return decided

    def put_back(self, comment):
        self.waiting.append(comment)
        self.waiting.sort(key=lambda c: c.created_at)
        self.position = self.waiting.index(comment)


# What the desk's notice said, in order, from the moment each page starts: a screen reader
# announces a live region's changes, not the text it had when the page loaded.
RECORD_ANNOUNCEMENTS = """
window.deskAnnouncements = [];
new MutationObserver(() => {
  const said = document.querySelector("#desk-announcer p");
  const text = said ? said.textContent.trim() : null;
  if (text !== null && text !== window.deskAnnouncements.at(-1)) {
    window.deskAnnouncements.push(text);
  }
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


def notice(page):
    return page.get_by_role("status")


def assert_announced(page, text):
    """The notice says `text`, put in after the page loaded so that a screen reader reads it."""
    expect(notice(page)).to_contain_text(text)
    said = page.evaluate("window.deskAnnouncements")
    assert said[-2:] == ["", text], said


def assert_focus_on(page, comment):
    focused = page.locator(":focus")
    expect(focused).to_have_id(f"comment-{comment.pk}")
    expect(focused).to_have_accessible_name(f"Comment by {comment.name}")
    expect(focused).to_have_accessible_description(comment.body)


def logged_in(page, user, live_server):
    """The page holds the user's session: the log-in form has journeys of its own, and here
    it would only add two page loads to each test."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return page


@pytest.fixture
def moderator_page(page, staff_member, live_server):
    page.context.add_init_script(RECORD_ANNOUNCEMENTS)
    return logged_in(page, staff_member("moderator", roles.MODERATORS), live_server)


def test_moderator_clears_twenty_comments_with_one_key_each_and_undoes_one(moderator_page):
    page = moderator_page
    comments = pending_comments(20)
    queue = Queue(comments)
    page.goto(DESK)
    assert_focus_on(page, queue.current)
    expected, undo_after, undone = {}, 10, None
    for key in KEYS:
        if key in "jk":
            page.keyboard.press(key.upper())
            queue.move(1 if key == "j" else -1)
            assert_focus_on(page, queue.current)
            continue
        decided = queue.decide()
        with page.expect_navigation(wait_until="domcontentloaded"):
            page.keyboard.press(key.upper())
        expected[decided.pk] = STATUS_OF_KEY[key]
        assert_announced(page, DONE[key].format(decided.name))
        if queue.waiting:
            assert_focus_on(page, queue.current)
        if len(expected) == undo_after and undone is None:
            with page.expect_navigation(wait_until="domcontentloaded"):
                page.keyboard.press("U")
            assert_announced(page, "Undone: 1 comment put back.")
            undone = expected.pop(decided.pk)
            queue.put_back(decided)
            assert_focus_on(page, decided)
    expect(page.get_by_text("No comments are waiting for a decision.")).to_be_visible()
    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert statuses == expected
    assert len(expected) == 20


def varied_queue():
    """A queue as moderators meet it: replies, held reasons, a long headline, a returning
    commenter, a long unbroken word."""
    article = ArticleFactory(
        title="Harbour reopens after the storm, and the ferry timetable changes for the winter"
    )
    answered = CommentFactory(
        article=article, approved=True, name="Ada Lovelace", email="ada@example.com"
    )
    comments = pending_comments(4, article=article)
    comments[0].held_reason = "3 links"
    comments[0].body = "See https://example.com/a and https://example.com/b\n\nA second paragraph."
    comments[1].parent, comments[1].thread, comments[1].depth = answered, answered, 2
    comments[1].email = "ada@example.com"
    comments[2].body = "A" + "a" * 80 + "h!"
    for comment in comments:
        comment.save()
    return comments


def test_desk_fits_desktop_and_phone_widths_with_every_button_in_reach(moderator_page):
    page = moderator_page
    comments = varied_queue()
    page.goto(DESK)
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
        card = page.locator(f"#comment-{comments[0].pk}")
        for control in (
            card.get_by_role("button", name="Approve"),
            card.get_by_role("button", name="Reject"),
            card.get_by_label("Reason for rejecting"),
            card.get_by_role("button", name="Spam"),
            card.get_by_text("Reply", exact=True),
        ):
            control.scroll_into_view_if_needed()
            expect(control).to_be_in_viewport()
    with page.expect_navigation(wait_until="domcontentloaded"):  # a tap at 360 px decides
        page.locator(f"#comment-{comments[0].pk}").get_by_role("button", name="Approve").click()
    expect(notice(page)).to_contain_text("Approved the comment by Reader 01.")
    save_screenshots(page, "moderation-desk")


def test_enter_replies_to_the_focused_comment_and_ctrl_enter_publishes_it(moderator_page):
    page = moderator_page
    first, second = pending_comments(2)
    page.goto(DESK)
    page.keyboard.press("J")
    page.keyboard.press("Enter")
    box = page.locator(f"#comment-{second.pk}").get_by_label("Your reply, published at once")
    expect(box).to_be_focused()
    page.keyboard.type("Thank you, we have corrected the timetable.")
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.keyboard.press("Control+Enter")
    assert_announced(page, "Published your reply to Reader 02.")
    assert_focus_on(page, first)
    reply = Comment.objects.get(parent=second)
    assert reply.body == "Thank you, we have corrected the timetable."
    assert reply.status == Comment.Status.APPROVED
    second.refresh_from_db()
    assert second.status == Comment.Status.APPROVED
    first.refresh_from_db()
    assert first.status == Comment.Status.PENDING


# (position on the page, button): where a mouse user clicks, 20 decisions in all.
CLICKS = [
    (0, "Approve"), (0, "Spam"), (1, "Reject"), (0, "Approve"), (2, "Approve"),
    (0, "Reject"), (3, "Spam"), (1, "Approve"), (0, "Approve"), (0, "Reject"),
    (5, "Approve"), (0, "Spam"), (2, "Approve"), (0, "Approve"), (1, "Reject"),
    (0, "Approve"), (0, "Spam"), (1, "Approve"), (0, "Reject"), (0, "Approve"),
]  # fmt: skip
STATUS_OF_BUTTON = {
    "Approve": Comment.Status.APPROVED,
    "Reject": Comment.Status.REJECTED,
    "Spam": Comment.Status.SPAM,
}


def test_moderator_clears_twenty_comments_with_one_click_each_and_undoes_in_bulk_too(
    moderator_page,
):
    page = moderator_page
    comments = pending_comments(23)
    queue = Queue(comments)
    page.goto(DESK)
    expected, with_reason = {}, None
    for position, button in CLICKS:
        queue.move(position - queue.position)
        decided = queue.decide()
        card = page.locator(f"#comment-{decided.pk}")
        if button == "Reject" and with_reason is None:  # the commenter is told the reason
            card.get_by_label("Reason for rejecting").select_option(label=ADVERTISING)
            with_reason = decided
        with page.expect_navigation(wait_until="domcontentloaded"):
            card.get_by_role("button", name=button, exact=True).click()
        expected[decided.pk] = STATUS_OF_BUTTON[button]
        expect(notice(page)).to_contain_text(f"the comment by {decided.name}")
        assert_focus_on(page, queue.current)
    with page.expect_navigation(wait_until="domcontentloaded"):
        notice(page).get_by_role("button", name="Undo").click()
    expect(notice(page)).to_have_text("Undone: 1 comment put back.")
    assert_focus_on(page, decided)
    del expected[decided.pk]

    last_three = comments[-3:]
    for comment in last_three:
        page.get_by_label(f"Select the comment by {comment.name}").check()
    page.get_by_label("Action:").select_option(label="Mark as spam")
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.get_by_role("button", name="Go").click()
    expect(notice(page)).to_contain_text("3 comments marked as spam.")
    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert {statuses[c.pk] for c in last_three} == {Comment.Status.SPAM}
    with page.expect_navigation(wait_until="domcontentloaded"):
        notice(page).get_by_role("button", name="Undo").click()
    expect(notice(page)).to_have_text("Undone: 3 comments put back.")

    statuses = dict(Comment.objects.values_list("pk", "status"))
    pending = {c.pk for c in comments} - set(expected)
    assert statuses == expected | dict.fromkeys(pending, Comment.Status.PENDING)
    assert len(pending) == 4
    reasons = ModerationEvent.objects.filter(to_status=Comment.Status.REJECTED)
    assert dict(reasons.values_list("comment", "reason"))[with_reason.pk] == ADVERTISING


def test_question_mark_shows_the_keys_and_escape_closes_them(moderator_page):
    page = moderator_page
    (comment,) = pending_comments(1)
    page.goto(DESK)
    page.keyboard.press("?")
    keys = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(keys).to_be_visible()
    expect(keys).to_contain_text("Next / previous comment")
    page.keyboard.press("A")  # the keys sleep while their help is open
    page.keyboard.press("Escape")
    expect(keys).to_be_hidden()
    assert_focus_on(page, comment)
    assert Comment.objects.get().status == Comment.Status.PENDING


def desk_pages(varied):
    """The desk's pages worth checking: the queue, another status, a comment and its history."""
    decided = varied[0]
    moderation.decide(
        comments=Comment.objects.filter(pk=decided.pk),
        decision="approve",
        moderator=User.objects.get(username="moderator"),
    )
    change = reverse("admin:comments_comment_change", args=[decided.pk])
    history = reverse("admin:comments_comment_history", args=[decided.pk])
    return {
        "desk-pending": DESK,
        "desk-approved": f"{DESK}?status=approved",
        "comment-change": change,
        "comment-history": history,
    }


@pytest.fixture
def desk_quality_pages(staff_member):
    staff_member("moderator", roles.MODERATORS)
    return desk_pages(varied_queue())


def test_desk_pages_have_no_wcag_22_aa_violations(new_context, desk_quality_pages, live_server):
    # axe runs as an inline script; the journeys above use the desk under its CSP.
    page = new_context(bypass_csp=True).new_page()
    logged_in(page, User.objects.get(username="moderator"), live_server)
    found = {}
    for name, path in desk_quality_pages.items():
        assert page.goto(path).status == 200, path
        found[name] = axe_violations(page)
    assert all(not lines for lines in found.values()), "\n".join(
        f"{name}: {lines}" for name, lines in found.items()
    )


def test_desk_pages_are_valid_html(page, desk_quality_pages, live_server):
    logged_in(page, User.objects.get(username="moderator"), live_server)
    served = {}
    for name, path in desk_quality_pages.items():
        response = page.goto(path)
        assert response.status == 200, path
        served[name] = response.text()
    errors = html_errors(served)
    assert errors == [], "\n".join(errors)
