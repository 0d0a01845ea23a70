"""The site and gunicorn log alike: one line per event on stdout, at LOG_LEVEL."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

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
