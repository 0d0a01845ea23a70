import json
import logging

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            # A real table, so a locked SQLite file counts as down too.
            cursor.execute("SELECT 1 FROM django_migrations LIMIT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("health check: database unavailable: %s", error)
        return False
    return True


def _cache_answers() -> bool:
    try:
        cache.set("healthz", "ok", 10)
        return cache.get("healthz") == "ok"
    except Exception as error:  # each cache backend raises errors of its own
        logger.warning("health check: cache unavailable: %s", error)
        return False


class HealthCheckMiddleware:
    """Answers load balancers at /healthz: 200 when the database and cache answer, else 503.

    It sits before host validation (probes often use the server's IP address) and before
    sessions, so a probe never gets a cookie and never writes a session.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != HEALTH_PATH:
            return self.get_response(request)
        checks = {"database": _database_answers(), "cache": _cache_answers()}
        healthy = all(checks.values())
        body = {"status": "ok" if healthy else "unavailable", **checks}
        response = HttpResponse(
            json.dumps(body), content_type="application/json", status=200 if healthy else 503
        )
        response["Cache-Control"] = "no-store"
        return response
