"""A post's WordPress comments become its article's comments, threads and moderation included.

The file may list a reply before the comment it answers, so a post's comments are ordered by
their depth in the thread first, and written level by level. They are written with bulk
queries, which send no signals: an imported comment notifies no one (no mail, no queued task),
and the article pages they show on are refreshed once, after the import commits.
"""

import datetime
import hashlib
import ipaddress

from django.conf import settings
from django.utils import timezone

from comments.models import BODY_MAX_LENGTH, NAME_MAX_LENGTH, Comment, comment_fingerprint
from comments.privacy import shorten_ip
from transfer import content
from transfer.ledger import Ledger
from transfer.report import Report
from transfer.survey import parse_date

STATUSES = {
    "1": Comment.Status.APPROVED,
    "0": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
    "trash": Comment.Status.REJECTED,
}
SKIPPED_TYPES = {"pingback", "trackback"}
FIELDS = ["name", "email", "body", "status", "created_at", "ip_address", "is_ip_shortened"]


def import_comments(article, comments, *, ledger: Ledger, report: Report) -> bool:
    """Import one post's comments; True when a comment readers see was written or changed."""
    by_id = {}
    for comment in comments:
        kind = (comment.get("wp:comment_type") or "comment").strip()
        if kind in SKIPPED_TYPES:
            report.count("comment", "skipped", f"{kind}s are not comments")
        else:
            by_id[comment["wp:comment_id"].strip()] = comment
    known = ledger.targets("comment", by_id)
    existing = Comment.objects.in_bulk([int(pk) for pk in known.values()])
    fingerprints = set(
        Comment.objects.filter(article=article).values_list("fingerprint", flat=True)
    )
    made, shown = {}, False
    for level in levels(by_id, report):
        new = []
        for wp_id in level:
            row = comment_row(by_id[wp_id], article=article, made=made, by_id=by_id)
            comment = existing.get(known.get(wp_id))
            approved = row["status"] == Comment.Status.APPROVED
            if comment is None:
                row["fingerprint"] = unique_fingerprint(row, wp_id, fingerprints)
                new.append((wp_id, Comment(**row)))
                shown |= approved
            else:
                outcome = update(comment, row)
                shown |= outcome == "updated" and (approved or comment.is_approved())
                report.count("comment", outcome)
                made[wp_id] = comment
        Comment.objects.bulk_create([c for _, c in new])
        made.update(new)
        ledger.record_many("comment", new)
        for _ in new:
            report.count("comment", "imported")
    return shown


def levels(by_id: dict, report: Report) -> list[list[str]]:
    """Comment ids grouped by depth: first comments, then replies to them, and so on. A reply
    to a comment not in the file (or in a loop of replies) starts its own thread."""
    depth = {}
    for wp_id in by_id:
        chain, current = [], wp_id
        while current in by_id and current not in depth and current not in chain:
            chain.append(current)
            current = by_id[current].get("wp:comment_parent", "0").strip()
        base = depth.get(current, 0)
        if current not in depth and current not in ("", "0"):
            report.note("comment", "reply to a missing comment became a first comment")
        for offset, item in enumerate(reversed(chain), start=1):
            depth[item] = base + offset
    grouped = {}
    for wp_id, level in depth.items():
        grouped.setdefault(level, []).append(wp_id)
    return [grouped[level] for level in sorted(grouped)]


def comment_row(comment: dict, *, article, made: dict, by_id: dict) -> dict:
    parent = made.get(comment.get("wp:comment_parent", "0").strip())
    created = parse_date(comment.get("wp:comment_date_gmt", "")) or timezone.now()
    ip, shortened = address(comment.get("wp:comment_author_IP", ""), created)
    body = content.comment_text(comment.get("wp:comment_content", ""))[:BODY_MAX_LENGTH]
    return {
        "article": article,
        "parent": parent,
        "thread": (parent.thread or parent) if parent else None,
        "depth": parent.depth + 1 if parent else 1,
        "name": content.sanitizer.plain_text(comment.get("wp:comment_author", ""))[:NAME_MAX_LENGTH]
        or "Anonymous",
        "email": comment.get("wp:comment_author_email", "").strip()[:254],
        "body": body,
        "status": STATUSES.get(comment.get("wp:comment_approved", "").strip(), "pending"),
        "created_at": created,
        "ip_address": ip,
        "is_ip_shortened": shortened,
    }


def address(value: str, created: datetime.datetime) -> tuple[str | None, bool]:
    """The commenter's IP, shortened as comments/privacy.py does once it is past keeping."""
    try:
        ipaddress.ip_address(value.strip())
    except ValueError:
        return None, False
    cutoff = timezone.now() - datetime.timedelta(days=settings.COMMENTS_KEEP_IP_DAYS)
    if created < cutoff:
        return shorten_ip(value.strip()), True
    return value.strip(), False


def unique_fingerprint(row: dict, wp_id: str, taken: set) -> str:
    """The usual fingerprint; a second identical comment on one article (which WordPress
    allows) gets one of its own, so it is imported rather than refused."""
    fingerprint = comment_fingerprint(email=row["email"], body=row["body"])
    if fingerprint in taken:
        fingerprint = hashlib.sha256(f"{fingerprint}:{wp_id}".encode()).hexdigest()
    taken.add(fingerprint)
    return fingerprint


def update(comment: Comment, row: dict) -> str:
    changed = {name: row[name] for name in FIELDS if getattr(comment, name) != row[name]}
    for name in ("parent", "thread"):
        if getattr(comment, f"{name}_id") != (row[name].pk if row[name] else None):
            changed[name] = row[name]
    if changed.keys() & {"parent", "thread"}:
        changed["depth"] = row["depth"]
    if not changed:
        return "unchanged"
    if changed.keys() & {"email", "body"}:
        changed["fingerprint"] = comment_fingerprint(email=row["email"], body=row["body"])
    Comment.objects.filter(pk=comment.pk).update(**changed)
    return "updated"
