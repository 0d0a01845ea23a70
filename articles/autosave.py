"""Autosave: the working copy of an article form, kept apart from the article readers see.

The article form's script posts what the form holds every few seconds of idle typing
(`articles.autosave_views`). It lands here, one row per editor and article (and one per editor
for an article not saved yet), and nothing else: the article is not saved, so its public
page, its cached pages and its history stay as they were. Reopening the form offers the row
back ("You have unsaved changes from 10:42"); restoring fills the form, and only Save applies
it. A successful Save deletes the row.
"""

from django.conf import settings
from django.db import models
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

# What an autosave never keeps: the form's token and the admin's own buttons.
IGNORED_KEYS = {"csrfmiddlewaretoken", "_save", "_continue", "_addanother", "_saveasnew"}
# Far more than a long article; a form bigger than this is not an article form.
MAX_KEYS = 200


class ArticleAutosave(models.Model):
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="autosaves",
        verbose_name=_("article"),
        help_text=_("Empty for an article that was never saved."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="article_autosaves",
        verbose_name=_("editor"),
    )
    data = models.JSONField(_("form fields"), default=dict)
    saved_at = models.DateTimeField(_("autosaved"), auto_now=True)

    class Meta:
        ordering = ["-saved_at"]
        verbose_name = _("autosave")
        verbose_name_plural = _("autosaves")
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="one_autosave_per_editor"),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(article__isnull=True),
                name="one_new_article_autosave_per_editor",
            ),
        ]

    def __str__(self):
        return f"{self.article or _('New article')} ({self.user})"

    def as_query_dict(self) -> QueryDict:
        """The fields as the form posted them, for a form to read."""
        query = QueryDict(mutable=True)
        for key, values in self.data.items():
            query.setlist(key, values)
        return query


def form_fields(post: QueryDict, field_names) -> dict[str, list[str]] | None:
    """What of a posted form an autosave keeps (the form's own fields, as lists of strings),
    or None when it is not an article form."""
    if len(post) > MAX_KEYS:
        return None
    kept = {}
    for key in post:
        base = key.rsplit("_", 1)[0] if key[-1:].isdigit() else key  # published_at_0
        if key not in IGNORED_KEYS and (key in field_names or base in field_names):
            kept[key] = post.getlist(key)
    return kept or None


def store(*, article, user, data: dict) -> ArticleAutosave:
    autosave, _created = ArticleAutosave.objects.update_or_create(
        article=article, user=user, defaults={"data": data}
    )
    return autosave


def find(*, article, user) -> ArticleAutosave | None:
    return ArticleAutosave.objects.filter(article=article, user=user).first()


def discard(*, article, user) -> None:
    ArticleAutosave.objects.filter(article=article, user=user).delete()
