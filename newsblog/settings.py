"""NewsBlog settings, read from the environment (see README.md for every variable)."""

import os
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF

from newsblog import log, notify_settings, secret_key, storage

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = secret_key.load(os.environ, debug=DEBUG, key_file=VAR_DIR / "secret_key")
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_NAME = env.str("NEWSBLOG_SITE_NAME", default="NewsBlog")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "django_prose_editor",
    "django_tasks",
    "django_tasks_db",
    "reversion",
    "core",
    "pagecache",
    "images",
    "articles",
    "comments",
    "pages",
    "transfer",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Malformed requests get the 400 page before anything reads them (see the module), with
    # the security headers above.
    "newsblog.bad_requests.MalformedRequestMiddleware",
    # Before host validation and sessions: load balancers probe by IP and must not get cookies.
    "newsblog.health.HealthCheckMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # Old WordPress addresses (/?p=123) before the page cache, which would serve the index.
    "transfer.middleware.OldAddressMiddleware",
    # Serves cached pages: a hit needs none of the middleware below (see pagecache/checks.py).
    "pagecache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsblog.urls"
WSGI_APPLICATION = "newsblog.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsblog.context_processors.site",
                "pagecache.holes.csrf_hole",
            ],
            "builtins": ["core.templatetags.dates"],
        },
    },
]

# Databases: SQLite under var/ by default; DATABASE_URL (e.g. postgres://...) for anything bigger.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at BEGIN so
    # concurrent writers queue on the busy timeout instead of failing with "database is locked".
    # Our backend waits that long only for the write lock; a reader kept out gives up after
    # read_timeout, so a database locked by something else shows the 503 page within 2 s.
    DATABASES["default"]["ENGINE"] = "newsblog.sqlite"
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": env.float("SQLITE_BUSY_TIMEOUT", default=20),
            "read_timeout": env.float("SQLITE_READ_TIMEOUT", default=1.5),
        }
    )
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
    VAR_DIR.mkdir(exist_ok=True)
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database host that does not answer gives the 503 page instead of a hung worker. Our
    # backend also keeps readers from waiting long on a locked table, while transactions (the
    # writers) wait their turn; see newsblog/postgresql/base.py.
    DATABASES["default"]["ENGINE"] = "newsblog.postgresql"
    DATABASES["default"]["OPTIONS"] = {
        "connect_timeout": env.int("DATABASE_CONNECT_TIMEOUT", default=2),
        "read_lock_timeout": env.float("DATABASE_READ_LOCK_TIMEOUT", default=1.5),
        "read_statement_timeout": env.float("DATABASE_READ_STATEMENT_TIMEOUT", default=10),
        "write_lock_timeout": env.float("DATABASE_WRITE_LOCK_TIMEOUT", default=20),
        **DATABASES["default"].get("OPTIONS", {}),  # what DATABASE_URL's query string says
    }
# Connections outlive a request (checked before reuse): opening one costs more than most page
# queries, and on SQLite the last connection to close also folds the WAL back into the file.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds the page cache, comment flood counters and (when shared) sessions. Without
# CACHE_URL it is local memory, right for one process (`make run`); gunicorn.conf.py points
# its workers at a folder under var/ they all share; CACHE_URL=redis://... shares it between
# app servers.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://newsblog")}
if CACHES["default"]["BACKEND"].endswith("FileBasedCache"):
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 20000)
elif CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # A Redis that is down costs one short wait now and then instead of 10 s on every page:
    # after a failure nothing tries it again for a while (see newsblog/redis_cache.py).
    CACHES["default"]["BACKEND"] = "newsblog.redis_cache.RedisCache"
    CACHES["default"]["OPTIONS"] = {
        "socket_connect_timeout": env.float("REDIS_CONNECT_TIMEOUT", default=0.25),
        "socket_timeout": env.float("REDIS_READ_TIMEOUT", default=1),
        "retry_after": env.float("REDIS_RETRY_AFTER", default=5),
        **CACHES["default"].get("OPTIONS", {}),  # what CACHE_URL's query string says
    }
