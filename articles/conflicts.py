"""Stale forms: a save from a form opened before someone else saved is never applied silently.

The article form carries the version of the article it was opened on (`loaded_version`, its
`updated_at`). When a save arrives from an older version, the form comes back instead, with
everything the editor typed still in it and, above it, each field that differs: the saved
version beside theirs, changed words marked. Saving again keeps theirs (the form now carries
the current version), "Keep the saved version" drops theirs; they can also edit further first.
A form without the field (not from the admin's page) is not checked.
"""

import difflib
import re
from dataclasses import dataclass

from django import forms
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core import sanitizer

VERSION_FIELD = "loaded_version"
# A change-log entry this close to the save is taken to be that save.
SAME_SAVE = timezone.timedelta(seconds=5)
_BLOCKS = re.compile(r"</(?:p|h[1-6]|li|blockquote|pre)>|<br\s*/?>", re.IGNORECASE)


def version(article) -> str:
    return article.updated_at.isoformat() if article.pk and article.updated_at else ""


@dataclass(frozen=True)
class Difference:
    label: str
    saved: str  # HTML made by format_html: escaped text with <del>/<ins> marks
    yours: str


@dataclass(frozen=True)
class Conflict:
    version: str
    saved_at: object
    saved_by: str | None
    differences: list[Difference]


class VersionedForm(forms.ModelForm):
    """The article form, refusing a save from a form older than the saved article."""

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[VERSION_FIELD].initial = version(self.instance)
        self.conflict = None
        name_date_and_time(self.fields.get("published_at"))
        name_date_and_time(self.fields.get("expires_at"))

    def clean(self):
        cleaned = super().clean()
        loaded = cleaned.get(VERSION_FIELD)
        if loaded and self.instance.pk and loaded != version(self.instance):
            self.conflict = find_conflict(self, cleaned)
            raise ValidationError(
                _(
                    "Someone else saved this article after you opened it. Nothing was saved: "
                    "compare the two versions above, then save yours or keep theirs."
                ),
                code="stale",
            )
        return cleaned


def name_date_and_time(field) -> None:
    """The admin's date and time boxes are labelled by text beside them, which screen readers
    do not tie to them: they get names of their own."""
    widgets = getattr(getattr(field, "widget", None), "widgets", None)
    if widgets and len(widgets) == 2:
        label = str(field.label)
        widgets[0].attrs["aria-label"] = _("%s: date") % label
        widgets[1].attrs["aria-label"] = _("%s: time") % label


def find_conflict(form, cleaned) -> Conflict:
    """Both versions of each field that differs, read before the form touches the article."""
    article = form.instance
    differences = []
    for name, field in form.fields.items():
        if name == VERSION_FIELD or isinstance(field, forms.FileField) or name not in cleaned:
            continue
        saved = list(article.tags.all()) if name == "tags" else getattr(article, name, None)
        yours = list(cleaned[name]) if name == "tags" else cleaned[name]
        if shown(field, saved) != shown(field, yours) or (name == "body" and saved != yours):
            differences.append(compare(str(field.label), field, saved, yours))
    return Conflict(
        version=version(article),
        saved_at=article.updated_at,
        saved_by=last_saved_by(article),
        differences=differences,
    )


def last_saved_by(article) -> str | None:
    entry = (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(article), object_id=str(article.pk)
        )
        .select_related("user")
        .order_by("-action_time")
        .first()
    )
    if entry is None or abs(entry.action_time - article.updated_at) > SAME_SAVE:
        return None
    return entry.user.get_full_name() or entry.user.get_username()


def shown(field, value) -> str:
    """A field's value as an editor reads it."""
    if value in (None, "", []):
        return str(_("(empty)"))
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if hasattr(value, "utcoffset"):
        return timezone.localtime(value).strftime("%d %b %Y, %H:%M")
    choices = dict(getattr(field, "choices", None) or [])
    return str(choices.get(value, value))


def paragraphs(field, value) -> list[str]:
    if isinstance(value, str) and "<" in value:
        return [text for text in map(sanitizer.plain_text, _BLOCKS.split(value)) if text]
    return [shown(field, value)]


def compare(label, field, saved, yours, *, changed_only=False) -> Difference:
    """The two versions, paragraph by paragraph, with the words that differ marked (and only
    the paragraphs that differ, with `changed_only`)."""
    old, new = paragraphs(field, saved), paragraphs(field, yours)
    old_words, new_words = _words(old), _words(new)
    matcher = difflib.SequenceMatcher(None, [w for _, w in old_words], [w for _, w in new_words])
    old_marked, new_marked = set(), set()
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            old_marked.update(range(i1, i2))
            new_marked.update(range(j1, j2))
    return Difference(
        label=label,
        saved=_render(old, old_words, old_marked, "del", changed_only),
        yours=_render(new, new_words, new_marked, "ins", changed_only),
    )


def _words(texts) -> list[tuple[int, str]]:
    return [(number, word) for number, text in enumerate(texts) for word in text.split()]


def _render(texts, words, marked, mark, changed_only) -> str:
    runs = [[] for _ in texts]  # per paragraph: [is_marked, words] runs
    for index, (number, word) in enumerate(words):
        is_marked = index in marked
        if runs[number] and runs[number][-1][0] == is_marked:
            runs[number][-1][1].append(word)
        else:
            runs[number].append([is_marked, [word]])
    template = f"<{mark}>{{}}</{mark}>"
    paragraphs_shown = [
        format_html_join(
            " ", "{}", ((format_html(template if m else "{}", " ".join(ws)),) for m, ws in run)
        )
        for run in runs
        if not changed_only or any(m for m, _ws in run)
    ]
    return format_html_join("", "<p>{}</p>", ((p,) for p in paragraphs_shown))
