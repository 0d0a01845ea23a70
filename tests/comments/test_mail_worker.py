"""The real queue and worker: mail queued in the database is sent by `manage.py db_worker`, and
a mail server that is down neither slows nor breaks the reader's request; the worker retries.

Each test runs Django in its own processes on a temporary SQLite file, with the database task
backend (the rest of the suite runs tasks at once) and a file-based or unreachable mail server.
"""

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SECRET = "test-only-5b2d48e6a0c4f1b9d7e2a6c5b8f0e3d1a9c7b5e4f3a2b1c0d9e83f9c1e7a"

QUEUE_ONE = """
from comments.tasks import queue_email
queue_email(subject="Queued hello", body="Sent by the worker.", to=["grace@example.com"],
            headers={"List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})
"""

POST_A_COMMENT = """
import json, time
from django.test import Client
from articles.models import Article
from comments.forms import form_token
from tests.factories import ArticleFactory

article = ArticleFactory()
data = {"name": "Grace", "email": "grace@example.com", "body": "Kept, whatever the mail does.",
        "website": "", "notify_on_publish": "on",
        "token": form_token(article.pk, issued_at=time.time() - 30)}
started = time.monotonic()
response = Client().post(f"/articles/{article.slug}/comments/", data)
print(json.dumps({"status": response.status_code, "seconds": time.monotonic() - started}))
"""


def unused_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(database):
    """A site on its own SQLite file, using the database task queue."""
    env = {
        **os.environ,
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"sqlite:///{database}",
        "CACHE_URL": "locmemcache://",
        "NEWSBLOG_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "NEWSBLOG_SITE_URL": "https://news.example.com/",
    }
    env.pop("DJANGO_DEBUG", None)
    return env


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    database = tmp_path_factory.mktemp("migrated") / "db.sqlite3"
    manage(environment(database), "migrate", "--noinput", "-v0")
    return database


@pytest.fixture
def site(migrated, tmp_path):
    database = tmp_path / "db.sqlite3"
    shutil.copy(migrated, database)
    return environment(database)


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )


def start_worker(env, log_path):
    log = log_path.open("w")
    command = ["db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"]
    return subprocess.Popen(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def stop(worker):
    worker.terminate()
    try:
        worker.wait(timeout=10)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def tasks(env):
    database = env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(database) as connection:
        table = "django_tasks_database_dbtaskresult"
        query = f"SELECT status, args_kwargs FROM {table} ORDER BY enqueued_at"  # noqa: S608
        return connection.execute(query).fetchall()


def wait_for(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.2)
    return condition()


def test_the_worker_sends_mail_queued_in_the_database(site, tmp_path):
    outbox = tmp_path / "outbox"
    env = {**site, "EMAIL_URL": f"filemail:///{outbox}"}
    manage(env, "shell", "-c", QUEUE_ONE)
    assert [status for status, _ in tasks(env)] == ["READY"]
    assert not outbox.exists()  # queued, not sent by the process that queued it

    worker = start_worker(env, tmp_path / "worker.log")
    try:
        sent = wait_for(lambda: outbox.exists() and list(outbox.iterdir()))
        done = wait_for(lambda: [status for status, _ in tasks(env)] == ["SUCCESSFUL"])
    finally:
        stop(worker)
    assert sent, (tmp_path / "worker.log").read_text()
    [message] = [path.read_text() for path in sent]
    assert "Subject: Queued hello" in message
    assert "To: grace@example.com" in message
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in message
    assert "Sent by the worker." in message
    assert done


def test_a_mail_server_that_is_down_is_retried_and_the_reader_is_not_kept_waiting(site, tmp_path):
    env = {
        **site,
        "EMAIL_URL": f"smtp://127.0.0.1:{unused_port()}",
        "NEWSBLOG_COMMENTS_MODERATOR_EMAILS": "desk@example.com",
        "NEWSBLOG_MAIL_ATTEMPTS": "3",
        "NEWSBLOG_MAIL_RETRY_SECONDS": "1",
    }
    posted = json.loads(manage(env, "shell", "-c", POST_A_COMMENT).stdout.splitlines()[-1])
    assert posted["status"] == 302
    assert posted["seconds"] < 2
    database = env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(database) as connection:
        [(body,)] = connection.execute("SELECT body FROM comments_comment").fetchall()
    assert body == "Kept, whatever the mail does."
    # The moderators' mail and the commenter's confirmation, waiting for the worker.
    assert [status for status, _ in tasks(env)] == ["READY", "READY"]

    log_path = tmp_path / "worker.log"
    worker = start_worker(env, log_path)
    try:
        finished = wait_for(
            lambda: (
                [status for status, _ in tasks(env)] == ["FAILED"] * 6
                and log_path.read_text().count("Gave up") == 2
            )
        )
    finally:
        stop(worker)
    log = log_path.read_text()
    assert finished, log
    attempts = [json.loads(arguments)["kwargs"].get("attempt", 1) for _, arguments in tasks(env)]
    assert sorted(attempts) == [1, 1, 2, 2, 3, 3]
    assert "attempt 1 of 3), trying again in 1 s" in log
    assert "attempt 2 of 3), trying again in 2 s" in log
    assert "Gave up emailing" in log


POST_TWO_COMMENTS = """
import time
from django.test import Client
from comments.forms import form_token
from tests.factories import ArticleFactory

article = ArticleFactory(title="Harbour reopens")
for number in range(2):
    data = {"name": "Grace", "email": f"grace{number}@example.com", "body": f"Remark {number}",
            "website": "", "token": form_token(article.pk, issued_at=time.time() - 30)}
    Client().post(f"/articles/{article.slug}/comments/", data, REMOTE_ADDR=f"10.4.0.{number}")
"""


def digest_tasks(env):
    database = env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(database) as connection:
        table = "django_tasks_database_dbtaskresult"
        query = f"SELECT status, run_after FROM {table} WHERE task_path LIKE '%send_digest'"  # noqa: S608
        return connection.execute(query).fetchall()


def test_the_worker_sends_one_digest_at_the_end_of_the_period(site, tmp_path):
    outbox = tmp_path / "outbox"
    env = {
        **site,
        "EMAIL_URL": f"filemail:///{outbox}",
        "NEWSBLOG_COMMENTS_MODERATOR_EMAILS": "desk@example.com",
        "NEWSBLOG_COMMENTS_NOTIFY": "digest",
        "NEWSBLOG_COMMENTS_FLOOD_SECONDS": "0",
    }
    manage(env, "shell", "-c", POST_TWO_COMMENTS)
    [(status, run_after)] = digest_tasks(env)
    assert status == "READY"
    assert run_after is not None  # held until the end of the hour
    # The end of the hour comes at once: the worker picks the digest up.
    database = env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(database) as connection:
        connection.execute(
            "UPDATE django_tasks_database_dbtaskresult SET run_after = '2000-01-01 00:00:00'"
        )
    worker = start_worker(env, tmp_path / "worker.log")
    try:
        sent = wait_for(lambda: outbox.exists() and list(outbox.iterdir()))
    finally:
        stop(worker)
    assert sent, (tmp_path / "worker.log").read_text()
    [message] = [path.read_text() for path in sent]
    assert "Subject: 2 comments awaiting moderation (2 new)" in message
    assert "To: desk@example.com" in message
    assert "=E2=80=9CHarbour reopens=E2=80=9D: 2" in message or "“Harbour reopens”: 2" in message
    assert "https://news.example.com/admin/comments/comment/?status=pending" in message
