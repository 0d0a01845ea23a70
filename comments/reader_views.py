"""Pages a commenter uses about their own comments: editing one, and My comments.

None of them is ever cached or indexed: each belongs to one reader (a session, or a signed link
that must not leak through a Referer header or a search engine).
"""

import json

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from comments import edits, flood, my_comments, privacy
from comments.models import Comment
from comments.views import client_ip

PRIVATE_HEADERS = {"X-Robots-Tag": "noindex, nofollow", "Referrer-Policy": "same-origin"}


def _private(response):
    for header, value in PRIVATE_HEADERS.items():
        response[header] = value
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def edit_comment(request, pk):
    """Edit one's own comment within the edit window: the form, then the defences again."""
    mine = edits.own_comment_ids(request)
    comment = get_object_or_404(Comment.objects.select_related("article"), pk=pk, pk__in=mine)
    if not edits.may_edit(request, comment):
        context = {"comment": comment, "edit_minutes": settings.COMMENTS_EDIT_MINUTES}
        return _private(render(request, "comments/edit.html", context, status=403))
    form = edits.EditForm(
        request.POST or None, comment=comment, initial={"body": edits.latest_text(comment)}
    )
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            try:
                flood.check(ip_address=client_ip(request), email=comment.email)
            except flood.Flooding as flooding:
                form.add_error(None, flooding.message)
                status = 429
            else:
                edited = edits.submit_edit(comment=comment, body=form.cleaned_data["body"])
                return _edited(request, edited)
    edit_until = comment.created_at + edits.edit_window()
    context = {"comment": comment, "form": form, "may_edit": True, "edit_until": edit_until}
    return _private(render(request, "comments/edit.html", context, status=status))


def _edited(request, comment):
    if comment.is_approved():
        notice = _("Thank you! Your edit will be shown once a moderator approves it.")
    else:
        notice = _("Your comment is changed. It will appear once a moderator approves it.")
    messages.success(request, notice)
    return redirect(f"{comment.article.get_absolute_url()}#comments")


class LinkRequestForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Email"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": gettext_lazy("Please enter your email address."),
            "invalid": gettext_lazy("Please enter a valid email address, like name@example.com."),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def request_my_comments(request):
    """Ask for a link to My comments; the answer is the same for every address."""
    form = LinkRequestForm(request.POST or None)
    sent = False
    if form.is_bound and form.is_valid():
        my_comments.request_link(
            email=form.cleaned_data["email"], site_url=request.build_absolute_uri("/")
        )
        sent = True
    status = 400 if form.is_bound and not sent else 200
    context = {"form": form, "sent": sent}
    return _private(render(request, "comments/my_comments_request.html", context, status=status))


def _email_or_404(token):
    email = my_comments.email_from_token(token)
    if email is None:
        raise Http404(_("This link has expired or is not valid."))
    return email


@never_cache
def my_comments_page(request, token):
    email = my_comments.email_from_token(token)
    if email is None:
        context = {"expired": True}
        return _private(render(request, "comments/my_comments.html", context, status=403))
    comments = my_comments.own_comments(email).order_by("-created_at")
    return _my_comments(request, token=token, comments=comments)


def _my_comments(request, **context):
    context["erase_keeps_text"] = settings.COMMENTS_ERASE_TEXT == "keep"
    return _private(render(request, "comments/my_comments.html", context))


@never_cache
def export_my_comments(request, token):
    data = my_comments.export_data(_email_or_404(token))
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="my-comments.json"'
    return _private(response)


@never_cache
@require_POST
def erase_my_comments(request, token):
    count = privacy.erase_commenter(email=_email_or_404(token))
    return _my_comments(request, token=token, comments=[], erased=count)
