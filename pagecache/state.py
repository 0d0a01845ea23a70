"""What the page cache knows about the request it is serving, as one object on the request."""

from dataclasses import dataclass


@dataclass
class RequestState:
    # The middleware already looked this page up and missed: the view need not look again.
    missed: bool = False
    # The page is being rendered to be stored, so per-reader parts are rendered as holes.
    filling: bool = False
    # The versions of the names the page depends on, read before rendering; None once the
    # cache failed mid-render, which renders the page without storing it.
    versions: dict | None = None


def state(request) -> RequestState:
    found = getattr(request, "page_cache", None)
    if found is None:
        found = request.page_cache = RequestState()
    return found


def filling(request) -> bool:
    """Whether this request renders a page for the cache (so per-reader parts are holes)."""
    found = getattr(request, "page_cache", None)
    return found is not None and found.filling
