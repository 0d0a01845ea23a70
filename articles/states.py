"""Where an article stands for readers, in editors' words: Draft, Submitted for review,
Scheduled, Published, Expired, Unpublished.

`Article.status` holds only draft or published; a published article whose publication time has
not come is scheduled, one whose unpublish time (`expires_at`) has come is expired, and a draft
that readers once saw is unpublished (`unpublished_at`, set when a live or expired article goes
back to draft). A draft its author submitted for review (`submitted_at`, see submissions.py)
says by whom and when: "Submitted for review by Ann Author on 4 Dec 2026, 09:00". A scheduled
or published article with an unpublish time says when it comes down: "Published · unpublishes
on 4 Dec 2026, 09:00". The admin's list, its filter, the form and the
message after a save all describe an article through `state()`.
"""

from django.db.models import Q
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DRAFT = "draft"
SUBMITTED = "submitted"
SCHEDULED = "scheduled"
PUBLISHED = "published"
EXPIRED = "expired"
UNPUBLISHED = "unpublished"
WHEN = "j M Y, H:i"

STATE_NAMES = {
    DRAFT: gettext_lazy("Draft"),
    SUBMITTED: gettext_lazy("Submitted for review"),
    SCHEDULED: gettext_lazy("Scheduled"),
    PUBLISHED: gettext_lazy("Published"),
    EXPIRED: gettext_lazy("Expired"),
    UNPUBLISHED: gettext_lazy("Unpublished"),
}


def state(article) -> str:
    if article.is_published():
        return PUBLISHED
    if article.is_scheduled():
        return SCHEDULED
    if article.is_expired():
        return EXPIRED
    if article.submitted_at:
        return SUBMITTED
    return UNPUBLISHED if article.unpublished_at else DRAFT


def state_label(article) -> str:
    """ "Draft", "Published", "Unpublished", "Scheduled for 4 Dec 2026, 09:00", "Expired on
    4 Dec 2026, 09:00", with " · unpublishes on …" after a scheduled or published one that will
    come down by itself."""
    current = state(article)
    if current == SCHEDULED:
        label = _("Scheduled for %(when)s") % {"when": _when(article.published_at)}
    elif current == EXPIRED:
        return _("Expired on %(when)s") % {"when": _when(article.expires_at)}
    elif current == SUBMITTED:
        return submitted_label(article)
    else:
        label = str(STATE_NAMES[current])
    if current in (SCHEDULED, PUBLISHED) and article.expires_at:
        return _("%(state)s · unpublishes on %(when)s") % {
            "state": label,
            "when": _when(article.expires_at),
        }
    return label


def submitted_label(article) -> str:
    by = article.submitted_by
    if by is None:  # the account is gone
        return _("Submitted for review on %(when)s") % {"when": _when(article.submitted_at)}
    return _("Submitted for review by %(name)s on %(when)s") % {
        "name": by.get_full_name() or by.get_username(),
        "when": _when(article.submitted_at),
    }


def _when(at) -> str:
    return dateformat.format(timezone.localtime(at), WHEN)


def state_filter(queryset, name: str):
    """The articles in the named state (the queryset rules, in the list filter's terms)."""
    now = timezone.now()
    published = Q(status="published")
    still_up = Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    draft = Q(status="draft", submitted_at__isnull=True)
    rules = {
        DRAFT: draft & Q(unpublished_at__isnull=True),
        SUBMITTED: Q(status="draft", submitted_at__isnull=False),
        SCHEDULED: published & Q(published_at__gt=now),
        PUBLISHED: published & Q(published_at__lte=now) & still_up,
        EXPIRED: published & Q(expires_at__lte=now),
        UNPUBLISHED: draft & Q(unpublished_at__isnull=False),
    }
    return queryset.filter(rules[name])


def note_unpublishing(article) -> list[str]:
    """Before a save: mark a live (or expired) article going back to draft as unpublished, and
    clear the mark when it is published again. The names of the fields it changed."""
    if article.status == "published":
        changed = article.unpublished_at is not None
        article.unpublished_at = None
    else:
        was_live = (
            article.pk is not None
            and article.unpublished_at is None
            and type(article)
            .objects.filter(pk=article.pk, status="published", published_at__lte=timezone.now())
            .exists()
        )
        changed = was_live
        if was_live:
            article.unpublished_at = timezone.now()
    return ["unpublished_at"] if changed else []


def save_outcome(article, request):
    """What a save did for readers, said first in the message after saving."""
    current = state(article)
    if current == SCHEDULED:
        outcome = _("Scheduled: it will appear on %(when)s.") % {
            "when": _spoken(article.published_at)
        }
    elif current == PUBLISHED:
        url = request.build_absolute_uri(article.get_absolute_url())
        outcome = format_html(
            _("Published: it is live at {}."), format_html('<a href="{0}">{0}</a>', url)
        )
    elif current == EXPIRED:
        return _("Expired: its unpublish time has passed, so readers no longer see it.")
    elif current == SUBMITTED:
        return _("Submitted for review: an editor will publish it; readers don’t see it yet.")
    else:
        return _("Saved as draft: readers don’t see it.")
    if article.expires_at:
        until = _("It unpublishes on %(when)s.") % {"when": _spoken(article.expires_at)}
        return format_html("{} {}", outcome, until)
    return outcome


def _spoken(at) -> str:
    """ "4 December at 09:00", with the year when it is not this one."""
    local = timezone.localtime(at)
    same_year = local.year == timezone.localtime().year
    return dateformat.format(local, "j F \\a\\t H:i" if same_year else "j F Y \\a\\t H:i")
