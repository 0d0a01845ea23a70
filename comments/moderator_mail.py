"""What moderators are told by email about comments waiting for them, and when.

COMMENTS_NOTIFY says how: "each" sends one email per comment that needs a decision (a new pending
comment, or an edit of a published one), "digest" leaves it to the periodic summary
(moderator_digest.py), "off" sends nothing. Every link leads to the comment on the moderation
desk, where a POST decides it; the mail itself changes nothing. Mail leaves through the task
queue (tasks.py), once the comment is committed.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string

from comments import moderator_digest
from comments.desk_links import absolute, comment_on_desk_url
from comments.models import Comment, CommentVersion
from comments.tasks import queue_email
from core import roles


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


def comment_waiting(*, comment_id: int) -> None:
    """A new comment is pending: tell the moderators as COMMENTS_NOTIFY says."""
    _tell(kind="moderator_comment", comment_id=comment_id)


def edit_waiting(*, comment_id: int) -> None:
    """A published comment's edit waits for approval: tell the moderators the same way."""
    _tell(kind="moderator_edit", comment_id=comment_id)


def _tell(*, kind: str, comment_id: int) -> None:
    if settings.COMMENTS_NOTIFY == "digest":
        moderator_digest.schedule()
    elif settings.COMMENTS_NOTIFY == "each":
        comment = Comment.objects.select_related("article", "parent").filter(pk=comment_id).first()
        if comment is not None:  # a moderator may have deleted it since
            send(kind, _about(comment))


def _about(comment: Comment) -> dict:
    proposed = comment.versions.filter(status=CommentVersion.Status.PENDING).last()
    return {
        "comment": comment,
        "article": comment.article,
        "parent": comment.parent,
        "proposed": proposed,
        "desk_url": absolute(comment_on_desk_url(comment.pk)),
    }


def send(kind: str, context: dict) -> None:
    """Queue the email `comments/email/<kind>.txt` to the moderators, if there are any."""
    recipients = moderator_emails()
    if not recipients:
        return
    context = {"site_name": settings.SITE_NAME, **context}
    subject = render_to_string(f"comments/email/{kind}_subject.txt", context)
    body = render_to_string(f"comments/email/{kind}.txt", context).strip() + "\n"
    queue_email(subject=" ".join(subject.split()), body=body, to=recipients)
