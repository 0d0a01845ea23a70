"""Rules that decide, before a moderator looks, whether a new comment is spam or suspicious.

Every comment waits for a moderator anyway; these rules only add a reason to the queue, or mark
obvious spam so it stays out of the pending list and out of the moderators' email.
"""

import re
from dataclasses import dataclass

from django.conf import settings

from comments.models import Comment
from core import sanitizer

_LINK = re.compile(r"<a\s", re.IGNORECASE)


@dataclass(frozen=True)
class Verdict:
    status: str
    reason: str = ""


def link_count(body: str) -> int:
    """How many links readers would see in the rendered comment (bare domains count too)."""
    return len(_LINK.findall(sanitizer.comment_html(body)))


def blocklist_hit(*texts: str) -> str | None:
    """The first blocklist entry found in any of the texts, matched anywhere, ignoring case."""
    haystack = "\n".join(texts).casefold()
    for entry in settings.COMMENTS_BLOCKLIST:
        if entry.strip() and entry.strip().casefold() in haystack:
            return entry.strip()
    return None


def classify(
    *, name: str, email: str, body: str, ip_address: str | None, user_agent: str
) -> Verdict:
    """The status a new comment starts in, and why when it is not a plain pending one."""
    hit = blocklist_hit(name, email, body, ip_address or "", user_agent)
    if hit:
        return Verdict(Comment.Status.SPAM, f"blocklist: {hit}")
    links = link_count(body)
    if links >= settings.COMMENTS_HOLD_LINKS:
        return Verdict(Comment.Status.PENDING, f"{links} links")
    return Verdict(Comment.Status.PENDING)
