"""gunicorn settings for `make serve`. Each can be overridden from the environment.

Rendering a page is CPU work that Python threads cannot share, so the parallelism comes from
processes: gunicorn's usual 2 × cores + 1. Each runs two threads, so a worker keeps serving
while a request waits on the database or the cache over the network.
"""

import multiprocessing
import os
from pathlib import Path

from newsblog.log import logging_config

# Workers are separate processes: without a shared cache, a page one of them cached would
# outlive an edit another one cleared. A folder on this machine is the default shared cache;
# set CACHE_URL=redis://... when several machines serve the site.
os.environ.setdefault(
    "CACHE_URL", f"filecache://{Path(__file__).resolve().parent / 'var' / 'cache'}"
)

wsgi_app = "newsblog.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
# The page cache's system check refuses a per-process cache when there are several processes.
os.environ["NEWSBLOG_SERVER_PROCESSES"] = str(workers)
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = 30
graceful_timeout = 20
keepalive = 5
# Recycling workers now and then bounds the damage of any slow memory leak (0 turns it off).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
# The run-time control socket is one fixed path per user; several sites on one machine would
# fight over it, and nothing here uses it.
control_socket_disable = True
# Addresses of proxies allowed to say the request came over HTTPS (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# One line per request and per event, on stdout.
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(a)s"'
errorlog = "-"
# The same one-line format and LOG_LEVEL as the site's own logs (newsblog/settings.py).
logconfig_dict = logging_config(
    os.environ.get("LOG_LEVEL", "INFO"), loggers=["gunicorn.error", "gunicorn.access"]
)


def on_starting(server):
    """Refuse to start on settings Django's system checks find wrong (for example a cache each
    worker would keep to itself, see pagecache/checks.py), before any worker serves a page."""
    import io

    import django
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsblog.settings")
    django.setup()
    try:
        call_command("check", stdout=io.StringIO())
    except SystemCheckError as error:
        raise SystemExit(f"gunicorn not started: {error}") from None
