"""A real site for the outage tests: gunicorn with the production settings on a free port, a
reader's browser, the 503 page readers should get, and a connection that can be cut."""

import contextlib
import functools
import http.cookiejar
import re
import socket
import subprocess
import sys
import threading
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


def serve(env, *, log=subprocess.DEVNULL, sock=None):
    """gunicorn with one worker (two threads), its log lines written to the file `log`, on
    `sock` (by default the run's own listener)."""
    sock = sock or listener()
    fd, address = sock.fileno(), sock.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env={**env, "GUNICORN_BIND": f"fd://{fd}", "WEB_CONCURRENCY": "1"},
        pass_fds=[fd],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    # The socket opens before the worker has loaded the site; timing the first page from then
    # would count the start-up. The favicon redirect needs no database.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{address}/favicon.ico", timeout=1).close()
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


class Outage:
    """A TCP relay to a server (the database, Redis) that can be cut and restored, like a
    network or host failure."""

    def __init__(self, upstream):
        self.upstream = upstream
        self.sockets = []
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]

    def restore(self):
        self.listener = socket.create_server(("127.0.0.1", self.port), reuse_port=True)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def cut(self):
        # shutdown() first: a plain close() leaves a socket open while another thread reads it.
        for sock in [self.listener, *self.sockets]:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self.sockets = []

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            self.sockets += [client, server]
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    @staticmethod
    def _pump(source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        for sock in (source, target):
            sock.close()


class SilentRedis:
    """A Redis that hangs: it takes connections, counts them and never answers."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.connections = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                self.connections.append(self.listener.accept()[0])
            except OSError:
                return

    def close(self):
        for sock in [self.listener, *self.connections]:
            sock.close()
