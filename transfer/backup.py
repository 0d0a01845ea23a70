"""Backing the site up into a folder, and restoring it from one.

A backup folder holds the database (transfer/database_copy.py), a copy of the media folder and
`manifest.json`: the NewsBlog and Django versions, the database engine, when it was made, the
migrations applied, every file with its size and SHA-256, and fingerprints of the public pages
(transfer/page_check.py). The manifest is written last, so a folder without one is a backup that
did not finish. A restore checks the manifest and every file before it touches anything, refuses
another engine, migrations this code does not know, or a site that already has content (unless
forced), then replaces the database, copies the media back and empties the page cache.

Media kept in S3 (AWS_STORAGE_BUCKET_NAME) are not in the backup: the bucket has its own
versioning and replication; the manifest says so.
"""

import hashlib
import json
import shutil
from importlib.metadata import version
from pathlib import Path

import django
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from pages.models import Page
from transfer import database_copy, page_check

MANIFEST = "manifest.json"
FORMAT = "newsblog-backup"
MEDIA = "media"


class BackupError(Exception):
    pass


def backup(directory: Path) -> dict:
    """Back the site up into `directory` (new or empty) and return its manifest."""
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise BackupError(f"{directory} is not empty: back up into a new folder.")
    directory.mkdir(parents=True, exist_ok=True)
    pages = page_check.fingerprints()
    migrations = applied_migrations()
    database_copy.dump(directory / database_copy.file_name())
    media = copy_media(directory / MEDIA)
    manifest = {
        "format": FORMAT,
        "version": 1,
        "newsblog_version": version("newsblog"),
        "django_version": django.get_version(),
        "engine": database_copy.engine(),
        "created_at": timezone.now().isoformat(),
        "migrations": migrations,
        "media": media,
        "files": [describe(directory, path) for path in files_under(directory)],
        "pages": pages,
    }
    partial = directory / f".{MANIFEST}.partial"
    partial.write_text(json.dumps(manifest, indent=2) + "\n")
    partial.replace(directory / MANIFEST)
    return manifest


def applied_migrations() -> dict[str, list[str]]:
    applied = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def copy_media(target: Path) -> str:
    if not isinstance(default_storage, FileSystemStorage):
        return f"not covered: media are kept by {type(default_storage).__name__}"
    source = Path(settings.MEDIA_ROOT)
    if source.is_dir():
        shutil.copytree(source, target)
    else:
        target.mkdir()
    return "copied"


def files_under(directory: Path) -> list[Path]:
    return sorted(path for path in directory.rglob("*") if path.is_file())


def describe(directory: Path, path: Path) -> dict:
    return {
        "path": path.relative_to(directory).as_posix(),
        "size": path.stat().st_size,
        "sha256": sha256(path),
    }


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(directory: Path) -> dict:
    """The backup's manifest, once it and every file it lists are checked."""
    path = Path(directory) / MANIFEST
    try:
        manifest = json.loads(path.read_text())
    except FileNotFoundError:
        raise BackupError(f"{directory} has no {MANIFEST}: not a finished backup.") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(f"{path} is not valid JSON: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a NewsBlog backup manifest.")
    for entry in manifest.get("files", []):
        check_file(Path(directory), entry)
    return manifest


def check_file(directory: Path, entry: dict) -> None:
    path = directory / entry["path"]
    if not path.resolve().is_relative_to(directory.resolve()):
        raise BackupError(f"The manifest names a file outside the backup: {entry['path']}")
    if not path.is_file():
        raise BackupError(f"The backup is missing {entry['path']}.")
    if path.stat().st_size != entry["size"] or sha256(path) != entry["sha256"]:
        raise BackupError(f"{entry['path']} is not the file that was backed up (damaged?).")


def refusal(manifest: dict, *, force: bool) -> str | None:
    """Why this backup must not be restored here, or None."""
    if manifest.get("engine") != database_copy.engine():
        return (
            f"The backup is of a {manifest.get('engine')} database; this site runs on "
            f"{database_copy.engine()}. Export and import instead (export_json, export_wordpress)."
        )
    known = {
        (app, name)
        for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    }
    unknown = [
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if (app, name) not in known
    ]
    if unknown:
        return (
            f"The backup is from a newer NewsBlog (unknown migrations: {', '.join(unknown[:5])})."
        )
    if not force and has_content():
        return "This site already has content; restoring replaces all of it. Add --force to do so."
    return None


def has_content() -> bool:
    models = (Article, Page, Comment, get_user_model())
    return any(model.objects.exists() for model in models)


def restore(directory: Path, *, force: bool = False) -> dict:
    """Replace this site's database and media with the backup's; return its manifest."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    reason = refusal(manifest, force=force)
    if reason:
        raise BackupError(reason)
    database_copy.load(directory / database_copy.file_name())
    media = directory / MEDIA
    if manifest["media"] == "copied" and media.is_dir():
        shutil.copytree(media, settings.MEDIA_ROOT, dirs_exist_ok=True)
    cache.clear()  # no page of the site that was replaced may be served again
    return manifest
