import subprocess

import pytest

from tests.newsblog.live_site import serve


@pytest.fixture
def server(site_env):
    """Start gunicorn on the module's `site_env`, with keyword arguments added to it; each
    server is stopped when the test ends."""

    def start(*, log=subprocess.DEVNULL, **overrides):
        process = serve({**site_env, **overrides}, log=log)
        started.append(process)
        return process

    started = []
    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=10)
