"""The real thing: Debian's Varnish with deploy/varnish/default.vcl in front of gunicorn.

Pages are served from Varnish, an edit made anywhere (here `manage.py shell`, as a script would)
purges them and the next request shows it, and two readers served the same stored page each get
their own CSRF token and form stamp, never the other's. Without `varnishd` these skip, and fail
where NEWSBLOG_REQUIRE_VARNISH is set (CI installs Varnish).
"""

import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.middleware.csrf import _unmask_cipher_token

from tests.newsblog.live_site import DEMO, ROOT, SECRET, manage

pytestmark = pytest.mark.slow

VCL = ROOT / "deploy" / "varnish" / "default.vcl"
TITLE = "Receives Official Invitation from President Putin"


# Debian puts varnishd in /usr/sbin, which not every PATH has.
VARNISHD = shutil.which("varnishd") or shutil.which("varnishd", path="/usr/sbin")


def free_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def varnish_port():
    if VARNISHD is None:
        if os.environ.get("NEWSBLOG_REQUIRE_VARNISH"):
            pytest.fail("varnishd is not installed (NEWSBLOG_REQUIRE_VARNISH is set)")
        pytest.skip("needs Varnish (apt-get install varnish varnish-modules)")
    return free_port()


@pytest.fixture(scope="module")
def site_env(tmp_path_factory, varnish_port):
    folder = tmp_path_factory.mktemp("site")
    env = {
        **os.environ,
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        # Shared by the server and the process that edits, as Redis would be.
        "CACHE_URL": f"filecache://{folder / 'cache'}",
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        "NEWSBLOG_PURGE_URL": f"http://127.0.0.1:{varnish_port}/",
        "NEWSBLOG_COMMENTS_MIN_FORM_SECONDS": "0",
        "LOG_LEVEL": "INFO",
    }
    env.pop("DJANGO_DEBUG", None)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo")
    manage(env, "collectstatic", "--noinput", "-v0", "-i", "django_prose_editor")
    return env


@pytest.fixture
def varnish(server, varnish_port, tmp_path):
    """gunicorn with Varnish in front, on the shipped configuration with the server's port."""
    yield from start_varnish(server, varnish_port, tmp_path)


@pytest.fixture
def unpurged_varnish(server, varnish_port, tmp_path):
    """The same, with a site that was not told to purge it."""
    yield from start_varnish(server, varnish_port, tmp_path, NEWSBLOG_PURGE_URL="")


