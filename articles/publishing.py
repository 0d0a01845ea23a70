"""Publishing from the article form: publish now or schedule, a free address, the save message.

The form's status offers three choices for the model's two statuses. "Publish now" dates the
article now whatever date it carried (an old draft is not published in the past), unless it is
live already; "Schedule" is the only way to a future date, and needs one. A title another article
has gets the next free address (`-2`, `-3`) rather than an error in the collapsed Advanced section.
An expired article keeps its date too when saved as it is: it is put back up by moving its
unpublish time on (or clearing it), and taken down for good by moving it back to draft.
"""

import datetime

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles import states
from articles.slugs import unique_slug
from core import sanitizer

DRAFT, PUBLISH_NOW, SCHEDULE = "draft", "published", "schedule"
CHOICES = [
    (DRAFT, gettext_lazy("Draft")),
    (PUBLISH_NOW, gettext_lazy("Publish now")),
    (SCHEDULE, gettext_lazy("Schedule for the publication date")),
]


class PublishingForm:
    """Mixed into the admin's article form (see PublishingAdminMixin.get_form)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A form sent back with errors has written its values onto the article: its state
        # must still say where the saved article stands, not where the refused one would.
        self.instance.saved_state = states.state_label(self.instance)
        expired = self.instance.is_expired()
        self.was_live = self.instance.is_published() or expired
        self.notes = []
        if self.instance.is_scheduled():
            self.initial["status"] = SCHEDULE
        if self.was_live and "status" in self.fields:
            current = _("Published (expired)") if expired else _("Published (live)")
            self.fields["status"].choices = [
                (value, current if value == PUBLISH_NOW else label) for value, label in CHOICES
            ]

    def clean_status(self):
        self.publishing = self.cleaned_data["status"]
        return PUBLISH_NOW if self.publishing == SCHEDULE else self.publishing

    def clean(self):
        cleaned = super().clean()
        self._date_publication(cleaned)
        self._free_slug(cleaned)
        return cleaned

    def _date_publication(self, cleaned):
        choice = getattr(self, "publishing", None)
        if choice == PUBLISH_NOW and not self.was_live:
            cleaned["published_at"] = timezone.now()
        elif choice == SCHEDULE:
            at = cleaned.get("published_at")
            if at is None or at <= timezone.now():
                self.add_error(
                    "published_at", _("To schedule the article, give a date and time to come.")
                )

    def _free_slug(self, cleaned):
        slug = cleaned.get("slug")
        others = type(self.instance)._default_manager.exclude(pk=self.instance.pk)
        if slug and others.filter(slug=slug).exists():
            cleaned["slug"] = unique_slug(self.instance, slug, max_length=220)
            self.notes.append(
                _("Another article has the address “%(taken)s”, so this one got “%(slug)s”.")
                % {"taken": slug, "slug": cleaned["slug"]}
            )


class PublishingAdminMixin:
    """For ArticleAdmin: the status choices above, the state in words, and messages after a
    save that say what readers now see and what the sanitizer changed."""

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status":
            kwargs["choices"] = CHOICES
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (PublishingForm, form), {})

    @admin.display(description=gettext_lazy("state"), ordering="published_at")
    def state(self, article):
        return getattr(article, "saved_state", None) or states.state_label(article)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        request.article_outcome = states.save_outcome(obj, request)
        cleaning = sanitizer.cleaning_report(form.data.get("body", ""))
        request.article_notes = [*getattr(form, "notes", [])]
        if cleaning:
            note = _("The body was cleaned when saved: %(changes)s.")
            request.article_notes.append(note % {"changes": "; ".join(cleaning)})

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        outcome = request.__dict__.pop("article_outcome", None)
        if outcome and level == messages.SUCCESS:
            message = format_html("{} {}", outcome, message)
        super().message_user(request, message, level, *args, **kwargs)
        for note in request.__dict__.pop("article_notes", []):
            super().message_user(request, note, messages.WARNING)


class ExpiryListFilter(admin.SimpleListFilter):
    """Articles by their unpublish time: coming down within a week, later, or already down."""

    title = gettext_lazy("unpublish at")
    parameter_name = "unpublishes"
    SOON = datetime.timedelta(days=7)

    def lookups(self, request, model_admin):
        return [
            ("soon", _("Unpublishes soon (within 7 days)")),
            ("later", _("Unpublishes later")),
            ("expired", _("Expired")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        up = queryset.filter(status="published", expires_at__gt=now)
        if self.value() == "soon":
            return up.filter(expires_at__lte=now + self.SOON)
        if self.value() == "later":
            return up.filter(expires_at__gt=now + self.SOON)
        if self.value() == "expired":
            return queryset.expired()
        return queryset


class StateListFilter(admin.SimpleListFilter):
    title = gettext_lazy("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return list(states.STATE_NAMES.items())

    def queryset(self, request, queryset):
        if self.value() in states.STATE_NAMES:
            return states.state_filter(queryset, self.value())
        return queryset
