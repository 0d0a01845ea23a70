"""Whatever arrives at the comment address, the answer is never a server error."""

import codecs
import time
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from articles.models import Article
from comments.forms import form_token
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

FIELDS = ["name", "email", "body", "website", "token", "parent", "csrfmiddlewaretoken"]

texts = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=4000, max_size=6000),
    st.sampled_from(["", " ", "\x00", "a@b.c", "https://x.org " * 3, "<script>", "é" * 101]),
)


@st.composite
def submissions(draw):
    """Often a sensible form with a few fields spoiled, sometimes anything at all."""
    number = draw(st.integers(0, 10**6))
    sensible = {"name": "Grace", "email": f"g{number}@example.com", "body": f"Remark {number}"}
    base = draw(st.sampled_from([{}, sensible]))
    fields = {**base, **draw(st.dictionaries(st.sampled_from(FIELDS), texts, max_size=3))}
    token = draw(st.sampled_from(["valid", "valid", "fresh", "stale", "as drawn"]))
    return fields, token


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    method=st.sampled_from(["post", "post", "post", "get", "put", "delete", "patch", "head"]),
    slug=st.sampled_from(["open", "open", "open", "closed", "no-such-article", "é/../x", "%00"]),
    submission=submissions(),
    user_agent=st.text(max_size=400),
    remote_addr=st.sampled_from(["198.51.100.1", "2001:db8::1", "not-an-ip", ""]),
)
def test_comment_endpoint_never_answers_with_a_server_error(
    client, method, slug, submission, user_agent, remote_addr
):
    open_article = Article.objects.filter(slug="open").first() or ArticleFactory(slug="open")
    if not Article.objects.filter(slug="closed").exists():
        ArticleFactory(slug="closed", allow_comments=False)
    fields, token = submission
    ages = {"valid": 30, "fresh": 0, "stale": 3 * 60 * 60}
    if token in ages:
        fields["token"] = form_token(open_article.pk, issued_at=time.time() - ages[token])
    response = getattr(client, method)(
        f"/articles/{quote(slug, safe='')}/comments/",
        fields if method == "post" else None,
        HTTP_USER_AGENT=user_agent,
        REMOTE_ADDR=remote_addr,
    )
    event(f"HTTP {response.status_code}")
    assert 200 <= response.status_code < 500


CSRF_SECRET = "fuzzcsrfsecret0123456789abcdefgh"  # what a reader's CSRF cookie holds
TOKEN_AGES = {"valid": 30, "fresh": 0, "stale": 3 * 60 * 60}
# Declared in the Content-Type: only UTF-8 is one of ours, the rest are refused with 400.
charsets = st.sampled_from(
    [None, "utf-8", "UTF-8", "latin-1", "utf-16", "shift_jis", "utf-7", "no-such-charset"]
)
# Control characters, the replacement character, markup and text in several scripts.
nasty_texts = st.text(
    alphabet="\x00\x01\x08\x1b\x1f\x7f\t\n\r \xa0é€\ufffd\u202e<&;=%+aZ9日", max_size=40
)


def encoded_body(fields: dict, charset: str | None, multipart: bool) -> tuple[bytes, str]:
    """The fields written in `charset` (UTF-8 for none or an unknown one), and the Content-Type."""
    try:
        encoding = codecs.lookup(charset or "utf-8").name
    except LookupError:
        encoding = "utf-8"
    declared = f"; charset={charset}" if charset else ""
    if not multipart:
        body = urlencode(fields, encoding=encoding, errors="xmlcharrefreplace").encode("ascii")
        return body, f"application/x-www-form-urlencoded{declared}"
    body = b"".join(
        f'--fuzz\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode("ascii")
        + value.encode(encoding, "xmlcharrefreplace")
        + b"\r\n"
        for name, value in fields.items()
    )
    return body + b"--fuzz--\r\n", f"multipart/form-data; boundary=fuzz{declared}"


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    charset=charsets,
    multipart=st.booleans(),
    submission=submissions(),
    spoiled=st.dictionaries(st.sampled_from(FIELDS), nasty_texts, max_size=2),
)
def test_comment_form_in_any_charset_never_answers_with_a_server_error(
    site_log, charset, multipart, submission, spoiled
):
    """As a browser meets the site, the CSRF check on: it reads the body before the view."""
    article = Article.objects.filter(slug="open").first() or ArticleFactory(slug="open")
    fields, token = submission
    if token in TOKEN_AGES:
        fields["token"] = form_token(article.pk, issued_at=time.time() - TOKEN_AGES[token])
    fields = {**fields, **spoiled, "csrfmiddlewaretoken": CSRF_SECRET}
    body, content_type = encoded_body(fields, charset, multipart)
    browser = Client(enforce_csrf_checks=True, raise_request_exception=False)
    browser.cookies["csrftoken"] = CSRF_SECRET
    response = browser.generic("POST", "/articles/open/comments/", body, content_type)
    event(f"HTTP {response.status_code}")
    assert 200 <= response.status_code < 500
    if charset not in (None, "utf-8", "UTF-8"):
        assert response.status_code == 400
    assert "Traceback" not in site_log.getvalue()
