from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from comments import admin_history, admin_links, desk, desk_views, moderation, privacy
from comments.models import QUEUE_ORDER, Comment, CommentVersion, ModerationEvent, RejectionReason
from core import sanitizer
from core.admin import DateHierarchyMixin


class ModerationEventInline(admin.TabularInline):
    model = ModerationEvent
    fields = [admin_history.when, admin_links.event_moderator, "from_status", "to_status", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("moderation history")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.action(
    description=_("Erase the authors' details (all their comments)"), permissions=["moderate"]
)
def erase_authors(modeladmin, request, queryset):
    emails = {email.lower() for email in queryset.exclude(email="").values_list("email", flat=True)}
    count = sum(privacy.erase_commenter(email=email, moderator=request.user) for email in emails)
    authors = ngettext(
        "Erased %d commenter's details", "Erased %d commenters' details", len(emails)
    )
    comments = ngettext("from %d comment.", "from %d comments.", count)
    modeladmin.message_user(request, f"{authors % len(emails)} {comments % count}")


class EditWaitingFilter(admin.SimpleListFilter):
    title = _("edit awaiting approval")
    parameter_name = "edit"

    def lookups(self, request, model_admin):
        return [("waiting", _("Yes"))]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            waiting = CommentVersion.objects.filter(status=CommentVersion.Status.PENDING)
            return queryset.filter(pk__in=waiting.values("comment_id"))
        return queryset


def _moderation_action(decision, description, done_message, *, reason=""):
    """A bulk action: the selected comments through `moderation.decide`, with an Undo."""

    def action(modeladmin, request, queryset):
        changes = moderation.decide(
            comments=queryset, decision=decision, moderator=request.user, reason=reason
        )
        if not changes:  # nothing to undo either
            nothing = _("Nothing changed: the selected comments were already there.")
            desk_views.notice(request, str(nothing))
            return
        desk_views.remember(request, changes, done_message(len(changes)) % len(changes))

    names = {"spam": "mark_as_spam", "pending": "move_to_pending"}
    action.__name__ = (
        f"reject_{reason.replace('-', '_')}" if reason else names.get(decision, decision)
    )
    return admin.action(description=description, permissions=["moderate"])(action)


def _rejected(n):
    return ngettext("%d comment rejected.", "%d comments rejected.", n)


def _rejection_actions():
    """One "Reject: <reason>" action per RejectionReason: the reason is recorded, and told to
    commenters who asked to hear back (comments/notifications.py)."""
    return [
        _moderation_action(
            "reject", _("Reject: %(reason)s") % {"reason": reason.label}, _rejected, reason=reason
        )
        for reason in RejectionReason
    ]


@admin.register(Comment)
class CommentAdmin(DateHierarchyMixin, admin.ModelAdmin):
    list_display = ["excerpt", "name", "article_link", "status", "held_reason", "created_at"]
    list_display_links = ["excerpt"]
    list_filter = [
        desk.StatusFilter,
        ("article", admin.RelatedOnlyFieldListFilter),
        desk.HeldReasonFilter,
        EditWaitingFilter,
    ]
    search_fields = ["name", "email", "body"]
    list_select_related = ["article", "parent"]
    list_per_page = 50
    change_list_template = "admin/comments/comment/desk.html"
    date_hierarchy = "created_at"
    inlines = [ModerationEventInline]
    fieldsets = [
        (None, {"fields": ["article_link", "name", "email", "body", "proposed_edit", "versions"]}),
        (
            _("Moderation"),
            {"fields": ["status", "held_reason", admin_links.moderated_by, "moderated_at"]},
        ),
        (_("Sender"), {"fields": ["created_at", "ip_address", "user_agent"]}),
    ]
    # Status changes only through the actions, so each one is recorded as a moderation event.
    readonly_fields = [
        "article_link",
        "proposed_edit",
        "versions",
        "status",
        "held_reason",
        admin_links.moderated_by,
        "moderated_at",
        "created_at",
        "ip_address",
        "user_agent",
    ]
    actions = [
        _moderation_action(
            "approve",
            _("Approve"),
            lambda n: ngettext("%d comment approved.", "%d comments approved.", n),
        ),
        _moderation_action("reject", _("Reject"), _rejected),
        *_rejection_actions(),
        _moderation_action(
            "spam",
            _("Mark as spam"),
            lambda n: ngettext("%d comment marked as spam.", "%d comments marked as spam.", n),
        ),
        _moderation_action(
            "pending",
            _("Move back to pending"),
            lambda n: ngettext(
                "%d comment moved back to pending.", "%d comments moved back to pending.", n
            ),
        ),
        erase_authors,
    ]

    def get_queryset(self, request):
        # Not super(): it orders by get_ordering() before the queue's sort key exists.
        waiting = CommentVersion.objects.filter(
            comment=OuterRef("pk"), status=CommentVersion.Status.PENDING
        )
        return (
            self.model._default_manager.moderation_queue()
            .annotate(has_waiting_edit=Exists(waiting))
            .defer("article__body", "article__search_document")
        )

    def get_ordering(self, request):
        return QUEUE_ORDER

    def has_add_permission(self, request):
        return False  # comments come from readers, through the article page

    def has_moderate_permission(self, request):
        return request.user.has_perm("comments.can_moderate")

    def has_view_permission(self, request, obj=None):
        # The comments are the desk's: only those who may decide on them see them.
        return self.has_moderate_permission(request) and super().has_view_permission(request, obj)

    def changelist_view(self, request, extra_context=None):
        extra_context = {"title": _("Moderate comments"), **(extra_context or {})}
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None)
        if context and "cl" in context:  # not a redirect after a bulk action
            context.update(self.desk_context(request, context["cl"]))
        return response

    def desk_context(self, request, changelist):
        comments = changelist.result_list
        return {
            "cards": desk.cards(
                comments,
                records=desk.commenter_records(comments),
                drafts=desk_views.take_reply_drafts(request),
            ),
            "status_tabs": desk.status_tabs(changelist),
            "rejection_reasons": desk.rejection_reasons(),
            "desk_notice": desk_views.take_notice(request),
            "desk_query": request.GET.urlencode(),
            "page_ids": ",".join(str(comment.pk) for comment in comments),
        }

    @admin.display(description=_("comment"))
    def excerpt(self, comment):
        return comment.excerpt()

    @admin.display(description=_("article"), ordering="article__title")
    def article_link(self, comment):
        return admin_links.article_link(comment)

    def history_view(self, request, object_id, extra_context=None):
        extra_context = admin_history.moderation_history(object_id) | (extra_context or {})
        return super().history_view(request, object_id, extra_context)

    def view_on_site(self, comment):
        return comment.get_absolute_url() if comment.is_approved() else None

    def get_urls(self):
        decide = self.admin_site.admin_view(self.decide_edit)
        wrap = self.admin_site.admin_view
        return [
            path("desk/decide/", wrap(desk_views.decide), name="comments_comment_decide"),
            path("desk/reply/", wrap(desk_views.reply), name="comments_comment_reply"),
            path("desk/undo/", wrap(desk_views.undo), name="comments_comment_undo"),
            path("<int:pk>/edit/<str:decision>/", decide, name="comments_comment_decide_edit"),
            *super().get_urls(),
        ]

    @admin.display(description=_("edit awaiting approval"))
    def proposed_edit(self, comment):
        """The current public text beside the one the commenter proposes, with the decision."""
        version = comment.versions.filter(status=CommentVersion.Status.PENDING).last()
        if version is None:
            return "-"
        return format_html(
            '<div><strong>{}</strong>{}<strong>{}</strong>{}</div><div class="submit-row">'
            '<button class="button default" type="submit" formaction="{}" name="version" '
            'value="{}">{}</button> <button class="button" type="submit" formaction="{}" '
            'name="version" value="{}">{}</button></div>',
            _("Shown now:"),
            comment.body_html(),
            _("Proposed:"),
            sanitizer.comment_html(version.body),
            reverse("admin:comments_comment_decide_edit", args=[comment.pk, "approve"]),
            version.pk,
            _("Approve the edit"),
            reverse("admin:comments_comment_decide_edit", args=[comment.pk, "reject"]),
            version.pk,
            _("Reject the edit"),
        )

    @admin.display(description=_("every text it had"))
    def versions(self, comment):
        """Each text the commenter gave, oldest first: a read-only list (an inline would need
        its own form data in every save of the comment)."""
        rows = format_html_join(
            "",
            "<li><strong>{} · {}</strong>{}</li>",
            (
                (
                    date_format(localtime(v.created_at), "DATETIME_FORMAT"),
                    v.get_status_display(),
                    sanitizer.comment_html(v.body),
                )
                for v in comment.versions.all()
            ),
        )
        return format_html("<ol>{}</ol>", rows) if rows else _("Never edited.")

    def decide_edit(self, request, pk, decision):
        if request.method != "POST" or not self.has_moderate_permission(request):
            raise PermissionDenied
        decide = {"approve": moderation.approve_edit, "reject": moderation.reject_edit}.get(
            decision
        )
        version = get_object_or_404(CommentVersion, comment_id=pk, pk=request.POST.get("version"))
        if decide is None:
            raise PermissionDenied
        try:
            decided = decide(version=version, moderator=request.user)
        except IntegrityError:  # the commenter sent the new text as another comment meanwhile
            self.message_user(request, _("Another comment already has this text."), messages.ERROR)
            decided = False
        if decided:
            done = _("Edit approved.") if decision == "approve" else _("Edit rejected.")
            self.message_user(request, done, messages.SUCCESS)
        return redirect("admin:comments_comment_change", pk)
