"""The real thing: gunicorn against a SQLite file another process has locked, and against a
PostgreSQL address where nothing listens. Readers get the 503 page within 2 s, and pages come
back by themselves once the database does."""

import os
import socket
import sqlite3
from urllib.parse import urlsplit

import pytest

from tests.newsblog.live_site import (
    DEMO,
    SECRET,
    Outage,
    Reader,
    assert_readable_503,
    fetch,
    manage,
)

pytestmark = pytest.mark.slow

WRITE_WAIT = 3  # seconds; the default busy timeout of 20 s would make the test slow


@pytest.fixture(scope="module")
def site_env(tmp_path_factory):
    folder = tmp_path_factory.mktemp("site")
    env = {
        **os.environ,
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "CACHE_URL": "locmemcache://",
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),  # the demo article's image
    }
    env.pop("DJANGO_DEBUG", None)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo")
    # The public pages only need the site's stylesheet; the admin's files take long to compress.
    manage(env, "collectstatic", "--noinput", "-v0", "-i", "admin", "-i", "django_prose_editor")
    return env


def lock(database, *, readers_too: bool):
    """Another process holding SQLite's write lock, and with `readers_too` keeping readers out,
    as a long migration or a backup tool would."""
    locker = sqlite3.connect(database, isolation_level=None)
    if readers_too:
        locker.execute("PRAGMA locking_mode=EXCLUSIVE")
    locker.execute("BEGIN EXCLUSIVE" if readers_too else "BEGIN IMMEDIATE")
    locker.execute("UPDATE django_migrations SET app = app")
    return locker


def test_sqlite_locked_against_readers_gives_503_within_2_seconds_then_recovers(server, site_env):
    locker = lock(site_env["DATABASE_URL"].removeprefix("sqlite:///"), readers_too=True)
    try:
        server(NEWSBLOG_PAGE_CACHE_SECONDS="0")
        assert_readable_503(*fetch("/"))
        assert fetch("/healthz")[0] == 503
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert fetch("/")[0] == 200
    assert fetch("/healthz")[0] == 200


def test_sqlite_held_by_a_writer_keeps_readers_reading_and_a_comment_waits_its_turn(
    server, site_env
):
    # The flood interval would refuse the second try, seconds after the first.
    server(
        NEWSBLOG_PAGE_CACHE_SECONDS="0",
        NEWSBLOG_COMMENTS_MIN_FORM_SECONDS="0",
        NEWSBLOG_COMMENTS_FLOOD_SECONDS="0",
        SQLITE_BUSY_TIMEOUT=str(WRITE_WAIT),
    )
    reader = Reader()
    page = reader.get(DEMO)
    locker = lock(site_env["DATABASE_URL"].removeprefix("sqlite:///"), readers_too=False)
    try:
        status, _, seconds = fetch("/")
        assert (status, seconds < 2) == (200, True)  # SQLite's WAL does not block readers
        status, answer, seconds = reader.post_comment(page, "Sent while the database was busy")
        # A writer waits its turn for the whole busy timeout, then gets the "try again" page.
        assert status == 503
        assert WRITE_WAIT <= seconds < WRITE_WAIT + 3
        assert "try again in a minute" in answer
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    status, _, _ = reader.post_comment(reader.get(DEMO), "Sent once it was free again")
    assert status == 200  # redirected to the article, which says the comment awaits moderation


def test_unreachable_postgresql_gives_503_within_2_seconds(server):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    server(DATABASE_URL=f"postgres://postgres@127.0.0.1:{port}/newsblog")
    assert_readable_503(*fetch("/"))
    assert fetch("/healthz")[0] == 503


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="needs DATABASE_URL=postgres://...",
)
def test_postgresql_outage_gives_503_and_the_site_recovers_by_itself(server, site_env):
    import psycopg

    real = urlsplit(os.environ["DATABASE_URL"])
    name = real.path.strip("/") + "_outage"
    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True, dbname="postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    direct = real._replace(path=f"/{name}").geturl()
    manage({**site_env, "DATABASE_URL": direct}, "migrate", "--noinput", "-v0")
    outage = Outage((real.hostname, real.port or 5432))
    outage.restore()
    relayed = real._replace(netloc=f"{real.username}@127.0.0.1:{outage.port}", path=f"/{name}")
    server(DATABASE_URL=relayed.geturl(), NEWSBLOG_PAGE_CACHE_SECONDS="0")
    assert fetch("/")[0] == 200  # the worker now holds a persistent connection
    outage.cut()
    assert_readable_503(*fetch("/"))
    outage.restore()
    assert fetch("/")[0] == 200
