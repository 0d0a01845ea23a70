"""A real site for the outage tests: gunicorn with the production settings on a free port, a
reader's browser, and the 503 page readers should get."""

import functools
import http.cookiejar
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SECRET = "test-only-9c1e7a5b2d48e6a0c4f1b9d7e2a6c5b8f0e3d1a9c7b5e4f3a2b1c0d9e8"
DEMO = (
    "/articles/north-korean-leader-kim-jong-un-receives-official-invitation"
    "-from-president-putin-for-upcoming-russia-visit/"
)


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


@functools.cache
def listener() -> socket.socket:
    """A socket on a free port, held for the whole run and handed to each gunicorn in turn, so
    no other test run on this machine can take the port between two servers."""
    return socket.create_server(("127.0.0.1", 0))


def port() -> int:
    return listener().getsockname()[1]


def serve(env):
    fd = listener().fileno()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env={**env, "GUNICORN_BIND": f"fd://{fd}", "WEB_CONCURRENCY": "1"},
        pass_fds=[fd],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # The socket opens before the worker has loaded the site; timing the first page from then
    # would count the start-up. The favicon redirect needs no database.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port()}/favicon.ico", timeout=1).close()
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def fetch(path):
    """(status, page, seconds) of a GET."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port()}{path}", timeout=10) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    return status, body.decode(), time.monotonic() - started


def assert_readable_503(status, page, seconds):
    assert status == 503
    assert seconds < 2
    assert "try again in a minute" in page
    assert "Traceback" not in page and "Error" not in page


class Reader:
    """A browser: keeps its cookies, sends the comment form it was given."""

    def __init__(self, *handlers):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), *handlers
        )

    def get(self, path) -> str:
        with self.opener.open(f"http://127.0.0.1:{port()}{path}", timeout=10) as response:
            return response.read().decode()

    def post(self, path, fields, *, referer):
        """(status, page, seconds) of a form sent from the page at `referer`."""
        request = urllib.request.Request(
            f"http://127.0.0.1:{port()}{path}",
            data=urllib.parse.urlencode(fields, doseq=True).encode(),
            headers={"Referer": f"http://127.0.0.1:{port()}{referer}"},
        )
        started = time.monotonic()
        try:
            with self.opener.open(request, timeout=30) as response:
                status, answer = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, answer = error.code, error.read()
        return status, answer.decode(), time.monotonic() - started

    def post_comment(self, page, body):
        fields = {
            name: re.search(rf'name="{name}" value="([^"]*)"', page).group(1)
            for name in ("csrfmiddlewaretoken", "token")
        }
        fields |= {"name": "Grace", "email": "grace@example.com", "body": body, "website": ""}
        return self.post(f"{DEMO}comments/", fields, referer=DEMO)
