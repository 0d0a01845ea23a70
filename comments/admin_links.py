"""What the comment pages of the admin show of other records, so moderators meet no link they
may not open: Django links a read-only foreign key to the related object's admin page whatever
the user's permissions, and moderators may open neither users nor articles there."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _


def person(user) -> str:
    """A staff member by name; "automatic" for decisions the site's rules made."""
    if user is None:
        return _("automatic")
    return user.get_full_name() or user.get_username()


@admin.display(description=_("moderated by"))
def moderated_by(comment) -> str:
    return person(comment.moderated_by) if comment.moderated_by_id else "-"


@admin.display(description=_("moderator"))
def event_moderator(event) -> str:
    return person(event.moderator)


def article_link(comment) -> str:
    """The article's title, linked to the page readers see while it is published."""
    article = comment.article
    if not article.is_published():
        return article.title
    return format_html('<a href="{}">{}</a>', article.get_absolute_url(), article.title)
