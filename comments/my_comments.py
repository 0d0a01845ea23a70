"""My comments: a commenter with a confirmed address gets a signed link to their data.

The link carries the address, signed with its own salt and valid for MY_COMMENTS_LINK_SECONDS,
so it opens one address's comments and no other's. It goes only to a confirmed address, and the
page that sends it says the same whatever the address, so it tells nobody which addresses exist.
"""

from urllib.parse import urljoin

from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from comments.models import Comment, Commenter, normalised_email
from comments.tasks import queue_email

SALT = "comments.my-comments"
MY_COMMENTS_LINK_SECONDS = 60 * 60
# One link per address in this time, so the form cannot be used to flood someone's inbox.
RESEND_SECONDS = 5 * 60


def link_token(email: str) -> str:
    return signing.dumps({"email": normalised_email(email)}, salt=SALT, compress=True)


def email_from_token(token: str) -> str | None:
    """The address a genuine, unexpired link was made for, else None."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MY_COMMENTS_LINK_SECONDS)
        return normalised_email(data["email"])
    except (signing.BadSignature, KeyError, TypeError, AttributeError):
        return None


def own_comments(email: str):
    return Comment.objects.filter(email__iexact=normalised_email(email)).select_related("article")


def request_link(*, email: str, site_url: str) -> bool:
    """Send the link if the address is confirmed (and was not sent one just now)."""
    email = normalised_email(email)
    confirmed = Commenter.objects.filter(email=email, confirmed_at__isnull=False).exists()
    if not confirmed or not cache.add(f"comments:my-comments:{email}", 1, RESEND_SECONDS):
        return False
    url = urljoin(site_url, reverse("comments:my-comments", kwargs={"token": link_token(email)}))
    send_my_comments_link(email=email, url=url)
    return True


def send_my_comments_link(*, email: str, url: str) -> None:
    """Queue the link for the mail worker once the transaction commits (see tasks.py)."""
    context = {"url": url, "minutes": MY_COMMENTS_LINK_SECONDS // 60}
    body = render_to_string("comments/my_comments_email.txt", context)
    transaction.on_commit(
        lambda: queue_email(subject=_("Your comments"), body=body, to=[email]), robust=True
    )


def export_data(email: str) -> dict:
    """Everything stored about this address, as the commenter may download it."""
    commenter = Commenter.objects.filter(email=normalised_email(email)).first()
    comments = own_comments(email).prefetch_related("versions")
    return {
        "email": normalised_email(email),
        "commenter": commenter
        and {
            "email": commenter.email,
            "first_seen": commenter.created_at.isoformat(),
            "confirmed": commenter.confirmed_at and commenter.confirmed_at.isoformat(),
            "unsubscribed": commenter.unsubscribed_at and commenter.unsubscribed_at.isoformat(),
        },
        "comments": [_comment_data(comment) for comment in comments],
    }


def _comment_data(comment: Comment) -> dict:
    def when(value):
        return value and value.isoformat()

    return {
        "article": comment.article.title,
        "article_url": comment.article.get_absolute_url(),
        "name": comment.name,
        "email": comment.email,
        "text": comment.body,
        "status": comment.status,
        "posted": when(comment.created_at),
        "edited": when(comment.edited_at),
        "moderated": when(comment.moderated_at),
        "ip_address": comment.ip_address,
        "ip_address_shortened": comment.is_ip_shortened,
        "browser": comment.user_agent,
        "email_when_published": comment.notify_on_publish,
        "email_on_replies": comment.notify_on_reply,
        "versions": [
            {"text": v.body, "status": v.status, "written": when(v.created_at)}
            for v in comment.versions.all()
        ],
    }
