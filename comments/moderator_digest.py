"""The moderators' digest (COMMENTS_NOTIFY=digest): one email per hour or day, not one per comment.

The first comment needing a decision in a period schedules the digest for the period's end,
as a task with `run_after` on the database queue; later ones see it is scheduled and do nothing.
The one `ModeratorDigest` row says so: a single UPDATE claims the right to schedule (`due_at`
empty, or so long past that its task must have been lost), so two comments arriving at once
schedule one digest. When the task runs it clears `due_at` first, then counts: the comments
pending since the last digest, all pending ones, by article and by held reason, each with its
link to the filtered desk. Nothing pending, no email; either way it records when it ran.
A queue that cannot wait (the immediate backend of tests or a site without a worker) sends the
digest at once.
"""

import datetime
import logging

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django_tasks import task, task_backends

from comments.desk_links import absolute, comment_on_desk_url, desk_url
from comments.models import Comment, CommentVersion, ModeratorDigest

logger = logging.getLogger(__name__)

PERIODS = {"hourly": datetime.timedelta(hours=1), "daily": datetime.timedelta(days=1)}


def period_end(now: datetime.datetime, period: str) -> datetime.datetime:
    """The end of the hour, or of the day in TIME_ZONE, that `now` falls in."""
    local = timezone.localtime(now)
    if period == "hourly":
        return local.replace(minute=0, second=0, microsecond=0) + PERIODS["hourly"]
    tomorrow = local.date() + PERIODS["daily"]
    return datetime.datetime.combine(tomorrow, datetime.time(), tzinfo=local.tzinfo)


def schedule() -> bool:
    """Make sure a digest is due at the end of this period; True if this call scheduled it."""
    now = timezone.now()
    period = settings.COMMENTS_DIGEST
    due = period_end(now, period)
    ModeratorDigest.objects.get_or_create(pk=1)
    lost = now - PERIODS[period]  # a task this late never ran: schedule another
    unclaimed = Q(due_at=None) | Q(due_at__lt=lost)
    if not ModeratorDigest.objects.filter(unclaimed, pk=1).update(due_at=due):
        return False
    digest = send_digest
    if task_backends[send_digest.backend].supports_defer:
        digest = send_digest.using(run_after=due)
    try:
        digest.enqueue()
    except Exception:
        logger.exception("Could not queue the moderators' digest")
        ModeratorDigest.objects.filter(pk=1).update(due_at=None)  # the next comment tries again
        return False
    return True


@task()
def send_digest() -> None:
    state, _created = ModeratorDigest.objects.get_or_create(pk=1)
    since, now = state.ran_at, timezone.now()
    ModeratorDigest.objects.filter(pk=1).update(due_at=None, ran_at=now)
    context = summary(since=since)
    if context["pending"] or context["edits"]:
        from comments.moderator_mail import send  # it schedules digests: imports this module

        send("moderator_digest", context)


def summary(*, since: datetime.datetime | None) -> dict:
    """What the digest says: counts, each with the link to the desk showing those comments."""
    pending = Comment.objects.pending()
    new = pending.filter(created_at__gt=since) if since else pending
    by_article = pending.values("article_id", "article__title").annotate(count=Count("pk"))
    by_reason = pending.values("held_reason").annotate(count=Count("pk"))
    waiting = CommentVersion.objects.filter(status=CommentVersion.Status.PENDING)
    edited = Comment.objects.filter(pk__in=waiting.values("comment_id")).order_by("pk")
    return {
        "since": since,
        "new": new.count(),
        "pending": pending.count(),
        "articles": [
            {"title": row["article__title"], "count": row["count"], "url": _desk(row)}
            for row in by_article.order_by("-count", "article__title")
        ],
        "reasons": [
            {"reason": row["held_reason"], "count": row["count"], "url": _desk(row)}
            for row in by_reason.order_by("-count", "held_reason")
        ],
        "edits": [absolute(comment_on_desk_url(pk)) for pk in edited.values_list("pk", flat=True)],
        "desk_url": absolute(desk_url(status="pending")),
    }


def _desk(row: dict) -> str:
    if "article_id" in row:
        return absolute(desk_url(status="pending", article__id__exact=row["article_id"]))
    return absolute(desk_url(status="pending", held_reason=row["held_reason"]))
