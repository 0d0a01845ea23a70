from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.cached_pages import pages_to_refresh
from articles.models import Article, Tag
from newsblog.admin import NonceMediaMixin
from newsblog.admin_changelist import DateHierarchyMixin
from newsblog.page_cache import invalidate_on_commit

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

    def save_model(self, request, obj, form, change):
        before = Tag.objects.get(pk=obj.pk).cached_pages() if change else set()
        super().save_model(request, obj, form, change)
        invalidate_on_commit(before | obj.cached_pages())

    def delete_model(self, request, obj):
        pages = obj.cached_pages()
        super().delete_model(request, obj)
        invalidate_on_commit(pages)

    def delete_queryset(self, request, queryset):
        pages = set().union(*(tag.cached_pages() for tag in queryset))
        super().delete_queryset(request, queryset)
        invalidate_on_commit(pages)


@admin.register(Article)
class ArticleAdmin(DateHierarchyMixin, NonceMediaMixin, admin.ModelAdmin):
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
        if change:
            # The pages readers saw before this save need refreshing as much as the new ones.
            saved = Article.objects.prefetch_related("tags").get(pk=obj.pk)
            obj.cached_pages_before = saved.cached_pages()
        else:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        before = getattr(article, "cached_pages_before", set())
        invalidate_on_commit(pages_to_refresh(before, article.cached_pages()))

    def delete_model(self, request, obj):
        pages = obj.cached_pages()
        super().delete_model(request, obj)
        invalidate_on_commit(pages_to_refresh(pages, set()))

    def delete_queryset(self, request, queryset):
        # One by one, so that each article's image files go with it.
        with transaction.atomic():
            articles = list(queryset.prefetch_related("tags"))
            pages = set().union(*(article.cached_pages() for article in articles))
            for article in articles:
                article.delete()
            invalidate_on_commit(pages_to_refresh(pages, set()))

    @admin.action(description=_("Publish selected articles now"), permissions=["change"])
    def publish(self, request, queryset):
        drafts = queryset.filter(status=Article.Status.DRAFT).prefetch_related("tags")
        for article in drafts:
            article.status = Article.Status.PUBLISHED
            article.published_at = article.published_at or timezone.now()
            article.save(update_fields=["status", "published_at", "updated_at"])
        pages = set().union(*(article.cached_pages() for article in drafts))
        invalidate_on_commit(pages_to_refresh(set(), pages))
        count = len(drafts)
        self.message_user(
            request,
            ngettext("%d article published.", "%d articles published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Move selected articles back to draft"), permissions=["change"])
    def unpublish(self, request, queryset):
        published = queryset.filter(status=Article.Status.PUBLISHED).prefetch_related("tags")
        pages = set().union(*(article.cached_pages() for article in published))
        count = published.update(status=Article.Status.DRAFT, updated_at=timezone.now())
        invalidate_on_commit(pages_to_refresh(pages, set()))
        self.message_user(
            request,
            ngettext("%d article moved to drafts.", "%d articles moved to drafts.", count) % count,
            messages.SUCCESS,
        )
