"""Requests no page of ours sends, answered with the plain 400 page before anything reads them.

Each of these could reach a view or the database and answer 500:

- control characters (NUL above all) in the address or a query value. PostgreSQL refuses NUL in
  any string, so `/authors/x%00/` and an admin filter like `?status__exact=%00` failed there;
- a charset other than UTF-8 in the Content-Type. Every page and form here is UTF-8. Django
  refuses such a form body, and decodes the query string and multipart fields in that charset,
  which lets UTF-7 smuggle a NUL past any check of the raw address (`%2BAAA-` is NUL).

The search text `q` is the one query value let through: it is what a reader typed or pasted (a
pasted tab should not cost anyone their search), the site's search cleans it, and the admin's
search box refuses a NUL with a message. Cookies holding control characters (Python unquotes
`"\\000"` to NUL) are forgotten rather than refused: RFC 6265 forbids them, we never set one,
and a cookie another site planted on a shared domain must not lock a reader out of every page.
Raw control characters in header values are not checked here (a NUL in the User-Agent of a
failed log-in would reach django-axes' table): gunicorn answers them with 400 before Django.

`ClientErrorsWithoutTraceback` keeps the 4xx that Django answers itself (a host missing from
ALLOWED_HOSTS, too many fields, a broken multipart body) to one line in the log.
"""

import logging
import re

from django.utils.log import log_response

from newsblog.views import bad_request

# C0 controls and DEL: no address of ours holds one, and PostgreSQL cannot compare NUL.
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# The same characters in a raw query string, percent-encoded or not (it is decoded as UTF-8).
QUERY_CONTROL = re.compile(r"%(?:[01][0-9a-f]|7f)|[\x00-\x1f\x7f]", re.IGNORECASE)
FREE_TEXT_PARAMETERS = frozenset({"q"})


class MalformedRequestMiddleware:
    """Answers malformed requests with the 400 page; see the module docstring for which."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if reason := problem(request):
            response = bad_request(request)
            log_response(
                "Bad Request (%s): %s", reason, request.path, response=response, request=request
            )
            return response
        forget_invalid_cookies(request)
        return self.get_response(request)


def problem(request) -> str | None:
    """Why this request is refused, in words for the log; None when it is not."""
    charset = request.content_params.get("charset")
    if charset is not None and charset.lower() != "utf-8":
        return f"charset {charset}"
    if CONTROL.search(request.path_info):
        return "control character in the address"
    if QUERY_CONTROL.search(request.META.get("QUERY_STRING", "")) and _query_has_control(request):
        return "control character in the query"
    return None


def _query_has_control(request) -> bool:
    for name, values in request.GET.lists():
        if CONTROL.search(name):
            return True
        if name not in FREE_TEXT_PARAMETERS and any(CONTROL.search(value) for value in values):
            return True
    return False


def forget_invalid_cookies(request) -> None:
    """Drop cookies holding control characters, as if the browser had not sent them."""
    cookies = request.COOKIES
    for name in [name for name, value in cookies.items() if CONTROL.search(name + value)]:
        del cookies[name]


class ClientErrorsWithoutTraceback(logging.Filter):
    """Log a 4xx on one line, without the traceback Django attaches to some of them.

    The request was the client's mistake and was answered on purpose: the traceback points into
    Django, says nothing to fix here, and would let anyone fill the log with pages of it. The
    line keeps its level; django.security logs at ERROR, so a host missing from ALLOWED_HOSTS
    still stands out.
    """

    def filter(self, record):
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = record.exc_text = None
        return True
