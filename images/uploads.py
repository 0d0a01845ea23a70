"""Uploaded images, checked and re-encoded before anything is stored.

Nothing about an upload is trusted. Its format is judged from the decoded content, never from
its name; its pixel count is read from the header and checked before any pixel is decoded; and
what gets stored is a fresh encoding of the pixels alone, so metadata (EXIF, GPS, comments) and
bytes appended after the image never reach the disk. Stored names are generated.
"""

import io
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

# Pillow's format names.
ACCEPTED_FORMATS = ("JPEG", "PNG", "GIF", "WEBP")
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
MIME_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}
# Like WordPress's big-image threshold: no page shows more than the widest rendition, so larger
# originals are scaled down once, which keeps storage small and rebuilding renditions quick.
STORED_MAX_EDGE = 2560
SAVE_OPTIONS = {
    "JPEG": {"quality": 90, "progressive": True},
    "PNG": {},
    "GIF": {},
    "WEBP": {"quality": 90},
}

MESSAGES = {
    "too_large": _(
        "This file is %(size)s; images can be at most %(limit)s. "
        "Save a smaller version (for example a JPEG at 80%% quality) and upload that."
    ),
    "unsupported": _(
        "This file is not a JPEG, PNG, GIF or WebP image, whatever its name says. "
        "Open it in an image editor and save it in one of those formats."
    ),
    "too_many_pixels": _(
        "This image has more than %(megapixels)s megapixels, more than we can safely process. "
        "Scale it down (for example to 4000 × 3000 pixels) and upload it again."
    ),
    "damaged": _(
        "This image is damaged or incomplete and cannot be read. "
        "Check that it opens on your computer, then upload it again."
    ),
}


class PreparedImage(ContentFile):
    """A re-encoded image under a generated name, ready to be stored."""

    def __init__(self, data: bytes, *, image_format: str, dimensions: tuple[int, int]):
        super().__init__(data, name=f"{uuid.uuid4().hex}.{EXTENSIONS[image_format]}")
        self.image_format = image_format
        self.dimensions = dimensions


def prepare(upload: File) -> PreparedImage:
    """Check an uploaded file and re-encode it; raise ValidationError with a message if refused."""
    limit = settings.IMAGE_MAX_UPLOAD_SIZE
    if upload.size > limit:
        raise ValidationError(
            MESSAGES["too_large"],
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    image = decode(upload)
    image_format = image.format
    image = for_storage(image)
    return PreparedImage(
        encode(image, image_format), image_format=image_format, dimensions=image.size
    )


def decode(file: File) -> Image.Image:
    """The first frame of an accepted image, fully decoded (so truncation shows up here)."""
    file.seek(0)
    try:
        image = Image.open(file, formats=ACCEPTED_FORMATS)
        check_pixels(image.size)
        image.load()
    except ValidationError:
        raise
    except UnidentifiedImageError as error:
        raise ValidationError(MESSAGES["unsupported"], code="unsupported") from error
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise too_many_pixels() from error
    except Exception as error:
        # Pillow reports damage as OSError, SyntaxError, ValueError, EOFError or struct.error
        # depending on the format and the spot; every one of them means the same to an editor.
        raise ValidationError(MESSAGES["damaged"], code="damaged") from error
    if image.format == "MPO":  # Pillow's name for a camera JPEG that carries a second picture
        image.format = "JPEG"
    return image


def check_pixels(size: tuple[int, int]):
    width, height = size
    if width * height > settings.IMAGE_MAX_PIXELS:
        raise too_many_pixels()


def too_many_pixels() -> ValidationError:
    return ValidationError(
        MESSAGES["too_many_pixels"],
        code="too_many_pixels",
        params={"megapixels": settings.IMAGE_MAX_PIXELS // 1_000_000},
    )


def for_storage(image: Image.Image) -> Image.Image:
    """Upright, in sRGB, at most STORED_MAX_EDGE pixels, and with no metadata left."""
    # In place where Pillow allows it: a 40-megapixel image takes 160 MB a copy.
    ImageOps.exif_transpose(image, in_place=True)
    pixels = to_rgb(image)
    pixels.thumbnail((STORED_MAX_EDGE, STORED_MAX_EDGE), Image.Resampling.LANCZOS)
    pixels.info = {}
    return pixels


def to_rgb(image: Image.Image) -> Image.Image:
    """RGB, or RGBA when the image has transparency, with colours converted to sRGB."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    mode = "RGBA" if has_alpha else "RGB"
    icc_profile = image.info.get("icc_profile")
    if icc_profile and image.mode in ("RGB", "RGBA", "CMYK"):
        try:
            return ImageCms.profileToProfile(
                image,
                ImageCms.ImageCmsProfile(io.BytesIO(icc_profile)),
                ImageCms.createProfile("sRGB"),
                outputMode=mode,
            )
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # an unreadable profile is dropped, and the colours are taken as sRGB
    return image if image.mode == mode else image.convert(mode)


def encode(image: Image.Image, image_format: str, options: dict | None = None) -> bytes:
    """The image's pixels in a new file of the given format, nothing else."""
    if image_format == "JPEG" and image.mode != "RGB":
        image = flatten(image)
    buffer = io.BytesIO()
    image.save(buffer, image_format, **(SAVE_OPTIONS[image_format] if options is None else options))
    return buffer.getvalue()


def flatten(image: Image.Image) -> Image.Image:
    """RGB on a white background, for formats without transparency."""
    if image.mode != "RGBA":
        return image.convert("RGB")
    background = Image.new("RGB", image.size, "white")
    background.paste(image, mask=image.getchannel("A"))
    return background
