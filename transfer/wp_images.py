"""Featured images from a local copy of wp-content/uploads, checked like any upload.

A post names its featured image by the attachment's id (`_thumbnail_id`); the attachment names
its file relative to the uploads folder (`_wp_attached_file`). The file goes through the same
checks and re-encoding as an editor's upload (images/uploads.py), and its renditions are made
as the article is saved. Nothing is fetched from the network: a file that is not in the folder,
or not an image, is reported and the article is imported without it.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File

from images import uploads
from transfer.ledger import Ledger
from transfer.report import Report


def attach_featured_image(
    article, item: dict, *, attachments: dict, media: Path | None, ledger: Ledger, report: Report
) -> None:
    thumbnail = item["meta"].get("_thumbnail_id", "").strip()
    if not thumbnail:
        return
    if article.image and ledger.targets("attachment", [thumbnail]):
        report.count("image", "unchanged")
        return
    attachment = attachments.get(thumbnail)
    problem = image_problem(attachment, media)
    path = None if problem else media.joinpath(attachment["file"]).resolve()
    try:
        prepared = problem or prepare(path)
    except ValidationError as error:
        prepared = f"refused ({' '.join(error.messages)[:80]})"
    if isinstance(prepared, str):
        report.count("image", "skipped", prepared)
        return
    article.image = prepared
    article.image_alt = alt_text(attachment, article, report)
    article.save()
    if not ledger.targets("attachment", [thumbnail]):
        ledger.record("attachment", thumbnail, article)
    report.count("image", "imported")


def image_problem(attachment: dict | None, media: Path | None) -> str:
    """Why this featured image cannot be imported, or "" when its file can be read."""
    if attachment is None:
        return "its attachment is not in the file"
    if media is None:
        return "no --media folder given"
    root = media.resolve()
    path = root.joinpath(attachment["file"]).resolve()
    if not attachment["file"] or not path.is_relative_to(root):
        return "its file is outside the media folder"
    if not path.is_file():
        return "its file is missing from the media folder"
    return ""


def prepare(path: Path) -> uploads.PreparedImage:
    with path.open("rb") as handle:
        return uploads.prepare(File(handle, name=path.name))


def alt_text(attachment: dict, article, report: Report) -> str:
    """The image's alt text from WordPress; the site requires one, so failing that its title,
    or the article's."""
    alt = attachment["alt"].strip() or attachment["title"].strip()
    if not attachment["alt"].strip():
        report.note("image", "no alt text in WordPress: used the image's or article's title")
    return (alt or article.title)[:250]
