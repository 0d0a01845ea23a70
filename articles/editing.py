"""The article form as a place to write: autosave and restore, who else is editing, stale
saves, new tags typed in place. `EditingMixin` wires them into the article's ModelAdmin; the
work is done in `autosave`, `autosave_views`, `presence`, `conflicts` and `new_tags`.
"""

import copy
from dataclasses import dataclass

from django.contrib.admin.utils import unquote
from django.urls import path, reverse
from django.utils import formats, timezone

from articles import autosave, autosave_views, conflicts, new_tags, presence

RESTORE_PARAMETER = "autosave"
# Seconds of idle typing before the script autosaves, and the longest it waits while typing.
AUTOSAVE_IDLE_SECONDS = 3
AUTOSAVE_MAX_SECONDS = 15


@dataclass(frozen=True)
class Unsaved:
    """An autosave the form offers back: when, which fields, and what they hold."""

    saved_at: object
    differences: list
    restored: bool
    saved_since: bool  # the article was saved after the autosave's form was opened

    def when(self) -> str:
        local = timezone.localtime(self.saved_at)
        same_day = local.date() == timezone.localdate()
        return (
            formats.time_format(local, "H:i")
            if same_day
            else formats.date_format(local, "j M, H:i")
        )

    def field_names(self) -> str:
        return ", ".join(difference.label.lower() for difference in self.differences)


class EditingMixin:
    form = conflicts.VersionedForm

    class Media:
        css = {"all": ["admin/articles/editing.css"]}
        js = ["admin/articles/editing.js", "admin/articles/tags.js"]

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        views = [
            ("autosave/", autosave_views.autosave_view, "autosave_new"),
            ("autosave/discard/", autosave_views.discard_view, "autosave_discard_new"),
            ("new-tag/", new_tags.create_view, "new_tag"),
            ("<path:object_id>/autosave/", autosave_views.autosave_view, "autosave"),
            ("<path:object_id>/autosave/discard/", autosave_views.discard_view, "autosave_discard"),
            ("<path:object_id>/check-in/", autosave_views.check_in_view, "check_in"),
            ("<path:object_id>/take-over/", autosave_views.take_over_view, "take_over"),
        ]
        own = [
            path(route, wrap(make(self)), name="{}_{}_{}".format(*info, name))
            for route, make, name in views
        ]
        return own + super().get_urls()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if request.method == "GET" and request.GET.get(RESTORE_PARAMETER) == "restore":
            saved = autosave.find(article=obj, user=request.user)
            if saved is not None:
                return restoring(form, saved)
        return form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        article = self.get_object(request, unquote(object_id)) if object_id else None
        context = {**(extra_context or {}), **self.editing_context(request, article)}
        response = super().changeform_view(request, object_id, form_url, context)
        if request.method == "POST":
            self.after_post(request, article, response)
        return response

    def editing_context(self, request, article) -> dict:
        if article is None and request.resolver_match.url_name.endswith("_change"):
            return {}  # no such article: the admin says so
        if article is not None and not self.has_change_permission(request, article):
            return {}  # read only: nothing to autosave or take over
        pk = article.pk if article else None
        suffix = "" if article else "_new"
        context = {
            "editing_urls": {
                "autosave": reverse(f"admin:articles_article_autosave{suffix}", args=pk and [pk]),
                "discard": reverse(
                    f"admin:articles_article_autosave_discard{suffix}", args=pk and [pk]
                ),
            },
            "editing_timing": {
                "idle": AUTOSAVE_IDLE_SECONDS,
                "max": AUTOSAVE_MAX_SECONDS,
                "heartbeat": presence.HEARTBEAT_SECONDS,
            },
            "unsaved": self.unsaved(request, article) if request.method == "GET" else None,
        }
        if request.user.has_perm("articles.add_tag"):
            context["editing_urls"]["new_tag"] = reverse("admin:articles_article_new_tag")
        if article is not None:
            context["editing_urls"] |= {
                "check_in": reverse("admin:articles_article_check_in", args=[pk]),
                "take_over": reverse("admin:articles_article_take_over", args=[pk]),
            }
            context["editor"] = presence.check_in(pk, request.user)
        return context

    def unsaved(self, request, article) -> Unsaved | None:
        saved = autosave.find(article=article, user=request.user)
        if saved is None:
            return None
        form_class = super().get_form(request, article, change=article is not None)
        # A copy: validating the form writes its values onto the instance.
        form = form_class(saved.as_query_dict(), instance=copy.copy(article))
        form.is_valid()
        differences = changes(form)
        if not differences:
            return None
        loaded = saved.data.get(conflicts.VERSION_FIELD, [""])[0]
        return Unsaved(
            saved_at=saved.saved_at,
            differences=differences,
            restored=request.GET.get(RESTORE_PARAMETER) == "restore",
            saved_since=bool(article and loaded and loaded != conflicts.version(article)),
        )

    def after_post(self, request, article, response):
        """A save clears the editor's autosave; a refused stale save keeps what they sent."""
        if response.status_code == 302:
            autosave.discard(article=article, user=request.user)
            if article is not None:
                presence.leave(article.pk, request.user)
            return
        form = getattr(response, "context_data", {}).get("adminform")
        if form is not None and getattr(form.form, "conflict", None) is not None:
            names = form.form.base_fields
            data = autosave.form_fields(request.POST, names)
            if data:
                autosave.store(article=article, user=request.user, data=data)


def changes(form) -> list:
    """The fields an autosaved form changes, each with both versions."""
    names = [n for n in form.changed_data if n != conflicts.VERSION_FIELD]
    fields = form.fields
    differences = []
    for name in names:
        if isinstance(fields[name], conflicts.forms.FileField):
            continue
        field = fields[name]
        value = form.cleaned_data.get(name, form[name].data)
        saved = form.get_initial_for_field(field, name)
        if name == "tags":
            value, saved = list(value), list(saved or [])
        label = str(field.label)
        differences.append(conflicts.compare(label, field, saved, value, changed_only=True))
    return differences


def restoring(form_class, saved):
    """The form class, opening with the autosaved values instead of the saved ones."""
    data = saved.as_query_dict()

    class Restored(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if self.is_bound:
                return
            bound = form_class(data, instance=self.instance)
            for name, field in self.fields.items():
                if not isinstance(field, conflicts.forms.FileField):
                    self.initial[name] = bound[name].data

    return Restored