# A per-process cache would let one worker keep a session another one has ended.
_PROCESS_LOCAL_CACHE = CACHES["default"]["BACKEND"].endswith(("LocMemCache", "DummyCache"))
# With a shared cache, sessions are read from it and kept in the database; ours still work
# while the cache is down (see newsblog/sessions.py).
SESSION_ENGINE = (
    "django.contrib.sessions.backends.db" if _PROCESS_LOCAL_CACHE else "newsblog.sessions"
)
# Anonymous readers get pages from the cache for at most this long (0 turns the page cache off).
PAGE_CACHE_SECONDS = env.int("NEWSBLOG_PAGE_CACHE_SECONDS", default=600)
# A shared cache in front (Varnish, a CDN) to purge when pages change (pagecache/purge.py).
NEWSBLOG_PURGE_URL = env.str("NEWSBLOG_PURGE_URL", default="")
NEWSBLOG_PURGE_STYLE = env.str("NEWSBLOG_PURGE_STYLE", default="varnish-xkey")
NEWSBLOG_PURGE_TOKEN = env.str("NEWSBLOG_PURGE_TOKEN", default="")
NEWSBLOG_PURGE_TIMEOUT = env.float("NEWSBLOG_PURGE_TIMEOUT", default=2)
# How many processes serve the site (gunicorn.conf.py says): more than one need a shared cache.
SERVER_PROCESSES = env.int("NEWSBLOG_SERVER_PROCESSES", default=1)

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="NewsBlog <newsblog@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A mail server that accepts the connection and then hangs holds the worker this long, no more.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)

