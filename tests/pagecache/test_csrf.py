"""The CSRF tokens filled into cached pages are ones Django's own check accepts."""

from collections import Counter

from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CsrfViewMiddleware,
    _unmask_cipher_token,
)
from django.test import RequestFactory

from pagecache import csrf


def posted_with(token: str, cookie: str):
    request = RequestFactory().post("/comment/", {"csrfmiddlewaretoken": token})
    request.COOKIES["csrftoken"] = cookie
    middleware = CsrfViewMiddleware(lambda request: None)
    middleware.process_request(request)
    return middleware.process_view(request, lambda request: None, (), {})


def test_a_new_reader_gets_a_secret_for_the_cookie_and_a_token_django_accepts():
    request = RequestFactory().get("/")
    token = csrf.get_token(request)
    secret = request.META["CSRF_COOKIE"]
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
    assert len(secret) == 32 and len(token) == 64
    assert set(secret + token) <= set(CSRF_ALLOWED_CHARS)
    assert _unmask_cipher_token(token) == secret
    assert posted_with(token, secret) is None  # None: the view runs


def test_a_reader_with_a_cookie_keeps_its_secret_under_a_fresh_mask():
    request = RequestFactory().get("/")
    request.META["CSRF_COOKIE"] = secret = "a" * 16 + "Z9" * 8
    first, second = csrf.get_token(request), csrf.get_token(request)
    assert request.META["CSRF_COOKIE"] == secret
    assert first != second
    assert _unmask_cipher_token(first) == _unmask_cipher_token(second) == secret


def test_a_token_for_another_secret_is_refused():
    request = RequestFactory().get("/")
    token = csrf.get_token(request)
    other = RequestFactory().get("/")
    csrf.get_token(other)
    response = posted_with(token, other.META["CSRF_COOKIE"])
    assert response is not None and response.status_code == 403


def test_every_character_is_equally_likely():
    # 20,000 of each expected: one standard deviation is 0.7 %, so chance alone keeps the most
    # and least drawn characters within 10 % of each other, all but never failing this test.
    # Taking bytes modulo 62 without redrawing would make the first 8 characters 25 % likelier.
    counts = Counter(csrf.random_chars(62 * 20_000))
    assert sorted(counts) == sorted(CSRF_ALLOWED_CHARS)
    assert max(counts.values()) / min(counts.values()) < 1.1
