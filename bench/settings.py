"""The site's own settings plus a trivial baseline view, for `make bench` only."""

from newsblog.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
