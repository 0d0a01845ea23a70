"""The moderation desk: the admin's comment list, made for deciding one comment after another.

The desk is the Comment change list (comments/admin.py) with its own template: each comment is
shown whole, with what a moderator needs beside it (the article, the comment it answers, the
address's earlier record) and one button per decision. The buttons post to desk_views.py, which
calls the moderation functions and comes back to the same place in the queue with an Undo. This
module gathers what the cards show, in a fixed number of queries whatever the page size.
"""

from collections import Counter

from django.contrib import admin
from django.db.models import Count
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from comments.models import Comment, RejectionReason

ALL = "all"


class StatusFilter(admin.SimpleListFilter):
    """Pending comments unless the moderator asks for another status, or for all of them.
    Asking for one comment (`id`, the moderators' email) or for the edits waiting (`edit`)
    means whatever its status."""

    title = _("status")
    parameter_name = "status"

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        self.default = ALL if request.GET.keys() & {"id", "edit"} else Comment.Status.PENDING

    def lookups(self, request, model_admin):
        return [*Comment.Status.choices, (ALL, _("All"))]

    def value(self):
        return super().value() or self.default

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() in Comment.Status.values:
            return queryset.filter(status=self.value())
        return queryset


class HeldReasonFilter(admin.SimpleListFilter):
    """The reasons the spam rules gave, each once; comments no rule held are not a choice."""

    title = _("held because")
    parameter_name = "held_reason"

    def lookups(self, request, model_admin):
        reasons = (
            Comment.objects.exclude(held_reason="")
            .order_by("held_reason")
            .values_list("held_reason", flat=True)
            .distinct()
        )
        return [(reason, reason) for reason in reasons]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(held_reason=self.value())
        return queryset


def status_tabs(changelist) -> list[dict]:
    """Each status with how many comments have it, and the link to the desk filtered by it."""
    counts = dict(Comment.objects.order_by().values_list("status").annotate(n=Count("pk")))
    status_filter = next(f for f in changelist.filter_specs if isinstance(f, StatusFilter))
    current = status_filter.value()
    tabs = [
        {"value": value, "label": label, "count": counts.get(value, 0)}
        for value, label in Comment.Status.choices
    ]
    tabs.append({"value": ALL, "label": _("All"), "count": sum(counts.values())})
    for tab in tabs:
        tab["selected"] = tab["value"] == current
        tab["url"] = changelist.get_query_string(
            {StatusFilter.parameter_name: tab["value"]}, remove=["p"]
        )
    return tabs


def commenter_records(comments) -> dict[str, Counter]:
    """For each address on the page, how many of its comments have each status (one query)."""
    emails = {comment.email.lower() for comment in comments if comment.email}
    rows = (
        Comment.objects.annotate(address=Lower("email"))
        .filter(address__in=emails)
        .order_by()
        .values_list("address", "status")
        .annotate(n=Count("pk"))
    )
    records = {}
    for address, status, n in rows:
        records.setdefault(address, Counter())[status] = n
    return records


def cards(comments, *, records: dict[str, Counter], drafts: dict[str, str]) -> list[dict]:
    """What each comment's card shows besides the comment: its address's earlier record, and
    a reply the moderator started that could not be published yet."""
    shown = []
    for comment in comments:
        record = Counter(records.get(comment.email.lower(), Counter()))
        record[comment.status] -= 1  # earlier comments: not this one
        draft = drafts.get(str(comment.pk), "")
        shown.append(
            {"comment": comment, "record": record, "is_first": not +record, "draft": draft}
        )
    return shown


def rejection_reasons():
    return RejectionReason.choices
