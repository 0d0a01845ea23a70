"""The real thing on PostgreSQL: gunicorn while another session holds a table lock, as a
migration or a long transaction would. Readers get the 503 page within 2 s instead of a hung
page, writers wait their turn, and pages come back by themselves once the lock is gone."""

import os
import re
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest

from tests.newsblog.live_site import (
    DEMO,
    SECRET,
    Reader,
    assert_readable_503,
    fetch,
    manage,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs DATABASE_URL=postgres://...",
    ),
]

EDITOR_PASSWORD = "test-only-Kq8vX2mZ7rT4"
WRITE_WAIT = 4  # seconds; the default of 20 s would make the test slow
DEMO_SLUG = DEMO.split("/")[2]


@pytest.fixture(scope="module")
def site_env(tmp_path_factory):
    import psycopg

    real = urlsplit(os.environ["DATABASE_URL"])
    name = real.path.strip("/") + "_locked"
    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True, dbname="postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    folder = tmp_path_factory.mktemp("site")
    env = {
        **os.environ,
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": real._replace(path=f"/{name}").geturl(),
        "CACHE_URL": "locmemcache://",
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),  # the demo article's image
        "NEWSBLOG_PAGE_CACHE_SECONDS": "0",
    }
    env.pop("DJANGO_DEBUG", None)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo")
    manage(env, "collectstatic", "--noinput", "-v0", "-i", "admin", "-i", "django_prose_editor")
    superuser = {"DJANGO_SUPERUSER_PASSWORD": EDITOR_PASSWORD}
    manage(env | superuser, "createsuperuser", "--noinput", "--username", "editor", "--email", "")
    return env


class Lock:
    """Another session holding a table lock until `release()` (or `release_after()`)."""

    def __init__(self, env, table, mode):
        import psycopg

        self.session = psycopg.connect(env["DATABASE_URL"])
        self.session.execute(f"LOCK TABLE {table} IN {mode} MODE")

    def release(self):
        self.session.close()  # rolls the transaction back, and its lock with it

    def release_after(self, seconds):
        threading.Timer(seconds, self.release).start()


def test_table_locked_by_a_migration_gives_readers_503_within_2_seconds_then_recovers(
    server, site_env
):
    server()
    assert fetch(DEMO)[0] == 200  # the worker now holds a connection
    lock = Lock(site_env, "articles_article", "ACCESS EXCLUSIVE")
    try:
        assert_readable_503(*fetch("/"))
        assert_readable_503(*fetch(DEMO))
    finally:
        lock.release()
    assert fetch("/")[0] == 200
    assert fetch(DEMO)[0] == 200


class Editor(Reader):
    """A browser logged in to the admin. Redirects are not followed: the admin's own pages need
    static files this site does not collect, and a 302 is what a saved form answers."""

    def __init__(self):
        super().__init__(NoRedirect())

    def log_in(self):
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]*)"', self.get(DEMO))[1]
        fields = {"username": "editor", "password": EDITOR_PASSWORD, "next": "/admin/"}
        fields["csrfmiddlewaretoken"] = token
        status, _, _ = self.post("/admin/login/", fields, referer=DEMO)
        assert status == 302
        # Logging in gives a new CSRF token.
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]*)"', self.get(DEMO))[1]

    def save_article(self, pk, **fields):
        path = f"/admin/articles/article/{pk}/change/"
        return self.post(path, fields | {"csrfmiddlewaretoken": self.token}, referer=path)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


def article_fields(title):
    return {
        "title": title,
        "slug": DEMO_SLUG,
        "summary": "Still here.",
        "body": "<p>Saved while a migration held the table.</p>",
        "status": "published",
        "published_at_0": "2024-01-02",
        "published_at_1": "10:00:00",
        "allow_comments": "on",
        "image_alt": "The demo article's illustration",  # required: the article has an image
        "notes-TOTAL_FORMS": "0",  # the corrections-and-updates inline, empty
        "notes-INITIAL_FORMS": "0",
    }


def demo_article_id(env) -> int:
    import psycopg

    with psycopg.connect(env["DATABASE_URL"]) as session:
        query = "SELECT id FROM articles_article WHERE slug = %s"
        return session.execute(query, [DEMO_SLUG]).fetchone()[0]


def test_an_editors_save_waits_for_the_locked_table_while_readers_get_503(server, site_env):
    server(DATABASE_WRITE_LOCK_TIMEOUT=str(WRITE_WAIT))
    editor = Editor()
    editor.log_in()
    fields = article_fields("Saved after the lock")
    pk = demo_article_id(site_env)
    lock = Lock(site_env, "articles_article", "ACCESS EXCLUSIVE")
    lock.release_after(2.5)
    with ThreadPoolExecutor(max_workers=1) as browser_tab:
        saving = browser_tab.submit(editor.save_article, pk, **fields)
        time.sleep(0.2)  # the save is waiting on the lock now
        assert_readable_503(*fetch("/"))  # and the worker's other thread still answers readers
        status, _, seconds = saving.result()
    assert status == 302  # saved, sent back to the list
    # It waited for the lock (released 2.5 s after it was taken, a moment before the save was
    # sent): an unlocked save takes a tenth of a second.
    assert 1.8 <= seconds < WRITE_WAIT
    status, page, _ = fetch(DEMO)
    assert status == 200 and "Saved after the lock" in page


def test_a_table_held_by_a_writer_keeps_readers_reading_and_a_comment_waits_its_turn(
    server, site_env
):
    # The flood interval would refuse the second try, seconds after the first.
    server(
        NEWSBLOG_COMMENTS_MIN_FORM_SECONDS="0",
        NEWSBLOG_COMMENTS_FLOOD_SECONDS="0",
        DATABASE_WRITE_LOCK_TIMEOUT=str(WRITE_WAIT),
    )
    reader = Reader()
    page = reader.get(DEMO)
    # EXCLUSIVE lets others read the table but not write to it, as a writer's long transaction.
    lock = Lock(site_env, "comments_comment", "EXCLUSIVE")
    try:
        status, _, seconds = fetch(DEMO)
        assert (status, seconds < 2) == (200, True)
        status, answer, seconds = reader.post_comment(page, "Sent while the table was busy")
        # A writer waits its turn for the whole write wait, then gets the "try again" page.
        assert status == 503
        assert WRITE_WAIT <= seconds < WRITE_WAIT + 2
        assert "try again in a minute" in answer
    finally:
        lock.release()
    page = reader.get(DEMO)
    Lock(site_env, "comments_comment", "EXCLUSIVE").release_after(2.5)
    status, _, seconds = reader.post_comment(page, "Sent once it was free again")
    assert status == 200  # redirected to the article, which says the comment awaits moderation
    assert 2.3 <= seconds < WRITE_WAIT  # longer than any reader waits
