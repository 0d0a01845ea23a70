"""Redis as the shared cache, failing fast while it is down.

No page needs the cache to be up: the page cache renders a page when the cache fails. But each
call to a Redis that is gone waits for it, and redis-py 8 waits 5 s to connect and 5 s for an
answer, so a hung or unreachable Redis made every page wait 10 s. This backend gives Redis
OPTIONS["socket_connect_timeout"] and OPTIONS["socket_timeout"] (short), no retries, and a
circuit breaker: once a call cannot reach Redis, every call in this process raises
CacheUnavailable at once, without touching the network, for OPTIONS["retry_after"] seconds;
the first call after that tries Redis again. One warning is logged when Redis stops answering
and one line when it answers again.

CacheUnavailable is a redis ConnectionError, so whatever copes with the cache being down (the
page cache, the health check, the sessions) copes with it unchanged.
"""

import logging
import threading
import time
from functools import partial, wraps

from django.core.cache.backends import redis as django_redis
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

logger = logging.getLogger(__name__)

# What says the server cannot be reached; any other error is an answer from it.
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
DEFAULT_OPTIONS = {
    "socket_connect_timeout": 0.25,
    "socket_timeout": 1,
    # redis-py's own retries (their default has changed between versions) would wait again;
    # the breaker decides when Redis is tried next.
    "retry": Retry(NoBackoff(), 0),
    "retry_after": 5,
}


class CacheUnavailable(RedisConnectionError):
    """Raised without trying while the cache server is known to be down."""

    # The breaker has logged the outage; newsblog.log leaves out warnings that repeat it.
    outage_logged = True


class CircuitBreaker:
    """Refuses calls to one cache server for `retry_after` seconds after one failed to reach
    it. Shared by every thread of the process, so the outage is logged once."""

    def __init__(self, server: str, retry_after: float):
        self.server = server
        self.retry_after = retry_after
        self.down = False
        self.retry_at = 0.0
        self._lock = threading.Lock()

    def call(self, operation, *args, **kwargs):
        if self.down and time.monotonic() < self.retry_at:
            raise CacheUnavailable(f"cache {self.server} did not answer; not trying it yet")
        try:
            result = operation(*args, **kwargs)
        except UNREACHABLE as error:
            self._failed(error)
            raise
        if self.down:
            self._answered()
        return result

    def _failed(self, error):
        with self._lock:
            was_down, self.down = self.down, True
            self.retry_at = time.monotonic() + self.retry_after
        if not was_down:
            logger.warning(
                "cache %s unavailable, trying it again every %gs: %s",
                self.server,
                self.retry_after,
                error,
            )

    def _answered(self):
        with self._lock:
            was_down, self.down = self.down, False
        if was_down:
            logger.info("cache %s answers again", self.server)


_breakers: dict[str, CircuitBreaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(server: str, retry_after: float) -> CircuitBreaker:
    # Django makes a cache object per thread; the breaker must be one per process and server.
    with _breakers_lock:
        return _breakers.setdefault(server, CircuitBreaker(server, retry_after))


def _behind_breaker(operation):
    @wraps(operation)
    def call(self, *args, **kwargs):
        return self.breaker.call(operation, self, *args, **kwargs)

    return call


class _Client(django_redis.RedisCacheClient):
    """Django's Redis client with every operation going through the breaker."""

    def __init__(self, servers, *, breaker: CircuitBreaker, **options):
        super().__init__(servers, **options)
        self.breaker = breaker

    add = _behind_breaker(django_redis.RedisCacheClient.add)
    get = _behind_breaker(django_redis.RedisCacheClient.get)
    set = _behind_breaker(django_redis.RedisCacheClient.set)
    touch = _behind_breaker(django_redis.RedisCacheClient.touch)
    delete = _behind_breaker(django_redis.RedisCacheClient.delete)
    get_many = _behind_breaker(django_redis.RedisCacheClient.get_many)
    has_key = _behind_breaker(django_redis.RedisCacheClient.has_key)
    incr = _behind_breaker(django_redis.RedisCacheClient.incr)
    set_many = _behind_breaker(django_redis.RedisCacheClient.set_many)
    delete_many = _behind_breaker(django_redis.RedisCacheClient.delete_many)
    clear = _behind_breaker(django_redis.RedisCacheClient.clear)


class RedisCache(django_redis.RedisCache):
    """Django's RedisCache with short timeouts, no retries and a circuit breaker."""

    def __init__(self, server, params):
        options = DEFAULT_OPTIONS | params.get("OPTIONS", {})
        retry_after = options.pop("retry_after")
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = partial(_Client, breaker=breaker_for(str(server), retry_after))
