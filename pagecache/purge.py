"""Purging a shared cache in front of the site (Varnish, Fastly, Cloudflare) by surrogate key.

Every page the page cache stores is sent with its dependency names as surrogate keys
(`Surrogate-Key`, space-separated, for Varnish and Fastly; `Cache-Tag`, comma-separated, for
Cloudflare). When a change refreshes the page cache, the same names are purged at the proxy
named by `NEWSBLOG_PURGE_URL`, in the way `NEWSBLOG_PURGE_STYLE` says:

- "varnish-xkey": `PURGE` with the keys in an `xkey-purge` header (deploy/varnish/default.vcl);
- "varnish-ban": `BAN` with the keys in a `Surrogate-Key` header, for a Varnish without xkey;
- "generic": `PURGE` with the keys in a `Surrogate-Key` header, for any proxy or small
  service that answers it;
- "fastly": Fastly's `POST /service/<id>/purge` (the URL) with a `Surrogate-Key` header and
  the API token (`NEWSBLOG_PURGE_TOKEN`) in `Fastly-Key`;
- "cloudflare": Cloudflare's `POST /zones/<id>/purge_cache` (the URL) with `{"tags": [...]}`
  and the API token as a bearer token.

The purge is sent right after the change commits, from the process that made it, so the next
request through the proxy finds the new page; a queue would add its worker's delay to every
edit. A proxy that is down or hung must not fail or hold up the editor's save: each request has
a short timeout (`NEWSBLOG_PURGE_TIMEOUT`, 2 s), and a failure is logged, never raised. The
proxy keeps a page no longer than the page cache does, so a lost purge heals by itself.
"""

import json
import logging
import time
from http.client import HTTPConnection, HTTPException, HTTPSConnection
from urllib.parse import quote, urlsplit

from django.conf import settings

logger = logging.getLogger(__name__)

# On every stored page, so that one purge empties the proxy (after a deploy that changes them).
SITE_KEY = "site"
STYLES = ("varnish-xkey", "varnish-ban", "generic", "fastly", "cloudflare")
# How many keys one request may carry: Fastly takes 256, Cloudflare 30.
BATCH = {"fastly": 256, "cloudflare": 30}


def surrogate_key(name: str) -> str:
    """The name as a header-safe token: letters, digits and `:-_` kept, the rest %-escaped
    (dots too, so a Varnish ban can put keys in a regular expression as they are)."""
    return quote(name, safe=":-_").replace(".", "%2E")


def key_headers(names) -> dict:
    """The headers that tag a stored page: its names, and SITE_KEY on every page."""
    keys = [SITE_KEY, *(surrogate_key(name) for name in sorted(names))]
    return {"Surrogate-Key": " ".join(keys), "Cache-Tag": ",".join(keys)}


def is_configured() -> bool:
    return bool(settings.NEWSBLOG_PURGE_URL)


def purge(names) -> None:
    """Purge the pages that depend on `names` at the configured proxy, if any; never raises."""
    if not is_configured() or not names:
        return
    keys = [surrogate_key(name) for name in sorted(names)]
    style = settings.NEWSBLOG_PURGE_STYLE
    size = BATCH.get(style, len(keys))
    for start in range(0, len(keys), size):
        _send(style, keys[start : start + size])


def build_request(style: str, keys: list[str]) -> tuple[str, dict, bytes | None]:
    """(method, headers, body) of the purge of `keys` in this style."""
    token, spaced = settings.NEWSBLOG_PURGE_TOKEN, " ".join(keys)
    if style == "varnish-xkey":
        return "PURGE", {"xkey-purge": spaced}, None
    if style == "varnish-ban":
        return "BAN", {"Surrogate-Key": spaced}, None
    if style == "fastly":
        return "POST", {"Surrogate-Key": spaced, "Fastly-Key": token}, None
    if style == "cloudflare":
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        return "POST", headers, json.dumps({"tags": keys}).encode()
    return "PURGE", {"Surrogate-Key": spaced}, None


def _send(style: str, keys: list[str]) -> None:
    started = time.monotonic()
    url = urlsplit(settings.NEWSBLOG_PURGE_URL)
    method, headers, body = build_request(style, keys)
    connection_class = HTTPSConnection if url.scheme == "https" else HTTPConnection
    connection = connection_class(url.netloc, timeout=settings.NEWSBLOG_PURGE_TIMEOUT)
    try:
        connection.request(method, url.path or "/", body=body, headers=headers)
        answer = connection.getresponse()
        answer.read()
        if answer.status >= 400:
            raise OSError(f"answered {answer.status} {answer.reason}")
    except (OSError, HTTPException) as error:
        # Refused connections, timeouts and a proxy's refusal alike: logged, never raised.
        logger.error("purge of %d keys at %s failed: %s", len(keys), url.geturl(), error)
        return
    finally:
        connection.close()
    seconds = time.monotonic() - started
    logger.info("purged %d keys at %s in %.0f ms", len(keys), url.geturl(), seconds * 1000)
