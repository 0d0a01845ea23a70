"""Submitting an article for review: how an author who may not publish asks an editor to.

As WordPress's "Pending Review": the article stays a draft that readers don't see, and carries
who submitted it and when (`submitted_at`, `submitted_by`). Editors find submitted articles at
the top of the admin's list, counted beside "Articles" on the admin's home page. Publishing the
article, however it happens (the form, the list's action, a script), clears the submission: it
is done at the model's save. An author who saves it as a plain draft again withdraws it.
"""

from django.utils import timezone

FIELDS = ["submitted_at", "submitted_by"]


def submit(article, *, user) -> None:
    """Mark the article submitted by the user (before its save); a second submission keeps
    the first one's time, its place in the editors' queue."""
    if article.submitted_at is None:
        article.submitted_at = timezone.now()
        article.submitted_by = user


def withdraw(article) -> None:
    article.submitted_at = None
    article.submitted_by = None


def note_publication(article) -> list[str]:
    """Before a save: a published (or scheduled) article is no longer waiting for review.
    The names of the fields it changed."""
    if article.status != "published" or article.submitted_at is None:
        return []
    withdraw(article)
    return FIELDS
