"""The admin's revision pages for articles: the list (the History link), compare, restore.

Built on django-reversion's VersionAdmin, which makes every save through the change form and
every action of the list a revision, noting who saved and the admin's summary of the change.
Its own revision and recovery views are replaced: they write the old version to the database
to show it, and a restored published article would go live at once. Here restoring a live
article asks first, "Restore and publish now" or "Open in the editor without saving" (the form
filled with the revision, `?revision=<id>`, nothing saved until the editor saves).
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from reversion.admin import VersionAdmin
from reversion.models import Version

from articles import revisions, states

TEMPLATES = "admin/articles/article/"


class RevisionAdminMixin(VersionAdmin):
    change_list_template = None  # reversion's adds "Recover deleted", which is not offered

    def reversion_register(self, model, **kwargs):
        revisions.register()

    def get_urls(self):
        compare = self.admin_site.admin_view(self.compare_view)
        own = [path("<path:object_id>/history/compare/", compare, name=self._url_name("compare"))]
        kept = [url for url in super().get_urls() if "_recover" not in (url.name or "")]
        return own + kept

    def _url_name(self, view):
        return f"{self.opts.app_label}_{self.opts.model_name}_revision_{view}"

    def history_view(self, request, object_id, extra_context=None):
        article = self._article(request, object_id)
        versions = list(revisions.versions_of(article))
        rows = [
            {"version": v, "label": revisions.label(v), "previous": nxt}
            for v, nxt in zip(versions, [*versions[1:], None], strict=False)  # none yet: []
        ]
        context = {"rows": rows, "title": _("Revisions of “%s”") % article}
        return self._render(request, article, "revisions.html", context)

    def compare_view(self, request, object_id):
        article = self._article(request, object_id)
        try:
            old, new = (revisions.version_of(article, request.GET.get(k)) for k in ("from", "to"))
        except (Version.DoesNotExist, ValueError):
            messages.error(request, _("Choose two revisions of this article to compare."))
            return HttpResponseRedirect(reverse(self._admin_url("history"), args=[article.pk]))
        if old.revision.date_created > new.revision.date_created:
            old, new = new, old
        context = {
            "old": old,
            "new": new,
            "old_label": revisions.label(old),
            "new_label": revisions.label(new),
            "comparison": revisions.compare(old, new),
            "title": _("Compare revisions of “%s”") % article,
        }
        return self._render(request, article, "revision_compare.html", context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Restore a revision: GET asks, POST does it."""
        article = self._article(request, object_id, change=True)
        version = get_object_or_404(revisions.versions_of(article), pk=version_id)
        live = article.is_published()
        if request.method == "POST" and (not live or "publish" in request.POST):
            return self._restore(request, article, version)
        context = {
            "version": version,
            "version_label": revisions.label(version),
            "live": live,
            "state": states.state_label(article),
            "title": _("Restore a revision of “%s”") % article,
        }
        return self._render(request, article, "revision_restore.html", context)

    def _restore(self, request, article, version):
        notes = revisions.restore(article, version, user=request.user)
        done = _("Restored the revision of %(label)s as the latest revision.")
        outcome = states.save_outcome(article, request)
        messages.success(request, f"{done % {'label': revisions.label(version)}} {outcome}")
        for note in notes:
            messages.warning(request, note)
        return HttpResponseRedirect(reverse(self._admin_url("change"), args=[article.pk]))

    def get_form(self, request, obj=None, change=False, **kwargs):
        """With `?revision=<id>`, the change form starts from that revision's content."""
        form = super().get_form(request, obj, change, **kwargs)
        version = self._prefill_version(request, obj)
        if version is None:
            return form
        initial = revisions.form_initial(version)

        def __init__(self, *args, **kwargs):
            form.__init__(self, *args, **kwargs)
            self.initial.update(initial)

        return type(form.__name__, (form,), {"__init__": __init__})

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        version = self._prefill_version(request, obj)
        if version is not None and request.method == "GET":
            note = _(
                "The form shows the revision of %(label)s. Nothing changes until you save; "
                "the state and publication date are the article's current ones."
            )
            messages.info(request, note % {"label": revisions.label(version)})
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def _prefill_version(self, request, obj):
        if obj is None or not request.GET.get("revision", "").isdigit():
            return None
        return revisions.versions_of(obj).filter(pk=request.GET["revision"]).first()

    def _article(self, request, object_id, *, change=False):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(_("No such article."))
        allowed = self.has_change_permission if change else self.has_view_or_change_permission
        if not allowed(request, article):
            raise PermissionDenied
        return article

    def _admin_url(self, view):
        return f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_{view}"

    def _render(self, request, article, template, context):
        request.current_app = self.admin_site.name
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "compare_url": reverse(self._admin_url("revision_compare"), args=[article.pk]),
            **context,
        }
        return TemplateResponse(request, TEMPLATES + template, context)
