"""Per-reader parts of a cached page, included by the shared cache in front (ESI).

A proxy that caches one page for every reader (Varnish, Fastly) must never hold one reader's
CSRF token or form stamp. When it says it can include parts itself (`Surrogate-Capability:
...="ESI/1.0"`, as deploy/varnish/default.vcl sends), each of the page's holes is served as an
`<esi:include src="/_holes/<name>/...">` instead of being filled, so the body it stores holds
no reader's bytes, and the proxy asks `hole` below for each reader's own value. Every hole
registered with `holes.register_hole` goes this way, whatever it is.

A proxy does not look for includes inside another tag, and most holes are in one (a hidden
field's value): there the include stands for the whole tag, whose markup travels in the
include's address, signed, so the endpoint never writes markup that the site did not.
"""

import re

from django.core import signing
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache

from pagecache.holes import FILLERS

ARGUMENT = re.compile(r"[0-9]*")
SALT = "pagecache.esi.tag"


def accepted(request) -> bool:
    return "ESI/1.0" in request.headers.get("Surrogate-Capability", "")


def includes(parts: list) -> bytes | None:
    """The page with an ESI include in place of each hole (None if one cannot be included)."""
    out, parts = [], list(parts)
    for at, part in enumerate(parts):
        if isinstance(part, bytes):
            out.append(part)
            continue
        before, after = out[-1], parts[at + 1]
        start = before.rfind(b"<")
        if start <= before.rfind(b">"):  # in the text, not inside a tag
            out.append(_include(*part))
            continue
        end = after.find(b">") if isinstance(after, bytes) else -1
        if end < 0:
            return None
        out[-1], parts[at + 1] = before[:start], after[end + 1 :]
        out.append(_include(*part, tag=(before[start:], after[: end + 1])))
    return b"".join(out)


@never_cache
def hole(request, name: str):
    """One reader's value for one hole, in its tag when it has one. It is the reader's own
    (their CSRF cookie is set with it), so nothing may store it."""
    argument = request.GET.get("argument", "")
    if name not in FILLERS or not ARGUMENT.fullmatch(argument):
        raise Http404("No such part.")
    try:
        before, after = (
            signing.loads(request.GET["tag"], salt=SALT) if "tag" in request.GET else ("", "")
        )
    except signing.BadSignature as error:
        raise Http404("No such part.") from error
    return HttpResponse(before + FILLERS[name](request, argument) + after)


def _include(name: str, argument: str, tag=None) -> bytes:
    src = reverse("pagecache:hole", args=[name]) + f"?argument={argument}"
    if tag is not None:
        src += "&tag=" + signing.dumps([part.decode() for part in tag], salt=SALT, compress=True)
    return f'<esi:include src="{src}"/>'.encode()
