"""Every change to a comment refreshes the cached pages that show it, whoever makes it.

An approved comment shows on its article's page and in its article's comment count on every
list; a pending, rejected or spam one shows nowhere that is cached. So a comment that is, or
was, approved refreshes its article's pages once its transaction commits. The moderation
workflow changes many comments at once with one UPDATE, which sends no signal, and calls
`refresh_article_pages` itself.
"""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from articles.models import Article
from comments.models import Comment
from pagecache.store import invalidate_on_commit


def connect() -> None:
    pre_save.connect(remember_saved_state, sender=Comment, dispatch_uid="comments.pre_save")
    post_save.connect(refresh_after_save, sender=Comment, dispatch_uid="comments.post_save")
    pre_delete.connect(remember_deleted, sender=Comment, dispatch_uid="comments.pre_delete")
    post_delete.connect(refresh_after_delete, sender=Comment, dispatch_uid="comments.post_delete")


def refresh_article_pages(article_ids) -> None:
    """Refresh the cached pages of these articles, after the transaction commits."""
    articles = Article.objects.filter(pk__in=set(article_ids)).select_related("author")
    pages = (article.cached_pages() for article in articles.prefetch_related("tags"))
    invalidate_on_commit(set().union(*pages))


def remember_saved_state(sender, instance, raw=False, **kwargs):
    saved = None
    if instance.pk is not None and not raw:
        saved = Comment.objects.filter(pk=instance.pk).values("status", "article_id").first()
    instance._saved_state = saved


def refresh_after_save(sender, instance, raw=False, **kwargs):
    saved = getattr(instance, "_saved_state", None)
    shown = [instance.article_id] if instance.is_approved() else []
    if saved and saved["status"] == Comment.Status.APPROVED:
        shown.append(saved["article_id"])
    if shown and not raw:
        refresh_article_pages(shown)


def remember_deleted(sender, instance, origin=None, **kwargs):
    # Deleting an article takes its comments with it; the article refreshes its own pages.
    deleting_article = isinstance(origin, Article) or getattr(origin, "model", None) is Article
    instance._was_shown = instance.is_approved() and not deleting_article


def refresh_after_delete(sender, instance, **kwargs):
    if getattr(instance, "_was_shown", False):
        refresh_article_pages([instance.article_id])
