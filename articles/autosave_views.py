"""The article form's own endpoints: autosave, discard an autosave, check in, take over.

Each is a POST behind the admin's log-in, CSRF and the article's change permission (the add
permission for an article not saved yet). The script (static/admin/articles/editing.js) calls
the first and the third; discard and take over are plain forms that work without it.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles import autosave, presence


def _article(model_admin, request, object_id):
    """The article the request may change (None: a new one it may add), or a refusal."""
    if object_id is None:
        if not model_admin.has_add_permission(request):
            raise PermissionDenied
        return None
    article = model_admin.get_object(request, object_id)
    if article is None:
        raise Http404(_("No such article."))
    if not model_admin.has_change_permission(request, article):
        raise PermissionDenied
    return article


def form_url(article) -> str:
    if article is None:
        return reverse("admin:articles_article_add")
    return reverse("admin:articles_article_change", args=[article.pk])


def autosave_view(model_admin):
    @require_POST
    def view(request, object_id=None):
        article = _article(model_admin, request, object_id)
        names = model_admin.get_form(request, article).base_fields
        data = autosave.form_fields(request.POST, names)
        if data is None:
            return JsonResponse({"error": _("This is not an article form.")}, status=400)
        saved = autosave.store(article=article, user=request.user, data=data)
        at = time_format(timezone.localtime(saved.saved_at), "H:i")
        return JsonResponse({"saved_at": saved.saved_at, "message": _("Autosaved at %s") % at})

    return view


def discard_view(model_admin):
    @require_POST
    def view(request, object_id=None):
        article = _article(model_admin, request, object_id)
        autosave.discard(article=article, user=request.user)
        return HttpResponseRedirect(form_url(article))

    return view


def check_in_view(model_admin):
    @require_POST
    def view(request, object_id):
        article = _article(model_admin, request, object_id)
        editor = presence.check_in(article.pk, request.user)
        return JsonResponse(_presence(editor, request.user))

    return view


def take_over_view(model_admin):
    @require_POST
    def view(request, object_id):
        article = _article(model_admin, request, object_id)
        presence.take_over(article.pk, request.user)
        return HttpResponseRedirect(form_url(article))

    return view


def _presence(editor, user) -> dict:
    if editor.is_user(user):
        return {"editing": True}
    return {"editing": False, "message": editor.message()}