# Mail leaves through this task queue: the database, worked by `manage.py db_worker` (`make
# run` and `make serve` start one). A failed send is tried again MAIL_ATTEMPTS times in all,
# waiting MAIL_RETRY_SECONDS, then twice as long each time (see comments/tasks.py).
TASKS = {
    "default": {
        "BACKEND": env.str("NEWSBLOG_TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}
MAIL_ATTEMPTS = env.int("NEWSBLOG_MAIL_ATTEMPTS", default=5)
MAIL_RETRY_SECONDS = env.int("NEWSBLOG_MAIL_RETRY_SECONDS", default=60)

AUTHENTICATION_BACKENDS = [
    "newsblog.auth.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="en")
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True  # stored times are always UTC; TIME_ZONE is what readers and editors see

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = storage.storages(os.environ, debug=DEBUG)
WHITENOISE_MAX_AGE = 3600  # unhashed names (favicon.ico...); hashed ones are cached for a year
WHITENOISE_ADD_HEADERS_FUNCTION = storage.static_headers

LOGIN_URL = "admin:login"
# Where the admin lives; moving it away from /admin/ keeps out the most common scanners.
ADMIN_URL = env.str("NEWSBLOG_ADMIN_URL", default="admin/").strip("/") + "/"

# Articles
ARTICLES_PER_PAGE = env.int("NEWSBLOG_ARTICLES_PER_PAGE", default=10)

# Comments (see the README's "Comments" section for what each one does)
COMMENTS_PER_PAGE = env.int("NEWSBLOG_COMMENTS_PER_PAGE", default=50)
COMMENTS_CLOSE_AFTER_DAYS = env.int("NEWSBLOG_COMMENTS_CLOSE_AFTER_DAYS", default=None)
COMMENTS_MIN_FORM_SECONDS = env.int("NEWSBLOG_COMMENTS_MIN_FORM_SECONDS", default=3)
COMMENTS_MAX_FORM_SECONDS = env.int("NEWSBLOG_COMMENTS_MAX_FORM_SECONDS", default=2 * 60 * 60)
COMMENTS_FLOOD_SECONDS = env.int("NEWSBLOG_COMMENTS_FLOOD_SECONDS", default=15)
COMMENTS_PER_IP_PER_HOUR = env.int("NEWSBLOG_COMMENTS_PER_IP_PER_HOUR", default=20)
COMMENTS_HOLD_LINKS = env.int("NEWSBLOG_COMMENTS_HOLD_LINKS", default=2)
COMMENTS_BLOCKLIST = env.list("NEWSBLOG_COMMENTS_BLOCKLIST", default=[])
COMMENTS_MODERATOR_EMAILS = env.list("NEWSBLOG_COMMENTS_MODERATOR_EMAILS", default=[])
# How moderators hear of pending comments: "each" one, a "digest" (hourly or daily), or "off".
COMMENTS_NOTIFY = notify_settings.notify(os.environ)
COMMENTS_DIGEST = notify_settings.digest_period(os.environ)
# How long the link in the "confirm your address" email works.
COMMENTS_CONFIRM_DAYS = env.int("NEWSBLOG_COMMENTS_CONFIRM_DAYS", default=7)
COMMENTS_MAX_DEPTH = env.int("NEWSBLOG_COMMENTS_MAX_DEPTH", default=3)
COMMENTS_EDIT_MINUTES = env.int("NEWSBLOG_COMMENTS_EDIT_MINUTES", default=10)
# After this many approved comments from a confirmed address, approve its next ones at once.
COMMENTS_TRUST_AFTER = env.int("NEWSBLOG_COMMENTS_TRUST_AFTER", default=None)
COMMENTS_KEEP_IP_DAYS = env.int("NEWSBLOG_COMMENTS_KEEP_IP_DAYS", default=30)
# What erasing a commenter does to their texts: "remove" them, or "keep" them unsigned.
COMMENTS_ERASE_TEXT = env.str("NEWSBLOG_COMMENTS_ERASE_TEXT", default="remove")
# Proxies in front of the site that append to X-Forwarded-For; 0 trusts only REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env.int("NEWSBLOG_TRUSTED_PROXY_COUNT", default=0)

# Images: uploads beyond these limits are refused with a message (see images/uploads.py).
IMAGE_MAX_UPLOAD_SIZE = env.int("NEWSBLOG_IMAGE_MAX_UPLOAD_MB", default=10) * 1024 * 1024
IMAGE_MAX_PIXELS = env.int("NEWSBLOG_IMAGE_MAX_MEGAPIXELS", default=40) * 1_000_000
# Widths of the WebP renditions; after changing them run `manage.py rebuild_renditions`.
IMAGE_WIDTHS = env.list("NEWSBLOG_IMAGE_WIDTHS", cast=int, default=[480, 960, 1600])

# Security. DJANGO_HTTPS=1 when the site is served over HTTPS (it should be, in production).
HTTPS = env.bool("DJANGO_HTTPS", default=False)
# The site's address in mail, which the task worker sends without a request to read it from;
# by default the first of DJANGO_ALLOWED_HOSTS (runserver's address in DEBUG).
_FIRST_HOST = (ALLOWED_HOSTS or ["localhost"])[0].lstrip(".*") or "localhost"
SITE_URL = env.str(
    "NEWSBLOG_SITE_URL",
    default="http://127.0.0.1:8000/" if DEBUG else f"http{'s' if HTTPS else ''}://{_FIRST_HOST}/",
)
if env.bool("DJANGO_TRUST_X_FORWARDED_PROTO", default=False):
    # Only behind a proxy that sets this header itself; anywhere else clients could forge it.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=True)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"

# Content-Security-Policy: no inline script anywhere. The admin's rich-text editor needs one
# inline import map, which carries the per-response nonce (see core.admin).
# Where media are served from when not from this site; the sanitizer keeps body images from here.
MEDIA_ORIGIN = storage.media_origin(STORAGES["default"])
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        # The admin and the editor set a few style attributes; styles cannot run code.
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [NONE],
        **({"upgrade-insecure-requests": True} if HTTPS else {}),
    },
}

# Admin log-in: after 5 failures for one user name or from one address, refuse for a while,
# even the right password. Attempts are kept in the database, which every app server shares.
AXES_FAILURE_LIMIT = env.int("NEWSBLOG_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("NEWSBLOG_LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_VERBOSE = False
# The same reader's address as the comment flood control uses (see TRUSTED_PROXY_COUNT).
AXES_CLIENT_IP_CALLABLE = "comments.views.client_ip"

# One line per event on stdout; tracebacks are folded into the same line.
LOGGING = log.logging_config(env.str("LOG_LEVEL", default="INFO"))
