"""Renditions: the resized copies pages show, made when an image is saved, never on a request.

Each stored image gets WebP copies at the configured widths (never wider than the image), one
copy in the original's format for browsers without WebP, and a 1200 × 630 crop for social cards.
What templates need (names, widths, heights) is kept as metadata beside the image, so showing
a picture reads no file. Rendition names carry a fresh token each time they are made, so a
rebuilt or replaced image never reuses an address a browser or CDN may have cached.
"""

import logging
import secrets
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models.fields.files import FieldFile
from PIL import Image, ImageOps

from images import uploads

logger = logging.getLogger(__name__)

FALLBACK_WIDTH = 960
SOCIAL_SIZE = (1200, 630)
# Subjects (faces, buildings) sit above the middle of a picture more often than below it.
SOCIAL_CENTERING = (0.5, 0.4)
RENDITION_OPTIONS = {
    "WEBP": {"quality": 80},
    "JPEG": {"quality": 82, "progressive": True},
    "PNG": {},
    "GIF": {},
}
FALLBACK_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "GIF": "GIF", "WEBP": None}


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int


@dataclass(frozen=True)
class Picture:
    """What a template needs to show an image, built from metadata alone."""

    sources: list[Rendition]
    fallback: Rendition
    social: Rendition

    @classmethod
    def from_metadata(cls, metadata: dict, storage: Storage) -> "Picture | None":
        if not metadata.get("webp"):
            return None

        def rendition(entry):
            return Rendition(storage.url(entry["name"]), entry["width"], entry["height"])

        return cls(
            sources=[rendition(entry) for entry in metadata["webp"]],
            fallback=rendition(metadata["fallback"]),
            social=rendition(metadata["social"]),
        )

    @property
    def srcset(self) -> str:
        return ", ".join(f"{source.url} {source.width}w" for source in self.sources)

    @property
    def smallest(self) -> Rendition:
        return self.sources[0]


def refresh(field_file: FieldFile, metadata: dict, *, force: bool = False) -> dict:
    """Store a newly assigned image, make its renditions if it has none, return the metadata.

    Old files are left alone: `replacing` deletes them once the new metadata is saved.
    """
    # Django's own FileField.pre_save tells a newly assigned file by the same flag.
    stored_now = bool(field_file) and not field_file._committed
    if stored_now:
        store_upload(field_file)
    if not field_file:
        return {}
    if not force and metadata.get("source") == field_file.name:
        return metadata
    try:
        return build(field_file.storage, field_file.name)
    except BaseException:
        if stored_now:
            field_file.storage.delete(field_file.name)
        raise


@contextmanager
def replacing(storage: Storage, old: dict, new: dict):
    """Around the save of new metadata: if the save fails, the files only `new` names are
    deleted at once; once it is committed, those only `old` names are. A failed save never
    loses files still in use, and a successful one leaves none behind."""
    try:
        yield
    except BaseException:
        delete_files(storage, files(new) - files(old))
        raise
    discard_later(storage, files(old) - files(new))


def store_upload(field_file: FieldFile):
    """Save a newly assigned file, re-encoded under a generated name whatever path it came by."""
    prepared = field_file.file
    if not isinstance(prepared, uploads.PreparedImage):
        prepared = uploads.prepare(prepared)
    field_file.save(prepared.name, prepared, save=False)


def build(storage: Storage, source_name: str) -> dict:
    """Make every rendition of a stored image and return their metadata."""
    with storage.open(source_name) as file:
        original = uploads.decode(file)
    image_format = original.format
    image = uploads.to_rgb(original)
    token = secrets.token_hex(4)
    stem = PurePosixPath(source_name).with_suffix("")
    written = []

    def store(image: Image.Image, label: str, rendition_format: str) -> dict:
        data = uploads.encode(image, rendition_format, RENDITION_OPTIONS[rendition_format])
        name = f"{stem}-{token}-{label}.{uploads.EXTENSIONS[rendition_format]}"
        written.append(storage.save(name, ContentFile(data)))
        return {"name": written[-1], "width": image.width, "height": image.height}

    try:
        return {
            "source": source_name,
            "width": image.width,
            "height": image.height,
            "webp": [
                store(resized(image, width), f"{width}w", "WEBP")
                for width in widths_for(image.width)
            ],
            "fallback": fallback(image, image_format, store),
            "social": store(social_card(image), "social", "JPEG"),
        }
    except BaseException:
        delete_files(storage, written)
        raise


def widths_for(width: int) -> list[int]:
    """The configured widths, with those wider than the image replaced by the image's own
    width: renditions are never upscaled."""
    widest = min(width, max(settings.IMAGE_WIDTHS))
    return sorted({w for w in settings.IMAGE_WIDTHS if w < widest} | {widest})


def resized(image: Image.Image, width: int) -> Image.Image:
    if width >= image.width:
        return image
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def fallback(image: Image.Image, image_format: str, store) -> dict:
    """One copy in the original's format; a WebP original falls back to JPEG, or PNG if it has
    transparency, since the fallback is for browsers that cannot show WebP."""
    rendition_format = FALLBACK_FORMATS[image_format] or ("PNG" if image.mode == "RGBA" else "JPEG")
    return store(resized(image, FALLBACK_WIDTH), "fallback", rendition_format)


def social_card(image: Image.Image) -> Image.Image:
    """A 1200 × 630 crop (the size social networks ask for); a smaller image gives the largest
    crop of the same shape it has, rather than being blown up."""
    target_width, target_height = SOCIAL_SIZE
    scale = min(1, image.width / target_width, image.height / target_height)
    size = (max(1, round(target_width * scale)), max(1, round(target_height * scale)))
    return ImageOps.fit(uploads.flatten(image), size, Image.Resampling.LANCZOS, 0, SOCIAL_CENTERING)


def files(metadata: dict) -> set[str]:
    """The names of an image and all its renditions."""
    entries = [*metadata.get("webp", []), metadata.get("fallback"), metadata.get("social")]
    names = {entry["name"] for entry in entries if entry}
    return names | {metadata["source"]} if metadata.get("source") else names


def discard_later(storage: Storage, names: set[str]):
    """Delete files once the surrounding transaction commits (at once outside one)."""
    if names:
        transaction.on_commit(partial(delete_files, storage, sorted(names)))


def delete_files(storage: Storage, names):
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            # A file left behind wastes space but breaks nothing; the saved article matters more.
            logger.warning("Could not delete image file %s", name, exc_info=True)
