"""Privacy by default: full IP addresses are kept for COMMENTS_KEEP_IP_DAYS, then shortened, and
a commenter's details are erased on request (`erase_commenter`, from My comments or the desk).

No cron job is needed: after a comment is stored (on commit), `clean_up_soon` shortens a bounded
batch of addresses that are due, at most once every few minutes across all processes that share
the cache. `manage.py purge_commenter_data` shortens everything due at once. An IPv4 address keeps
its /24 network (203.0.113.77 becomes 203.0.113.0), an IPv6 address its /48.

Addresses are never shown on a page, so shortening them refreshes no cached page.
"""

import datetime
import ipaddress
import logging
from collections import defaultdict

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from comments.models import Comment, Commenter, ModerationEvent, normalised_email
from comments.signals import refresh_article_pages

logger = logging.getLogger(__name__)

BATCH = 500
CLEAN_UP_EVERY_SECONDS = 5 * 60
CLEAN_UP_KEY = "comments:ip-clean-up"
PREFIX = {4: 24, 6: 48}


def shorten_ip(address: str) -> str:
    ip = ipaddress.ip_address(address)
    return str(ipaddress.ip_network(f"{ip}/{PREFIX[ip.version]}", strict=False).network_address)


def due_for_shortening():
    cutoff = timezone.now() - datetime.timedelta(days=settings.COMMENTS_KEEP_IP_DAYS)
    return Comment.objects.filter(
        created_at__lt=cutoff, is_ip_shortened=False, ip_address__isnull=False
    )


@transaction.atomic
def shorten_due_ips(*, limit: int = BATCH) -> int:
    """Shorten the addresses of up to `limit` comments past the keeping time; returns how many."""
    rows = list(due_for_shortening().order_by("pk").values_list("pk", "ip_address")[:limit])
    by_network = defaultdict(list)
    for pk, address in rows:
        by_network[shorten_ip(address)].append(pk)
    for network, pks in by_network.items():
        Comment.objects.filter(pk__in=pks).update(ip_address=network, is_ip_shortened=True)
    return len(rows)


def clean_up_soon() -> None:
    """One bounded batch, unless another request ran one in the last few minutes."""
    try:
        if not cache.add(CLEAN_UP_KEY, 1, timeout=CLEAN_UP_EVERY_SECONDS):
            return
        shortened = shorten_due_ips()
    except Exception:  # the reader's comment is stored; a failed clean-up waits for the next
        logger.exception("Could not shorten old commenters' IP addresses")
        return
    if shortened:
        logger.info("Shortened the IP addresses of %d comments", shortened)


@transaction.atomic
def erase_commenter(*, email: str, moderator: AbstractBaseUser | None = None) -> int:
    """Remove an address's name, email, IP and browser from all its comments, and its text as
    COMMENTS_ERASE_TEXT says; delete its Commenter record. Returns how many comments changed."""
    email = normalised_email(email)
    if not email:
        return 0
    comments = list(
        Comment.objects.select_for_update().filter(email__iexact=email, erased_at__isnull=True)
    )
    remove_text = settings.COMMENTS_ERASE_TEXT == "remove"
    reason = (
        f"erased by {moderator.get_username()}"
        if moderator
        else "erased at the commenter's request"
    )
    now = timezone.now()
    for comment in comments:
        to_status = comment.status
        changes = {"name": "", "email": "", "ip_address": None, "user_agent": ""}
        if remove_text:
            # Withdrawn from readers and from the queue; a reply keeps a placeholder above it.
            spam_or_rejected = (Comment.Status.SPAM, Comment.Status.REJECTED)
            to_status = (
                comment.status if comment.status in spam_or_rejected else Comment.Status.REJECTED
            )
            changes |= {"body": "", "status": to_status, "held_reason": ""}
            comment.versions.all().delete()
        ModerationEvent.objects.create(
            comment=comment,
            moderator=moderator,
            from_status=comment.status,
            to_status=to_status,
            reason=reason,
            created_at=now,
        )
        # Erased comments have neither address nor text to tell them apart: one UPDATE each,
        # with a fingerprint of their own, so the uniqueness rule holds.
        Comment.objects.filter(pk=comment.pk).update(
            **changes, erased_at=now, fingerprint=f"erased:{comment.pk}"
        )
    Commenter.objects.filter(email=email).delete()
    refresh_article_pages(c.article_id for c in comments if c.is_approved())
    return len(comments)
