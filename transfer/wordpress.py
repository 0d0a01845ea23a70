"""Importing a WordPress export: the workflow `manage.py import_wordpress` runs.

Two streaming passes (see survey.py): the first checks the whole file and writes nothing; the
second imports it inside one transaction, so a failure anywhere leaves the site as it was, and
`dry_run` rolls that transaction back to report without writing. Each thing imported is noted
in ImportedItem under the exporting site and its WordPress id, so a second run updates what
changed and creates nothing twice.
"""

from pathlib import Path

from django.db import transaction
from tqdm import tqdm

from comments.signals import refresh_article_pages
from pagecache.store import merge_pending_invalidations
from transfer import newsblog_meta, wp_comments, wp_images, wp_pages, wp_posts
from transfer.ledger import Ledger
from transfer.report import Report
from transfer.survey import Survey, survey
from transfer.wp_body_images import BodyImages
from transfer.wp_people import People
from transfer.wxr import read

REFRESH_BATCH = 500
MERGE_EVERY = 200
ITEM_KINDS = {"attachment": "attachment", "nav_menu_item": "menu item"}


class Importer:
    def __init__(self, found: Survey, *, media: Path | None, dry_run: bool):
        self.survey = found
        self.media = None if dry_run else media
        self.dry_run = dry_run
        self.report = Report()
        self.ledger = Ledger(found.source)
        self.people = People(self.ledger, self.report)
        self.images = BodyImages(
            source=found.source, media=media, dry_run=dry_run, report=self.report
        )
        self.pages = []
        self.commented = set()
        self.posts = 0

    def take(self, entry) -> None:
        if entry.kind == "author":
            self.people.author(entry.data)
        elif entry.kind in ("category", "tag"):
            self.people.channel_term(entry.kind, entry.data)
        elif entry.kind == "item":
            self.item(entry.data)

    def item(self, item: dict) -> None:
        post_type = item.get("wp:post_type", "").strip()
        status = item.get("wp:status", "").strip()
        if post_type in ITEM_KINDS:
            self.report.count(ITEM_KINDS[post_type], "skipped", "not content of its own")
        elif post_type not in ("post", "page"):
            self.report.count("other", "skipped", f"WordPress type “{post_type}”")
        elif status == "trash":
            self.report.count(post_type, "skipped", "in the trash")
            self.skip_comments(item)
        elif post_type == "page":
            self.pages.append(item)
            self.skip_comments(item, reason="pages take no comments")
        elif status not in wp_posts.STATUSES:
            self.report.count("post", "skipped", f"status “{status}”")
            self.skip_comments(item)
        else:
            self.post(item)

    def skip_comments(self, item: dict, reason: str = "their post was skipped") -> None:
        for _ in item["comments"]:
            self.report.count("comment", "skipped", reason)

    def post(self, item: dict) -> None:
        wp_id = wp_posts.post_id(item)
        article = self.ledger.find("post", wp_id, wp_posts.Article)
        login = item.get("dc:creator", "").strip()
        author = self.people.users.get(login) or self.people.author({"wp:author_login": login})
        fields = wp_posts.article_fields(item, self.people, self.report.shortcodes, self.images)
        tags = wp_posts.item_tags(item, self.people)
        article, outcome = wp_posts.save_article(
            item, article=article, author=author, fields=fields, tags=tags
        )
        if outcome == "imported":
            self.ledger.record("post", wp_id, article)
        reason = wp_posts.STATUSES[item["wp:status"].strip()][1]
        self.report.count("post", outcome, reason)
        self.ledger.point(wp_posts.addresses(item, query="p"), article)
        newsblog_meta.save_notes(article, item["meta"])
        self.featured_image(article, item)
        shown = wp_comments.import_comments(
            article, item["comments"], ledger=self.ledger, report=self.report
        )
        self.posts += 1
        if self.posts % MERGE_EVERY == 0:
            merge_pending_invalidations()  # one set of page names, however many posts
        if shown and outcome == "unchanged":  # saving an article refreshes its pages itself
            self.commented.add(article.pk)

    def featured_image(self, article, item: dict) -> None:
        if self.dry_run and item["meta"].get("_thumbnail_id"):
            self.report.count("image", "skipped", "dry run: files not read")
            return
        wp_images.attach_featured_image(
            article,
            item,
            attachments=self.survey.attachments,
            media=self.media,
            ledger=self.ledger,
            report=self.report,
        )

    def finish(self) -> None:
        wp_pages.import_pages(
            self.pages,
            people=self.people,
            ledger=self.ledger,
            report=self.report,
            images=self.images,
        )
        commented = sorted(self.commented)
        for start in range(0, len(commented), REFRESH_BATCH):
            refresh_article_pages(commented[start : start + REFRESH_BATCH])
        merge_pending_invalidations()


def import_wordpress(
    path: Path, *, media: Path | None = None, dry_run: bool = False, progress: bool = False
) -> Report:
    """Import the export at `path`; raise transfer.wxr.WXRError, having written nothing, if
    the file cannot be imported."""
    found = survey(path)
    importer = Importer(found, media=media, dry_run=dry_run)
    entries = tqdm(
        read(path), total=found.entries, unit=" entries", disable=not progress, leave=False
    )
    with transaction.atomic():
        for entry in entries:
            importer.take(entry)
        importer.finish()
        transaction.set_rollback(dry_run)
    return importer.report
