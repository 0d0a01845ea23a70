"""The page cache: public pages for readers without a session, invalidated exactly.

Each cached page depends on a few names ("articles", "article:<slug>", "tag:<slug>"...). Every
name has a version token in the cache; a stored page remembers the versions it was rendered
with and is served only while they are all unchanged. Changing content bumps the versions of
the names it touches (`invalidate`), after the transaction commits, so only those pages are
rendered again. Scheduled articles appear on time because no page is kept past the next
scheduled publication.

Per-reader parts are never stored:
- Readers with a session or pending messages (staff, a commenter who just posted) bypass the
  cache and get a freshly rendered page.
- A form's CSRF token is rendered as a placeholder ("hole") and filled in for each reader when
  the page is served, with the token matching that reader's CSRF cookie. A hit still runs no
  database query, and the form works without JavaScript.

`cached_page` wraps a view to render and store its page; `PageCacheMiddleware` serves stored
pages before the middleware a hit does not need (sessions, authentication, messages) runs.
"""

import hashlib
import logging
import re
import time
import uuid
from functools import lru_cache, partial, wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import timezone
from django.utils.cache import get_max_age, patch_cache_control, patch_vary_headers
from django.utils.crypto import salted_hmac
from django.utils.http import http_date
from redis.exceptions import RedisError

from newsblog import csrf

logger = logging.getLogger(__name__)

# What the cache backends we support raise when their store is unreachable or broken.
CACHE_ERRORS = (OSError, RedisError)

# The entry's layout is part of the key, so entries stored by an older version are not read.
ENTRY_PREFIX = "page:2:"
VERSION_PREFIX = "page-version:"
NEXT_PUBLICATION_KEY = "page-cache:next-publication"
# Query parameters that change a page by default; any other (tracking tags...) shares the entry.
PAGE_PARAMETERS = ("page",)
MESSAGES_COOKIE = "messages"
# Headers that describe one response, not the stored page.
UNSTORED_HEADERS = frozenset(
    {"set-cookie", "vary", "cache-control", "date", "expires", "etag", "last-modified"}
)


def _signature() -> str:
    # Derived from the secret key: stable across processes, unguessable for anyone who writes
    # content, so no article or comment can smuggle a placeholder in.
    return _signature_for(settings.SECRET_KEY)


@lru_cache(maxsize=4)
def _signature_for(secret_key: str) -> str:
    return salted_hmac("newsblog.page_cache.hole", "hole", secret=secret_key).hexdigest()[:24]


HOLE = re.compile(rb"hole-(?P<signature>[0-9a-f]{24})-(?P<name>[a-z]+)-(?P<argument>[0-9]*)x")
# Per-reader values: while a page is rendered for the cache, each is a placeholder, filled in by
# `fill(request, argument)` every time the page is served.
FILLERS = {"csrf": lambda request, argument: csrf.get_token(request)}


def register_hole(name: str, fill) -> None:
    FILLERS[name] = fill


def filling(request) -> bool:
    """Whether this request renders a page for the cache (so per-reader parts are holes)."""
    return getattr(request, "fills_page_cache", False)


def hole(name: str, argument: int | str = "") -> str:
    """The placeholder of a registered per-reader value, e.g. hole("csrf")."""
    return f"hole-{_signature()}-{name}-{argument}x"


def csrf_hole(request):
    """Context processor: the CSRF token of a page rendered for the cache is a placeholder."""
    return {"csrf_token": hole("csrf")} if filling(request) else {}


def invalidate(*names: str) -> None:
    """Drop every cached page that depends on one of `names`."""
    if names:
        cache.set_many({VERSION_PREFIX + name: uuid.uuid4().hex for name in names}, None)
    cache.delete(NEXT_PUBLICATION_KEY)


def invalidate_on_commit(names) -> None:
    """`invalidate` once the current transaction commits, so no reader caches the old state."""
    names = sorted(set(names))
    transaction.on_commit(partial(invalidate, *names), robust=True)


def depends_on(request, *names: str) -> None:
    """Add what a page turned out to depend on while rendering (call it before reading what
    the names cover, so a change made meanwhile is not missed)."""
    if filling(request) and request.page_cache_versions is not None:
        try:
            request.page_cache_versions.update(_versions(names))
        except CACHE_ERRORS:
            logger.warning("page cache unavailable, not storing %s", request.path, exc_info=True)
            request.page_cache_versions = None


def cached_page(view, *names: str, parameters=PAGE_PARAMETERS):
    """Serve `view` to readers without a session from the page cache.

    `names` are what the page depends on, formatted with the URL's keyword arguments, for
    example `cached_page(ArticleDetailView.as_view(), "article:{slug}")`. `parameters` are the
    query parameters that select a different page.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _may_use_cache(request):
            response = view(request, *args, **kwargs)
            patch_vary_headers(response, ["Cookie"])
            return response
        key = _entry_key(request, parameters)
        try:
            entry = None if getattr(request, "page_cache_missed", False) else _lookup(key)
            if entry is None:
                # Read before rendering: a change committed meanwhile bumps these versions,
                # so a page rendered from older data is stored under versions that are stale.
                versions = _versions([name.format(**kwargs) for name in names])
                until = _next_publication_at()
        except CACHE_ERRORS:
            # A cache that is down must not take the site down with it.
            logger.warning("page cache unavailable, rendering %s", request.path, exc_info=True)
            return view(request, *args, **kwargs)
        if entry is not None:
            return _serve(request, entry)
        request.fills_page_cache, request.page_cache_versions = True, versions
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
        versions = request.page_cache_versions
        timeout = _timeout(response, until) if versions is not None else 0
        return _store_and_serve(request, key, response, versions, timeout)

    wrapper.page_cache_parameters = parameters
    return wrapper


class PageCacheMiddleware:
    """Serves cached pages early, before sessions, authentication, messages and the view.

    A reader who may be served from the cache has no session and no messages, so a hit needs
    none of the middleware after this one; only the CSRF middleware's request and response
    steps run around it, so a form's token matches the reader's CSRF cookie. A miss goes on to
    the view, whose `cached_page` wrapper renders and stores the page (and works on its own
    without this middleware, only slower).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request):
        parameters = _cached_page_parameters(request) if _may_use_cache(request) else None
        if parameters is None:
            return self.get_response(request)
        try:
            entry = _lookup(_entry_key(request, parameters))
        except CACHE_ERRORS:
            entry = None  # the view's wrapper says so in the log and renders the page
        if entry is None:
            request.page_cache_missed = True
            return self.get_response(request)
        self.csrf.process_request(request)
        return self.csrf.process_response(request, _serve(request, entry))


