"""Corrections, clarifications and updates on the record of a published article."""

from django.db import models, transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from articles.models.article import Article
from articles.querysets import NoteQuerySet


class ArticleNote(models.Model):
    """A correction, clarification or update added to a published article, on the record:
    shown with its time on the article, in its structured data and on /corrections/."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        CLARIFICATION = "clarification", _("Clarification")
        UPDATE = "update", _("Update")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="notes", verbose_name=_("article")
    )
    kind = models.CharField(_("kind"), max_length=15, choices=Kind, default=Kind.CORRECTION)
    text = models.TextField(
        _("text"),
        max_length=1000,
        help_text=_("What was wrong and what is right now, or what is new. Plain text."),
    )
    created_at = models.DateTimeField(
        _("time"), default=timezone.now, help_text=_("When the note was made; shown to readers.")
    )

    objects = NoteQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("correction or update")
        verbose_name_plural = _("corrections and updates")
        indexes = [models.Index(fields=["kind", "-created_at"], name="note_kind_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: {Truncator(self.text).chars(60)}"

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.article.save(update_fields=["updated_at"])  # modified: its pages refresh

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#note-{self.pk}"

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            result = super().delete(*args, **kwargs)
            self.article.save(update_fields=["updated_at"])
        return result

    def is_correction(self):
        """Corrections and clarifications fix the record; updates add to it."""
        return self.kind != self.Kind.UPDATE
