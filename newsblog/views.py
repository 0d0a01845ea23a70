import sys

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponsePermanentRedirect, HttpResponseServerError
from django.template import loader
from django.views.decorators.http import require_safe

from newsblog.redis_cache import UNREACHABLE

RETRY_AFTER_SECONDS = 30


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico on pages without an icon link, such as the admin."""
    return HttpResponsePermanentRedirect(staticfiles_storage.url("favicon.svg"))


def server_error(request):
    """The 500 handler; when the database is down or locked, or the cache is down, a 503 that
    readers can retry (pages render without the cache, but sending a comment, which needs
    flood control, and logging out cannot).

    It renders without the request, so neither sessions nor context processors can reach the
    database that just failed. Django has already logged the error with the request path.
    """
    error = sys.exc_info()[1]
    context = {"site_name": settings.SITE_NAME}
    if isinstance(error, (OperationalError, InterfaceError, *UNREACHABLE)):
        response = HttpResponse(loader.render_to_string("503.html", context), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.render_to_string("500.html", context))
