"""Reading NEWSBLOG_COMMENTS_NOTIFY and NEWSBLOG_COMMENTS_DIGEST: how moderators hear of comments.

A value the site does not know stops it at start-up with a message naming the setting and the
values it takes, rather than leaving moderators without mail nobody notices is missing.
"""

from django.core.exceptions import ImproperlyConfigured

NOTIFY_CHOICES = ("each", "digest", "off")
DIGEST_CHOICES = ("hourly", "daily")


def choice(environ, name: str, choices: tuple[str, ...]) -> str:
    """The variable's value, lower-cased; the first of `choices` when unset or empty."""
    value = environ.get(name, "").strip().lower()
    if not value:
        return choices[0]
    if value not in choices:
        allowed = ", ".join(choices)
        raise ImproperlyConfigured(f"{name} is {value!r}; it must be one of: {allowed}")
    return value


def notify(environ) -> str:
    """each: one email per pending comment; digest: one summary per period; off: no email."""
    return choice(environ, "NEWSBLOG_COMMENTS_NOTIFY", NOTIFY_CHOICES)


def digest_period(environ) -> str:
    return choice(environ, "NEWSBLOG_COMMENTS_DIGEST", DIGEST_CHOICES)
