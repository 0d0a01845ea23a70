from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from comments import moderation
from comments.models import QUEUE_ORDER, Comment, ModerationEvent, RejectionReason
from core.admin import DateHierarchyMixin


class ModerationEventInline(admin.TabularInline):
    model = ModerationEvent
    fields = ["created_at", "moderator", "from_status", "to_status", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("moderation history")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _moderation_action(function, description, done_message):
    """An admin bulk action that moves the selected comments through `moderation.function`."""

    def action(modeladmin, request, queryset):
        count = function(comments=queryset, moderator=request.user)
        modeladmin.message_user(request, done_message(count) % count, messages.SUCCESS)

    action.__name__ = function.__name__
    return admin.action(description=description, permissions=["moderate"])(action)


def _rejection_actions():
    """One "Reject: <reason>" action per RejectionReason: the reason is recorded, and told to
    commenters who asked to hear back (comments/notifications.py)."""
    actions = []
    for reason in RejectionReason:

        def action(modeladmin, request, queryset, reason=reason):
            count = moderation.reject(comments=queryset, moderator=request.user, reason=reason)
            message = ngettext("%d comment rejected.", "%d comments rejected.", count) % count
            modeladmin.message_user(request, message, messages.SUCCESS)

        action.__name__ = f"reject_{reason.value.replace('-', '_')}"
        description = _("Reject: %(reason)s") % {"reason": reason.label}
        actions.append(admin.action(description=description, permissions=["moderate"])(action))
    return actions


@admin.register(Comment)
class CommentAdmin(DateHierarchyMixin, admin.ModelAdmin):
    list_display = ["excerpt", "name", "article_link", "status", "held_reason", "created_at"]
    list_display_links = ["excerpt"]
    list_filter = ["status", ("article", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "email", "body"]
    list_select_related = ["article"]
    list_per_page = 50
    date_hierarchy = "created_at"
    inlines = [ModerationEventInline]
    fieldsets = [
        (None, {"fields": ["article_link", "name", "email", "body"]}),
        (_("Moderation"), {"fields": ["status", "held_reason", "moderated_by", "moderated_at"]}),
        (_("Sender"), {"fields": ["created_at", "ip_address", "user_agent"]}),
    ]
    # Status changes only through the actions, so each one is recorded as a moderation event.
    readonly_fields = [
        "article_link",
        "status",
        "held_reason",
        "moderated_by",
        "moderated_at",
        "created_at",
        "ip_address",
        "user_agent",
    ]
    actions = [
        _moderation_action(
            moderation.approve,
            _("Approve"),
            lambda n: ngettext("%d comment approved.", "%d comments approved.", n),
        ),
        _moderation_action(
            moderation.reject,
            _("Reject"),
            lambda n: ngettext("%d comment rejected.", "%d comments rejected.", n),
        ),
        *_rejection_actions(),
        _moderation_action(
            moderation.mark_as_spam,
            _("Mark as spam"),
            lambda n: ngettext("%d comment marked as spam.", "%d comments marked as spam.", n),
        ),
        _moderation_action(
            moderation.move_to_pending,
            _("Move back to pending"),
            lambda n: ngettext(
                "%d comment moved back to pending.", "%d comments moved back to pending.", n
            ),
        ),
    ]

    def get_queryset(self, request):
        # Not super(): it orders by get_ordering() before the queue's sort key exists.
        return self.model._default_manager.moderation_queue()

    def get_ordering(self, request):
        return QUEUE_ORDER

    def has_add_permission(self, request):
        return False  # comments come from readers, through the article page

    def has_moderate_permission(self, request):
        return request.user.has_perm("comments.can_moderate")

    @admin.display(description=_("comment"))
    def excerpt(self, comment):
        return comment.excerpt()

    @admin.display(description=_("article"), ordering="article__title")
    def article_link(self, comment):
        url = reverse("admin:articles_article_change", args=[comment.article_id])
        return format_html('<a href="{}">{}</a>', url, comment.article.title)

    def view_on_site(self, comment):
        return comment.get_absolute_url() if comment.is_approved() else None
