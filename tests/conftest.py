import pytest
from django.contrib.auth.models import Group

from newsblog import roles
from tests.factories import ArticleFactory, UserFactory


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
