"""Review links: a draft or scheduled article shown to someone without an account.

An editor makes a link on the article's form; it works until it expires (a few days, chosen
when it is made) or is revoked, and counts how often it was opened.

The link's address is `/preview/<key>:<signature>/`. The key is random and stored in the row,
which revocation, expiry and the count need anyway; the signature is Django's signing (an HMAC
of the key with the secret key, salted for this use). So a made-up or garbled address is turned
away before any query, neither the database nor the secret key alone gives a working address,
and the editor can copy the address again at any time (a token stored only as its hash could
be shown once). Changing the secret key ends every link (Django's `SECRET_KEY_FALLBACKS` would
keep them working).
"""

import secrets

from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SALT = "articles.review-link"
KEY_BYTES = 12  # 16 characters of URL-safe base64
DAYS_CHOICES = [(1, _("1 day")), (7, _("7 days")), (30, _("30 days"))]
DEFAULT_DAYS = 7


class ReviewLinkQuerySet(models.QuerySet):
    def usable(self, now=None):
        """Links that open: neither revoked nor expired (a link ends at its expiry second)."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class ReviewLink(models.Model):
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="review_links",
        verbose_name=_("article"),
    )
    key = models.CharField(_("key"), max_length=32, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("made by"),
    )
    created_at = models.DateTimeField(_("made"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    view_count = models.PositiveIntegerField(_("opened"), default=0)
    last_opened_at = models.DateTimeField(_("last opened"), null=True, blank=True)

    objects = ReviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("review link")
        verbose_name_plural = _("review links")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=F("created_at")),
                name="review_link_expires_after_it_is_made",
            ),
        ]

    def __str__(self):
        return f"{self.article} ({self.key})"

    def get_absolute_url(self):
        return reverse("articles:review-link", kwargs={"token": self.token()})

    def token(self) -> str:
        return signing.Signer(salt=SALT).sign(self.key)

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and now < self.expires_at


def key_from_token(token: str) -> str | None:
    """The key a link's address carries, or None when its signature does not hold."""
    try:
        return signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None


def create(*, article, user, days: int = DEFAULT_DAYS) -> ReviewLink:
    now = timezone.now()
    return ReviewLink.objects.create(
        article=article,
        key=secrets.token_urlsafe(KEY_BYTES),
        created_by=user,
        created_at=now,
        expires_at=now + timezone.timedelta(days=days),
    )


def revoke(*, link: ReviewLink) -> None:
    """Ends the link now; revoking it again changes nothing."""
    ReviewLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def open_link(*, key: str) -> tuple[ReviewLink | None, bool]:
    """The link with this key and whether it opened (counted, in one UPDATE with the rule
    itself, so a revocation or expiry at the same moment is either before or after)."""
    now = timezone.now()
    opened = (
        ReviewLink.objects.filter(key=key)
        .usable(now)
        .update(view_count=F("view_count") + 1, last_opened_at=now)
    )
    link = ReviewLink.objects.select_related("article").filter(key=key).first()
    return link, bool(opened)
