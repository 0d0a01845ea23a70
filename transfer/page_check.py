"""Whether a restored site serves the pages the backed-up one served.

At backup time the public pages a reader would open first (the index, the newest articles, their
tags, the published pages) are fetched as an anonymous reader and a fingerprint of each is kept
in the manifest; `restore --check` fetches them again from the restored site and names any that
differ. What changes on every response whatever the content (the CSRF token, the comment form's
signed timestamp, the Content-Security-Policy nonce) is blanked before the fingerprint is taken.
"""

import hashlib
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.test import Client

from articles.models import Article
from pages.models import Page

NEWEST_ARTICLES = 10
PER_RESPONSE = re.compile(
    r'(<input[^>]*name="(?:csrfmiddlewaretoken|token)"[^>]*value=")[^"]*(")'
    r'|(<input[^>]*value=")[^"]*("[^>]*name="(?:csrfmiddlewaretoken|token)")'
    r'|( nonce=")[^"]*(")'
)


def normalised(html: bytes) -> bytes:
    """The page without what differs from one response to the next."""
    text = html.decode("utf-8", errors="replace")
    return PER_RESPONSE.sub(
        lambda m: "".join(g for g in m.groups() if g is not None), text
    ).encode()


def addresses() -> list[str]:
    """The pages to compare: the index, the newest articles, their tags, published pages."""
    articles = list(
        Article.objects.published().prefetch_related("tags").order_by("-published_at", "-pk")
    )[:NEWEST_ARTICLES]
    found = ["/"]
    for article in articles:
        found.append(article.get_absolute_url())
        found.extend(tag.get_absolute_url() for tag in article.tags.all())
    if hasattr(Page, "get_absolute_url"):  # once pages have their public view
        published = Page.objects.filter(status=Page.Status.PUBLISHED)
        found.extend(page.get_absolute_url() for page in published)
    return list(dict.fromkeys(found))


def reader() -> Client:
    """A reader's browser, addressing the site by its own name (ALLOWED_HOSTS holds it)."""
    address = urlsplit(settings.SITE_URL)
    host = address.netloc or (settings.ALLOWED_HOSTS or ["localhost"])[0]
    return Client(HTTP_HOST=host, secure=address.scheme == "https")


def fingerprints(paths: list[str] | None = None) -> dict[str, str]:
    client = reader()
    result = {}
    for path in addresses() if paths is None else paths:
        response = client.get(path)
        digest = hashlib.sha256(normalised(response.content)).hexdigest()
        result[path] = f"{response.status_code} {digest}"
    return result


def differences(expected: dict[str, str]) -> list[str]:
    """The addresses whose page is not what the backed-up site served."""
    found = fingerprints(list(expected))
    return [path for path, print_ in expected.items() if found[path] != print_]
