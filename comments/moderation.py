"""The moderation workflow: taking in a reader's comment and changing its status.

The comment view and the admin's bulk actions call these functions and nothing else changes a
comment's status, so every change is made in one transaction with its `ModerationEvent`, and
refreshes the cached pages it changes.
"""

import functools
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article
from comments import moderator_mail, notifications, spam, trust
from comments.models import (
    Comment,
    CommentVersion,
    ModerationEvent,
    RejectionReason,
)
from comments.signals import refresh_article_pages
from core import roles

logger = logging.getLogger(__name__)


@transaction.atomic
def submit_comment(
    *,
    article: Article,
    name: str,
    email: str,
    body: str,
    ip_address: str | None,
    user_agent: str,
    notify_on_publish: bool = False,
    notify_on_reply: bool = False,
    parent: Comment | None = None,
    user: AbstractBaseUser | None = None,
) -> Comment:
    """Store a reader's comment in the status the spam rules give it; tell moderators if pending
    (moderator_mail.py).

    `parent` is the comment it answers (one readers see); `user` the staff member writing it
    while logged in. A moderator's own comment that is not spam is published at once."""
    verdict = spam.classify(
        name=name, email=email, body=body, ip_address=ip_address, user_agent=user_agent
    )
    comment = Comment.objects.create(
        article=article,
        name=name,
        email=email,
        body=body,
        status=verdict.status,
        held_reason=verdict.reason,
        ip_address=ip_address,
        user_agent=user_agent,
        notify_on_publish=notify_on_publish,
        notify_on_reply=notify_on_reply,
        **reply_placement(parent),
        **staff_marks(user),
    )
    if user is not None and user.has_perm("comments.can_moderate"):
        _publish_own(comment, moderator=user)
    trust.approve_if_trusted(comment)
    if comment.is_approved():  # published at once: its writer and the one it answers hear now
        transaction.on_commit(
            lambda: notifications.after_moderation(
                comment_ids=[comment.pk], to_status=Comment.Status.APPROVED
            ),
            robust=True,
        )
    if comment.status == Comment.Status.PENDING:
        transaction.on_commit(
            lambda: moderator_mail.comment_waiting(comment_id=comment.pk), robust=True
        )
    if notify_on_publish or notify_on_reply:
        transaction.on_commit(lambda: notifications.ask_to_confirm(email), robust=True)
    return comment


def reply_placement(parent: Comment | None) -> dict:
    """Where an answer to `parent` goes: its parent, thread and level. Past
    COMMENTS_MAX_DEPTH it answers the parent's parent instead, staying at the deepest level."""
    while parent is not None and parent.depth >= settings.COMMENTS_MAX_DEPTH:
        parent = parent.parent
    if parent is None:
        return {"parent": None, "thread_id": None, "depth": 1}
    return {"parent": parent, "thread_id": parent.thread_id or parent.pk, "depth": parent.depth + 1}


def staff_marks(user: AbstractBaseUser | None) -> dict:
    """A staff member writing while logged in, and the role shown beside their name."""
    if user is None:
        return {}
    groups = set(user.groups.values_list("name", flat=True))
    if roles.EDITORS in groups:
        role = _("Editor")
    elif roles.MODERATORS in groups:
        role = _("Moderator")
    elif roles.AUTHORS in groups:
        role = _("Author")
    else:
        role = _("Staff")
    return {"user": user, "staff_role": role}


def _publish_own(comment: Comment, *, moderator: AbstractBaseUser) -> None:
    """A moderator needs no one's approval but their own; spam rules still apply to them."""
    if comment.status != Comment.Status.PENDING:
        return
    reason = _("moderator's own reply") if comment.parent_id else _("moderator's own comment")
    ModerationEvent.objects.create(
        comment=comment,
        moderator=moderator,
        from_status=comment.status,
        to_status=Comment.Status.APPROVED,
        reason=reason,
    )
    comment.status = Comment.Status.APPROVED
    comment.moderated_by = moderator
    comment.moderated_at = timezone.now()
    comment.save(update_fields=["status", "moderated_by", "moderated_at"])  # signals refresh


@dataclass(frozen=True)
class Change:
    """One comment moved by a decision: what Undo needs to put it back."""

    comment_id: int
    from_status: str
    to_status: str


DECISIONS = {
    "approve": Comment.Status.APPROVED,
    "reject": Comment.Status.REJECTED,
    "spam": Comment.Status.SPAM,
    "pending": Comment.Status.PENDING,
}


def approve(*, comments: QuerySet[Comment], moderator: AbstractBaseUser) -> int:
    return len(decide(comments=comments, decision="approve", moderator=moderator))


def reject(*, comments: QuerySet[Comment], moderator: AbstractBaseUser, reason: str = "") -> int:
    """Reject, with one of `RejectionReason` to record and tell commenters who asked."""
    return len(decide(comments=comments, decision="reject", moderator=moderator, reason=reason))


def mark_as_spam(*, comments: QuerySet[Comment], moderator: AbstractBaseUser) -> int:
    return len(decide(comments=comments, decision="spam", moderator=moderator))


def move_to_pending(*, comments: QuerySet[Comment], moderator: AbstractBaseUser) -> int:
    return len(decide(comments=comments, decision="pending", moderator=moderator))


