import contextlib
import datetime
import io
import json
import sqlite3
import subprocess
import threading

import psycopg
import pytest
import time_machine
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from articles.models import Article, Tag
from pages.models import Page
from tests.factories import ArticleFactory
from transfer import backup, database_copy, page_check

POSTGRESQL = connection.vendor == "postgresql"


@contextlib.contextmanager
def switched_to(name: str):
    """Serve the site from another database of the same engine for a while."""
    connection.close()
    original = connection.settings_dict["NAME"]
    connection.settings_dict["NAME"] = name
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original


def admin_connection():
    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


@pytest.fixture
def empty_site(transactional_db, tmp_path, settings):
    """A second, empty site (its database copied from the freshly set-up test database before
    anything is written, and its own media folder), to switch to with `with empty_site():`."""
    if POSTGRESQL:
        test_name = connection.settings_dict["NAME"]
        name = test_name.removeprefix("test_") + "_restore"
        connection.close()
        with admin_connection() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{test_name}"')
    else:
        name = str(tmp_path / "empty.sqlite3")
        database_copy.copy_sqlite(connection.settings_dict["NAME"], name)

    @contextlib.contextmanager
    def switch():
        settings.MEDIA_ROOT = tmp_path / "empty-site-media"
        with switched_to(name):
            yield

    yield switch
    if POSTGRESQL:
        connection.close()
        with admin_connection() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def public_pages(client, paths):
    return {path: page_check.normalised(client.get(path).content) for path in paths}


def test_restore_into_an_empty_site_serves_the_same_pages(empty_site, full_site, client, tmp_path):
    paths = page_check.addresses()
    assert {"/", full_site.get_absolute_url(), "/tags/harbour/"} <= set(paths)
    before = public_pages(client, paths)
    call_command("backup", str(tmp_path / "backup"), stdout=io.StringIO())
    with empty_site():
        assert not backup.has_content()
        out = io.StringIO()
        call_command("restore", str(tmp_path / "backup"), "--check", stdout=out)
        assert "All" in out.getvalue() and "pages are the same" in out.getvalue()
        assert public_pages(client, paths) == before
        assert Page.objects.count() == 3
        restored_image = tmp_path / "empty-site-media" / full_site.image.name
        assert restored_image.read_bytes() == full_site.image.read()


def test_page_check_names_the_pages_that_differ(empty_site, full_site, tmp_path):
    manifest = backup.backup(tmp_path / "backup")
    with empty_site():
        backup.restore(tmp_path / "backup")
        Article.objects.filter(slug="port-reopens").update(title="Changed since the backup")
        differing = page_check.differences(manifest["pages"])
    assert set(differing) == {
        "/",
        full_site.get_absolute_url(),
        "/tags/harbour/",
        "/tags/storm-rain/",
    }


def test_pages_are_compared_without_what_changes_on_every_response(full_site, client):
    first = Client().get(full_site.get_absolute_url()).content
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=5)):
        second = Client().get(full_site.get_absolute_url()).content
    assert b"csrfmiddlewaretoken" in first and b'name="token"' in first
    assert first != second
    assert page_check.normalised(first) == page_check.normalised(second)


def test_manifest_describes_the_backup(full_site, transactional_db, tmp_path):
    target = tmp_path / "backup"
    call_command("backup", str(target), stdout=io.StringIO())
    manifest = json.loads((target / "manifest.json").read_text())
    assert manifest["engine"] == connection.vendor
    assert manifest["newsblog_version"] and manifest["django_version"]
    assert "0001_initial" in manifest["migrations"]["articles"]
    files = {entry["path"]: entry for entry in manifest["files"]}
    assert database_copy.file_name() in files
    image = files[f"media/{full_site.image.name}"]
    assert image["size"] == full_site.image.size
    assert image["sha256"] == backup.sha256(target / "media" / full_site.image.name)
    assert manifest["media"] == "copied"


def test_backup_is_consistent_while_the_site_writes(transactional_db, tmp_path):
    """A writer adds tags in pairs, one transaction per pair, all through the backup: the
    backup holds whole pairs only."""
    stop, written = threading.Event(), []

    def write_pairs():
        try:
            while not stop.is_set():
                number = len(written)
                with transaction.atomic():
                    Tag.objects.create(name=f"a-{number}")
                    Tag.objects.create(name=f"b-{number}")
                written.append(number)
        finally:
            connection.close()

    writer = threading.Thread(target=write_pairs)
    writer.start()
    try:
        wait_for(lambda: len(written) >= 20)
        call_command("backup", str(tmp_path / "backup"), stdout=io.StringIO())
        at_backup = len(written)
        wait_for(lambda: len(written) >= at_backup + 20)  # the site kept writing
    finally:
        stop.set()
        writer.join()
    with tag_names_in(tmp_path / "backup") as names:
        firsts = {name[2:] for name in names if name.startswith("a-")}
        seconds = {name[2:] for name in names if name.startswith("b-")}
    assert firsts == seconds and 20 <= len(firsts) < len(written)


