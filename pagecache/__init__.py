"""The page cache: public pages for readers without a session, invalidated exactly.

Each cached page depends on a few names, which the content apps define (articles/cached_pages.py):
"articles", "article:<slug>", "tag:<slug>"... Every name has a version token in the cache; a
stored page remembers the versions it was rendered with and is served only while they are all
unchanged. A change of content bumps the versions of the names it touches (`store.invalidate`),
after its transaction commits, so only those pages are rendered again. The content apps call it
from their model signals, registered in their `AppConfig.ready()`, so every write path refreshes
its pages, whichever code made it. Pages that change with time alone (a scheduled article going
live) are kept no longer than the next such moment, which the content apps register too.

Per-reader parts are never stored:
- Readers with a session or pending messages (staff, a commenter who just posted) bypass the
  cache and get a freshly rendered page.
- A form's CSRF token is rendered as a placeholder ("hole") and filled in for each reader when
  the page is served, with the token matching that reader's CSRF cookie. A hit still runs no
  database query, and the form works without JavaScript (holes.py).

A shared cache in front (Varnish, a CDN) is told each stored page's names as surrogate keys and
purged by them on the same changes (purge.py); it gets the per-reader parts as ESI includes, so
what it stores holds no reader's bytes (esi.py).

`views.cached_page` wraps a view to render and store its page; `middleware.PageCacheMiddleware`
serves stored pages before the middleware a hit does not need (sessions, authentication,
messages) runs; `checks.py` refuses to start with that middleware out of place, or with a cache
that several server processes cannot share.
"""
