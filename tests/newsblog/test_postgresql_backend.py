"""NewsBlog's PostgreSQL backend: reads give up quickly on a locked table, transactions wait."""

import threading
import time

import pytest
from django.db import OperationalError, connection, transaction

from articles.models import Tag

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's lock timeouts"),
    pytest.mark.django_db(transaction=True),
]


def options():
    return connection.settings_dict["OPTIONS"]


def hold_lock(table, seconds, *, mode="ACCESS EXCLUSIVE"):
    """Another session holding a table lock for `seconds`, as a migration would."""
    import psycopg

    settings = connection.settings_dict
    locker = psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        dbname=settings["NAME"],
    )
    locker.execute(f"LOCK TABLE {table} IN {mode} MODE")
    release = threading.Timer(seconds, locker.close)  # closing rolls the lock back
    release.start()
    return release


@pytest.fixture
def reconnect_with():
    """Change the backend's OPTIONS for the rest of the test; a new connection reads them."""
    saved = dict(options())

    def change(**changes):
        connection.close()
        options().update(changes)

    yield change
    connection.close()
    options().clear()
    options().update(saved)


def lock_timeout_ms() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT setting FROM pg_settings WHERE name = 'lock_timeout'")
        return int(cursor.fetchone()[0])


def test_a_read_gives_up_quickly_when_the_table_is_locked():
    read_timeout = options()["read_lock_timeout"]
    release = hold_lock("articles_tag", read_timeout + 2)
    started = time.monotonic()
    with pytest.raises(OperationalError, match="lock timeout") as raised:
        Tag.objects.count()
    assert read_timeout <= time.monotonic() - started < read_timeout + 0.5
    assert type(raised.value.__cause__).__name__ == "LockNotAvailable"
    release.join()


def test_a_write_waits_for_the_lock_longer_than_a_read_would():
    read_timeout = options()["read_lock_timeout"]
    release = hold_lock("articles_tag", read_timeout + 1)
    started = time.monotonic()
    with transaction.atomic():
        Tag.objects.create(name="Waited")
    waited = time.monotonic() - started
    release.join()
    assert waited > read_timeout + 0.5
    assert Tag.objects.filter(name="Waited").exists()


def test_a_write_gives_up_after_the_write_wait(reconnect_with):
    reconnect_with(write_lock_timeout=2)
    release = hold_lock("articles_tag", 4)
    started = time.monotonic()
    with pytest.raises(OperationalError, match="lock timeout"), transaction.atomic():
        Tag.objects.create(name="Gave up")
    assert 2 <= time.monotonic() - started < 2.5
    release.join()


def test_a_slow_read_is_cancelled_but_a_slow_migration_step_is_not(reconnect_with):
    reconnect_with(read_statement_timeout=0.5)
    cursor = connection.cursor()
    with pytest.raises(OperationalError, match="statement timeout") as raised:
        cursor.execute("SELECT pg_sleep(1)")
    assert type(raised.value.__cause__).__name__ == "QueryCanceled"
    # Each migration runs in the schema editor's transaction, where statements may run long.
    with connection.schema_editor() as editor:
        editor.execute("SELECT pg_sleep(1)")


def test_the_write_wait_ends_with_the_transaction():
    with transaction.atomic():
        assert lock_timeout_ms() == options()["write_lock_timeout"] * 1000
    assert lock_timeout_ms() == options()["read_lock_timeout"] * 1000
