"""What the desk's buttons post to: one decision, a moderator's reply, and Undo.

Every button sits in the desk's one form (the change list's, which carries the CSRF token), so
each post holds the whole page; these views read only what the pressed button names. Each comes
back to the desk as the moderator left it (its filters and page), at the comment that followed
the decided one, with a notice and, while nothing else has been decided, an Undo.
"""

import secrets
from dataclasses import asdict
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from comments import moderation
from comments.models import BODY_MAX_LENGTH, Comment

UNDO_KEY = "comment_desk_undo"
NOTICE_KEY = "comment_desk_notice"
DRAFT_KEY = "comment_desk_reply_drafts"
DONE = {
    "approve": _("Approved the comment by %(name)s."),
    "reject": _("Rejected the comment by %(name)s."),
    "spam": _("Marked the comment by %(name)s as spam."),
    "pending": _("Moved the comment by %(name)s back to pending."),
}


def _moderator_only(request):
    if not request.user.has_perm("comments.can_moderate"):
        raise PermissionDenied


@require_POST
def decide(request):
    """A decision button: its value is "<decision>:<comment id>"."""
    _moderator_only(request)
    decision, _sep, pk = request.POST.get("decide", "").partition(":")
    if decision not in moderation.DECISIONS:
        raise PermissionDenied  # not a button the desk shows
    comment = _comment(pk)
    reason = request.POST.get(f"reason-{comment.pk}", "") if decision == "reject" else ""
    try:
        changes = moderation.decide(
            comments=Comment.objects.filter(pk=comment.pk),
            decision=decision,
            moderator=request.user,
            reason=reason,
        )
    except ValueError:
        raise PermissionDenied from None  # not a button the desk shows
    if changes:
        remember(request, changes, DONE[decision] % {"name": comment.name or _("Anonymous")})
    else:
        notice(request, _("Nothing changed: the comment was already there."))
    return back_to_desk(request, after=comment.pk)


@require_POST
def reply(request):
    """A moderator's reply, published at once; it approves the comment it answers."""
    _moderator_only(request)
    parent = _comment(request.POST.get("reply", ""))
    body = request.POST.get(f"reply-{parent.pk}", "").strip()
    problem = _reply_problem(body)
    if problem:
        request.session[DRAFT_KEY] = {str(parent.pk): body}  # kept for the moderator to fix
        messages.error(request, problem)
        return back_to_desk(request, at=parent.pk)
    try:
        _answer, changes = moderation.reply(parent=parent, moderator=request.user, body=body)
    except IntegrityError:  # the same text from the same address on this article, again
        request.session[DRAFT_KEY] = {str(parent.pk): body}
        messages.error(request, _("You have already published this reply on this article."))
        return back_to_desk(request, at=parent.pk)
    request.session.pop(DRAFT_KEY, None)
    name = parent.name or _("Anonymous")
    remember(request, changes, _("Published your reply to %(name)s.") % {"name": name})
    return back_to_desk(request, after=parent.pk)


@require_POST
def undo(request):
    """Undo the last decision this moderator made on the desk, if it is the one they saw."""
    _moderator_only(request)
    last = request.session.get(UNDO_KEY)
    if not last or not secrets.compare_digest(last["token"], request.POST.get("undo", "")):
        notice(request, _("There is nothing to undo any more."))
        return back_to_desk(request)
    del request.session[UNDO_KEY]
    changes = [moderation.Change(**change) for change in last["changes"]]
    undone = moderation.undo(changes=changes, moderator=request.user)
    count = len({change.comment_id for change in undone})
    if count:
        notice(
            request,
            ngettext("Undone: %d comment put back.", "Undone: %d comments put back.", count)
            % count,
        )
    else:
        notice(request, _("Nothing to undo: another moderator has decided since."))
    return back_to_desk(request, at=changes[0].comment_id)


def remember(request, changes: list[moderation.Change], message: str) -> None:
    """Keep the changes for Undo (one decision deep) and say what was done."""
    request.session[UNDO_KEY] = {
        "token": secrets.token_urlsafe(16),
        "changes": [asdict(change) for change in changes],
    }
    notice(request, message, undoable=True)


def notice(request, message: str, *, undoable: bool = False) -> None:
    request.session[NOTICE_KEY] = {"message": message, "undoable": undoable}


def take_notice(request) -> dict | None:
    """The notice to show once on the desk, with the Undo token while the decision can be undone."""
    shown = request.session.pop(NOTICE_KEY, None)
    last = request.session.get(UNDO_KEY)
    if shown and shown["undoable"] and last:
        shown["undo_token"] = last["token"]
    return shown


def take_reply_drafts(request) -> dict[str, str]:
    return request.session.pop(DRAFT_KEY, None) or {}


def back_to_desk(request, *, after: int | None = None, at: int | None = None):
    """The desk with the filters it was posted from, at the comment `at`, or at the one that
    followed `after` on the page (the one before it if it was the last)."""
    query = QueryDict(request.POST.get("desk_query", ""))
    url = reverse("admin:comments_comment_changelist")
    if query:
        url += "?" + urlencode(list(query.lists()), doseq=True)
    anchor = at if at is not None else _neighbour(request.POST.get("page_ids", ""), after)
    return HttpResponseRedirect(f"{url}#comment-{anchor}" if anchor else url)


def _neighbour(page_ids: str, decided: int | None) -> int | None:
    ids = [int(pk) for pk in page_ids.split(",") if pk.isdigit()]
    if decided not in ids:
        return None
    position = ids.index(decided)
    rest = ids[position + 1 :] or ids[:position][-1:]
    return rest[0] if rest else None


def _comment(pk: str) -> Comment:
    if not str(pk).isdigit():
        raise PermissionDenied  # not a button the desk shows
    return get_object_or_404(Comment, pk=pk)


def _reply_problem(body: str) -> str:
    if not body:
        return _("Write your reply before publishing it.")
    if len(body) > BODY_MAX_LENGTH:
        return _("Your reply is %(length)d characters long; the limit is %(limit)d.") % {
            "length": len(body),
            "limit": BODY_MAX_LENGTH,
        }
    return ""
