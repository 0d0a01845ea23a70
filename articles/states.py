"""Where an article stands for readers, in editors' words: Draft, Scheduled, Published, Unpublished.

`Article.status` holds only draft or published; a published article whose publication time has
not come is scheduled, and a draft that readers once saw is unpublished (`unpublished_at`, set
when a live article goes back to draft). The admin's list, its filter, the form and the message
after a save all describe an article through `state()`.
"""

from django.db.models import Q
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DRAFT = "draft"
SCHEDULED = "scheduled"
PUBLISHED = "published"
UNPUBLISHED = "unpublished"

STATE_NAMES = {
    DRAFT: gettext_lazy("Draft"),
    SCHEDULED: gettext_lazy("Scheduled"),
    PUBLISHED: gettext_lazy("Published"),
    UNPUBLISHED: gettext_lazy("Unpublished"),
}


def state(article) -> str:
    if article.is_published():
        return PUBLISHED
    if article.is_scheduled():
        return SCHEDULED
    return UNPUBLISHED if article.unpublished_at else DRAFT


def state_label(article) -> str:
    """ "Draft", "Published", "Unpublished" or "Scheduled for 4 Dec 2026, 09:00"."""
    current = state(article)
    if current == SCHEDULED:
        when = dateformat.format(timezone.localtime(article.published_at), "j M Y, H:i")
        return _("Scheduled for %(when)s") % {"when": when}
    return str(STATE_NAMES[current])


def state_filter(queryset, name: str):
    """The articles in the named state (the queryset rules, in the list filter's terms)."""
    now = timezone.now()
    published = Q(status="published")
    rules = {
        DRAFT: Q(status="draft", unpublished_at__isnull=True),
        SCHEDULED: published & Q(published_at__gt=now),
        PUBLISHED: published & Q(published_at__lte=now),
        UNPUBLISHED: Q(status="draft", unpublished_at__isnull=False),
    }
    return queryset.filter(rules[name])


def note_unpublishing(article) -> list[str]:
    """Before a save: mark a live article going back to draft as unpublished, and clear the
    mark when it is published again. The names of the fields it changed."""
    if article.status == "published":
        changed = article.unpublished_at is not None
        article.unpublished_at = None
    else:
        was_live = (
            article.pk is not None
            and article.unpublished_at is None
            and type(article).objects.published().filter(pk=article.pk).exists()
        )
        changed = was_live
        if was_live:
            article.unpublished_at = timezone.now()
    return ["unpublished_at"] if changed else []


def save_outcome(article, request):
    """What a save did for readers, said first in the message after saving."""
    current = state(article)
    if current == SCHEDULED:
        local = timezone.localtime(article.published_at)
        same_year = local.year == timezone.localtime().year
        when = dateformat.format(local, "j F \\a\\t H:i" if same_year else "j F Y \\a\\t H:i")
        return _("Scheduled: it will appear on %(when)s.") % {"when": when}
    if current == PUBLISHED:
        url = request.build_absolute_uri(article.get_absolute_url())
        return format_html(
            _("Published: it is live at {}."), format_html('<a href="{0}">{0}</a>', url)
        )
    return _("Saved as draft: readers don’t see it.")
