"""Form bodies no browser of ours sends never answer with a 5xx or log a traceback.

A form in another charset (latin-1, UTF-16, Shift JIS, UTF-7, a name no codec has), urlencoded or
multipart, sent as a browser sends it with its CSRF token, gets the plain 400 page; so does what
Django itself refuses before any view of ours runs (a host not in ALLOWED_HOSTS, too many fields,
an oversized or broken body), with one line in the log.
"""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from tests.helpers import assert_logged_without_traceback, comment_form_data

pytestmark = pytest.mark.django_db

BOUNDARY = "NewsBlogBoundary"
# Declared in the Content-Type of a form body; the body is written in that charset where it has one.
OTHER_CHARSETS = ["latin-1", "utf-16", "shift_jis", "utf-7", "no-such-charset"]
FORMS = {
    "comment": ("comments:post", {"slug": "open"}),
    "admin log-in": ("admin:login", {}),
    "search": ("articles:search", {}),
}


def form_body(fields: dict, charset: str, *, multipart: bool) -> tuple[bytes, str]:
    """The fields as a browser would send them in `charset`, and the request's Content-Type.

    Like a browser, it writes what the charset cannot hold as character references (&#332;).
    """
    encoding = charset if charset != "no-such-charset" else "utf-8"
    if not multipart:
        body = urlencode(fields, encoding=encoding, errors="xmlcharrefreplace").encode("ascii")
        return body, f"application/x-www-form-urlencoded; charset={charset}"
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode("ascii")
        + value.encode(encoding, "xmlcharrefreplace")
        + b"\r\n"
        for name, value in fields.items()
    ]
    body = b"".join(parts) + f"--{BOUNDARY}--\r\n".encode("ascii")
    return body, f"multipart/form-data; boundary={BOUNDARY}; charset={charset}"


def send_form(browser, form, site, charset, *, multipart):
    browser.get(site.get_absolute_url())  # the CSRF cookie, as a reader has it
    fields = {
        **comment_form_data(site, name="Grâce Ōta"),
        "username": "grace",
        "password": "wrong",
        "q": "open",
        "csrfmiddlewaretoken": browser.cookies["csrftoken"].value,
    }
    body, content_type = form_body(fields, charset, multipart=multipart)
    name, kwargs = FORMS[form]
    return browser.generic("POST", reverse(name, kwargs=kwargs or None), body, content_type)


@pytest.mark.parametrize("multipart", [False, True], ids=["urlencoded", "multipart"])
@pytest.mark.parametrize("form", FORMS)
def test_form_declared_in_another_charset_is_a_bad_request(
    browser, site, site_log, form, multipart
):
    for charset in OTHER_CHARSETS:
        response = send_form(browser, form, site, charset, multipart=multipart)
        assert response.status_code == 400, charset
        assert "Bad request" in response.content.decode()
    assert_logged_without_traceback(site_log)


@pytest.mark.parametrize("multipart", [False, True], ids=["urlencoded", "multipart"])
def test_comment_declared_in_utf8_is_taken(browser, site, multipart):
    response = send_form(browser, "comment", site, "UTF-8", multipart=multipart)
    assert response.status_code == 302
    assert site.comments.filter(name="Grâce Ōta").exists()


def too_many_fields(count=1001):
    return "&".join(f"field{i}=1" for i in range(count))


def post_to_comments(browser, site, body: bytes, content_type: str, **extra):
    browser.get(site.get_absolute_url())
    token = browser.cookies["csrftoken"].value
    url = reverse("comments:post", kwargs={"slug": site.slug})
    return browser.generic("POST", url, body, content_type, HTTP_X_CSRFTOKEN=token, **extra)


# What Django refuses before any view of ours runs, and the line it logs for it.
REFUSED_BY_DJANGO = {
    "host not in ALLOWED_HOSTS": (
        lambda browser, site: browser.get("/", HTTP_HOST="evil.example"),
        "Invalid HTTP_HOST header",
    ),
    "form to a host not in ALLOWED_HOSTS": (
        lambda browser, site: post_to_comments(
            browser, site, b"body=x", FORM, HTTP_HOST="evil.example"
        ),
        "Invalid HTTP_HOST header",
    ),
    "too many query parameters": (
        lambda browser, site: browser.get(f"/search/?{too_many_fields()}"),
        "exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS",
    ),
    "too many form fields": (
        lambda browser, site: post_to_comments(browser, site, too_many_fields().encode(), FORM),
        "exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS",
    ),
    "form body too big": (
        lambda browser, site: post_to_comments(browser, site, b"body=" + b"x" * 3_000_000, FORM),
        "exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE",
    ),
    "multipart body without a boundary": (
        lambda browser, site: post_to_comments(browser, site, b"--x\r\n", "multipart/form-data"),
        "Unable to parse request body",
    ),
}
FORM = "application/x-www-form-urlencoded"


@pytest.mark.parametrize("refusal", REFUSED_BY_DJANGO)
def test_request_django_refuses_gets_the_400_page_and_one_line_in_the_log(
    browser, site, site_log, refusal
):
    send, logged = REFUSED_BY_DJANGO[refusal]
    response = send(browser, site)
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()
    assert logged in site_log.getvalue()
    assert "Traceback" not in site_log.getvalue()
