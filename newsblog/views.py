import sys

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import InterfaceError, OperationalError
from django.http import (
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
)
from django.template import loader
from django.views.decorators.http import require_safe

from newsblog.redis_cache import UNREACHABLE

RETRY_AFTER_SECONDS = 30


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico on pages without an icon link, such as the admin."""
    return HttpResponsePermanentRedirect(staticfiles_storage.url("favicon.svg"))


def error_page(template_name: str) -> str:
    """An error page, rendered without the request (see templates/errors/base.html)."""
    return loader.render_to_string(template_name, {"site_name": settings.SITE_NAME})


def bad_request(request, exception=None):
    """The 400 handler: the plain page, whatever the request was.

    Django's own handler runs the CSRF check again before rendering, and that reads the form
    body once more; a body Django refused to read (a charset other than UTF-8) then raises
    inside the handler and the reader gets a 500. This one does not look at the request.
    """
    return HttpResponseBadRequest(error_page("400.html"))


def server_error(request):
    """The 500 handler; when the database is down or locked, or the cache is down, a 503 that
    readers can retry (pages render without the cache, but sending a comment, which needs
    flood control, and logging out cannot).

    It renders without the request, so neither sessions nor context processors can reach the
    database that just failed. Django has already logged the error with the request path.
    """
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError, *UNREACHABLE)):
        response = HttpResponse(error_page("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(error_page("500.html"))