def _cached_page_parameters(request):
    """The query parameters of the cached page at this URL, or None when it is not one."""
    return _parameters_at(get_urlconf() or settings.ROOT_URLCONF, request.path_info)


# Every request asks, and the answer depends only on the URL patterns and the path: remembered,
# this costs the requests that are not served from the cache nothing measurable.
@lru_cache(maxsize=1024)
def _parameters_at(urlconf, path: str):
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    return getattr(match.func, "page_cache_parameters", None)


def _may_use_cache(request) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and MESSAGES_COOKIE not in request.COOKIES
    )


def _entry_key(request, parameters) -> str:
    query = "&".join(f"{key}={request.GET[key]}" for key in parameters if key in request.GET)
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return ENTRY_PREFIX + hashlib.sha256(address.encode()).hexdigest()


def _lookup(key):
    entry = cache.get(key)
    # The cache server's own expiry runs on its clock; this one runs on ours.
    if entry is None or entry["expires_at"] <= time.time():
        return None
    current = cache.get_many([VERSION_PREFIX + name for name in entry["versions"]])
    stored = {VERSION_PREFIX + name: version for name, version in entry["versions"].items()}
    return entry if current == stored else None


def _versions(names) -> dict:
    keys = [VERSION_PREFIX + name for name in names]
    found = cache.get_many(keys)
    for key in set(keys) - found.keys():
        cache.add(key, uuid.uuid4().hex, None)
    found.update(cache.get_many([key for key in keys if key not in found]))
    return {name: found[VERSION_PREFIX + name] for name in names}


def _store_and_serve(request, key, response, versions, timeout):
    if timeout <= 0:
        return _fill_holes(request, response)
    entry = {
        "status": response.status_code,
        "parts": _split_at_holes(response.content),
        "headers": [(k, v) for k, v in response.items() if k.lower() not in UNSTORED_HEADERS],
        "versions": versions,
        "stored_at": time.time(),
        "expires_at": time.time() + timeout,
        "etag": hashlib.sha256(response.content).hexdigest()[:32],
    }
    try:
        cache.set(key, entry, timeout)
    except CACHE_ERRORS:
        logger.warning("page cache unavailable, not storing %s", request.path, exc_info=True)
    return _serve(request, entry)


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


def _next_publication_at():
    """When the next scheduled article goes live (None if none is), remembered in the cache."""
    from articles.models import Article

    found = cache.get(NEXT_PUBLICATION_KEY, default=())
    if found is None or (found != () and found > timezone.now()):
        return found
    at = Article.objects.next_publication_at()
    timeout = settings.PAGE_CACHE_SECONDS
    if at is not None:
        timeout = min(timeout, max(1, int((at - timezone.now()).total_seconds())))
    cache.set(NEXT_PUBLICATION_KEY, at, timeout)
    return at


def _serve(request, entry) -> HttpResponse:
    parts = entry["parts"]
    personal = len(parts) > 1
    content = _fill_parts(request, parts) if personal else parts[0]
    response = HttpResponse(content, status=entry["status"])
    for header, value in entry["headers"]:
        response[header] = value
    response["Content-Length"] = str(len(content))
    # Bytes differ per reader where holes were filled, so the tag is weak there.
    response["ETag"] = f'{"W/" if personal else ""}"{entry["etag"]}"'
    response["Last-Modified"] = http_date(entry["stored_at"])
    patch_cache_control(response, no_cache=True, **({"private": True} if personal else {}))
    patch_vary_headers(response, ["Cookie"])
    return response


def _split_at_holes(content: bytes) -> list:
    """The page as [bytes, (name, argument), bytes, ...]: found once, when it is stored, so
    serving it is a join rather than a search through the page."""
    parts, start = [], 0
    signature = _signature().encode()
    for match in HOLE.finditer(content):
        name = match["name"].decode()
        if match["signature"] == signature and name in FILLERS:
            parts += [content[start : match.start()], (name, match["argument"].decode())]
            start = match.end()
    return [*parts, content[start:]]


def _fill_parts(request, parts: list) -> bytes:
    return b"".join(
        part if isinstance(part, bytes) else FILLERS[part[0]](request, part[1]).encode()
        for part in parts
    )


def _fill_holes(request, response):
    """A response rendered for the cache but not stored: its holes filled for this reader."""
    if not response.streaming:
        response.content = _fill_parts(request, _split_at_holes(response.content))
    return response
