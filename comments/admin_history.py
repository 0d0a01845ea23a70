"""A comment's "History" page in the admin: its moderation history, then the admin's own log.

Django's history page lists only the admin's LogEntry rows, and comments change status through
the moderation functions, which write `ModerationEvent` rows instead, so Django's page said "This
object doesn't have a change history". `CommentAdmin.history_view` adds the events to Django's
page (which keeps its permission check and its log), and the template
admin/comments/comment/object_history.html shows both, with times to the second.
"""

from django.contrib import admin
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from comments.models import ModerationEvent

TO_THE_SECOND = "j M Y, H:i:s"


def moderation_history(object_id: str) -> dict:
    """Context for the history page of comment `object_id`: its events, oldest first."""
    if not str(object_id).isdigit():
        return {}  # Django's view answers an address naming no comment
    events = ModerationEvent.objects.filter(comment_id=int(object_id)).select_related("moderator")
    return {"moderation_events": events, "to_the_second": TO_THE_SECOND}


@admin.display(description=_("when"), ordering="created_at")
def when(event) -> str:
    """The moderation inline's time, to the second: two decisions a minute apart stay apart."""
    return date_format(localtime(event.created_at), TO_THE_SECOND)
