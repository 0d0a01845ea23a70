"""Flood control through the shared cache, so every server of a site sees the same counts.

`cache.add` only writes a key that is not there yet, atomically (SET NX on Redis), so two
simultaneous comments from one address cannot both pass the short interval.
"""

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

HOUR = 60 * 60


class Flooding(Exception):
    """Too many comments too fast; the message is for the reader, the reason for the log."""

    def __init__(self, message, *, reason: str, retry_after: int):
        super().__init__(message)
        self.message = message
        self.reason = reason
        self.retry_after = retry_after


def _key(*parts: str) -> str:
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
    return f"comments:flood:{parts[0]}:{digest}"


def check(*, ip_address: str | None, email: str) -> None:
    """Count one comment from this address and email, or raise Flooding if it is one too many."""
    interval = settings.COMMENTS_FLOOD_SECONDS
    senders = [("ip", ip_address or "unknown"), ("email", email.strip().lower())]
    for kind, value in senders:
        # The key holds when it runs out, so a refusal can say how long is left.
        if interval and not cache.add(_key(kind, value), time.time() + interval, timeout=interval):
            left = _seconds_left(_key(kind, value), interval)
            raise Flooding(
                ngettext(
                    "You are commenting too fast. Please wait %(seconds)d second"
                    " and send it again.",
                    "You are commenting too fast. Please wait %(seconds)d seconds"
                    " and send it again.",
                    left,
                )
                % {"seconds": left},
                reason=f"flood: same {kind} within {interval}s",
                retry_after=left,
            )
    _count_hourly(ip_address or "unknown")


def _seconds_left(key: str, interval: int) -> int:
    until = cache.get(key)
    if until is None:  # ran out since
        return 1
    return max(1, min(interval, math.ceil(until - time.time())))


def _count_hourly(ip_address: str) -> None:
    hour = int(time.time() // HOUR)
    key = _key("hour", ip_address, str(hour))
    cache.add(key, 0, timeout=HOUR)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=HOUR)
        count = 1
    if count > settings.COMMENTS_PER_IP_PER_HOUR:
        raise Flooding(
            _("You have sent a lot of comments in the last hour. Please try again later."),
            reason=f"flood: more than {settings.COMMENTS_PER_IP_PER_HOUR} in an hour",
            retry_after=HOUR - int(time.time()) % HOUR,
        )