def start_varnish(server, varnish_port, tmp_path, **overrides):
    from tests.newsblog.live_site import port

    with (tmp_path / "gunicorn.log").open("w") as log:
        server(log=log, **overrides)
    vcl = tmp_path / "default.vcl"
    vcl.write_text(VCL.read_text().replace('.port = "8000";', f'.port = "{port()}";'))
    process = subprocess.Popen(
        [VARNISHD, "-F", "-j", "none", "-n", str(tmp_path / "varnish"), "-f", str(vcl)]
        + ["-a", f"127.0.0.1:{varnish_port}", "-s", "malloc,32m"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{varnish_port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(f"{base}/favicon.ico", timeout=1).close()  # noqa: S310
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError("varnishd did not start") from None
            time.sleep(0.1)
    yield base
    process.terminate()
    process.wait(timeout=10)


class Reader:
    """A browser through the proxy: its own cookies, each answer's headers kept."""

    def __init__(self, base):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path):
        with self.opener.open(self.base + path, timeout=10) as response:
            return response.headers, response.read().decode()

    def post(self, path, fields):
        data = urllib.parse.urlencode(fields).encode()
        headers = {"Referer": self.base + path}
        request = urllib.request.Request(self.base + path, data=data, headers=headers)  # noqa: S310
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def cookie(self, name):
        return next((c.value for c in self.cookies if c.name == name), None)


def field(page, name):
    return re.search(rf'name="{name}" value="([^"]*)"', page).group(1)


def edit(env, **changes):
    code = (
        "from articles.models import Article; "
        f"article = Article.objects.get(slug={DEMO.strip('/').split('/')[-1]!r}); "
        + "".join(f"article.{name} = {value!r}; " for name, value in changes.items())
        + "article.save()"
    )
    manage(env, "shell", "-c", code)


def test_pages_come_from_varnish_and_an_edit_purges_them(varnish, site_env):
    reader = Reader(varnish)
    reader.get("/")
    headers, page = reader.get("/")
    assert headers["X-Cache"] == "hit"
    assert TITLE in page
    ana = Reader(varnish)
    ana.get(DEMO)
    assert ana.get(DEMO)[0]["X-Cache"] == "hit"

    edit(site_env, title="Harbour reopens after the storm")
    started = time.monotonic()
    headers, page = reader.get("/")
    article_headers, article = ana.get(DEMO)
    seconds = time.monotonic() - started
    assert (headers["X-Cache"], article_headers["X-Cache"]) == ("miss", "miss")
    assert "Harbour reopens after the storm" in page and TITLE not in page
    assert "Harbour reopens after the storm" in article
    assert seconds < 2
    print(f"edit to fresh pages through Varnish: {seconds * 1000:.0f} ms after the save")


def test_a_varnish_without_xkey_is_purged_with_a_ban(varnish, site_env):
    reader = Reader(varnish)
    reader.get("/feed/")
    assert reader.get("/feed/")[0]["X-Cache"] == "hit"
    edit(site_env | {"NEWSBLOG_PURGE_STYLE": "varnish-ban"}, title="Ferries run again")
    headers, feed = reader.get("/feed/")
    assert headers["X-Cache"] == "miss"
    assert "Ferries run again" in feed


def test_two_readers_of_the_stored_page_get_their_own_parts(varnish):
    ana, ben = Reader(varnish), Reader(varnish)
    ana_headers, ana_page = ana.get(DEMO)
    ben_headers, ben_page = ben.get(DEMO)
    assert ben_headers["X-Cache"] == "hit"
    assert "esi:include" not in ana_page + ben_page and "hole-" not in ana_page + ben_page
    # Each token is made from its reader's own CSRF cookie, set with the page.
    ana_token, ben_token = (
        field(ana_page, "csrfmiddlewaretoken"),
        field(ben_page, "csrfmiddlewaretoken"),
    )
    assert _unmask_cipher_token(ana_token) == ana.cookie("csrftoken")
    assert _unmask_cipher_token(ben_token) == ben.cookie("csrftoken")
    assert ana.cookie("csrftoken") != ben.cookie("csrftoken")
    # Ana's comment goes through the proxy with her token; Ben, served from it, never sees it.
    fields = {name: field(ana_page, name) for name in ("csrfmiddlewaretoken", "token")}
    fields |= {"name": "Ana", "email": "ana@example.com", "body": "Waiting here.", "website": ""}
    status, answer = ana.post(f"{DEMO}comments/", fields)
    assert status == 200, answer[:500]
    assert "Waiting here." not in ben.get(DEMO)[1]
    assert ben.get(DEMO)[0]["X-Cache"] == "hit"


def test_pages_varnish_does_not_store_see_the_readers_own_cookies(varnish):
    reader = Reader(varnish)
    reader.get(DEMO)
    secret = reader.cookie("csrftoken")
    headers, login = reader.get("/admin/login/")
    assert headers["X-Cache"] == "miss"
    assert _unmask_cipher_token(field(login, "csrfmiddlewaretoken")) == secret
    assert reader.cookie("csrftoken") == secret


def test_a_varnish_the_site_does_not_purge_keeps_nothing_and_forms_still_work(unpurged_varnish):
    ana, ben = Reader(unpurged_varnish), Reader(unpurged_varnish)
    ana.get(DEMO)
    headers, ana_page = ana.get(DEMO)
    ben_page = ben.get("/")[1] and ben.get(DEMO)[1]
    assert headers["X-Cache"] == "miss"
    assert Reader(unpurged_varnish).get("/")[0]["X-Cache"] == "miss"
    assert "esi:include" not in ana_page + ben_page
    ana_token = field(ana_page, "csrfmiddlewaretoken")
    assert _unmask_cipher_token(ana_token) == ana.cookie("csrftoken")
    assert _unmask_cipher_token(field(ben_page, "csrfmiddlewaretoken")) == ben.cookie("csrftoken")
