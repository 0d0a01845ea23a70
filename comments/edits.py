"""A commenter edits their own comment, from the browser that posted it, for a short while.

Which comments are "their own" is what the session remembers (`comments.page.SESSION_KEY`); a
comment may be edited for COMMENTS_EDIT_MINUTES after it was posted, while nobody has replied.
An edit goes through the same defences as a new comment. A pending comment simply takes the new
text; an approved one keeps its public text and the edit waits, as a pending `CommentVersion`,
for a moderator (`moderation.approve_edit` / `moderation.reject_edit`). The text a comment had
before its first edit is saved as its first version when that edit is made, so comments never
edited have no versions.
"""

import datetime
import functools

from django import forms
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comments import moderator_mail, page, spam
from comments.models import BODY_MAX_LENGTH, Comment, CommentVersion, comment_fingerprint
from pagecache.state import filling

EDITABLE = (Comment.Status.PENDING, Comment.Status.APPROVED)


def edit_window() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.COMMENTS_EDIT_MINUTES)


def editable_comments():
    """Comments still young enough, not erased and without replies."""
    return Comment.objects.filter(
        status__in=EDITABLE,
        erased_at__isnull=True,
        created_at__gt=timezone.now() - edit_window(),
        replies__isnull=True,
    )


def own_comment_ids(request) -> list[int]:
    session = getattr(request, "session", None)
    return list(session.get(page.SESSION_KEY, [])) if session is not None else []


def editable_ids(request) -> set[int]:
    """The comments this browser may edit now; never any on a page rendered for the cache."""
    mine = [] if filling(request) else own_comment_ids(request)
    if not mine:
        return set()
    return set(editable_comments().filter(pk__in=mine).values_list("pk", flat=True))


def may_edit(request, comment: Comment) -> bool:
    return comment.pk in editable_ids(request)


def latest_text(comment: Comment) -> str:
    """The text the commenter last gave: an edit waiting for a moderator, else the comment's."""
    waiting = comment.versions.filter(status=CommentVersion.Status.PENDING).last()
    return waiting.body if waiting else comment.body


class EditForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": _("Please write your comment."),
            "max_length": _("Please keep your comment under %(limit_value)d characters."),
        },
    )

    def __init__(self, *args, comment: Comment, **kwargs):
        super().__init__(*args, **kwargs)
        self.comment = comment

    def clean_body(self):
        body = self.cleaned_data["body"]
        if body.strip() == latest_text(self.comment).strip():
            raise forms.ValidationError(_("The text is the same as before: change something."))
        fingerprint = comment_fingerprint(email=self.comment.email, body=body)
        same = self.comment.article.comments.filter(fingerprint=fingerprint)
        if same.exclude(pk=self.comment.pk).exists():
            raise forms.ValidationError(_("You have already sent this comment."))
        return body


@transaction.atomic
def submit_edit(*, comment: Comment, body: str) -> Comment:
    """Replace a pending comment's text, or queue the text of an approved one for a moderator."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    verdict = spam.classify(
        name=comment.name,
        email=comment.email,
        body=body,
        ip_address=comment.ip_address,
        user_agent=comment.user_agent,
    )
    versions = comment.versions.all()
    if not versions.exists():
        CommentVersion.objects.create(
            comment=comment,
            body=comment.body,
            status=CommentVersion.Status.APPROVED,
            created_at=comment.created_at,
        )
    now = timezone.now()
    if comment.status == Comment.Status.PENDING:
        versions.exclude(status=CommentVersion.Status.REJECTED).update(
            status=CommentVersion.Status.REPLACED
        )
        CommentVersion.objects.create(
            comment=comment, body=body, status=CommentVersion.Status.APPROVED, created_at=now
        )
        comment.body, comment.edited_at = body, now
        comment.status, comment.held_reason = verdict.status, verdict.reason
        comment.save(update_fields=["body", "fingerprint", "edited_at", "status", "held_reason"])
        return comment
    # Approved: its public text stays until a moderator accepts the new one. An edit the spam
    # rules call spam is kept for the record but never offered to the moderator.
    versions.filter(status=CommentVersion.Status.PENDING).update(
        status=CommentVersion.Status.REPLACED
    )
    is_spam = verdict.status == Comment.Status.SPAM
    CommentVersion.objects.create(
        comment=comment,
        body=body,
        status=CommentVersion.Status.REJECTED if is_spam else CommentVersion.Status.PENDING,
        created_at=now,
    )
    if not is_spam:
        waiting = functools.partial(moderator_mail.edit_waiting, comment_id=comment.pk)
        transaction.on_commit(waiting, robust=True)
    return comment
