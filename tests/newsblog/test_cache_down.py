"""The real thing: gunicorn while its Redis hangs or is cut off. Pages keep their speed, the
outage is logged once rather than for every request, a reader with a session keeps reading, a
commenter is asked to try again, and the cache is used again by itself once Redis is back."""

import os
import statistics
import time

import pytest
import redis

from tests.newsblog.live_site import DEMO, SECRET, Outage, Reader, SilentRedis, fetch, manage

pytestmark = pytest.mark.slow

REDIS = ("127.0.0.1", 6379)
DB = 2  # this branch's Redis database; the suite's shared runs use others


@pytest.fixture(scope="module")
def site_env(tmp_path_factory):
    folder = tmp_path_factory.mktemp("site")
    env = {
        **os.environ,
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),  # the demo article's image
        "LOG_LEVEL": "INFO",
    }
    env.pop("DJANGO_DEBUG", None)
    manage(env | {"CACHE_URL": "locmemcache://"}, "migrate", "--noinput", "-v0")
    manage(env | {"CACHE_URL": "locmemcache://"}, "load_demo")
    manage(
        env | {"CACHE_URL": "locmemcache://"},
        *("collectstatic", "--noinput", "-v0", "-i", "admin", "-i", "django_prose_editor"),
    )
    return env


def test_pages_keep_their_speed_while_redis_hangs_and_the_outage_is_logged_once(server, tmp_path):
    hung = SilentRedis()
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        server(log=out, CACHE_URL=f"redis://127.0.0.1:{hung.port}/{DB}")
    try:
        assert fetch(DEMO)[0] == 200  # the first page waits for Redis once, a second at most
        answers = [fetch(path) for path in [DEMO, "/", "/archive/", "/feed/"] * 5]
        probes = [fetch("/healthz") for _ in range(3)]
    finally:
        hung.close()
    assert {status for status, _, _ in answers} == {200}
    # Waiting for the hung Redis would slow every request; on a busy machine one page may be
    # slow for other reasons, so the typical page is what must stay fast.
    assert statistics.median(seconds for _, _, seconds in answers) < 0.5
    assert {status for status, _, _ in probes} == {503}
    assert len(hung.connections) == 1  # tried once, not for each of the 24 requests
    lines = log.read_text().splitlines()
    warnings = [line for line in lines if " WARNING " in line]
    assert len(warnings) == 1
    assert "WARNING newsblog.redis_cache cache redis://127.0.0.1" in warnings[0]


@pytest.fixture
def real_redis():
    try:
        redis.Redis(*REDIS, db=DB, socket_connect_timeout=0.5).flushdb()
    except redis.RedisError:
        pytest.skip(f"needs Redis at {REDIS[0]}:{REDIS[1]}")
    return REDIS


def test_readers_keep_reading_commenters_try_again_and_the_cache_comes_back(server, real_redis):
    relay = Outage(real_redis)
    relay.restore()
    server(
        CACHE_URL=f"redis://127.0.0.1:{relay.port}/{DB}",
        REDIS_RETRY_AFTER="1",
        NEWSBLOG_COMMENTS_MIN_FORM_SECONDS="0",
        NEWSBLOG_COMMENTS_FLOOD_SECONDS="0",
    )
    reader = Reader()
    status, _, _ = reader.post_comment(reader.get(DEMO), "Sent before the outage")
    assert status == 200  # the reader now has a session, kept in Redis and the database
    relay.cut()
    page = reader.get(DEMO)
    assert "Sent before the outage" in page  # shown to its writer only: the session was read
    status, answer, seconds = reader.post_comment(page, "Sent during the outage")
    assert (status, seconds < 2) == (503, True)
    assert "try again in a minute" in answer
    relay.restore()
    time.sleep(1)
    status, _, _ = reader.post_comment(reader.get(DEMO), "Sent once Redis was back")
    assert status == 200
    relay.cut()
