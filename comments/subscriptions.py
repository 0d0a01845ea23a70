"""Signed links in commenters' email: confirm an address, stop mail about a thread or all mail.

A link carries the commenter's id and a digest of their address, signed with the site's key
and a salt per purpose, so it cannot be forged, used for another address, or serve another
purpose (an unsubscribe link does not confirm). The address itself stays out of URLs and so
out of server logs. Confirmation links expire after COMMENTS_CONFIRM_DAYS; unsubscribe links
never do, since a mail may be read long after it was sent.

Confirming and unsubscribing change state, so a GET only shows a page with a button that
POSTs: link scanners in mail filters open links, and must not confirm or unsubscribe anyone.
"""

import hashlib
import logging

from django.conf import settings
from django.core import signing
from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from comments.models import Comment, Commenter

logger = logging.getLogger(__name__)

CONFIRM = "comments.confirm"
UNSUBSCRIBE = "comments.unsubscribe"
UNSUBSCRIBE_THREAD = "comments.unsubscribe-thread"


class BadLink(Exception):
    def __init__(self, message, *, status=400):
        super().__init__(message)
        self.message, self.status = message, status


def _digest(email: str) -> str:
    return hashlib.sha256(email.encode()).hexdigest()[:24]


def make_token(commenter: Commenter, *, purpose: str, thread_id: int | None = None) -> str:
    data = {"c": commenter.pk, "e": _digest(commenter.email)}
    if thread_id is not None:
        data["t"] = thread_id
    return signing.dumps(data, salt=purpose, compress=False)


def read_token(token: str, *, purpose: str, max_age=None) -> tuple[Commenter, dict]:
    """The commenter a genuine, unexpired link of this purpose names, and what it says."""
    try:
        data = signing.loads(token, salt=purpose, max_age=max_age)
        commenter = Commenter.objects.get(pk=data["c"])
    except signing.SignatureExpired as expired:
        raise BadLink(_("This link has expired"), status=410) from expired
    except (signing.BadSignature, Commenter.DoesNotExist, KeyError, TypeError) as bad:
        raise BadLink(_("This link is not valid")) from bad
    if data.get("e") != _digest(commenter.email):
        raise BadLink(_("This link is not valid"))
    return commenter, data


def link(route: str, token: str) -> str:
    """The absolute address of a signed link, for mail (SITE_URL)."""
    return settings.SITE_URL.rstrip("/") + reverse(route, kwargs={"token": token})


def confirm_link(commenter: Commenter) -> str:
    return link("comments:confirm", make_token(commenter, purpose=CONFIRM))


def unsubscribe_link(commenter: Commenter) -> str:
    return link("comments:unsubscribe", make_token(commenter, purpose=UNSUBSCRIBE))


def unsubscribe_thread_link(commenter: Commenter, *, thread_id: int) -> str:
    token = make_token(commenter, purpose=UNSUBSCRIBE_THREAD, thread_id=thread_id)
    return link("comments:unsubscribe-thread", token)


def _bad_link_page(request, bad: BadLink):
    context = {"message": bad.message, "expired": bad.status == 410}
    return render(request, "comments/link_problem.html", context, status=bad.status)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET: what confirming means and a button; POST: the address is confirmed."""
    max_age = settings.COMMENTS_CONFIRM_DAYS * 24 * 60 * 60
    try:
        commenter, _data = read_token(token, purpose=CONFIRM, max_age=max_age)
    except BadLink as bad:
        return _bad_link_page(request, bad)
    comments = Comment.objects.filter(email__iexact=commenter.email)
    context = {
        "commenter": commenter,
        "on_publish": comments.filter(notify_on_publish=True).exists(),
        "on_reply": comments.filter(notify_on_reply=True).exists(),
    }
    if request.method == "POST":
        if not commenter.is_confirmed():
            Commenter.objects.filter(pk=commenter.pk, confirmed_at=None).update(
                confirmed_at=timezone.now()
            )
        # Coming back to the site after unsubscribing, by confirming again, is asking for mail.
        Commenter.objects.filter(pk=commenter.pk).update(unsubscribed_at=None)
        logger.info("Commenter %s confirmed their address", commenter.pk)
        return render(request, "comments/confirmed.html", context)
    return render(request, "comments/confirm.html", context)


def _unsubscribe_view(purpose, done):
    # Mail clients send RFC 8058's one-click POST (body "List-Unsubscribe=One-Click") without
    # the site's cookies or a CSRF token. The signed token in the URL is the authorisation, and
    # all the POST can do is stop mail to the address the token names; so CSRF protection is
    # lifted from these two views only. The page's own button posts the same way.
    @csrf_exempt
    @never_cache
    @require_http_methods(["GET", "POST"])
    def view(request, token):
        try:
            commenter, data = read_token(token, purpose=purpose)
        except BadLink as bad:
            return _bad_link_page(request, bad)
        context = {"commenter": commenter, "whole_site": purpose == UNSUBSCRIBE}
        if request.method == "POST":
            done(commenter, data)
            logger.info("Commenter %s unsubscribed (%s)", commenter.pk, purpose)
            return render(request, "comments/unsubscribed.html", context)
        return render(request, "comments/unsubscribe.html", context)

    return view


def _stop_all_mail(commenter, data):
    Commenter.objects.filter(pk=commenter.pk, unsubscribed_at=None).update(
        unsubscribed_at=timezone.now()
    )


def _stop_thread_mail(commenter, data):
    # No page shows who asked for mail, so no cached page needs refreshing after this UPDATE.
    thread = Q(pk=data.get("t")) | Q(thread_id=data.get("t"))
    Comment.objects.filter(thread, email__iexact=commenter.email).update(notify_on_reply=False)


unsubscribe = _unsubscribe_view(UNSUBSCRIBE, _stop_all_mail)
unsubscribe_thread = _unsubscribe_view(UNSUBSCRIBE_THREAD, _stop_thread_mail)
