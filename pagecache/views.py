"""`cached_page`: the wrapper that serves a view's page from the cache, or renders and stores it."""

import logging
from functools import lru_cache, wraps

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers

from pagecache import store
from pagecache.state import state

logger = logging.getLogger(__name__)

# Query parameters that change a page by default; any other (tracking tags...) shares the entry.
PAGE_PARAMETERS = ("page",)
MESSAGES_COOKIE = "messages"


def cached_page(view, *names, parameters=PAGE_PARAMETERS):
    """Serve `view` to readers without a session from the page cache.

    `names` are what the page depends on: a name, or a function of the URL's keyword arguments
    that gives one, as the content apps define them (`cached_page(view, pages.article)`).
    `parameters` are the query parameters that select a different page.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not may_use_cache(request):
            response = view(request, *args, **kwargs)
            patch_vary_headers(response, ["Cookie"])
            return response
        page = state(request)
        key = store.entry_key(request, parameters)
        try:
            entry = None if page.missed else store.lookup(key)
            if entry is None:
                # Read before rendering: a change committed meanwhile bumps these versions,
                # so a page rendered from older data is stored under versions that are stale.
                page.versions = store.versions(_names(names, kwargs))
                until = store.next_change_at()
        except store.CACHE_ERRORS:
            # A cache that is down must not take the site down with it.
            logger.warning("page cache unavailable, rendering %s", request.path, exc_info=True)
            return view(request, *args, **kwargs)
        if entry is not None:
            return store.serve(request, entry)
        page.filling = True
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
        return store.store_and_serve(request, key, response, page.versions, until)

    wrapper.page_cache_parameters = parameters
    return wrapper


def depends_on(request, *names: str) -> None:
    """Add what a page turned out to depend on while rendering (call it before reading what
    the names cover, so a change made meanwhile is not missed)."""
    page = getattr(request, "page_cache", None)
    if page is None or not page.filling or page.versions is None:
        return
    try:
        page.versions.update(store.versions(names))
    except store.CACHE_ERRORS:
        logger.warning("page cache unavailable, not storing %s", request.path, exc_info=True)
        page.versions = None


def may_use_cache(request) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and MESSAGES_COOKIE not in request.COOKIES
    )


# Every request asks, and the answer depends only on the URL patterns and the path: remembered,
# this costs the requests that are not served from the cache nothing measurable.
@lru_cache(maxsize=1024)
def cached_page_parameters(urlconf, path: str):
    """The query parameters of the cached page at this path, or None when it is not one."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    return getattr(match.func, "page_cache_parameters", None)


def _names(names, kwargs) -> list[str]:
    return [name(**kwargs) if callable(name) else name for name in names]
