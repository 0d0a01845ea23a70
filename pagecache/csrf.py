"""CSRF tokens for forms on cached pages, the same tokens as Django's, made faster.

A reader without a CSRF cookie needs a new secret, and every token needs a fresh random mask.
Django's `get_token()` draws each of those 64 characters with its own call to the operating
system's random source: about 0.1 ms, more than serving the rest of a cached page. This draws
them from one call and applies the mask as Django does, so `CsrfViewMiddleware` checks the token
as usual (tests/newsblog/test_csrf.py holds the two to the same results).
"""

import secrets

from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH

CHARS = CSRF_ALLOWED_CHARS
# Random bytes at or above this would favour some characters; they are dropped and drawn again.
FAIR_LIMIT = 256 - 256 % len(CHARS)
UNFAIR_BYTES = bytes(range(FAIR_LIMIT, 256))
BYTE_TO_CHAR = bytes(ord(CHARS[byte % len(CHARS)]) for byte in range(256))
# The masked character for each (secret character, mask character): Django adds their
# positions in CHARS, modulo its length.
MASKED = {
    (char, mask): CHARS[(CHARS.index(char) + CHARS.index(mask)) % len(CHARS)]
    for char in CHARS
    for mask in CHARS
}


def random_chars(count: int) -> str:
    """`count` characters of CHARS, each uniformly random."""
    drawn = b""
    while len(drawn) < count:
        drawn += secrets.token_bytes(2 * count).translate(BYTE_TO_CHAR, UNFAIR_BYTES)
    return drawn[:count].decode("ascii")


def get_token(request) -> str:
    """What `django.middleware.csrf.get_token(request)` returns, with the same side effects:
    a new secret for the CSRF cookie when the reader has none, and the cookie sent again."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = request.META["CSRF_COOKIE"] = random_chars(CSRF_SECRET_LENGTH)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = random_chars(CSRF_SECRET_LENGTH)
    return mask + "".join(map(MASKED.__getitem__, zip(secret, mask, strict=True)))
