"""The admin pages a moderator opens beside the desk, in a real browser: the home page with the
pending count, a comment's page and its History. No console error or CSP violation, WCAG 2.2 AA
(axe-core), valid HTML (the Nu HTML Checker), no horizontal scroll at 1280 px or 360 px, and
screenshots of each under test-output/screenshots/."""

import json
import shutil
import subprocess

import pytest

from comments import moderation
from comments.models import Comment
from core import roles
from tests.factories import ArticleFactory, CommentFactory
from tests.helpers import DESKTOP, OUTPUT_DIR, PHONE, log_in, save_screenshots, unavailable

pytestmark = pytest.mark.browser

NODE_MODULES = OUTPUT_DIR.parent / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def pages(staff_member):
    """A moderator, three pending comments and one decided reply: the pages' addresses."""
    moderator = staff_member("mona", roles.MODERATORS)
    article = ArticleFactory(title="Harbour reopens after the storm")
    parent = CommentFactory(article=article, approved=True, name="Ada")
    reply = CommentFactory(article=article, parent=parent, thread=parent, depth=2)
    CommentFactory.create_batch(3, article=article, held_reason="2 links")
    moderation.approve(comments=Comment.objects.filter(pk=reply.pk), moderator=moderator)
    moderation.reject(
        comments=Comment.objects.filter(pk=reply.pk), moderator=moderator, reason="off-topic"
    )
    return moderator, {
        "admin-home": "/admin/",
        "comment-page": f"/admin/comments/comment/{reply.pk}/change/",
        "comment-history": f"/admin/comments/comment/{reply.pk}/history/",
    }


def fits_the_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_moderators_admin_pages_are_clean_fit_and_show_the_count(page, pages):
    moderator, urls = pages
    log_in(page, moderator)
    for name, url in urls.items():
        assert page.goto(url).status == 200, url
        for size in (DESKTOP, PHONE):
            page.set_viewport_size(size)
            assert fits_the_width(page), f"{name} scrolls sideways at {size['width']} px"
        page.set_viewport_size(DESKTOP)
        save_screenshots(page, f"moderator-{name}")
    page.goto(urls["admin-home"])
    link = page.get_by_role("link", name="Comments, 3 pending")
    assert link.get_attribute("href") == "/admin/comments/comment/"


def test_a_moderators_admin_pages_have_no_wcag_22_aa_violations(new_context, pages):
    if not AXE_JS.exists():
        unavailable("axe-core is not installed: run `npm ci` (needs Node.js)")
    moderator, urls = pages
    page = new_context(bypass_csp=True).new_page()  # axe is injected as an inline script
    log_in(page, moderator)
    for name, url in urls.items():
        page.goto(url)
        page.add_script_tag(path=AXE_JS)
        violations = page.evaluate(
            "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
            ".violations",
            WCAG_22_AA,
        )
        found = [(v["id"], [node["html"] for node in v["nodes"]]) for v in violations]
        assert found == [], name


def test_a_moderators_admin_pages_are_valid_html(page, pages):
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        unavailable("the Nu HTML Checker needs Java and vnu-jar: run `npm ci` (needs Node.js)")
    moderator, urls = pages
    log_in(page, moderator)
    folder = OUTPUT_DIR / "html"
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for name, url in urls.items():
        files.append(folder / f"moderator-{name}.html")
        files[-1].write_text(page.goto(url).text(), encoding="utf-8")
    result = subprocess.run(
        [java, "-jar", VNU_JAR, "--format", "json", "--stdout", *files],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    errors = [
        f"{message.get('url', '').rsplit('/', 1)[-1]}:{message.get('lastLine', '?')}: "
        f"{message['message']}"
        for message in json.loads(result.stdout)["messages"]
        if message["type"] in ("error", "non-document-error")
    ]
    assert errors == [], "\n".join(errors)
