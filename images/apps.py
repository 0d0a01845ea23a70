import warnings

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from PIL import Image


class ImagesConfig(AppConfig):
    name = "images"
    verbose_name = _("Images")

    def ready(self):
        # Pillow only warns between its limit and twice its limit; make our ceiling its limit
        # and the warning an error, so an image that is too big never gets decoded.
        Image.MAX_IMAGE_PIXELS = settings.IMAGE_MAX_PIXELS
        warnings.simplefilter("error", Image.DecompressionBombWarning)
