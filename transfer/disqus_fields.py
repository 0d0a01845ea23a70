"""A Disqus post's fields as a comment's.

- Status: `isSpam` → spam, `isDeleted` → rejected, anything else → approved (Disqus published it).
- Text: the message's HTML as plain text (core/sanitizer.py), cut to the length comments allow.
- Name: the author's name, else their username, else "Anonymous" (as an erased comment is signed);
  cut to the length the comment form allows.
- Email: kept when it is a valid address, else left empty, as on an erased comment. The rule
  "the same text from the same address only once per article" needs an address, so a comment
  without one gets a fingerprint of its own, from its Disqus id (erased comments get one too).
- IP address: kept when valid, shortened at once when the comment is older than
  COMMENTS_KEEP_IP_DAYS (the privacy rule every comment follows, comments/privacy.py).
"""

import datetime
import hashlib
import ipaddress

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from comments.models import (
    BODY_MAX_LENGTH,
    NAME_MAX_LENGTH,
    Comment,
    comment_fingerprint,
    normalised_email,
)
from comments.privacy import shorten_ip
from transfer.disqus_file import Post

ANONYMOUS = "Anonymous"
SPAM_REASON = "marked as spam on Disqus"


def status_of(post: Post) -> str:
    if post.is_spam:
        return Comment.Status.SPAM
    return Comment.Status.REJECTED if post.is_deleted else Comment.Status.APPROVED


def body_of(post: Post) -> str:
    return post.body[:BODY_MAX_LENGTH]


def comment_fields(post: Post, *, source: str) -> dict:
    email, body = valid_email(post.email), body_of(post)
    ip_address, is_ip_shortened = kept_address(post)
    status = status_of(post)
    return {
        "name": (post.name or ANONYMOUS)[:NAME_MAX_LENGTH],
        "email": email,
        "body": body,
        "status": status,
        "held_reason": SPAM_REASON if status == Comment.Status.SPAM else "",
        "ip_address": ip_address,
        "is_ip_shortened": is_ip_shortened,
        "created_at": post.created_at,
        "fingerprint": fingerprint(email=email, body=body, source=source, post_id=post.id),
    }


def fingerprint(*, email: str, body: str, source: str, post_id: str) -> str:
    if email:
        return comment_fingerprint(email=email, body=body)
    own = hashlib.sha256(f"{source} {post_id}".encode()).hexdigest()
    return f"disqus:{own[:56]}"


def valid_email(value: str) -> str:
    email = normalised_email(value)
    try:
        validate_email(email)
    except ValidationError:
        return ""
    return email


def kept_address(post: Post) -> tuple[str | None, bool]:
    try:
        address = str(ipaddress.ip_address(post.ip_address))
    except ValueError:
        return None, False
    keep_until = post.created_at + datetime.timedelta(days=settings.COMMENTS_KEEP_IP_DAYS)
    if keep_until <= timezone.now():
        return shorten_ip(address), True
    return address, False
