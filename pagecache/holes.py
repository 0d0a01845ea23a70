"""Per-reader values in cached pages: rendered as placeholders ("holes"), filled when served.

While a page is rendered for the cache, each per-reader value (a form's CSRF token, the comment
form's time stamp) is a placeholder carrying a signature derived from the secret key, so no
article or comment can smuggle one in. The stored page is split at its holes once; serving it
joins the parts with this reader's values.
"""

import re
from functools import lru_cache

from django.conf import settings
from django.utils.crypto import salted_hmac

from pagecache import csrf
from pagecache.state import filling

HOLE = re.compile(rb"hole-(?P<signature>[0-9a-f]{24})-(?P<name>[a-z]+)-(?P<argument>[0-9]*)x")
# Per-reader values: `fill(request, argument)` gives each one for the reader being served.
FILLERS = {"csrf": lambda request, argument: csrf.get_token(request)}


def register_hole(name: str, fill) -> None:
    FILLERS[name] = fill


def hole(name: str, argument: int | str = "") -> str:
    """The placeholder of a registered per-reader value, e.g. hole("csrf")."""
    return f"hole-{_signature()}-{name}-{argument}x"


def csrf_hole(request):
    """Context processor: the CSRF token of a page rendered for the cache is a placeholder."""
    return {"csrf_token": hole("csrf")} if filling(request) else {}


def split_at_holes(content: bytes) -> list:
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


def fill_parts(request, parts: list) -> bytes:
    return b"".join(
        part if isinstance(part, bytes) else FILLERS[part[0]](request, part[1]).encode()
        for part in parts
    )


def fill_holes(request, response):
    """A response rendered for the cache but not stored: its holes filled for this reader."""
    if not response.streaming:
        response.content = fill_parts(request, split_at_holes(response.content))
    return response


def _signature() -> str:
    return _signature_for(settings.SECRET_KEY)


@lru_cache(maxsize=4)
def _signature_for(secret_key: str) -> str:
    return salted_hmac("newsblog.page_cache.hole", "hole", secret=secret_key).hexdigest()[:24]