@transaction.atomic
def decide(
    *, comments: QuerySet[Comment], decision: str, moderator: AbstractBaseUser, reason: str = ""
) -> list[Change]:
    """Apply one of DECISIONS; `reason` (a `RejectionReason`) only with "reject"."""
    if decision not in DECISIONS:
        raise ValueError(f"Not a moderation decision: {decision!r}")
    if reason and (decision != "reject" or reason not in RejectionReason.values):
        raise ValueError(f"Not a rejection reason: {reason!r}")
    why = RejectionReason(reason).label if reason else ""
    changes = _moderate(
        comments=comments, to_status=DECISIONS[decision], moderator=moderator, why=why
    )
    _tell_commenters_on_commit(
        [c.comment_id for c in changes], to_status=DECISIONS[decision], reason=reason
    )
    return changes


@transaction.atomic
def _moderate(
    *, comments: QuerySet[Comment], to_status: str, moderator: AbstractBaseUser, why: str = ""
) -> list[Change]:
    """Move the comments not already there to `to_status`, recording `why`."""
    changing = list(
        Comment.objects.select_for_update()
        .filter(pk__in=comments.values("pk"))
        .exclude(status=to_status)
        .only("pk", "status", "article_id")
    )
    now = timezone.now()
    ModerationEvent.objects.bulk_create(
        ModerationEvent(
            comment=comment,
            moderator=moderator,
            from_status=comment.status,
            to_status=to_status,
            reason=why,
            created_at=now,
        )
        for comment in changing
    )
    Comment.objects.filter(pk__in=[comment.pk for comment in changing]).update(
        status=to_status, moderated_by=moderator, moderated_at=now
    )
    # One UPDATE sends no signals: comments going public, or leaving it, change their
    # articles' pages and counts.
    approved = Comment.Status.APPROVED
    refresh_article_pages(c.article_id for c in changing if approved in (c.status, to_status))
    return [Change(c.pk, c.status, to_status) for c in changing]


@transaction.atomic
def undo(*, changes: list[Change], moderator: AbstractBaseUser) -> list[Change]:
    """Put back what a decision changed, for the comments no one has moved since."""
    undone = []
    for change in changes:
        still_there = Comment.objects.filter(pk=change.comment_id, status=change.to_status)
        undone += _moderate(
            comments=still_there, to_status=change.from_status, moderator=moderator, why="undone"
        )
    return undone


@transaction.atomic
def reply(*, parent: Comment, moderator: AbstractBaseUser, body: str) -> tuple[Comment, list]:
    """A moderator's answer, published at once; it approves the comment it answers.

    Returns the reply and the changes Undo reverses (the approval of `parent`)."""
    changes = decide(
        comments=Comment.objects.filter(pk=parent.pk), decision="approve", moderator=moderator
    )
    parent.refresh_from_db()
    now = timezone.now()
    answer = Comment.objects.create(
        article_id=parent.article_id,
        name=moderator.get_full_name() or moderator.get_username(),
        email=moderator.email,
        body=body,
        status=Comment.Status.APPROVED,
        moderated_by=moderator,
        moderated_at=now,
        created_at=now,
        **reply_placement(parent),
        **staff_marks(moderator),
    )
    ModerationEvent.objects.create(
        comment=answer,
        moderator=moderator,
        from_status=Comment.Status.PENDING,
        to_status=Comment.Status.APPROVED,
        reason=_("moderator's reply"),
        created_at=now,
    )
    _tell_commenters_on_commit([answer.pk], to_status=Comment.Status.APPROVED, reason="")
    withdraw = Change(answer.pk, Comment.Status.REJECTED, Comment.Status.APPROVED)
    return answer, [*changes, withdraw]


def _tell_commenters_on_commit(comment_ids: list[int], *, to_status: str, reason: str) -> None:
    """Commenters who asked hear of the decision once it is committed (notifications.py)."""
    if comment_ids:
        tell = functools.partial(
            notifications.after_moderation,
            comment_ids=comment_ids,
            to_status=to_status,
            reason=reason,
        )
        transaction.on_commit(tell, robust=True)


@transaction.atomic
def approve_edit(*, version: CommentVersion, moderator: AbstractBaseUser) -> bool:
    """Show an approved comment's edited text instead of its current one; False if not waiting."""
    version = CommentVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != CommentVersion.Status.PENDING:
        return False
    comment = version.comment
    now = timezone.now()
    comment.versions.filter(status=CommentVersion.Status.APPROVED).update(
        status=CommentVersion.Status.REPLACED
    )
    version.status = CommentVersion.Status.APPROVED
    version.save(update_fields=["status"])
    comment.body, comment.edited_at = version.body, now
    comment.save(update_fields=["body", "fingerprint", "edited_at"])  # refreshes its pages
    _record_edit(comment=comment, moderator=moderator, reason="edit approved", at=now)
    return True


@transaction.atomic
def reject_edit(*, version: CommentVersion, moderator: AbstractBaseUser) -> bool:
    """Keep an approved comment's current text; the edit stays on record, not shown."""
    version = CommentVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != CommentVersion.Status.PENDING:
        return False
    version.status = CommentVersion.Status.REJECTED
    version.save(update_fields=["status"])
    _record_edit(comment=version.comment, moderator=moderator, reason="edit rejected")
    return True


def _record_edit(*, comment, moderator, reason, at=None):
    ModerationEvent.objects.create(
        comment=comment,
        moderator=moderator,
        from_status=comment.status,
        to_status=comment.status,
        reason=reason,
        created_at=at or timezone.now(),
    )
