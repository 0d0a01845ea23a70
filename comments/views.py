import ipaddress
import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from articles.models import Article
from articles.views import ArticleDetailView
from comments import flood, moderation, privacy
from comments.forms import NOTIFY_FIELDS, CommentForm
from comments.models import comments_open
from comments.page import FORM_ANCHOR, PAGE_PARAMETER, REPLY_PARAMETER, remember_own_comment

logger = logging.getLogger(__name__)

USER_AGENT_LENGTH = 300


@require_http_methods(["GET", "HEAD", "POST"])
def post_comment(request, slug):
    """Take a reader's comment through every defence; redirect back, or show the page again."""
    article = get_object_or_404(Article.objects.published().for_listing(), slug=slug)
    if request.method != "POST":
        return _back_to_comments(request, article)
    ip_address = client_ip(request)
    if not comments_open(article):
        logger.info("Comment refused on %s from %s: comments closed", slug, ip_address)
        return _article_page(request, article, status=403, unsent_text=request.POST.get("body"))
    form = CommentForm(request.POST, article=article)
    if not form.is_valid():
        if form.refusal:
            logger.info("Comment refused on %s from %s: %s", slug, ip_address, form.refusal)
        return _show_form_again(request, article, form, status=400)
    try:
        flood.check(ip_address=ip_address, email=form.cleaned_data["email"])
    except flood.Flooding as flooding:
        logger.info("Comment refused on %s from %s: %s", slug, ip_address, flooding.reason)
        form.add_error(None, flooding.message)
        response = _show_form_again(request, article, form, status=429)
        response["Retry-After"] = str(flooding.retry_after)
        return response
    try:
        comment = moderation.submit_comment(
            article=article,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            body=form.cleaned_data["body"],
            ip_address=ip_address,
            user_agent=user_agent(request),
            **{field: form.cleaned_data[field] for field in NOTIFY_FIELDS},
            parent=form.cleaned_data["parent"],
            user=request.user if request.user.is_staff else None,
        )
    except IntegrityError:  # the same comment, sent twice at once, got past the form's check
        form.add_error(None, _("You have already sent this comment."))
        return _show_form_again(request, article, form, status=400)
    privacy.clean_up_soon()  # old addresses, a bounded batch, now the comment is committed
    remember_own_comment(request, comment)
    if comment.is_approved():  # a moderator's own, or a trusted commenter's
        messages.success(request, _("Your comment is published."))
        return redirect(f"{article.get_absolute_url()}#comment-{comment.pk}")
    messages.success(
        request, _("Thank you! Your comment will appear once a moderator approves it.")
    )
    return redirect(f"{article.get_absolute_url()}#comments")


def _back_to_comments(request, article):
    """The form's address opened as a page (reloaded after an error, or a Reply link followed
    from the page shown there, which links relative to it): the article's comments."""
    kept = {
        name: value
        for name in (PAGE_PARAMETER, REPLY_PARAMETER)
        if (value := request.GET.get(name, "")).isascii() and value.isdigit()
    }
    anchor = FORM_ANCHOR if REPLY_PARAMETER in kept else "comments"
    query = f"?{urlencode(kept)}" if kept else ""
    return redirect(f"{article.get_absolute_url()}{query}#{anchor}")


def _show_form_again(request, article, form, *, status):
    return _article_page(request, article, status=status, comment_form=form.keep_for_retry())


def _article_page(request, article, *, status, **context):
    view = ArticleDetailView(object=article)
    view.setup(request, slug=article.slug)
    return view.render_to_response(view.get_context_data(**context), status=status)


def client_ip(request) -> str | None:
    """The reader's address: REMOTE_ADDR, or what the trusted proxies in front of us saw."""
    address = request.META.get("REMOTE_ADDR", "")
    if proxies := settings.TRUSTED_PROXY_COUNT:
        hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        forwarded = [hop.strip() for hop in hops if hop.strip()]
        address = forwarded[-proxies] if len(forwarded) >= proxies else address
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def user_agent(request) -> str:
    return request.META.get("HTTP_USER_AGENT", "").replace("\x00", "")[:USER_AGENT_LENGTH]
