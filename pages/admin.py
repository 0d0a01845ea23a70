from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from core import sanitizer
from core.admin import NonceMediaMixin
from pages.models import Page


class ParentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, page):
        return f"/{page.path}/ · {page.title}"


class PageForm(forms.ModelForm):
    """The page form: a parent is chosen by address, never the page itself or one below it."""

    class Meta:
        model = Page
        fields = [
            *("title", "slug", "parent", "body", "seo_description"),
            *("status", "menu", "menu_order"),
        ]
        field_classes = {"parent": ParentChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "parent" in self.fields and self.instance.pk is not None:
            page = self.instance
            below = Page.objects.filter(path__startswith=f"{page.path}/")
            parents = self.fields["parent"].queryset.exclude(pk=page.pk).exclude(pk__in=below)
            self.fields["parent"].queryset = parents


@admin.register(Page)
class PageAdmin(NonceMediaMixin, admin.ModelAdmin):
    form = PageForm
    list_display = ["title", "address", "is_published", "menu", "menu_order", "updated_at"]
    list_filter = ["status", "menu"]
    search_fields = ["title", "path", "body"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["address", "author", "published_at", "created_at", "updated_at"]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "parent", "body"]}),
        (_("Publishing"), {"fields": ["status", "menu", "menu_order"]}),
        (
            _("Search engines"),
            {
                "classes": ["collapse"],
                "fields": ["seo_description"],
                "description": _("Optional. How the page appears in search results."),
            },
        ),
        (
            _("Advanced"),
            {
                "classes": ["collapse"],
                "fields": ["address", "author", "published_at", "created_at", "updated_at"],
            },
        ),
    ]

    @admin.display(description=_("address"), ordering="path")
    def address(self, page):
        return f"/{page.path}/" if page.path else "—"

    @admin.display(boolean=True, description=_("live"))
    def is_published(self, page):
        return page.is_published()

    def view_on_site(self, page):
        return page.get_absolute_url()

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)
        cleaning = sanitizer.cleaning_report(form.data.get("body", ""))
        if cleaning:
            note = _("The body was cleaned when saved: %(changes)s.")
            messages.warning(request, note % {"changes": "; ".join(cleaning)})
