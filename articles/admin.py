import reversion
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import router, transaction
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles import tag_care
from articles.authoring import AuthoringAdminMixin
from articles.editing import EditingMixin
from articles.models import Article, ArticleNote, Tag
from articles.publishing import ExpiryListFilter, PublishingAdminMixin, StateListFilter
from articles.review_links_admin import ReviewLinkAdminMixin
from articles.revisions_admin import RevisionAdminMixin
from core.admin import DateHierarchyMixin, NonceMediaMixin

PREVIEW_WIDTH = 240


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "published_count", "article_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["merge"]

    def get_queryset(self, request):
        published = Q(articles__in=Article.objects.published())
        tags = (
            super()
            .get_queryset(request)
            .annotate(
                article_count=Count("articles", distinct=True),
                published_count=Count("articles", filter=published, distinct=True),
            )
        )
        return tags.order_by("name")

    @admin.display(description=_("published articles"), ordering="published_count")
    def published_count(self, tag):
        return tag.published_count

    @admin.display(description=_("all articles"), ordering="article_count")
    def article_count(self, tag):
        return tag.article_count

    def has_delete_permission(self, request, obj=None):
        # A tag in use is renamed or merged, never deleted, except by a superuser.
        if obj is not None and not request.user.is_superuser and obj.articles.exists():
            return False
        return super().has_delete_permission(request, obj)

    @admin.action(description=_("Merge selected tags…"), permissions=["change", "delete"])
    def merge(self, request, queryset):
        tags = list(queryset.order_by("name"))
        if len(tags) < 2:
            self.message_user(request, _("Select two or more tags to merge."), messages.ERROR)
            return None
        keep = next((tag for tag in tags if str(tag.pk) == request.POST.get("keep")), None)
        if keep is None:
            return tag_merge_page(self, request, tags)
        count = tag_care.merge_tags(keep=keep, others=tags)
        message = ngettext(
            "Merged %(count)d tag into “%(tag)s”; its address now leads there.",
            "Merged %(count)d tags into “%(tag)s”; their addresses now lead there.",
            count,
        ) % {"count": count, "tag": keep.name}
        self.message_user(request, message, messages.SUCCESS)
        return None


def tag_merge_page(modeladmin, request, tags):
    """Which of the selected tags to keep: the others' articles and addresses move to it."""
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Merge tags"),
        "opts": modeladmin.model._meta,
        "tags": tags,
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/articles/tag/merge.html", context)


class ArticleNoteInline(admin.TabularInline):
    model = ArticleNote
    fields = ["kind", "text", "created_at"]
    extra = 0
    verbose_name = _("correction or update")
    verbose_name_plural = _("corrections and updates (shown to readers, on the record)")


@admin.register(Article)
class ArticleAdmin(
    ReviewLinkAdminMixin,
    EditingMixin,
    DateHierarchyMixin,
    NonceMediaMixin,
    AuthoringAdminMixin,
    PublishingAdminMixin,
    RevisionAdminMixin,
):
    list_display = ["title", "state", "is_published", "published_at", "author", "tag_list"]
    list_filter = [StateListFilter, ExpiryListFilter, "published_at", "tags"]
    search_fields = ["title", "summary", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["tags"]
    readonly_fields = ["state", "author", "created_at", "updated_at", "image_preview"]
    list_select_related = ["author", "submitted_by"]
    actions = ["publish", "unpublish"]
    save_on_top = True
    inlines = [ArticleNoteInline]
    fieldsets = [
        (None, {"fields": ["title", "summary", "body", "tags"]}),
        (
            _("Featured image"),
            {
                "fields": ["image_preview", "image", "image_alt", "image_caption", "image_credit"],
            },
        ),
        (
            _("Publishing"),
            {"fields": ["state", "status", "published_at", "expires_at", "allow_comments"]},
        ),
        (
            _("Search engines and sharing"),
            {
                "classes": ["collapse"],
                "fields": ["seo_title", "seo_description"],
                "description": _(
                    "Optional. How the article appears in search results and when shared."
                ),
            },
        ),
        (
            _("Advanced"),
            {
                "classes": ["collapse"],
                "fields": ["slug", "author", "created_at", "updated_at"],
            },
        ),
    ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The panels' and the editing checks' reads, and the save, in one transaction as Django's
        # own form view is: a locked table makes them wait for a write's lock timeout, not a
        # read's (see newsblog/postgresql/).
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().change_view(request, object_id, form_url, extra_context)

    def get_queryset(self, request):
        # The search document is the database's business, and large: never load it here.
        return super().get_queryset(request).prefetch_related("tags").defer("search_document")

    @admin.display(boolean=True, description=_("live"))
    def is_published(self, article):
        return article.is_published()

    @admin.display(description=_("tags"))
    def tag_list(self, article):
        return ", ".join(tag.name for tag in article.tags.all())

    @admin.display(description=_("current image"))
    def image_preview(self, article):
        picture = article.featured_image()
        if picture is None:
            return _("No image yet.")
        thumbnail = picture.smallest
        width = min(PREVIEW_WIDTH, thumbnail.width)
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="{}">',
            thumbnail.url,
            width,
            round(thumbnail.height * width / thumbnail.width),
            article.image_alt,
        )

    def view_on_site(self, article):
        return article.get_absolute_url()

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    def delete_queryset(self, request, queryset):
        # One by one, so that each article's image files go with it.
        with transaction.atomic():
            for article in queryset:
                article.delete()

    @admin.action(description=_("Publish selected articles now"), permissions=["publish"])
    def publish(self, request, queryset):
        # Now, whatever date a draft carried: scheduling is the form's explicit choice. An
        # unpublish time already past would take it down again at once: it is cleared.
        waiting = [article for article in queryset if not article.is_published()]
        with transaction.atomic():
            for article in waiting:
                article.status = Article.Status.PUBLISHED
                article.published_at = timezone.now()
                if article.expires_at and article.expires_at <= article.published_at:
                    article.expires_at = None
                fields = ["status", "published_at", "expires_at", "updated_at"]
                article.save(update_fields=fields)
        reversion.set_comment(_("Published now."))
        count = len(waiting)
        self.message_user(
            request,
            ngettext("%d article published.", "%d articles published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Move selected articles back to draft"), permissions=["publish"])
    def unpublish(self, request, queryset):
        # One save each, not one UPDATE, so that each refreshes the pages it leaves.
        published = list(queryset.filter(status=Article.Status.PUBLISHED))
        with transaction.atomic():
            for article in published:
                article.status = Article.Status.DRAFT
                article.save(update_fields=["status", "updated_at"])
        reversion.set_comment(_("Moved back to draft."))
        count = len(published)
        self.message_user(
            request,
            ngettext("%d article moved to drafts.", "%d articles moved to drafts.", count) % count,
            messages.SUCCESS,
        )
