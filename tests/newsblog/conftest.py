"""Fixtures for the malformed-request tests (test_bad_requests.py, test_bad_request_bodies.py)
and the outage tests that run a real gunicorn (live_site.py)."""

import datetime
import subprocess

import pytest
from django.test import Client

from tests.factories import ArticleFactory, CommentFactory, TagFactory, UserFactory
from tests.newsblog.live_site import serve


@pytest.fixture
def site(db):
    """One published article, "open" by "grace", tagged "news", from March 2024, with a comment."""
    tag = TagFactory(name="News", slug="news")
    published_at = datetime.datetime(2024, 3, 5, 12, tzinfo=datetime.UTC)
    with_time = {"published_at": published_at}
    article = ArticleFactory(slug="open", author=UserFactory(username="grace"), **with_time)
    article.tags.set([tag])
    CommentFactory(article=article, approved=True)
    return article


@pytest.fixture
def browser():
    """A client that meets the site as a browser does: CSRF checked, errors answered."""
    return Client(enforce_csrf_checks=True, raise_request_exception=False)


@pytest.fixture
def staff_browser(browser, site):
    browser.force_login(UserFactory(username="chief", is_staff=True, is_superuser=True))
    return browser


@pytest.fixture
def server(site_env):
    """Start gunicorn on the module's `site_env`, with keyword arguments added to it; each
    server is stopped when the test ends."""

    def start(*, log=subprocess.DEVNULL, sock=None, **overrides):
        process = serve({**site_env, **overrides}, log=log, sock=sock)
        started.append(process)
        return process

    started = []
    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=10)
