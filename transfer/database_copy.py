"""Copying the database into a backup and back, with each engine's own tools.

SQLite: the online backup API (`sqlite3.Connection.backup`), which copies the database page by
page under a read transaction, so the copy is one consistent moment even while the site keeps
writing (in WAL mode its writers are not even held up). PostgreSQL: `pg_dump` in its custom
format, a consistent snapshot of a running database too, and `pg_restore --clean --if-exists
--no-owner` inside one transaction. The password reaches them through PGPASSWORD in their
environment, never on a command line other users of the machine can read.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection

SQLITE_FILE = "database.sqlite3"
POSTGRESQL_FILE = "database.dump"


class DatabaseCopyError(Exception):
    pass


def engine() -> str:
    """ "sqlite" or "postgresql": the only engines NewsBlog runs on."""
    return connection.vendor


def file_name() -> str:
    return SQLITE_FILE if engine() == "sqlite" else POSTGRESQL_FILE


def dump(target: Path) -> None:
    if engine() == "sqlite":
        copy_sqlite(Path(connection.settings_dict["NAME"]), target)
    else:
        _run("pg_dump", "--format=custom", f"--file={target}", *_pg_arguments())


def load(source: Path) -> None:
    connection.close()  # nothing of ours holds the database while it is replaced
    if engine() == "sqlite":
        copy_sqlite(source, Path(connection.settings_dict["NAME"]))
    else:
        options = ["--clean", "--if-exists", "--no-owner", "--single-transaction"]
        _run("pg_restore", *options, "--exit-on-error", *_pg_arguments(dbname=True), str(source))


def copy_sqlite(source: Path, target: Path) -> None:
    source, target = Path(source), Path(target)
    if not source.is_file():
        raise DatabaseCopyError(f"No SQLite database at {source}")
    timeout = connection.settings_dict.get("OPTIONS", {}).get("timeout", 20)
    reading = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=timeout)
    try:
        writing = sqlite3.connect(target, timeout=timeout)
        try:
            reading.backup(writing)  # every page in one step: one consistent moment
        finally:
            writing.close()
    finally:
        reading.close()


def _pg_arguments(*, dbname: bool = False) -> list[str]:
    settings = connection.settings_dict
    arguments = [f"--{key}={settings[name]}" for key, name in _PG_OPTIONS if settings.get(name)]
    name = settings["NAME"]
    return [*arguments, f"--dbname={name}" if dbname else name]


_PG_OPTIONS = [("host", "HOST"), ("port", "PORT"), ("username", "USER")]


def _run(program: str, *arguments: str) -> None:
    executable = shutil.which(program)
    if executable is None:
        raise DatabaseCopyError(f"{program} is not installed (PostgreSQL's client tools).")
    environment = dict(os.environ)
    if connection.settings_dict.get("PASSWORD"):
        environment["PGPASSWORD"] = connection.settings_dict["PASSWORD"]
    if connection.settings_dict.get("OPTIONS", {}).get("sslmode"):  # DATABASE_URL's ?sslmode=
        environment["PGSSLMODE"] = connection.settings_dict["OPTIONS"]["sslmode"]
    result = subprocess.run(  # noqa: S603 - a fixed program, arguments from the settings
        [executable, *arguments], env=environment, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise DatabaseCopyError(f"{program} failed: {result.stderr.strip()}")
