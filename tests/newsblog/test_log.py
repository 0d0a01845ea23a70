"""The site and gunicorn log alike: one line per event on stdout, at LOG_LEVEL, and an outage
once rather than for every request."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from newsblog.log import SkipLoggedOutage
from newsblog.redis_cache import CacheUnavailable

ROOT = Path(__file__).resolve().parents[2]

CONFIGURE = {
    "site": "import django; django.setup()",
    "gunicorn": (
        "import logging.config, runpy\n"
        "logging.config.dictConfig(runpy.run_path('gunicorn.conf.py')['logconfig_dict'])"
    ),
}
LOG = """
import logging
log = logging.getLogger("{logger}")
log.info("an everyday event")
try:
    1 / 0
except ZeroDivisionError:
    log.warning("something to look at", exc_info=True)
"""


def run_logging(configure, logger, **env):
    result = subprocess.run(
        [sys.executable, "-c", CONFIGURE[configure] + LOG.format(logger=logger)],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "LOG_LEVEL"}
        | {"DJANGO_SETTINGS_MODULE": "newsblog.settings"}
        | env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


@pytest.mark.parametrize(
    ("configure", "logger"),
    [("site", "newsblog.views"), ("gunicorn", "gunicorn.error"), ("gunicorn", "gunicorn.access")],
)
def test_an_event_is_one_line_on_stdout_at_the_log_level(configure, logger):
    lines = run_logging(configure, logger, LOG_LEVEL="WARNING")
    assert len(lines) == 1
    assert f"WARNING {logger} something to look at" in lines[0]
    assert "ZeroDivisionError" in lines[0]


@pytest.mark.parametrize("configure", ["site", "gunicorn"])
def test_info_is_logged_by_default(configure):
    lines = run_logging(configure, "gunicorn.access")
    assert "INFO gunicorn.access an everyday event" in lines[0]


def record(level, message, *args, error=None):
    exc_info = (type(error), error, None) if error else None
    return logging.LogRecord("newsblog.page_cache", level, __file__, 1, message, args, exc_info)


def test_warnings_that_repeat_a_logged_cache_outage_are_left_out():
    keep = SkipLoggedOutage().filter
    repeat = CacheUnavailable("cache redis://cache:6379/0 did not answer; not trying it yet")
    assert not keep(record(logging.WARNING, "page cache unavailable", error=repeat))
    assert not keep(record(logging.WARNING, "health check: cache unavailable: %s", repeat))
    first = RedisConnectionError("Error 111 connecting to cache:6379. Connection refused.")
    assert keep(record(logging.WARNING, "page cache unavailable", error=first))
    assert keep(record(logging.ERROR, "Service Unavailable: /articles/x/comments/", error=repeat))
