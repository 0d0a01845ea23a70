"""NewsBlog settings, read from the environment (see README.md for every variable)."""

import os
from pathlib import Path

import environ

from newsblog import secret_key

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
    "django_prose_editor",
    "images",
    "articles",
    "comments",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
            ],
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
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=20),
        }
    )
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
    VAR_DIR.mkdir(exist_ok=True)
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://newsblog")}

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="NewsBlog <newsblog@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

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
# Proxies in front of the site that append to X-Forwarded-For; 0 trusts only REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env.int("NEWSBLOG_TRUSTED_PROXY_COUNT", default=0)

# Images: uploads beyond these limits are refused with a message (see images/uploads.py).
IMAGE_MAX_UPLOAD_SIZE = env.int("NEWSBLOG_IMAGE_MAX_UPLOAD_MB", default=10) * 1024 * 1024
IMAGE_MAX_PIXELS = env.int("NEWSBLOG_IMAGE_MAX_MEGAPIXELS", default=40) * 1_000_000
# Widths of the WebP renditions; after changing them run `manage.py rebuild_renditions`.
IMAGE_WIDTHS = env.list("NEWSBLOG_IMAGE_WIDTHS", cast=int, default=[480, 960, 1600])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "line"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
