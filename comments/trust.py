"""Earned trust: a confirmed address with enough approved comments is published at once.

Off unless COMMENTS_TRUST_AFTER is set. Only addresses whose owner confirmed them (`Commenter.
confirmed_at`) count, and only the comments approved since the address's latest rejected or spam
comment, so one rejection takes the trust away until it is earned again. A trusted comment must
still pass every defence: `submit_comment` hands over only comments the spam rules left plainly
pending, with no reason to hold them.
"""

from django.conf import settings
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.utils import timezone

from comments.models import Comment, Commenter, ModerationEvent, normalised_email

WITHDRAWN = (Comment.Status.REJECTED, Comment.Status.SPAM)


def approved_since_last_rejection(email: str) -> int:
    """Approved comments from this address posted after its latest rejection or spam mark."""
    own = Comment.objects.filter(email__iexact=normalised_email(email))
    last_withdrawn = own.filter(status__in=WITHDRAWN).aggregate(
        at=Max(Coalesce("moderated_at", "created_at"))
    )["at"]
    approved = own.approved()
    if last_withdrawn is not None:
        approved = approved.filter(created_at__gt=last_withdrawn)
    return approved.count()


def earned_trust(email: str) -> int | None:
    """The approved comments that earn this address trust, or None when it has none."""
    needed = settings.COMMENTS_TRUST_AFTER
    if needed is None:
        return None
    confirmed = Commenter.objects.filter(
        email=normalised_email(email), confirmed_at__isnull=False
    ).exists()
    if not confirmed:
        return None
    count = approved_since_last_rejection(email)
    return count if count >= needed else None


def approve_if_trusted(comment: Comment) -> None:
    """Publish a just-stored, plainly pending comment at once if its address earned trust."""
    if comment.status != Comment.Status.PENDING or comment.held_reason:
        return
    count = earned_trust(comment.email)
    if count is None:
        return
    comment.status, comment.moderated_at = Comment.Status.APPROVED, timezone.now()
    comment.save(update_fields=["status", "moderated_at"])  # the signal refreshes its pages
    ModerationEvent.objects.create(
        comment=comment,
        moderator=None,
        from_status=Comment.Status.PENDING,
        to_status=Comment.Status.APPROVED,
        reason=f"trusted commenter: {count} approved comments",
        created_at=comment.moderated_at,
    )
