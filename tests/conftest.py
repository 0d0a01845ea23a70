import pytest
from django.contrib.auth.models import Group

from newsblog import roles
from tests.factories import ArticleFactory, UserFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashers are slow on purpose; tests only need passwords to round-trip.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
