"""Stored pages and the versions of the names they depend on (see the package's docstring)."""

import hashlib
import logging
import time
import uuid
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_max_age, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from redis.exceptions import RedisError

from pagecache import esi, purge
from pagecache.holes import fill_holes, fill_parts, split_at_holes

logger = logging.getLogger(__name__)

# What the cache backends we support raise when their store is unreachable or broken.
CACHE_ERRORS = (OSError, RedisError)

# The entry's layout is part of the key, so entries stored by an older version are not read.
ENTRY_PREFIX = "page:3:"
VERSION_PREFIX = "page-version:"
NEXT_CHANGE_KEY = "page-cache:next-publication"
# Headers that describe one response, not the stored page.
UNSTORED_HEADERS = frozenset(
    {"set-cookie", "vary", "cache-control", "date", "expires", "etag", "last-modified"}
)
# Functions giving the next moment a page changes with time alone (a scheduled article going
# live), registered by the content apps: no page is kept past the earliest.
SCHEDULES = []


def register_schedule(next_change_at) -> None:
    if next_change_at not in SCHEDULES:
        SCHEDULES.append(next_change_at)


def invalidate(*names: str) -> None:
    """Drop every cached page that depends on one of `names`."""
    if names:
        cache.set_many({VERSION_PREFIX + name: uuid.uuid4().hex for name in names}, None)
    cache.delete(NEXT_CHANGE_KEY)


def invalidate_on_commit(names) -> None:
    """`invalidate` once the current transaction commits, so no reader caches the old state,
    then purge the same names at the shared cache in front, if one is configured."""
    names = sorted(set(names))
    if names:
        transaction.on_commit(partial(refresh, *names), robust=True)


def refresh(*names: str) -> None:
    # The site's own entries go first: a proxy refetching at once must not get the old page.
    invalidate(*names)
    purge.purge(names)


def merge_pending_invalidations(using=None) -> None:
    """Fold the invalidations waiting for the current transaction to commit into one.

    Every save queues its own; a transaction that saves thousands of rows (an import) would
    otherwise hold thousands of callbacks, most naming the same pages. Call it between saves at
    the level of the atomic block that queued them: only theirs are merged."""
    connection = transaction.get_connection(using)
    current = set(connection.savepoint_ids)
    names, kept = set(), []
    for savepoints, func, robust in connection.run_on_commit:
        if savepoints >= current and isinstance(func, partial) and func.func is refresh:
            names.update(func.args)
        else:
            kept.append((savepoints, func, robust))
    connection.run_on_commit = kept
    if names:
        transaction.on_commit(partial(refresh, *sorted(names)), using=using, robust=True)


def entry_key(request, parameters) -> str:
    query = "&".join(f"{key}={request.GET[key]}" for key in parameters if key in request.GET)
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return ENTRY_PREFIX + hashlib.sha256(address.encode()).hexdigest()


def lookup(key):
    entry = cache.get(key)
    # The cache server's own expiry runs on its clock; this one runs on ours.
    if entry is None or entry["expires_at"] <= time.time():
        return None
    current = cache.get_many([VERSION_PREFIX + name for name in entry["versions"]])
    stored = {VERSION_PREFIX + name: version for name, version in entry["versions"].items()}
    return entry if current == stored else None


def versions(names) -> dict:
    keys = [VERSION_PREFIX + name for name in names]
    found = cache.get_many(keys)
    for key in set(keys) - found.keys():
        cache.add(key, uuid.uuid4().hex, None)
    found.update(cache.get_many([key for key in keys if key not in found]))
    return {name: found[VERSION_PREFIX + name] for name in names}


def store_and_serve(request, key, response, versions, until):
    timeout = _timeout(response, until) if versions is not None else 0
    if timeout <= 0:
        return fill_holes(request, response)
    entry = {
        "status": response.status_code,
        "parts": split_at_holes(response.content),
        "headers": [(k, v) for k, v in response.items() if k.lower() not in UNSTORED_HEADERS],
        "versions": versions,
        "keys": purge.key_headers(versions),
        "stored_at": time.time(),
        "expires_at": time.time() + timeout,
        "etag": hashlib.sha256(response.content).hexdigest()[:32],
    }
    try:
        cache.set(key, entry, timeout)
    except CACHE_ERRORS:
        logger.warning("page cache unavailable, not storing %s", request.path, exc_info=True)
    return serve(request, entry)


def serve(request, entry) -> HttpResponse:
    parts = entry["parts"]
    personal = len(parts) > 1
    # A proxy that includes the per-reader parts itself gets a page the same for everyone.
    content = esi.includes(parts) if personal and esi.accepted(request) else None
    included = content is not None
    if not included:
        content = fill_parts(request, parts) if personal else parts[0]
    response = HttpResponse(content, status=entry["status"])
    for header, value in entry["headers"]:
        response[header] = value
    response["Content-Length"] = str(len(content))
    # Bytes differ per reader where holes were filled, so the tag is weak there.
    response["ETag"] = f'{"W/" if personal else ""}"{entry["etag"]}"'
    response["Last-Modified"] = http_date(entry["stored_at"])
    patch_cache_control(response, no_cache=True, **({"private": True} if personal else {}))
    patch_vary_headers(response, ["Cookie"])
    for header, value in entry["keys"].items():
        response[header] = value
    _tell_the_proxy(response, entry, shared=included or not personal, included=included)
    return response


def _tell_the_proxy(response, entry, *, shared: bool, included: bool) -> None:
    """Say what a shared cache in front may do with the page: include its parts itself, and
    keep it (only when it is purged on every change, and as long as the site keeps it)."""
    directives = []
    if shared and purge.is_configured():
        seconds = max(0, int(entry["expires_at"] - time.time()))
        directives.append(f"max-age={seconds}")
        if not included:  # Cloudflare reads this one, and includes nothing
            response["CDN-Cache-Control"] = f"max-age={seconds}"
    if included:
        directives.append('content="ESI/1.0"')
    if directives:
        response["Surrogate-Control"] = ", ".join(directives)


def next_change_at():
    """When a page next changes with time alone (None if none will), remembered in the cache."""
    found = cache.get(NEXT_CHANGE_KEY, default=())
    if found is None or (found != () and found > timezone.now()):
        return found
    moments = [at for at in (schedule() for schedule in SCHEDULES) if at is not None]
    at = min(moments, default=None)
    timeout = settings.PAGE_CACHE_SECONDS
    if at is not None:
        timeout = min(timeout, max(1, int((at - timezone.now()).total_seconds())))
    cache.set(NEXT_CHANGE_KEY, at, timeout)
    return at


def _timeout(response, until) -> int:
    if response.status_code != 200 or response.streaming or response.cookies:
        return 0
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control:
        return 0
    limits = [settings.PAGE_CACHE_SECONDS]
    if (max_age := get_max_age(response)) is not None:
        limits.append(max_age)
    if until is not None:
        limits.append(int((until - timezone.now()).total_seconds()))
    return min(limits)
