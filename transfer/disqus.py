"""Importing the comments of a Disqus export (`manage.py import_disqus`).

Two steps. transfer/disqus_plan.py decides, for every post of the file, what it becomes, reading
the database but writing nothing: `--dry-run` stops there and reports. `write` then makes it so
in one transaction, so a failure part way leaves the site as it was.

Every imported thread and comment is remembered as an ImportedItem under the source
"disqus:<forum>", keyed on its Disqus id, so running the import again creates nothing twice: it
updates the status and text of comments that changed on Disqus, unless they were moderated,
edited or erased here since (the site's decision wins).

Imported comments notify no one and pass none of the defences readers' comments meet (flood,
the duplicate rule, spam rules): they were moderated on Disqus, and every one is kept, even a
text posted twice. They are written with bulk inserts, which send no model signals, so the
affected articles' cached pages are refreshed here, once, after the transaction commits.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from articles.models import Article
from comments.models import Comment, ModerationEvent
from comments.signals import refresh_article_pages
from transfer.disqus_file import Export
from transfer.disqus_plan import Plan, Planner, Report, source_of
from transfer.models import ImportedItem

UPDATE_REASON = "updated from the Disqus export"


def import_export(export: Export, *, dry_run: bool = False) -> Report:
    plan = Planner(export).plan()
    if not dry_run:
        write(plan)
    return plan.report


@transaction.atomic
def write(plan: Plan) -> None:
    now = timezone.now()
    comment_type = ContentType.objects.get_for_model(Comment)
    for level in sorted(plan.new):
        Comment.objects.bulk_create([comment for _, _, comment in plan.new[level]], batch_size=500)
    ImportedItem.objects.bulk_create(
        [
            ImportedItem(
                source=source,
                kind="comment",
                source_id=post_id,
                content_type=comment_type,
                object_id=comment.pk,
            )
            for batch in plan.new.values()
            for source, post_id, comment in batch
        ],
        batch_size=500,
    )
    for comment, changes, _ in plan.updates:
        update(comment, changes, now=now)
    ImportedItem.objects.filter(pk__in=[item.pk for _, _, item in plan.updates]).update(
        updated_at=now
    )
    remember_threads(plan.threads.values())
    touched = [c.article_id for batch in plan.new.values() for _, _, c in batch]
    refresh_article_pages(touched + [comment.article_id for comment, _, _ in plan.updates])


def update(comment: Comment, changes: dict, *, now) -> None:
    Comment.objects.filter(pk=comment.pk).update(**changes)
    if "status" in changes:
        ModerationEvent.objects.create(
            comment=comment,
            from_status=comment.status,
            to_status=changes["status"],
            reason=UPDATE_REASON,
            created_at=now,
        )


def remember_threads(matched) -> None:
    article_type = ContentType.objects.get_for_model(Article)
    ImportedItem.objects.bulk_create(
        [
            ImportedItem(
                source=source_of(thread),
                kind="thread",
                source_id=thread.id,
                content_type=article_type,
                object_id=match.article_id,
            )
            for thread, match in matched
        ],
        batch_size=500,
        update_conflicts=True,
        unique_fields=["source", "kind", "source_id"],
        update_fields=["content_type", "object_id", "updated_at"],
    )
