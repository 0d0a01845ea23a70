import io
import logging

import pytest
from django.core.cache import cache
from django.test.utils import override_settings
from django.urls import reverse

from core import roles
from tests.factories import ArticleFactory
from tests.helpers import comment_form_data, staff_member


@pytest.fixture(autouse=True, scope="session")
def _test_settings():
    """Pages render without `collectstatic` (tests/newsblog/test_storage.py checks the real
    storage), and passwords hash fast: the production hasher is slow on purpose."""
    with override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    ):
        yield


@pytest.fixture
def page_cache_off(settings):
    """Every request renders its page, as on a site with NEWSBLOG_PAGE_CACHE_SECONDS=0."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def empty_cache():
    """Flood control counts and cached pages live in the cache; every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads made by a test land in its own temporary folder, never in the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def site_log():
    """What the site's log handler (settings.LOGGING) writes during the test."""
    [handler] = [handler for handler in logging.getLogger().handlers if handler.name == "console"]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


@pytest.fixture
def article(db):
    return ArticleFactory()


@pytest.fixture
def editor(db):
    return staff_member(roles.EDITORS, username="editor")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def moderator(db):
    return staff_member(roles.MODERATORS, username="moderator", email="moderator@example.com")


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def post_comment(client):
    """Send the comment form for an article as a reader would; keywords fill in the fields."""

    def post(article, *, using=None, remote_addr="198.51.100.7", user_agent="Firefox", **fields):
        return (using or client).post(
            reverse("comments:post", kwargs={"slug": article.slug}),
            comment_form_data(article, **fields),
            REMOTE_ADDR=remote_addr,
            HTTP_USER_AGENT=user_agent,
        )

    return post


@pytest.fixture
def demo_article(db):
    from articles.demo.loader import load_demo_article

    return load_demo_article()[0]
