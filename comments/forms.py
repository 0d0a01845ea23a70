"""The "Leave a comment" form, with its honeypot and signed timestamp.

The token signs the article and the time the form was shown. Bots that post at once, replay an
old page or forge the token are refused before anything is stored; the reason goes to the log.
"""

import functools
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from comments.models import Comment, comment_fingerprint

FORM_SIGNING_SALT = "comments.form"
# The two "email me" boxes (see notifications.py); the form shows them apart from the rest.
NOTIFY_FIELDS = ["notify_on_publish", "notify_on_reply"]
NOT_CHECKED = _("This form could not be checked. Please send your comment again.")
NOT_REPLYABLE = _(
    "The comment you are replying to is not open for replies: it is not, or no longer, published"
    " under this article. Your text is still here; send it as a new comment."
)


def comment_id(value: str) -> int | None:
    """A comment's id from a form or address, or None for anything no comment could have."""
    value = value.strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 18:  # 18 digits fit 64 bits
        return None
    return int(value)


def form_token(article_id: int, *, issued_at: float | None = None) -> str:
    """A signed note of which article's form this is and when it was shown."""
    issued = int(time.time() if issued_at is None else issued_at)
    # What signing.dumps() makes, with the signer made once: a cached page signs on every view.
    return _signer(settings.SECRET_KEY).sign_object({"article": article_id, "issued": issued})


@functools.lru_cache(maxsize=4)
def _signer(secret_key: str) -> signing.TimestampSigner:
    return signing.TimestampSigner(key=secret_key, salt=FORM_SIGNING_SALT)


def token_issued_at(token: str, *, article_id: int) -> int | None:
    """When a genuine token for this article was issued, or None for a forged or foreign one."""
    try:
        data = signing.loads(token, salt=FORM_SIGNING_SALT)
        issued = int(data["issued"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return issued if data.get("article") == article_id else None


class CommentForm(forms.ModelForm):
    # Hidden from people by the stylesheet and from assistive technology; bots fill it in.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    token = forms.CharField(required=False, widget=forms.HiddenInput)
    # The comment answered (a "Reply" link sets it); checked in clean_parent.
    parent = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Comment
        fields = ["name", "email", "body", *NOTIFY_FIELDS]
        labels = {
            "name": _("Name"),
            "email": _("Email"),
            "body": _("Comment"),
            "notify_on_publish": _("Email me when my comment is published"),
            "notify_on_reply": _("Email me when someone replies"),
        }
        help_texts = {"email": _("Never shown publicly.")}
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "body": forms.Textarea(attrs={"rows": 6}),
        }
        error_messages = {
            "name": {
                "required": _("Please enter your name."),
                "max_length": _(
                    "Please keep your name to %(limit_value)d characters or fewer"
                    " (this one has %(show_value)d)."
                ),
            },
            "email": {
                "required": _("Please enter your email address."),
                "invalid": _("Please enter a valid email address, like name@example.com."),
                "max_length": _(
                    "Please keep your email address to %(limit_value)d characters or fewer"
                    " (this one has %(show_value)d)."
                ),
            },
            "body": {
                "required": _("Please write your comment."),
                "max_length": _(
                    "Please keep your comment to %(limit_value)d characters or fewer"
                    " (this one has %(show_value)d)."
                ),
            },
        }

    def __init__(self, *args, article, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.article = article
        self.refusal: str | None = None
        self.reply_to: Comment | None = None  # the comment answered, once known to be open
        if not self.is_bound:
            self.initial["token"] = form_token(article.pk)

    def start_reply(self, comment: Comment) -> None:
        """Show the form as a reply to `comment` (one the reader may answer)."""
        self.reply_to = comment
        self.initial["parent"] = comment.pk

    def clean_parent(self) -> Comment | None:
        """Only a comment readers see on this article may be answered."""
        value = self.cleaned_data["parent"]
        if not value.strip():
            return None
        pk = comment_id(value)
        shown = self.instance.article.comments.shown()
        self.reply_to = None if pk is None else shown.filter(pk=pk).first()
        if self.reply_to is None:
            self.add_error(None, NOT_REPLYABLE)
        return self.reply_to

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            self._refuse(_("Your comment could not be sent. Please try again."), "honeypot")
        elif problem := self._token_problem(cleaned.get("token") or ""):
            self._refuse(*problem)
        elif self._is_duplicate(cleaned):
            self._refuse(_("You have already sent this comment."), "duplicate")
        return cleaned

    def _token_problem(self, token: str):
        """(message for the reader, reason for the log) when the token says "not a person"."""
        issued = token_issued_at(token, article_id=self.instance.article.pk)
        if issued is None:
            return NOT_CHECKED, "bad token"
        age = time.time() - issued
        if age < settings.COMMENTS_MIN_FORM_SECONDS:
            message = _("That was quick! Please check your comment and send it again.")
            return message, f"too fast ({age:.0f}s)"
        if age > settings.COMMENTS_MAX_FORM_SECONDS:
            return _("This form has expired. Please send your comment again."), "expired form"
        return None

    def _is_duplicate(self, cleaned) -> bool:
        if not (cleaned.get("email") and cleaned.get("body")):
            return False
        fingerprint = comment_fingerprint(email=cleaned["email"], body=cleaned["body"])
        return self.instance.article.comments.filter(fingerprint=fingerprint).exists()

    def _refuse(self, message, reason: str):
        self.refusal = reason
        self.add_error(None, message)

    def keep_for_retry(self):
        """Ready to show again with the reader's text; a token past its use is renewed, and a
        reply to a comment that cannot be answered becomes a new comment."""
        token = self.data.get("token", "")
        issued = token_issued_at(token, article_id=self.instance.article.pk)
        if issued is None or time.time() - issued > settings.COMMENTS_MAX_FORM_SECONDS:
            self.data = self.data.copy()
            self.data["token"] = form_token(self.instance.article.pk)
        if self.data.get("parent") and self.reply_to is None:
            self.data = self.data.copy()
            self.data["parent"] = ""
        return self
