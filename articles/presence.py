"""Who is editing an article: "Edna has been editing since 10:42".

Opening an article's form, and then the form's script every HEARTBEAT_SECONDS, checks the editor
in: they become the article's editor unless someone else is, and stay it while the check-ins
keep coming. Someone who stops checking in (the tab closed, the connection lost) is gone after
GONE_AFTER_SECONDS. A second person sees who is editing and since when, and may take over (a
POST): they become the editor, and the first person's page says so at its next check-in.
Kept in the cache, which every app server shares when CACHE_URL is set: nothing here needs
to outlive a restart.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

HEARTBEAT_SECONDS = 15
GONE_AFTER_SECONDS = 45


@dataclass(frozen=True)
class Editor:
    user_id: int
    name: str
    since: object  # an aware datetime

    def is_user(self, user) -> bool:
        return self.user_id == user.pk

    def message(self) -> str:
        since = time_format(timezone.localtime(self.since), "H:i")
        return _("%(name)s has been editing since %(since)s.") % {"name": self.name, "since": since}


def _key(article_id) -> str:
    return f"articles:editing:{article_id}"


def _entry(user) -> dict:
    return {
        "user_id": user.pk,
        "name": user.get_full_name() or user.get_username(),
        "since": timezone.now(),
    }


def current(article_id) -> Editor | None:
    entry = cache.get(_key(article_id))
    return Editor(**entry) if entry else None


def check_in(article_id, user) -> Editor:
    """Count `user` as the article's editor unless someone else is; who is editing now."""
    editor = current(article_id)
    if editor is None:
        if cache.add(_key(article_id), _entry(user), GONE_AFTER_SECONDS):
            return current(article_id) or Editor(**_entry(user))
        editor = current(article_id)  # someone came in at the same moment
    if editor and editor.is_user(user):
        cache.touch(_key(article_id), GONE_AFTER_SECONDS)
    return editor or check_in(article_id, user)


def take_over(article_id, user) -> Editor:
    cache.set(_key(article_id), _entry(user), GONE_AFTER_SECONDS)
    return current(article_id)


def leave(article_id, user) -> None:
    """The editor saved and left the form: the article is free at once."""
    editor = current(article_id)
    if editor and editor.is_user(user):
        cache.delete(_key(article_id))
