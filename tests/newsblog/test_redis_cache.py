"""NewsBlog's Redis cache while Redis is down: calls fail fast, the breaker stops trying for a
while, the outage is logged once, and pages, sessions and comments cope."""

import logging
import socket
import statistics
import threading
import time

import pytest
import redis
from django.core.cache import cache

from newsblog import redis_cache
from tests.newsblog.live_site import Outage, SilentRedis

pytestmark = pytest.mark.slow

REDIS = ("127.0.0.1", 6379)
DB = 2  # this branch's Redis database; the suite's shared runs use others
TIMEOUT = 0.5


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def silent_redis():
    server = SilentRedis()
    yield server
    server.close()


@pytest.fixture(autouse=True)
def fresh_breakers():
    """Each test's servers start out trusted, whatever an earlier test found."""
    redis_cache._breakers.clear()


@pytest.fixture
def real_redis():
    try:
        redis.Redis(*REDIS, db=DB, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        pytest.skip(f"needs Redis at {REDIS[0]}:{REDIS[1]}")
    return REDIS


def redis_backend(port, **options):
    return redis_cache.RedisCache(
        f"redis://127.0.0.1:{port}/{DB}",
        {"OPTIONS": {"socket_connect_timeout": TIMEOUT, "socket_timeout": TIMEOUT} | options},
    )


def timed(call):
    started = time.monotonic()
    with pytest.raises(redis_cache.UNREACHABLE) as raised:
        call()
    return raised.value, time.monotonic() - started


def test_a_hung_cache_costs_one_timeout_then_every_call_fails_at_once(silent_redis):
    backend = redis_backend(silent_redis.port)
    _, first = timed(lambda: backend.get("page"))
    assert TIMEOUT <= first < 2 * TIMEOUT
    for _ in range(20):
        error, seconds = timed(lambda: backend.get("page"))
        assert isinstance(error, redis_cache.CacheUnavailable)
        assert seconds < TIMEOUT / 5  # no wait on the network: a busy machine's scheduling at most
    assert len(silent_redis.connections) == 1


def test_every_thread_of_a_process_shares_the_breaker(silent_redis):
    """Django makes one cache object per thread, as gunicorn's threads each get one."""
    timed(lambda: redis_backend(silent_redis.port).get("page"))
    other_thread = threading.Thread(
        target=lambda: timed(lambda: redis_backend(silent_redis.port).set_many({"a": 1}))
    )
    other_thread.start()
    other_thread.join()
    assert len(silent_redis.connections) == 1


def test_the_outage_is_logged_once_and_the_recovery_once(real_redis, caplog):
    relay = Outage(real_redis)
    backend = redis_backend(relay.port, retry_after=0.5)
    with caplog.at_level(logging.INFO, logger="newsblog.redis_cache"):
        for _ in range(20):
            timed(lambda: backend.incr("counter"))
        relay.restore()
        time.sleep(0.5)
        backend.set("counter", 1)
        assert backend.incr("counter") == 2
    relay.cut()
    lines = [(record.levelname, record.getMessage()) for record in caplog.records]
    assert len(lines) == 2
    assert lines[0][0] == "WARNING" and "unavailable" in lines[0][1]
    assert lines[1] == ("INFO", f"cache redis://127.0.0.1:{relay.port}/{DB} answers again")


def test_the_cache_is_tried_again_only_after_retry_after(silent_redis):
    backend = redis_backend(silent_redis.port, retry_after=1)
    timed(lambda: backend.get("page"))
    assert isinstance(timed(lambda: backend.get("page"))[0], redis_cache.CacheUnavailable)
    time.sleep(1)
    error, seconds = timed(lambda: backend.get("page"))
    assert not isinstance(error, redis_cache.CacheUnavailable)
    assert seconds >= TIMEOUT
    assert len(silent_redis.connections) == 2


@pytest.fixture
def cache_at(settings):
    """Point the site's cache at 127.0.0.1:`port`, as CACHE_URL=redis://... does."""

    def point(port):
        settings.CACHES = {"default": {**settings.CACHES["default"], **redis_settings(port)}}
        settings.SESSION_ENGINE = "newsblog.sessions"

    return point


def redis_settings(port):
    return {
        "BACKEND": "newsblog.redis_cache.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{port}/{DB}",
        "OPTIONS": {"socket_connect_timeout": TIMEOUT, "socket_timeout": TIMEOUT},
    }


def median_seconds(client, path, *, before=lambda: None, times=7):
    seconds = []
    for _ in range(times):
        before()
        started = time.monotonic()
        assert client.get(path).status_code == 200
        seconds.append(time.monotonic() - started)
    return statistics.median(seconds)


@pytest.fixture(params=["refusing", "hung"])
def redis_down(request):
    """The port of a Redis that is down: nothing listens there, or it takes connections and
    never answers."""
    if request.param == "refusing":
        return closed_port()
    server = request.getfixturevalue("silent_redis")
    return server.port


@pytest.mark.django_db
def test_a_page_renders_within_twice_its_normal_time_while_redis_is_down(
    real_redis, redis_down, cache_at, client, demo_article
):
    path = demo_article.get_absolute_url()
    cache_at(real_redis[1])
    client.get(path)  # templates compiled, connections open
    # Normal: a working cache that does not have the page yet, so it is rendered and stored.
    normal = median_seconds(client, path, before=cache.clear)
    cache_at(redis_down)
    down = median_seconds(client, path)
    assert down < 2 * normal, (down, normal)


@pytest.mark.django_db
def test_a_reader_with_a_session_still_gets_pages_while_the_cache_is_down(
    cache_at, client, demo_article
):
    cache_at(closed_port())
    session = client.session  # a new session: its key is checked against the database only
    session["seen"] = True
    session.save()
    response = client.get(demo_article.get_absolute_url())
    assert response.status_code == 200
    assert client.session["seen"] is True


@pytest.mark.django_db
def test_a_commenter_gets_the_try_again_page_while_the_cache_is_down(
    cache_at, client, post_comment, demo_article
):
    """Flood control lives in the cache; without it a comment is refused, not let through."""
    cache_at(closed_port())
    client.raise_request_exception = False
    response = post_comment(demo_article)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "try again in a minute" in response.content.decode()
    assert not demo_article.comments.exists()
