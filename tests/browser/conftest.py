"""Real-browser fixtures: Playwright drives the machine's Chromium against the live server.

Every module here is marked `browser` (run them alone with `make test-browser`). They skip, saying
why, when Playwright or a Chromium is missing, and fail instead when NEWSBLOG_REQUIRE_BROWSER_TESTS
is set (as CI does). Each page a test opens is watched: a console error, an uncaught script error
or a Content-Security-Policy violation fails the test.
"""

import pytest
from django.apps import apps

from articles.demo.loader import load_demo_article
from core import roles
from tests import helpers
from tests.helpers import DESKTOP, NO_PLAYWRIGHT, find_chromium, unavailable

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # the tests run as root in CI, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Chromium reports a CSP violation as a console error already; this makes the report explicit
# and also catches report-only policies.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  const blocked = event.blockedURI || "inline code";
  console.error(`CSP violation: ${event.violatedDirective} blocked ${blocked}`);
});
"""


@pytest.fixture(scope="package")
def browser():
    try:
        from playwright import sync_api
    except ImportError:
        unavailable(NO_PLAYWRIGHT)
    executable = find_chromium()
    if executable is None:
        unavailable("no Chromium found: apt-get install chromium, or set NEWSBLOG_CHROMIUM")
    # Playwright's sync API keeps an event loop running in this thread, which Django would
    # otherwise mistake for async code calling the ORM; the test code here is plain sync code.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            yield browser
            browser.close()


class BrowserLog:
    """Console errors, script errors and CSP violations seen by the pages of one browser context."""

    def __init__(self, errors):
        self.errors = errors
        self.failed_documents = set()

    def watch(self, page):
        page.on("console", self.on_console)
        page.on("pageerror", lambda error: self.errors.append(f"script error: {error}"))
        page.on("response", self.on_response)

    def on_response(self, response):
        # A page that answers 404 or 400 by design (error pages, a form with errors) makes
        # Chromium log "Failed to load resource"; the test checks those statuses itself.
        if response.request.is_navigation_request() and response.status >= 400:
            self.failed_documents.add(response.url)

    def on_console(self, message):
        if message.type != "error":
            return
        source = message.location.get("url", "")
        document = source.split("#")[0]  # a form's action may carry an anchor; responses do not
        if message.text.startswith("Failed to load resource") and document in self.failed_documents:
            return
        self.errors.append(f"{message.text} ({source})")


@pytest.fixture
def browser_errors():
    """What went wrong in any page of the test's browser contexts, as lines of text."""
    return []


@pytest.fixture
def new_context(browser, live_server, staff_roles, browser_errors):
    """Open fresh browser contexts (a separate reader each: own cookies) on the live server.

    The test fails if any of their pages reported an error, whether or not it looked.
    """
    contexts = []

    def open_context(**options):
        options.setdefault("viewport", DESKTOP)
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(10_000)
        context.add_init_script(CSP_LISTENER)
        context.on("page", BrowserLog(browser_errors).watch)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()
    if browser_errors:
        pytest.fail("The browser reported errors:\n" + "\n".join(browser_errors), pytrace=False)


@pytest.fixture
def page(new_context):
    return new_context().new_page()


@pytest.fixture
def staff_roles(transactional_db):
    """Recreate the role groups: the live server's tests empty the database after each test."""
    roles.sync_roles(apps)


@pytest.fixture
def demo_article(staff_roles):
    """The article every fresh install shows, with its author and tags."""
    return load_demo_article()[0]


@pytest.fixture
def staff_member(staff_roles):
    """Make a staff user in one of the role groups; they log in with the factories' PASSWORD."""
    return lambda username, role: helpers.staff_member(role, username=username)
