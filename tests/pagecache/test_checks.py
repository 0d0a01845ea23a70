"""The page cache refuses to start where it would serve stale or wrong pages."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import checks

from pagecache.checks import check_middleware_order, check_shared_cache
from pagecache.views import cached_page_parameters

ROOT = Path(__file__).resolve().parents[2]
MIDDLEWARE = "pagecache.middleware.PageCacheMiddleware"
SESSIONS = "django.contrib.sessions.middleware.SessionMiddleware"
SECURITY = "django.middleware.security.SecurityMiddleware"
LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SHARED = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache"}}


def ids(errors):
    return [error.id for error in errors]


def test_the_sites_own_settings_pass_every_check():
    assert checks.run_checks(tags=[checks.Tags.caches]) == []


def test_page_cache_after_sessions_is_refused(settings):
    settings.MIDDLEWARE = [SECURITY, SESSIONS, MIDDLEWARE]
    assert ids(check_middleware_order()) == ["pagecache.E002"]


def test_page_cache_before_the_security_middleware_is_refused(settings):
    settings.MIDDLEWARE = [MIDDLEWARE, SECURITY, SESSIONS]
    errors = check_middleware_order()
    assert ids(errors) == ["pagecache.E001"]
    assert SECURITY in errors[0].msg


def test_a_site_without_the_middleware_is_not_checked_for_its_order(settings):
    settings.MIDDLEWARE = [SESSIONS, SECURITY]
    assert check_middleware_order() == []


@pytest.mark.parametrize(
    ("caches", "processes", "seconds", "refused"),
    [
        (LOCMEM, 3, 600, True),
        (LOCMEM, 1, 600, False),  # runserver, or one gunicorn worker: one cache
        (LOCMEM, 3, 0, False),  # no page cache
        (SHARED, 3, 600, False),
    ],
)
def test_a_per_process_cache_under_several_processes_is_refused(
    settings, caches, processes, seconds, refused
):
    settings.CACHES, settings.SERVER_PROCESSES, settings.PAGE_CACHE_SECONDS = (
        caches,
        processes,
        seconds,
    )
    assert ids(check_shared_cache()) == (["pagecache.E003"] if refused else [])


@pytest.mark.slow
def test_gunicorn_refuses_to_start_several_workers_on_a_per_process_cache(tmp_path):
    env = {
        **os.environ,
        "CACHE_URL": "locmemcache://",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_BIND": f"unix:{tmp_path / 'socket'}",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    started = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert started.returncode != 0
    assert "pagecache.E003" in started.stderr
    assert "Booting worker" not in started.stdout + started.stderr


def test_only_cached_pages_are_looked_up_by_the_middleware():
    assert cached_page_parameters("newsblog.urls", "/") == ("page",)
    assert cached_page_parameters("newsblog.urls", "/search/") is None
    # Any address made of slugs may be a page (/about/team/), so only others are never looked up.
    assert cached_page_parameters("newsblog.urls", "/about/team/") == ("page",)
    assert cached_page_parameters("newsblog.urls", "/no/such/file.txt") is None
