import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_SECRET_KEY": "prod-like-4e1b9c7a2f5d8e0b3a6c9f1d4e7b0a3c6f9e2d5b8a1c4f7e0d3b6a9",
    "DJANGO_ALLOWED_HOSTS": "news.example.com",
    "DJANGO_HTTPS": "1",
}


def deploy_check(**env):
    environment = {key: value for key, value in os.environ.items() if key != "DJANGO_DEBUG"}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**environment, **env},
        capture_output=True,
        text=True,
    )


@pytest.mark.slow
def test_production_environment_passes_the_deployment_checklist():
    result = deploy_check(**PRODUCTION)
    assert result.returncode == 0, result.stderr


@pytest.mark.slow
def test_deployment_checklist_fails_without_https():
    result = deploy_check(**{**PRODUCTION, "DJANGO_HTTPS": "0"})
    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT" in result.stderr
