"""Every change to an article, a tag or an author refreshes the cached pages that show it.

Connected in ArticlesConfig.ready(), these run whichever code makes the change: the admin, a
management command, `manage.py shell`, the demo loader. Each remembers the pages the saved state
showed on before the change (a renamed slug, a redated or unpublished article leaves pages too)
and refreshes those and the new ones once the transaction commits (pagecache.store).
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from articles import cached_pages as pages
from articles.models import Article, Tag
from pagecache.store import invalidate_on_commit

# What an author's pages show of them; saving anything else (a log-in's time) refreshes nothing.
AUTHOR_FIELDS = ("username", "first_name", "last_name")


def connect() -> None:
    for model, before, after in [
        (Article, remember_article, refresh_article),
        (Tag, remember_tag, refresh_tag),
        (get_user_model(), remember_author, refresh_author),
    ]:
        uid = f"articles.{model._meta.label_lower}"
        pre_save.connect(before, sender=model, dispatch_uid=f"{uid}.pre_save")
        post_save.connect(after, sender=model, dispatch_uid=f"{uid}.post_save")
    pre_delete.connect(remember_deleted, sender=Article, dispatch_uid="articles.article.pre_del")
    pre_delete.connect(remember_deleted, sender=Tag, dispatch_uid="articles.tag.pre_delete")
    post_delete.connect(refresh_deleted, sender=Article, dispatch_uid="articles.article.post_del")
    post_delete.connect(refresh_tag, sender=Tag, dispatch_uid="articles.tag.post_delete")
    m2m_changed.connect(refresh_tagging, sender=Article.tags.through, dispatch_uid="articles.tags")


def remember_article(sender, instance, raw=False, **kwargs):
    saved = None if raw else _saved(Article.objects.select_related("author"), instance)
    instance._pages_before = saved.cached_pages() if saved else set()


def refresh_article(sender, instance, raw=False, **kwargs):
    if not raw:
        before = getattr(instance, "_pages_before", set())
        invalidate_on_commit(pages.pages_to_refresh(before, instance.cached_pages()))


def remember_tag(sender, instance, raw=False, **kwargs):
    saved = None if raw else _saved(Tag.objects, instance)
    renamed = saved and (saved.name, saved.slug) != (instance.name, instance.slug)
    instance._pages_before = saved.cached_pages() if renamed else None


def refresh_tag(sender, instance, **kwargs):
    """After a rename, the pages that showed the old name and those that show the new one;
    after a delete, the pages that showed it."""
    before = getattr(instance, "_pages_before", None)
    if before is not None:
        invalidate_on_commit(before | instance.cached_pages())


def remember_author(sender, instance, raw=False, update_fields=None, **kwargs):
    unrelated = update_fields is not None and not set(update_fields) & set(AUTHOR_FIELDS)
    saved = None if raw or unrelated else _saved(sender._default_manager, instance)
    changed = saved and any(getattr(saved, f) != getattr(instance, f) for f in AUTHOR_FIELDS)
    instance._pages_before = _author_pages(saved) if changed else None


def refresh_author(sender, instance, **kwargs):
    before = getattr(instance, "_pages_before", None)
    if before is not None:
        invalidate_on_commit(before | _author_pages(instance))


def remember_deleted(sender, instance, **kwargs):
    # Before the rows go: a deleted article's tags, or a deleted tag's articles, are gone after.
    instance._pages_before = instance.cached_pages()


def refresh_deleted(sender, instance, **kwargs):
    invalidate_on_commit(pages.pages_to_refresh(instance._pages_before, set()))


def refresh_tagging(sender, instance, action, reverse, pk_set, **kwargs):
    """Tags added to or taken from articles, from either side: the pages the articles show on
    with the tags they had (before a removal) or have (after an addition)."""
    if action not in ("pre_remove", "pre_clear", "post_add"):
        return
    if not reverse or pk_set is None:
        invalidate_on_commit(instance.cached_pages())
    else:
        articles = Article.objects.filter(pk__in=pk_set).select_related("author")
        shown = [article.cached_pages() for article in articles.prefetch_related("tags")]
        invalidate_on_commit({pages.tag(slug=instance.slug)}.union(*shown))


def _saved(queryset, instance):
    """The row as it is in the database before this save, or None for a new one."""
    if instance.pk is None:
        return None
    return queryset.filter(pk=instance.pk).first()


def _author_pages(user) -> set[str]:
    articles = Article.objects.published().filter(author=user).prefetch_related("tags")
    return set().union(*(article.cached_pages() for article in articles.select_related("author")))
