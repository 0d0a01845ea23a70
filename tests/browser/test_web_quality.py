"""The public pages meet WCAG 2.2 AA (axe-core) and are valid HTML (the Nu HTML Checker).

Each page is also opened under its Content-Security-Policy and must report no console error and
no policy violation. Both checkers come from npm (`npm ci` installs them into node_modules/); the
HTML checker needs Java. Each check skips, saying why, when its tool is missing. The HTML each
page served is kept under test-output/html/ so a person can look at what was checked.
"""

import datetime

import pytest
from django.utils import timezone

from articles.models import ArticleNote
from comments import subscriptions
from comments.models import Comment, Commenter
from comments.my_comments import link_token
from tests.factories import ArticleFactory, CommentFactory
from tests.helpers import axe_violations, html_errors

pytestmark = pytest.mark.browser


def visit(page, path, status=200):
    response = page.goto(path)
    assert response.status == status, path
    return response.text()


@pytest.fixture
def site(demo_article, settings):
    # A reader posts a comment to reach its edit page; the spam timers would only slow it down.
    settings.COMMENTS_MIN_FORM_SECONDS = 0
    settings.COMMENTS_FLOOD_SECONDS = 0
    # A just-written article too: its timestamps have microseconds, unlike the demo's.
    ArticleFactory(title="Harbour reopens after storm")
    CommentFactory(article=demo_article, approved=True)
    CommentFactory(
        article=demo_article,
        approved=True,
        body="Good background at https://example.com/korea\n\nAnd a second paragraph.",
    )
    return demo_article


def open_index(page, article):
    return visit(page, "/")


def open_article(page, article):
    return visit(page, article.get_absolute_url())


def open_article_with_errors(page, article):
    visit(page, article.get_absolute_url())
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        page.get_by_role("button", name="Post comment").click()
    assert posted.value.status == 400
    page.wait_for_load_state()
    return posted.value.text()


def open_article_with_thread(page, article):
    """A three-level conversation, a withdrawn comment kept for its reply, a staff member's
    reply, and the form answering the deepest comment."""
    article = ArticleFactory(title="Ferry timetable changes")
    levels = [CommentFactory(article=article, approved=True, name="Ada")]
    for name in ("Grace", "Alan"):
        parent = levels[-1]
        levels.append(
            CommentFactory(
                article=article,
                approved=True,
                name=name,
                parent=parent,
                thread_id=parent.thread_id or parent.pk,
                depth=parent.depth + 1,
            )
        )
    CommentFactory(
        article=article,
        approved=True,
        parent=levels[0],
        thread=levels[0],
        depth=2,
        staff_role="Editor",
    )
    removed = CommentFactory(article=article, status=Comment.Status.REJECTED)
    CommentFactory(article=article, approved=True, parent=removed, thread=removed, depth=2)
    return visit(page, f"{article.get_absolute_url()}?replyto={levels[-1].pk}#leave-a-comment")


def open_tag(page, article):
    return visit(page, article.tags.first().get_absolute_url())


def open_search(page, article):
    return visit(page, "/search/?q=Putin")


def open_confirm_address(page, article):
    commenter = Commenter.objects.get_or_create(email="grace@example.com")[0]
    return visit(page, subscriptions.confirm_link(commenter).split("testserver", 1)[-1])


def open_unsubscribe(page, article):
    commenter = Commenter.objects.get_or_create(email="grace@example.com")[0]
    return visit(page, subscriptions.unsubscribe_link(commenter).split("testserver", 1)[-1])


def open_not_found(page, article):
    return visit(page, "/no-such-page/", status=404)


def open_bad_request(page, article):
    return visit(page, "/search/?page=%00", status=400)


def open_comment_edit(page, article):
    visit(page, article.get_absolute_url())
    page.get_by_label("Name").fill("Grace Reader")
    page.get_by_label("Email", exact=True).fill("grace@example.com")
    page.get_by_label("Comment", exact=True).fill("A question about the visit.")
    page.get_by_role("button", name="Post comment").click()
    page.wait_for_load_state()
    return visit(page, page.get_by_role("link", name="Edit your comment").get_attribute("href"))


def open_my_comments_request(page, article):
    return visit(page, "/comments/mine/")


def open_my_comments(page, article):
    email = article.comments.approved().first().email
    return visit(page, f"/comments/mine/{link_token(email)}/")


def open_article_with_notes(page, article):
    ArticleNote.objects.create(article=article, text="An earlier version gave the wrong date.")
    ArticleNote.objects.create(article=article, kind="update", text="The visit is confirmed.")
    return visit(page, article.get_absolute_url())


def open_corrections(page, article):
    if not ArticleNote.objects.exists():
        ArticleNote.objects.create(article=article, text="An earlier version gave the wrong date.")
    return visit(page, "/corrections/")


def open_archive(page, article):
    return visit(page, "/archive/")


def open_gone(page, article):
    """An article that came down at its unpublish time: "no longer available", 410."""
    now = timezone.now()
    gone = ArticleFactory(
        title="Embargoed statement",
        published_at=now - datetime.timedelta(days=2),
        expires_at=now - datetime.timedelta(hours=1),
    )
    return visit(page, gone.get_absolute_url(), status=410)


PAGES = {
    "index": open_index,
    "article": open_article,
    "article-with-errors": open_article_with_errors,
    "article-with-thread": open_article_with_thread,
    "tag": open_tag,
    "search": open_search,
    "confirm-address": open_confirm_address,
    "unsubscribe": open_unsubscribe,
    "404": open_not_found,
    "400": open_bad_request,
    "comment-edit": open_comment_edit,
    "my-comments-request": open_my_comments_request,
    "my-comments": open_my_comments,
    "article-with-notes": open_article_with_notes,
    "corrections": open_corrections,
    "archive": open_archive,
    "410-gone": open_gone,
}


def test_public_pages_report_no_console_error_or_csp_violation(page, site, browser_errors):
    for open_page in PAGES.values():
        open_page(page, site)
    assert browser_errors == []


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_wcag_22_aa_violations(name, new_context, site):
    # axe runs as an inline script; the test above checks the pages under their CSP.
    page = new_context(bypass_csp=True).new_page()
    PAGES[name](page, site)
    violations = axe_violations(page)
    assert violations == [], f"{name}:\n" + "\n".join(violations)


def test_pages_are_valid_html(page, site):
    errors = html_errors({name: open_page(page, site) for name, open_page in PAGES.items()})
    assert errors == [], "\n".join(errors)
