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
POSITION = {char: index for index, char in enumerate(CHARS)}
# Random bytes at or above this would favour some characters; they are drawn again.
FAIR_LIMIT = 256 - 256 % len(CHARS)


def random_positions(count: int) -> list[int]:
    """`count` positions in CHARS, each uniformly random."""
    positions = []
    while len(positions) < count:
        drawn = secrets.token_bytes(2 * count)
        positions += [byte % len(CHARS) for byte in drawn if byte < FAIR_LIMIT]
    return positions[:count]


def get_token(request) -> str:
    """What `django.middleware.csrf.get_token(request)` returns, with the same side effects:
    a new secret for the CSRF cookie when the reader has none, and the cookie sent again."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = "".join(CHARS[position] for position in random_positions(CSRF_SECRET_LENGTH))
        request.META["CSRF_COOKIE"] = secret
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = random_positions(CSRF_SECRET_LENGTH)
    cipher = (
        CHARS[(POSITION[char] + shift) % len(CHARS)]
        for char, shift in zip(secret, mask, strict=True)
    )
    return "".join(CHARS[shift] for shift in mask) + "".join(cipher)
