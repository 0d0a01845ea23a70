import hashlib

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from core import sanitizer

NAME_MAX_LENGTH = 100
BODY_MAX_LENGTH = 5000
QUEUE_ORDER = ["is_settled", "pending_since", "-created_at", "-pk"]


def comment_fingerprint(*, email: str, body: str) -> str:
    """The same text from the same address, however it was capitalised or spaced."""
    normalised = "\n".join([email.strip().casefold(), " ".join(body.casefold().split())])
    return hashlib.sha256(normalised.encode()).hexdigest()


def comments_open(article: Article) -> bool:
    """Readers may comment: the editor allows it, the article is live, and it is not closed by
    age (COMMENTS_CLOSE_AFTER_DAYS)."""
    days = settings.COMMENTS_CLOSE_AFTER_DAYS
    if not article.allow_comments or not article.is_published():
        return False
    return days is None or timezone.now() < article.published_at + timezone.timedelta(days=days)


def approved_count():
    """Each article's number of approved comments, for article listings (see apps.py)."""
    approved = (
        Comment.objects.approved()
        .filter(article=models.OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(count=models.Count("pk"))
        .values("count")
    )
    return Coalesce(models.Subquery(approved), 0)


class CommentQuerySet(models.QuerySet):
    def approved(self):
        """Comments readers may see."""
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def shown(self):
        """Comments readers see and may reply to: the approved ones. (Erasing a commenter
        either withdraws their comments, or keeps them shown, signed "Anonymous": see
        COMMENTS_ERASE_TEXT.)"""
        return self.approved()

    def moderation_queue(self):
        """Pending comments first, the longest waiting first; then the rest, newest first."""
        pending = models.Q(status=Comment.Status.PENDING)
        return self.alias(
            is_settled=models.Case(
                models.When(pending, then=models.Value(False)), default=models.Value(True)
            ),
            pending_since=models.Case(models.When(pending, then="created_at"), default=None),
        ).order_by(*QUEUE_ORDER)


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SPAM = "spam", _("Spam")


class RejectionReason(models.TextChoices):
    """What a moderator may tell a commenter who asked to hear back (see moderation.py)."""

    OFF_TOPIC = "off-topic", _("It is off-topic for this article.")
    UNCIVIL = "uncivil", _("It is not civil towards others.")
    PERSONAL_DATA = "personal-data", _("It shares someone's personal details.")
    ADVERTISING = "advertising", _("It advertises something.")
    DUPLICATE = "duplicate", _("It repeats an earlier comment.")


class Comment(models.Model):
    Status = CommentStatus

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="comments", verbose_name=_("article")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("in reply to"),
        help_text=_("The comment this one answers."),
    )
    thread = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("thread"),
        help_text=_("The first comment of the conversation; empty on a first comment."),
    )
    depth = models.PositiveSmallIntegerField(
        _("level"), default=1, help_text=_("1 for a comment, 2 for a reply to it, and so on.")
    )
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    email = models.EmailField(
        _("email"), help_text=_("Never shown to readers; for replying to the commenter.")
    )
    body = models.TextField(_("comment"), max_length=BODY_MAX_LENGTH)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status,
        default=Status.PENDING,
        help_text=_("Only approved comments are shown to readers."),
    )
    held_reason = models.CharField(
        _("held because"),
        max_length=200,
        blank=True,
        help_text=_("Why the spam rules held this comment or marked it as spam."),
    )
    fingerprint = models.CharField(
        _("fingerprint"),
        max_length=64,
        editable=False,
        help_text=_("Identifies the same text from the same address, to refuse duplicates."),
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff member"),
        help_text=_("Who wrote it, when a staff member wrote it while logged in."),
    )
    staff_role = models.CharField(
        _("shown as"),
        max_length=40,
        blank=True,
        help_text=_("The role shown beside a staff member's name, e.g. “Editor”."),
    )
    notify_on_publish = models.BooleanField(
        _("email when published"),
        default=False,
        help_text=_("The commenter asked to be told when a moderator has decided."),
    )
    notify_on_reply = models.BooleanField(
        _("email on replies"),
        default=False,
        help_text=_("The commenter asked to be told when someone replies."),
    )
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    is_ip_shortened = models.BooleanField(
        _("IP address shortened"),
        default=False,
        help_text=_("Full addresses are kept only NEWSBLOG_COMMENTS_KEEP_IP_DAYS."),
    )
    erased_at = models.DateTimeField(
        _("erased"),
        null=True,
        blank=True,
        help_text=_("When the commenter's details were erased at their or a moderator's request."),
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        permissions = [("can_moderate", _("Can moderate comments"))]
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="comment_public_idx"),
            models.Index(fields=["status", "-created_at"], name="comment_queue_idx"),
            models.Index(fields=["thread", "created_at"], name="comment_thread_idx"),
            models.Index(fields=["email", "status"], name="comment_email_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "fingerprint"], name="comment_unique_per_article"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=CommentStatus.values),
                name="comment_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(parent__isnull=True, depth=1)
                | models.Q(parent__isnull=False, depth__gt=1),
                name="comment_depth_follows_parent",
            ),
        ]

    def __str__(self):
        return _("%(name)s on “%(article)s”") % {"name": self.name, "article": self.article}

    def save(self, *args, **kwargs):
        self.fingerprint = comment_fingerprint(email=self.email, body=self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#comment-{self.pk}"

    def is_approved(self):
        return self.status == self.Status.APPROVED

    def is_shown(self):
        return self.is_approved()

    def body_html(self):
        return sanitizer.comment_html(self.body)

    def excerpt(self):
        return Truncator(" ".join(self.body.split())).chars(80)


class ModerationEvent(models.Model):
    """One change of a comment's status: who made it, when, and from what to what."""

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="events", verbose_name=_("comment")
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("moderator"),
    )
    from_status = models.CharField(_("from"), max_length=10, choices=Comment.Status)
    to_status = models.CharField(_("to"), max_length=10, choices=Comment.Status)
    reason = models.CharField(
        _("why"),
        max_length=200,
        blank=True,
        help_text=_("The reason given or recorded: a rejection reason, “trusted commenter”…"),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("moderation event")
        verbose_name_plural = _("moderation events")

    def __str__(self):
        return _("%(from)s → %(to)s") % {
            "from": self.get_from_status_display(),
            "to": self.get_to_status_display(),
        }


class CommentVersion(models.Model):
    """A text a commenter gave their comment: the first, and each edit, kept for moderators."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a moderator")
        APPROVED = "approved", _("Shown")
        REJECTED = "rejected", _("Not shown")
        REPLACED = "replaced", _("Replaced by a later text")

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="versions", verbose_name=_("comment")
    )
    body = models.TextField(_("text"), max_length=BODY_MAX_LENGTH)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment version")
        verbose_name_plural = _("comment versions")

    def __str__(self):
        return Truncator(" ".join(self.body.split())).chars(80)


class Commenter(models.Model):
    """An email address commenters gave: whether its owner confirmed it and wants mail."""

    email = models.EmailField(_("email"), unique=True)
    confirmed_at = models.DateTimeField(
        _("confirmed"),
        null=True,
        blank=True,
        help_text=_("When its owner followed the confirmation link; no mail goes out before."),
    )
    confirmation_sent_at = models.DateTimeField(
        _("confirmation sent"),
        null=True,
        blank=True,
        help_text=_("When the last “confirm your address” email went out; one per link's life."),
    )
    unsubscribed_at = models.DateTimeField(
        _("unsubscribed"),
        null=True,
        blank=True,
        help_text=_("When its owner asked for no more mail from the site."),
    )
    created_at = models.DateTimeField(_("first seen"), default=timezone.now)

    class Meta:
        ordering = ["email"]
        verbose_name = _("commenter")
        verbose_name_plural = _("commenters")

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = normalised_email(self.email)
        super().save(*args, **kwargs)

    def is_confirmed(self):
        return self.confirmed_at is not None

    def may_receive_mail(self):
        return self.is_confirmed() and self.unsubscribed_at is None


class ModeratorDigest(models.Model):
    """The one row that says when the moderators' digest is next due and when it last ran
    (NEWSBLOG_COMMENTS_NOTIFY=digest, see comments/moderator_digest.py)."""

    due_at = models.DateTimeField(
        _("next digest due"),
        null=True,
        blank=True,
        help_text=_("When the digest the queue holds is sent; empty when none is scheduled."),
    )
    ran_at = models.DateTimeField(
        _("last digest"),
        null=True,
        blank=True,
        help_text=_("When the digest last ran; the next one counts the comments since."),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("moderators' digest")
        verbose_name_plural = _("moderators' digests")

    def __str__(self):
        return str(self._meta.verbose_name)


def normalised_email(email: str) -> str:
    """One address however it was typed: spaces trimmed, compared without case."""
    return email.strip().lower()
