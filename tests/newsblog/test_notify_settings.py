"""NEWSBLOG_COMMENTS_NOTIFY and NEWSBLOG_COMMENTS_DIGEST: known values or no start at all."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from newsblog import notify_settings

ROOT = Path(__file__).resolve().parents[2]


def test_moderators_get_each_comment_hourly_digests_by_default():
    assert notify_settings.notify({}) == "each"
    assert notify_settings.digest_period({}) == "hourly"
    assert notify_settings.notify({"NEWSBLOG_COMMENTS_NOTIFY": ""}) == "each"


@pytest.mark.parametrize("value", ["each", "digest", "off", " Digest "])
def test_each_notify_value_is_taken(value):
    environ = {"NEWSBLOG_COMMENTS_NOTIFY": value}
    assert notify_settings.notify(environ) == value.strip().lower()


def test_a_daily_digest_can_be_chosen():
    assert notify_settings.digest_period({"NEWSBLOG_COMMENTS_DIGEST": "daily"}) == "daily"


@pytest.mark.parametrize(
    ("name", "value", "function"),
    [
        ("NEWSBLOG_COMMENTS_NOTIFY", "weekly", notify_settings.notify),
        ("NEWSBLOG_COMMENTS_DIGEST", "weekly", notify_settings.digest_period),
    ],
)
def test_an_unknown_value_is_refused_naming_the_setting_and_its_values(name, value, function):
    with pytest.raises(ImproperlyConfigured) as refused:
        function({name: value})
    assert name in str(refused.value)
    assert "'weekly'" in str(refused.value)


def test_the_site_does_not_start_with_an_unknown_notify_value():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NEWSBLOG_"))}
    env |= {"DJANGO_DEBUG": "1", "NEWSBLOG_COMMENTS_NOTIFY": "sometimes"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "NEWSBLOG_COMMENTS_NOTIFY is 'sometimes'; it must be one of: each, digest, off" in (
        result.stderr
    )
