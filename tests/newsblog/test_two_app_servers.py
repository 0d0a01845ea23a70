"""The real thing: two gunicorn servers on different ports, sharing one PostgreSQL and one
Redis, as behind a load balancer. A moderator approves a comment through one; a reader of the
other, whose page was cached, sees it at once. Runs where the suite runs on PostgreSQL with
Redis as the cache (CI's second pass)."""

import http.cookiejar
import os
import re
import socket
import urllib.parse
import urllib.request

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from tests.factories import PASSWORD, ArticleFactory, CommentFactory, UserFactory
from tests.newsblog.live_site import SECRET, manage

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.skipif(
        not settings.CACHES["default"]["BACKEND"].endswith("RedisCache"), reason="needs Redis"
    ),
]


@pytest.fixture(scope="module")
def site_env(tmp_path_factory):
    folder = tmp_path_factory.mktemp("site")
    env = {
        **os.environ,
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "CACHE_URL": os.environ["CACHE_URL"],
        "STATIC_ROOT": str(folder / "static"),
        "NEWSBLOG_SERVER_PROCESSES": "2",
    }
    env.pop("DJANGO_DEBUG", None)
    static = ("collectstatic", "--noinput", "-v0", "-i", "django_prose_editor")
    manage(env | {"DATABASE_URL": "sqlite://:memory:"}, *static)
    return env


def live_database_url() -> str:
    """The test database itself, which the test fills and both servers read."""
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


class Browser:
    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def get(self, path) -> str:
        with self.opener.open(self.base + path, timeout=10) as response:
            return response.read().decode()

    def post(self, path, fields, *, form_page):
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.get(form_page))[1]
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}, doseq=True)
        with self.opener.open(self.base + path, data=data.encode(), timeout=10) as response:
            return response.read().decode()


@pytest.mark.django_db(transaction=True)
def test_a_change_through_one_server_shows_through_the_other_at_once(server):
    article = ArticleFactory(title="Harbour reopens")
    pending = CommentFactory(article=article, body="The ferry is back too.")
    # Hashed as the servers hash passwords (the tests' own hasher is a faster one).
    password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    chief = UserFactory(username="chief", is_staff=True, is_superuser=True)
    type(chief).objects.filter(pk=chief.pk).update(password=password)
    one, two = socket.create_server(("127.0.0.1", 0)), socket.create_server(("127.0.0.1", 0))
    with one, two:
        server(sock=one, DATABASE_URL=live_database_url())
        server(sock=two, DATABASE_URL=live_database_url())
        first, second = one.getsockname()[1], two.getsockname()[1]
    url = article.get_absolute_url()
    reader_one, reader_two = Browser(first), Browser(second)
    for reader in (reader_one, reader_two, reader_one, reader_two):  # each page stored
        assert "The ferry is back too." not in reader.get(url)

    moderator = Browser(first)
    login = "/admin/login/?next=/admin/"
    moderator.post(login, {"username": "chief", "password": PASSWORD}, form_page=login)
    desk = "/admin/comments/comment/"
    fields = {"action": "approve", "_selected_action": pending.pk, "post": "yes"}
    moderator.post(desk, fields, form_page=desk)

    assert "The ferry is back too." in reader_two.get(url)
    assert "The ferry is back too." in reader_one.get(url)
