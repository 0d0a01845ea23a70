"""Reading and checking DJANGO_SECRET_KEY.

The key is read straight from the environment, not through django-environ, which would treat a
value starting with "$" as the name of another variable. Messages never include the key.
"""

import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

MIN_LENGTH = 50
MIN_UNIQUE_CHARACTERS = 5
INSECURE_PREFIX = "django-insecure"


def weakness(key: str) -> str | None:
    """Say why a key is too weak for production, or None when it is strong enough."""
    if not key:
        return "DJANGO_SECRET_KEY is not set"
    if key.startswith(INSECURE_PREFIX):
        return f"DJANGO_SECRET_KEY starts with {INSECURE_PREFIX!r}"
    if len(key) < MIN_LENGTH:
        return f"DJANGO_SECRET_KEY is shorter than {MIN_LENGTH} characters"
    if len(set(key)) < MIN_UNIQUE_CHARACTERS:
        return f"DJANGO_SECRET_KEY has fewer than {MIN_UNIQUE_CHARACTERS} different characters"
    return None


def development_key(path: Path) -> str:
    """A random key kept in a private file, so local sessions survive restarts."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.touch(mode=0o600)
    path.write_text(key)
    return key


def load(environ, *, debug: bool, key_file: Path) -> str:
    key = environ.get("DJANGO_SECRET_KEY", "")
    problem = weakness(key)
    if problem is None:
        return key
    if debug and not key:
        return development_key(key_file)
    if debug:
        return key
    raise ImproperlyConfigured(
        f"{problem}. Set it to a long random value, for example the output of: "
        'python3 -c "import secrets; print(secrets.token_urlsafe(50))"'
    )
