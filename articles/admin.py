from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.editing import EditingMixin
from articles.models import Article, Tag
from core.admin import DateHierarchyMixin, NonceMediaMixin

PREVIEW_WIDTH = 240


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        tags = super().get_queryset(request).annotate(article_count=Count("articles"))
        return tags.order_by("name")

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, tag):
        return tag.article_count


@admin.register(Article)
class ArticleAdmin(EditingMixin, DateHierarchyMixin, NonceMediaMixin, admin.ModelAdmin):
    list_display = ["title", "status", "is_published", "published_at", "author", "tag_list"]
    list_filter = ["status", "published_at", "tags"]
    search_fields = ["title", "summary", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["tags"]
    readonly_fields = ["author", "created_at", "updated_at", "image_preview"]
    list_select_related = ["author"]
    actions = ["publish", "unpublish"]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["title", "summary", "body", "tags"]}),
        (
            _("Featured image"),
            {
                "fields": ["image_preview", "image", "image_alt", "image_caption", "image_credit"],
            },
        ),
        (_("Publishing"), {"fields": ["status", "published_at", "allow_comments"]}),
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

    @admin.action(description=_("Publish selected articles now"), permissions=["change"])
    def publish(self, request, queryset):
        drafts = list(queryset.filter(status=Article.Status.DRAFT))
        with transaction.atomic():
            for article in drafts:
                article.status = Article.Status.PUBLISHED
                article.published_at = article.published_at or timezone.now()
                article.save(update_fields=["status", "published_at", "updated_at"])
        count = len(drafts)
        self.message_user(
            request,
            ngettext("%d article published.", "%d articles published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Move selected articles back to draft"), permissions=["change"])
    def unpublish(self, request, queryset):
        # One save each, not one UPDATE, so that each refreshes the pages it leaves.
        published = list(queryset.filter(status=Article.Status.PUBLISHED))
        with transaction.atomic():
            for article in published:
                article.status = Article.Status.DRAFT
                article.save(update_fields=["status", "updated_at"])
        count = len(published)
        self.message_user(
            request,
            ngettext("%d article moved to drafts.", "%d articles moved to drafts.", count) % count,
            messages.SUCCESS,
        )
