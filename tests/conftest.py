import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test.utils import override_settings

from newsblog import roles
from tests.factories import ArticleFactory, UserFactory


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


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: no page, counter or lock-out left by another."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def page_cache_off(settings):
    """Every request renders its page, as on a site with NEWSBLOG_PAGE_CACHE_SECONDS=0."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def article(db):
    return ArticleFactory()


@pytest.fixture
def editor(db):
    user = UserFactory(username="editor", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.EDITORS))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
