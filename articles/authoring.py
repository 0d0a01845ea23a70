"""Who may do what in the article admin: Editors everything, Authors their own drafts.

Two permissions of the article model say it, as Django's own do, so any group or person can be
given them: `publish_article` (publish, schedule, set an unpublish time, move back to draft,
make review links) and `change_others_article` (see and change articles someone else wrote).
Editors hold both, Authors neither (core/roles.py).

Without the first, the form's status offers "Draft" and "Submit for review" only, the
publication date and the unpublish time are not editable (and left out until an editor sets
them), the list has no "Publish now" or "Move back to draft" action, and an article that
readers see or will see (published, scheduled, expired) is view only. Without the second, the
list shows one's own articles only, and another's article answers 403 on every admin page and
button of it.

What the form leaves out is refused when sent, not only hidden: a forged status is not one of
the choices (the form says so and saves nothing), and a read-only field is never read from the
request, so a forged date or unpublish time is ignored.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from articles import submissions
from articles.publishing import DRAFT

PUBLISH = "articles.publish_article"
CHANGE_OTHERS = "articles.change_others_article"
SUBMIT = "submit"
SUBMISSION_CHOICES = [(DRAFT, _("Draft")), (SUBMIT, _("Submit for review"))]
PUBLISHING_FIELDS = ["published_at", "expires_at"]


def may_publish(user) -> bool:
    return user.has_perm(PUBLISH)


def may_change_others(user) -> bool:
    return user.has_perm(CHANGE_OTHERS)


class SubmissionForm:
    """Mixed into the article form of someone who may not publish: draft or submit."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "status" in self.fields:
            self.fields["status"].choices = SUBMISSION_CHOICES
            self.fields["status"].help_text = _(
                "Draft: only you and the editors see it. Submit for review: the editors see it "
                "at the top of their list, and publish it."
            )
            self.initial["status"] = SUBMIT if self.instance.submitted_at else DRAFT

    def clean_status(self):
        self.submitting = self.cleaned_data["status"] == SUBMIT
        self.cleaned_data["status"] = DRAFT
        return super().clean_status()


class AuthoringAdminMixin:
    """For ArticleAdmin, before PublishingAdminMixin (whose form it narrows)."""

    def get_queryset(self, request):
        articles = super().get_queryset(request)
        if may_change_others(request.user):
            return articles
        return articles.filter(author=request.user)

    def get_object(self, request, object_id, from_field=None):
        article = super().get_object(request, object_id, from_field)
        if article is None and not may_change_others(request.user) and self._exists(object_id):
            raise PermissionDenied  # someone else's: not a missing article
        return article

    def _exists(self, object_id) -> bool:
        try:
            pk = self.opts.pk.to_python(object_id)
            return self.model._default_manager.filter(pk=pk).exists()
        except (ValidationError, ValueError):
            return False

    def get_ordering(self, request):
        # The drafts waiting for an editor first, the one waiting longest at the top.
        return [F("submitted_at").asc(nulls_last=True), *self.opts.ordering]

    def has_publish_permission(self, request) -> bool:
        return may_publish(request.user)

    def _may_touch(self, request, article) -> bool:
        return (
            article is None
            or may_change_others(request.user)
            or article.author_id == request.user.pk
        )

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._may_touch(request, obj)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj) and self._may_touch(request, obj)
        if obj is None or not allowed or may_publish(request.user):
            return allowed
        return obj.status == obj.Status.DRAFT  # live or on its way: only editors change it

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj) and self._may_touch(request, obj)
        if obj is None or not allowed or may_publish(request.user):
            return allowed
        return obj.status == obj.Status.DRAFT

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj)]
        if not may_publish(request.user):
            fields += PUBLISHING_FIELDS
        return fields

    def get_fieldsets(self, request, obj=None):
        # An editor sets the dates; an author is shown them once there are some.
        fieldsets = super().get_fieldsets(request, obj)
        if may_publish(request.user):
            return fieldsets
        unset = {name for name in PUBLISHING_FIELDS if getattr(obj, name, None) is None}
        return [
            (title, {**options, "fields": [f for f in options["fields"] if f not in unset]})
            for title, options in fieldsets
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if may_publish(request.user):
            return form
        return type(form.__name__, (SubmissionForm, form), {})

    def save_model(self, request, obj, form, change):
        submitting = getattr(form, "submitting", None)
        if submitting:
            submissions.submit(obj, user=request.user)
        elif submitting is False:
            submissions.withdraw(obj)
        super().save_model(request, obj, form, change)