def wait_for(condition, seconds=30):
    event = threading.Event()
    for _ in range(seconds * 100):
        if condition():
            return
        event.wait(0.01)
    raise AssertionError("timed out")


@contextlib.contextmanager
def tag_names_in(directory):
    """The tag names in a backup's database."""
    if POSTGRESQL:
        listing = subprocess.run(
            [
                "pg_restore",
                "--data-only",
                "--table=articles_tag",
                "--file=-",
                str(directory / "database.dump"),
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        rows = listing.split("COPY public.articles_tag", 1)[1].split("\\.", 1)[0].splitlines()[1:]
        yield [row.split("\t")[1] for row in rows if row]
    else:
        database = sqlite3.connect(directory / "database.sqlite3")
        try:
            assert database.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            yield [name for (name,) in database.execute("SELECT name FROM articles_tag")]
        finally:
            database.close()


def test_restore_refuses_a_folder_without_a_manifest(db, tmp_path):
    with pytest.raises(CommandError, match="no manifest.json"):
        call_command("restore", str(tmp_path))


def test_restore_refuses_a_damaged_backup(empty_site, full_site, tmp_path):
    target = tmp_path / "backup"
    call_command("backup", str(target), stdout=io.StringIO())
    image = target / "media" / full_site.image.name
    image.write_bytes(image.read_bytes()[:-10])
    with empty_site(), pytest.raises(CommandError, match="not the file that was backed up"):
        call_command("restore", str(target))


def test_restore_refuses_another_engine(empty_site, full_site, tmp_path):
    target = tmp_path / "backup"
    call_command("backup", str(target), stdout=io.StringIO())
    manifest = json.loads((target / "manifest.json").read_text())
    manifest["engine"] = "mysql"
    (target / "manifest.json").write_text(json.dumps(manifest))
    with empty_site(), pytest.raises(CommandError, match="backup is of a mysql database"):
        call_command("restore", str(target))


def test_restore_refuses_a_site_with_content_unless_forced(full_site, transactional_db, tmp_path):
    target = tmp_path / "backup"
    call_command("backup", str(target), stdout=io.StringIO())
    ArticleFactory(title="Written after the backup", slug="after")
    with pytest.raises(CommandError, match="already has content"):
        call_command("restore", str(target))
    assert Article.objects.filter(slug="after").exists()  # refused: nothing replaced
    cache.set("page:2:old", "stale page")
    call_command("restore", str(target), "--force", stdout=io.StringIO())
    assert not Article.objects.filter(slug="after").exists()
    assert Article.objects.filter(slug=full_site.slug).exists()
    assert cache.get("page:2:old") is None  # no page of the replaced site is served


def test_backup_refuses_a_folder_with_files(db, tmp_path):
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "notes.txt").write_text("mine")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(tmp_path / "backup"))
    assert (tmp_path / "backup" / "notes.txt").read_text() == "mine"


def test_postgresql_password_goes_through_the_environment(monkeypatch, tmp_path):
    """Never on a command line, where other users of the machine can read it."""
    calls = []
    monkeypatch.setattr(connection, "vendor", "postgresql")
    monkeypatch.setitem(connection.settings_dict, "PASSWORD", "s3cret")
    monkeypatch.setattr(database_copy.shutil, "which", lambda program: f"/usr/bin/{program}")

    def run(arguments, *, env, **options):
        calls.append((arguments, env))
        return type("Done", (), {"returncode": 0, "stderr": ""})()

    monkeypatch.setattr(database_copy.subprocess, "run", run)
    database_copy.dump(tmp_path / "database.dump")
    [(arguments, env)] = calls
    assert arguments[0] == "/usr/bin/pg_dump" and "--format=custom" in arguments
    assert env["PGPASSWORD"] == "s3cret"
    assert not any("s3cret" in argument for argument in arguments)


@pytest.mark.skipif(not POSTGRESQL, reason="needs DATABASE_URL=postgres://...")
def test_postgresql_backup_is_a_pg_dump_archive(full_site, transactional_db, tmp_path):
    call_command("backup", str(tmp_path / "backup"), stdout=io.StringIO())
    assert (tmp_path / "backup" / "database.dump").read_bytes()[:5] == b"PGDMP"
