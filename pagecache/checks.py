"""System checks: the page cache refuses to start where it would serve stale or wrong pages.

`manage.py runserver`, `migrate` and `check` run them, and gunicorn.conf.py runs them before
gunicorn starts its workers.
"""

from django.conf import settings
from django.core import checks

MIDDLEWARE = "pagecache.middleware.PageCacheMiddleware"
# Hits must still get these middleware's headers and redirects, so they run first.
BEFORE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
]
# What a hit does without: sessions, users, messages. The CSRF middleware's steps run inside
# the page cache's own middleware for hits, so it must not run before them too.
AFTER = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
PROCESS_LOCAL_CACHES = ("LocMemCache",)


@checks.register(checks.Tags.caches)
def check_middleware_order(app_configs=None, **kwargs):
    middleware = list(settings.MIDDLEWARE)
    if MIDDLEWARE not in middleware:
        return []
    at = middleware.index(MIDDLEWARE)
    errors = [
        _order_error(other, "before", 1)
        for other in BEFORE
        if other in middleware and middleware.index(other) > at
    ]
    errors += [
        _order_error(other, "after", 2)
        for other in AFTER
        if other in middleware and middleware.index(other) < at
    ]
    return errors


@checks.register(checks.Tags.caches)
def check_shared_cache(app_configs=None, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    processes = settings.SERVER_PROCESSES
    if (
        settings.PAGE_CACHE_SECONDS <= 0
        or processes <= 1
        or not backend.endswith(PROCESS_LOCAL_CACHES)
    ):
        return []
    return [
        checks.Error(
            f"{processes} server processes would each keep their own page cache in "
            f"{backend.rsplit('.', 1)[-1]}: a page one of them cached would outlive an edit "
            "another one saved.",
            hint="Set CACHE_URL to a cache they share (filecache://..., redis://...), or "
            "NEWSBLOG_PAGE_CACHE_SECONDS=0, or run one process (WEB_CONCURRENCY=1).",
            id="pagecache.E003",
        )
    ]


def _order_error(other: str, where: str, number: int):
    return checks.Error(
        f"{other} must come {where} {MIDDLEWARE} in MIDDLEWARE.",
        hint="See the order in newsblog/settings.py and the reasons in pagecache/checks.py.",
        obj=MIDDLEWARE,
        id=f"pagecache.E00{number}",
    )


@checks.register()
def check_purge_style(app_configs=None, **kwargs):
    from pagecache.purge import STYLES

    style = settings.NEWSBLOG_PURGE_STYLE
    if style in STYLES:
        return []
    return [
        checks.Error(
            f"NEWSBLOG_PURGE_STYLE is {style!r}, which names no way of purging a proxy.",
            hint=f"Use one of: {', '.join(STYLES)}.",
            id="pagecache.E004",
        )
    ]
