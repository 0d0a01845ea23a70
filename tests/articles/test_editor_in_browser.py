"""The rich-text editor in a real browser, under the site's Content-Security-Policy.

Needs Debian's Chromium (`apt-get install chromium`); skipped when it is not installed.
"""

import shutil

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from articles.models import Article

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
playwright = pytest.importorskip("playwright.sync_api")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Chromium is not installed"),
]


@pytest.fixture
def editor_session(transactional_db, editor):
    client = Client()
    client.force_login(editor)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`Content Security Policy: ${event.violatedDirective} ${event.blockedURI}`);
});
"""


def test_editor_works_in_the_admin_with_no_policy_violation(live_server, editor_session):
    problems = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        context = browser.new_context(base_url=live_server.url)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": editor_session,
                    "url": live_server.url,
                }
            ]
        )
        page = context.new_page()
        page.add_init_script(REPORT_VIOLATIONS)
        page.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text and problems.append(message.text)
            ),
        )
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.goto(reverse("admin:articles_article_add"))
        page.locator("#id_title").fill("Harbour reopens")
        body = page.locator(".ProseMirror[contenteditable=true]")
        body.click()
        page.keyboard.type("Ships are back in the harbour.")
        page.locator("input[name=_save]").first.click()
        page.wait_for_url("**/articles/article/")
        browser.close()
    assert problems == []
    article = Article.objects.get(title="Harbour reopens")
    assert article.slug == "harbour-reopens"  # the admin's own script filled it in
    assert "Ships are back in the harbour." in article.body
