"""Helpers the tests share: what a browser sends, staff members, the real browser's tools.

Fixtures live in conftest.py files; plain functions and constants that several test modules
use live here, so that no test module imports another.
"""

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group

from comments.forms import form_token
from tests.factories import PASSWORD, UserFactory

# Old enough to pass the "submitted too fast" check, young enough not to have expired.
FORM_AGE_SECONDS = 30

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 780}
NO_PLAYWRIGHT = "Playwright is not installed: pip install -e '.[dev]'"
OUTPUT_DIR = Path(__file__).resolve().parents[1] / "test-output"
NODE_MODULES = OUTPUT_DIR.parent / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def article_form(**overrides):
    """What the admin's article form sends, for a draft unless overridden."""
    data = {
        "title": "Port reopens after storm",
        "slug": "port-reopens-after-storm",
        "summary": "Ships are moving again.",
        "body": "<h2>Harbour</h2><p>The <a href='https://example.com'>port</a> is open.</p>",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "allow_comments": "on",
        # The corrections-and-updates inline, empty.
        "notes-TOTAL_FORMS": "0",
        "notes-INITIAL_FORMS": "0",
    }
    return data | overrides


def comment_form_data(article, **fields):
    """What a reader's browser sends from the "Leave a comment" form, filled in a while ago."""
    data = {
        "name": "Grace Reader",
        "email": "grace@example.com",
        "body": "A thoughtful remark about the article.",
        "website": "",
        "token": form_token(article.pk, issued_at=time.time() - FORM_AGE_SECONDS),
    }
    return {**data, **fields}


def staff_member(role, **fields):
    user = UserFactory(is_staff=True, **fields)
    user.groups.add(Group.objects.get(name=role))
    return user


def assert_logged_without_traceback(site_log):
    """What the site's log handler wrote (the site_log fixture) holds no error and no traceback."""
    log = site_log.getvalue()
    assert "Traceback" not in log
    assert " ERROR " not in log


def find_chromium():
    """NEWSBLOG_CHROMIUM when set, else Debian's chromium or one on the PATH."""
    if "NEWSBLOG_CHROMIUM" in os.environ:
        candidates = [os.environ["NEWSBLOG_CHROMIUM"]]
    else:
        candidates = [
            "/usr/bin/chromium",
            shutil.which("chromium"),
            shutil.which("chromium-browser"),
        ]
    return next((path for path in candidates if path and os.access(path, os.X_OK)), None)


def unavailable(reason):
    """Skip a check whose tool is missing; fail instead where the run requires them all (CI)."""
    if os.environ.get("NEWSBLOG_REQUIRE_BROWSER_TESTS"):
        pytest.fail(f"{reason} (NEWSBLOG_REQUIRE_BROWSER_TESTS is set)", pytrace=False)
    pytest.skip(reason)


def log_in(page, user):
    """Log into the admin the way a person does: the log-in form."""
    from playwright.sync_api import expect

    page.goto(f"/{settings.ADMIN_URL}")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def axe_violations(page):
    """What axe-core finds against WCAG 2.2 AA on the page as it is now, one line each.

    The checker is injected as an inline script, which the site's CSP rightly refuses: open the
    page in a context made with bypass_csp=True (and check it under its CSP elsewhere)."""
    if not AXE_JS.exists():
        unavailable("axe-core is not installed: run `npm ci` (needs Node.js)")
    page.add_script_tag(path=AXE_JS)
    violations = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations",
        WCAG_22_AA,
    )
    lines = []
    for violation in violations:
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return lines


def html_errors(pages):
    """The Nu HTML Checker's errors in the pages ({name: HTML}), as "name.html:line: message".

    The HTML is kept under test-output/html/ for a person to look at."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        unavailable("the Nu HTML Checker needs Java and vnu-jar: run `npm ci` (needs Node.js)")
    folder = OUTPUT_DIR / "html"
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for name, html in pages.items():
        files.append(folder / f"{name}.html")
        files[-1].write_text(html, encoding="utf-8")
    # One run over every page: starting the JVM costs more than checking a page. A short run
    # spends most of its time compiling, so the quick compiler alone is faster (it needs the
    # deeper stack); on two cores it takes well under half the time.
    quick = ["-Xss4m", "-XX:TieredStopAtLevel=1"]
    result = subprocess.run(
        [java, *quick, "-jar", VNU_JAR, "--format", "json", "--stdout", *files],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return [
        f"{message.get('url', '').rsplit('/', 1)[-1]}:{message.get('lastLine', '?')}: "
        f"{message['message']}"
        for message in json.loads(result.stdout)["messages"]
        if message["type"] in ("error", "non-document-error")
    ]


def save_screenshots(page, name):
    """Write full-page screenshots at desktop and phone widths for a person to look at."""
    folder = OUTPUT_DIR / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.screenshot(path=folder / f"{name}-{label}.png", full_page=True)
    page.set_viewport_size(original)


class BrokenMailBackend:
    """An EMAIL_BACKEND whose mail server is down: every send fails as smtplib's would."""

    attempts = 0

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        type(self).attempts += 1
        raise ConnectionRefusedError("mail server down")
