"""What commenters are told by email, and when: double opt-in, then moderators' decisions.

Ticking "Email me when…" on the form asks for a confirmation email, one per address while its
link lives (not one per comment). Nothing else goes to an address before its owner confirms
it, or after they unsubscribe from all mail. The rest follows a moderator's decision, never a
submission: moderation.py calls `after_moderation` once the decision commits, and a comment is
announced only the first time it is approved (or rejected), whichever way that came about.
Every email is composed here and leaves through the task queue (tasks.py), with a one-click
unsubscribe link and RFC 8058's headers.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from comments import subscriptions
from comments.models import Comment, Commenter, ModerationEvent, RejectionReason, normalised_email
from comments.tasks import queue_email


def ask_to_confirm(email: str) -> None:
    """Send the confirmation email, unless the address is confirmed, unsubscribed, or has a
    confirmation link that still works."""
    commenter, _created = Commenter.objects.get_or_create(email=normalised_email(email))
    if commenter.is_confirmed() or commenter.unsubscribed_at is not None:
        return
    now = timezone.now()
    link_life = timezone.timedelta(days=settings.COMMENTS_CONFIRM_DAYS)
    # One UPDATE claims the right to send, so two comments sent at once ask only once.
    claimed = (
        Commenter.objects.filter(pk=commenter.pk, confirmed_at=None)
        .exclude(confirmation_sent_at__gt=now - link_life)
        .update(confirmation_sent_at=now)
    )
    if claimed:
        context = {
            "confirm_url": subscriptions.confirm_link(commenter),
            "confirm_days": settings.COMMENTS_CONFIRM_DAYS,
        }
        _send(commenter, "confirm", context)


def after_moderation(*, comment_ids: list[int], to_status: str, reason: str = "") -> None:
    """Tell commenters who asked about what a moderator just decided (after the commit)."""
    comments = Comment.objects.filter(pk__in=comment_ids).select_related("article", "parent")
    for comment in comments:
        if not _first_time(comment, to_status):
            continue
        if to_status == Comment.Status.APPROVED:
            _tell_published(comment)
            _tell_replied_to(comment)
        elif to_status == Comment.Status.REJECTED:
            _tell_rejected(comment, reason)


def _first_time(comment: Comment, to_status: str) -> bool:
    return ModerationEvent.objects.filter(comment=comment, to_status=to_status).count() == 1


def _tell_published(comment: Comment) -> None:
    commenter = _mailable(comment.email)
    if comment.notify_on_publish and commenter:
        _send(commenter, "published", _about(comment, commenter, thread=comment.notify_on_reply))


def _tell_replied_to(reply: Comment) -> None:
    parent = reply.parent
    if parent is None or not parent.notify_on_reply or not parent.is_approved():
        return
    if normalised_email(parent.email) == normalised_email(reply.email):
        return  # answering yourself is no news
    if commenter := _mailable(parent.email):
        context = _about(parent, commenter, thread=True) | {
            "reply": reply,
            "reply_url": _absolute(reply.get_absolute_url()),
        }
        _send(commenter, "reply", context)


def _tell_rejected(comment: Comment, reason: str) -> None:
    commenter = _mailable(comment.email)
    if not (comment.notify_on_publish and commenter):
        return
    if comment.events.filter(to_status=Comment.Status.APPROVED).exists():
        return  # withdrawn after it was shown: "not published" would not be true
    reason_text = RejectionReason(reason).label if reason in RejectionReason.values else ""
    _send(commenter, "rejected", _about(comment, commenter) | {"reason": reason_text})


def _mailable(email: str) -> Commenter | None:
    """The commenter behind this address, if they confirmed it and still want mail."""
    commenter = Commenter.objects.filter(email=normalised_email(email)).first()
    return commenter if commenter and commenter.may_receive_mail() else None


def _about(comment: Comment, commenter: Commenter, *, thread: bool = False) -> dict:
    """What a mail about this comment says; `thread`: offers to stop reply mail about it."""
    context = {
        "comment": comment,
        "article": comment.article,
        "comment_url": _absolute(comment.get_absolute_url()),
        "article_url": _absolute(comment.article.get_absolute_url()),
    }
    if thread:
        thread_id = comment.thread_id or comment.pk
        link = subscriptions.unsubscribe_thread_link(commenter, thread_id=thread_id)
        context["unsubscribe_thread_url"] = link
    return context


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _send(commenter: Commenter, kind: str, context: dict) -> None:
    unsubscribe_url = subscriptions.unsubscribe_link(commenter)
    context = {"site_name": settings.SITE_NAME, "unsubscribe_url": unsubscribe_url, **context}
    subject = render_to_string(f"comments/email/{kind}_subject.txt", context)
    body = render_to_string(f"comments/email/{kind}.txt", context).strip() + "\n"
    queue_email(
        subject=" ".join(subject.split()),
        body=body,
        to=[commenter.email],
        # RFC 8058: mail clients show an "Unsubscribe" button that POSTs to this link.
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
