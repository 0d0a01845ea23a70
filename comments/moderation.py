"""The moderation workflow: taking in a reader's comment and changing its status.

The comment view and the admin's bulk actions call these functions and nothing else changes a
comment's status, so every change is made in one transaction with its `ModerationEvent`, and
refreshes the cached pages it changes.
"""

import logging
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article
from comments import spam
from comments.models import Comment, ModerationEvent
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
    site_url: str,
    parent: Comment | None = None,
    user: AbstractBaseUser | None = None,
) -> Comment:
    """Store a reader's comment in the status the spam rules give it; tell moderators if pending.

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
        **reply_placement(parent),
        **staff_marks(user),
    )
    if user is not None and user.has_perm("comments.can_moderate"):
        _publish_own(comment, moderator=user)
    if comment.status == Comment.Status.PENDING:
        transaction.on_commit(lambda: notify_moderators(comment=comment, site_url=site_url))
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


def approve(*, comments: QuerySet[Comment], moderator: AbstractBaseUser) -> int:
    return _moderate(comments=comments, to_status=Comment.Status.APPROVED, moderator=moderator)


def reject(*, comments: QuerySet[Comment], moderator: AbstractBaseUser) -> int:
    return _moderate(comments=comments, to_status=Comment.Status.REJECTED, moderator=moderator)


def mark_as_spam(*, comments: QuerySet[Comment], moderator: AbstractBaseUser) -> int:
    return _moderate(comments=comments, to_status=Comment.Status.SPAM, moderator=moderator)


def move_to_pending(*, comments: QuerySet[Comment], moderator: AbstractBaseUser) -> int:
    return _moderate(comments=comments, to_status=Comment.Status.PENDING, moderator=moderator)


@transaction.atomic
def _moderate(*, comments: QuerySet[Comment], to_status: str, moderator: AbstractBaseUser) -> int:
    """Move the comments not already there to `to_status`; returns how many moved."""
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
    return len(changing)


def moderator_emails() -> list[str]:
    """COMMENTS_MODERATOR_EMAILS when set, otherwise the active members of the Moderators group."""
    if settings.COMMENTS_MODERATOR_EMAILS:
        return list(settings.COMMENTS_MODERATOR_EMAILS)
    members = (
        get_user_model()
        .objects.filter(groups__name=roles.MODERATORS, is_active=True)
        .exclude(email="")
    )
    return sorted(set(members.values_list("email", flat=True)))


def notify_moderators(*, comment: Comment, site_url: str) -> None:
    """Email the moderators about a new pending comment; a mail failure is logged, not raised."""
    recipients = moderator_emails()
    if not recipients:
        return
    review_url = urljoin(site_url, reverse("admin:comments_comment_change", args=[comment.pk]))
    subject = _("New comment awaiting moderation on “%(title)s”") % {"title": comment.article}
    message = "\n\n".join(
        [
            _("%(name)s wrote:") % {"name": comment.name},
            comment.body,
            _("Held because: %(reason)s") % {"reason": comment.held_reason or "-"},
            _("Approve or reject it here: %(url)s") % {"url": review_url},
        ]
    )
    try:
        send_mail(subject, message, None, recipients)
    except Exception:
        logger.exception("Could not email moderators about comment %s", comment.pk)
