"""What every preview of unpublished content answers with, whoever shows it (staff previews of
articles and pages, review links): never stored by a cache or a browser, never indexed."""

from django.utils.cache import add_never_cache_headers


def mark_as_preview(response):
    add_never_cache_headers(response)  # private, no-store (and no-cache, max-age=0)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
