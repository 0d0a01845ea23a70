"""Start-up rules, checked by starting Django in a fresh process with a chosen environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k3Y-" + "a1b2c3d4e5f6g7h8i9j0" * 3
DOLLAR_KEY = "$" + "Zq8!wX2@pL5#" * 5

PROBE = """
import json, django
django.setup()
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({
    "debug": settings.DEBUG,
    "key_matches": settings.SECRET_KEY == __import__("os").environ.get("EXPECTED_KEY"),
    "engine": db["ENGINE"],
    "name": str(db["NAME"]),
    "options": {k: str(v) for k, v in db.get("OPTIONS", {}).items()},
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_options": {k: str(v) for k, v in settings.CACHES["default"].get("OPTIONS", {}).items()},
    "email": settings.EMAIL_BACKEND,
    "time_zone": settings.TIME_ZONE,
}))
"""


def start(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))}
    clean.pop("CACHE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=clean | {"DJANGO_SETTINGS_MODULE": "newsblog.settings"} | env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result


def settings_with(**env):
    result = start(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_debug_is_off_unless_asked_for():
    assert settings_with(DJANGO_SECRET_KEY=STRONG_KEY)["debug"] is False
    assert settings_with(DJANGO_DEBUG="1")["debug"] is True


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        (None, "DJANGO_SECRET_KEY is not set"),
        ("short-$ecret", "shorter than 50 characters"),
        ("django-insecure-" + "x1y2z3" * 10, "starts with 'django-insecure'"),
        ("ab" * 30, "fewer than 5 different characters"),
    ],
)
def test_production_refuses_missing_or_weak_key_without_printing_it(key, reason):
    result = start(**({"DJANGO_SECRET_KEY": key} if key else {}))
    assert result.returncode != 0
    assert reason in result.stderr
    if key:
        assert key not in result.stderr + result.stdout


def test_secret_key_starting_with_dollar_is_used_as_is():
    found = settings_with(DJANGO_SECRET_KEY=DOLLAR_KEY, EXPECTED_KEY=DOLLAR_KEY)
    assert found["key_matches"] is True


def test_defaults_are_sqlite_in_var_local_memory_cache_and_console_mail():
    found = settings_with(DJANGO_SECRET_KEY=STRONG_KEY)
    assert found["engine"] == "newsblog.sqlite"
    assert found["name"] == str(ROOT / "var" / "db.sqlite3")
    assert found["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert found["email"] == "django.core.mail.backends.console.EmailBackend"
    assert found["time_zone"] == "UTC"


def test_sqlite_queues_writers_long_but_gives_up_reading_within_2_seconds():
    options = settings_with(DJANGO_SECRET_KEY=STRONG_KEY)["options"]
    assert "journal_mode=WAL" in options["init_command"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert float(options["timeout"]) >= 20
    assert 1 <= float(options["read_timeout"]) < 2


def test_postgresql_queues_writers_long_but_gives_up_reading_within_2_seconds():
    options = settings_with(
        DJANGO_SECRET_KEY=STRONG_KEY, DATABASE_URL="postgres://postgres@127.0.0.1:5432/newsblog"
    )["options"]
    assert float(options["write_lock_timeout"]) >= 20
    assert 1 <= float(options["read_lock_timeout"]) < 2
    assert float(options["read_statement_timeout"]) > 0


def test_redis_is_given_up_on_within_a_second_and_not_retried_for_a_while():
    found = settings_with(DJANGO_SECRET_KEY=STRONG_KEY, CACHE_URL="redis://127.0.0.1:6379/1")
    options = found["cache_options"]
    assert float(options["socket_connect_timeout"]) <= 0.5
    assert float(options["socket_timeout"]) <= 1
    assert float(options["retry_after"]) >= 5


def test_gunicorn_workers_share_a_file_cache_by_default():
    probe = "import os, runpy; runpy.run_path('gunicorn.conf.py'); print(os.environ['CACHE_URL'])"
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "CACHE_URL"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == f"filecache://{ROOT / 'var' / 'cache'}"


def test_urls_switch_database_and_cache():
    found = settings_with(
        DJANGO_SECRET_KEY=STRONG_KEY,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/newsblog",
        CACHE_URL="redis://127.0.0.1:6379/1",
    )
    assert found["engine"] == "newsblog.postgresql"
    assert found["cache"] == "newsblog.redis_cache.RedisCache"
