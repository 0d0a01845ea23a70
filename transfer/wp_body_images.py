"""Images inside imported post bodies, copied from a local copy of wp-content/uploads.

WordPress writes a body image as an address on the old site (`…/wp-content/uploads/2020/01/
boat-300x200.jpg`, often a sized copy; `blog.files.wordpress.com/2020/01/…` on WordPress.com).
The site's Content-Security-Policy shows only images of its own media, so each one is looked up
in the `--media` folder (the sized copy, else the original without WordPress's `-300x200`
suffix), checked and re-encoded like an upload (images/uploads.py), stored, and the address
rewritten to it. An export of NewsBlog itself names its images under `/media/`, which is read
the same way. Nothing is fetched from the network: an image whose file is missing or refused is
dropped (a figure keeps its caption) and reported.

A file is stored under a name made from the exporting site and its path in the uploads folder,
so an image used by many posts, or met again by a later import, is stored once.
"""

import hashlib
import html
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from PIL import Image

from images import uploads
from transfer import wp_images
from transfer.report import Report

KIND = "body image"
FOLDER = "images/body"
# An image alone in a link (WordPress links an image to its full size), or an image.
IMAGE = re.compile(r"<a\b([^>]*)>\s*(<img\b[^>]*>)\s*</a>|(<img\b[^>]*>)", re.IGNORECASE)
ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.\w+$)")


def attributes(tag: str) -> dict[str, str]:
    return {
        match.group(1).lower(): html.unescape(next(g for g in match.groups()[1:] if g is not None))
        for match in ATTRIBUTE.finditer(tag)
    }


class BodyImages:
    def __init__(self, *, source: str, media: Path | None, dry_run: bool, report: Report):
        self.source = source
        self.media = media.resolve() if media else None
        self.dry_run = dry_run
        self.report = report
        self.found = {}  # uploads path or address → (url, width, height), or None if dropped

    def rewrite(self, content: str) -> str:
        """The content with every image pointing at a stored copy, or removed."""
        return IMAGE.sub(self._replace, content)

    def _replace(self, match: re.Match) -> str:
        link, tag = match.group(1), match.group(2) or match.group(3)
        image = attributes(tag)
        stored = self.stored(image.get("src", ""))
        if stored is None:
            return ""
        url, width, height = stored
        alt = html.escape(image.get("alt", ""))
        element = f'<img src="{html.escape(url)}" alt="{alt}" width="{width}" height="{height}">'
        href = attributes(f"<a {link}>").get("href", "") if link else ""
        if not href or self.uploads_path(href) is not None or self.is_source(href):
            return element  # a link to the old site's copy of the image would go nowhere
        return f'<a href="{html.escape(href)}">{element}</a>'

    def stored(self, src: str):
        key = self.uploads_path(src) or src
        if key not in self.found:
            self.found[key] = self._store(key) if self.uploads_path(src) else self._skip(src)
        return self.found[key]

    def uploads_path(self, src: str) -> str | None:
        """Where the image lives in the uploads folder, or None when it is not an upload of
        the exporting site."""
        parts = urlsplit(src.strip())
        path = unquote(parts.path)
        if "/wp-content/uploads/" in path:
            return path.split("/wp-content/uploads/", 1)[1]
        if parts.netloc.lower().endswith(".files.wordpress.com"):  # a WordPress.com blog's
            return path.lstrip("/")
        if self.is_source(src) and path.startswith("/media/"):
            return path.removeprefix("/media/")
        return None

    def is_source(self, url: str) -> bool:
        return urlsplit(url.strip()).netloc.lower() == self.source.split("/", 1)[0]

    def _skip(self, src: str) -> None:
        self.report.count(KIND, "skipped", f"not an upload of the exported site: {src[:100]}")

    def _store(self, path: str):
        if self.dry_run:
            self.report.count(KIND, "skipped", "dry run: files not read")
            return None
        if self.media is None:
            self.report.count(KIND, "skipped", "no --media folder given")
            return None
        name = self.stored_name(path)
        earlier = self.earlier_copy(name)
        if earlier:
            self.report.count(KIND, "unchanged")
            return self._described(earlier)
        return self._copy(path, name)

    def stored_name(self, path: str) -> str:
        """The same for one file of one site in every import (without its extension, which
        comes from the decoded format)."""
        digest = hashlib.sha256(f"{self.source} {path}".encode()).hexdigest()[:32]
        return f"{FOLDER}/{digest}"

    def earlier_copy(self, name: str) -> str | None:
        names = (f"{name}.{extension}" for extension in uploads.EXTENSIONS.values())
        return next((found for found in names if default_storage.exists(found)), None)

    def _copy(self, path: str, name: str):
        file = self.file(path)
        if file is None:
            self.report.count(KIND, "skipped", f"missing from the media folder: {path[:100]}")
            return None
        try:
            prepared = wp_images.prepare(file)
        except ValidationError as error:
            reason = f"refused ({' '.join(error.messages)[:60]}): {path[:100]}"
            self.report.count(KIND, "skipped", reason)
            return None
        except OSError as error:  # unreadable (permissions, a folder that went away)
            reason = f"unreadable ({error.strerror or error}): {path[:100]}"
            self.report.count(KIND, "skipped", reason)
            return None
        stored = default_storage.save(
            f"{name}.{uploads.EXTENSIONS[prepared.image_format]}", prepared
        )
        self.report.count(KIND, "imported")
        return (default_storage.url(stored), *prepared.dimensions)

    def file(self, path: str) -> Path | None:
        """The file in the media folder: the sized copy named, else its original."""
        for candidate in (path, SIZE_SUFFIX.sub("", path)):
            found = self.media.joinpath(candidate).resolve()
            if candidate and found.is_relative_to(self.media) and found.is_file():
                return found
        return None

    def _described(self, name: str):
        with default_storage.open(name) as handle, Image.open(handle) as image:
            return (default_storage.url(name), *image.size)
