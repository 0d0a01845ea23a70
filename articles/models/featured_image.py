"""An article's featured image: the upload, its words for readers, and its renditions."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from images import renditions
from images.fields import ImageField


class FeaturedImage(models.Model):
    """The image fields of an article (see the README's "Featured images"); renditions are made
    when the article is saved (Article.save)."""

    image = ImageField(
        _("featured image"),
        upload_to="images/%Y/%m/",
        blank=True,
        help_text=_(
            "Shown at the top of the article, beside it on the blog index and when it is shared. "
            "JPEG, PNG, GIF or WebP. Resized copies are made for every screen when you save."
        ),
    )
    image_alt = models.CharField(
        _("alt text"),
        max_length=250,
        blank=True,
        help_text=_(
            "Required with an image. Describe what it shows for readers who cannot see it: "
            "screen readers read this aloud, and it appears when the image does not load."
        ),
    )
    image_caption = models.CharField(
        _("caption"),
        max_length=300,
        blank=True,
        help_text=_("Optional. Shown under the image on the article page."),
    )
    image_credit = models.CharField(
        _("credit"),
        max_length=200,
        blank=True,
        help_text=_("Optional. Who made the image, e.g. “Photo: Jane Doe / Agency”."),
    )
    image_renditions = models.JSONField(
        _("image renditions"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("Sizes and names of the resized copies, made when the image is saved."),
    )

    class Meta:
        abstract = True

    def featured_image(self) -> renditions.Picture | None:
        """The featured image's renditions, for templates (built from metadata, no file read)."""
        return renditions.Picture.from_metadata(self.image_renditions, self.image.storage)

    def rebuild_image_renditions(self):
        previous = self.image_renditions
        self.image_renditions = renditions.refresh(self.image, previous, force=True)
        with renditions.replacing(self.image.storage, previous, self.image_renditions):
            self.save(update_fields=["image_renditions"])

    def social_image_url(self) -> str | None:
        """The 1200 × 630 social-card crop's URL (relative when MEDIA_URL is), or None."""
        picture = self.featured_image()
        return picture.social.url if picture else None
