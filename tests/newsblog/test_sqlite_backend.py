import sqlite3
import threading
import time

import pytest
from django.db import OperationalError, connection, transaction

from articles.models import Tag

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own lock waiting"),
    pytest.mark.django_db(transaction=True),
]


def hold_lock(seconds, *, readers_too=False):
    """Another process-like connection holding the database lock for `seconds`."""
    locker = sqlite3.connect(
        connection.settings_dict["NAME"], isolation_level=None, check_same_thread=False
    )
    if readers_too:
        locker.execute("PRAGMA locking_mode=EXCLUSIVE")
    locker.execute("BEGIN EXCLUSIVE" if readers_too else "BEGIN IMMEDIATE")
    locker.execute("UPDATE django_migrations SET app = app")

    def release():
        time.sleep(seconds)
        locker.execute("ROLLBACK")
        locker.close()

    thread = threading.Thread(target=release)
    thread.start()
    return thread


def test_a_write_waits_for_the_lock_longer_than_a_read_would(settings):
    connection.close()
    read_timeout = connection.get_connection_params()["timeout"]
    thread = hold_lock(read_timeout + 1)
    started = time.monotonic()
    with transaction.atomic():
        Tag.objects.create(name="Waited")
    waited = time.monotonic() - started
    thread.join()
    assert waited > read_timeout
    assert Tag.objects.filter(name="Waited").exists()


def test_a_read_gives_up_quickly_when_the_file_is_locked():
    connection.close()
    read_timeout = connection.get_connection_params()["timeout"]
    thread = hold_lock(read_timeout + 2, readers_too=True)
    started = time.monotonic()
    with pytest.raises(OperationalError, match="locked"):
        Tag.objects.count()
    assert time.monotonic() - started < read_timeout + 0.5
    thread.join()
    connection.close()
