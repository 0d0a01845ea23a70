"""What each post of a Disqus export becomes: `Planner(export).plan()` matches the threads,
reads what earlier runs imported, and decides for every post whether it is a new comment, an
update of one, or skipped and why, reading the database and writing nothing (transfer/disqus.py
writes the plan; `--dry-run` only reports it).

Posts are planned parents first (`parents_first`), so a reply listed before the comment it
answers still finds it. A new comment keeps the usual fingerprint of its address and text
unless the article already has that one (Disqus keeps both copies of a text posted twice); a
comment without an address gets one of its own, from its Disqus id.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from comments.models import BODY_MAX_LENGTH, Comment
from transfer.disqus_fields import body_of, comment_fields, fingerprint, status_of
from transfer.disqus_file import Export, Post, Thread
from transfer.disqus_threads import BATCH, Match, match_threads
from transfer.models import ImportedItem

ITEM_FIELDS = ("pk", "source", "source_id", "object_id", "updated_at")
# What planning reads of a comment already here (its parent's place, its text and status, and
# whether it was changed here since it was imported).
COMMENT_FIELDS = (
    *("article_id", "parent_id", "thread_id", "depth", "email", "body", "status"),
    *("fingerprint", "moderated_at", "edited_at", "erased_at"),
)
UNMATCHED = "its thread matched no article"
NO_THREAD = "its thread is not in the file"
CIRCLE = "it is in, or answers, a circle of parents"
DELETED_HERE = "it was deleted here after it was imported"
CHANGED_HERE = "it was moderated, edited or erased here after it was imported"
CUT = f"it was longer than {BODY_MAX_LENGTH:,} characters: its text was cut there"
ORPHAN = "it answers a comment that is not in the file: imported as a first comment"


@dataclass
class Report:
    threads: int = 0
    matched: Counter = field(default_factory=Counter)
    unmatched: list[Thread] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: Counter = field(default_factory=Counter)
    notes: Counter = field(default_factory=Counter)


@dataclass
class Plan:
    report: Report
    threads: dict[str, tuple[Thread, Match]] = field(default_factory=dict)
    new: dict[int, list[tuple[str, str, Comment]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    updates: list[tuple[Comment, dict, tuple]] = field(default_factory=list)


def source_of(thread: Thread) -> str:
    return f"disqus:{thread.forum}"


class Planner:
    def __init__(self, export: Export):
        self.export = export
        self.result = Plan(report=Report(threads=len(export.threads)))
        self.local: dict[str, Comment] = {}

    def plan(self) -> Plan:
        self.match_threads()
        self.load_existing()
        ordered, circular = parents_first(self.export.posts)
        if circular:
            self.result.report.skipped[CIRCLE] += len(circular)
        for level, post in ordered:
            self.plan_post(post, level)
        return self.result

    def match_threads(self) -> None:
        report = self.result.report
        matches = match_threads(self.export.threads.values())
        for thread in self.export.threads.values():
            if match := matches.get(thread.id):
                self.result.threads[thread.id] = (thread, match)
                report.matched[match.how] += 1
            else:
                report.unmatched.append(thread)

    def load_existing(self) -> None:
        sources = {source_of(thread) for thread, _ in self.result.threads.values()}
        items = ImportedItem.objects.filter(source__in=sources, kind="comment")
        rows = items.values_list(*ITEM_FIELDS, named=True)
        self.items = {(item.source, item.source_id): item for item in rows}
        articles = {match.article_id for _, match in self.result.threads.values()}
        self.comments = existing_comments(articles, imported=items.values("object_id"))
        self.taken = {(c.article_id, c.fingerprint): c for c in self.comments.values()}

    def plan_post(self, post: Post, level: int) -> None:
        skipped = self.result.report.skipped
        if post.thread_id not in self.export.threads:
            skipped[NO_THREAD] += 1
        elif post.thread_id not in self.result.threads:
            skipped[UNMATCHED] += 1
        else:
            if len(post.body) > BODY_MAX_LENGTH:
                self.result.report.notes[CUT] += 1
            thread, match = self.result.threads[post.thread_id]
            source = source_of(thread)
            if item := self.items.get((source, post.id)):
                self.plan_update(post, item, source)
            else:
                self.plan_new(post, level, source, match.article_id)

    def plan_new(self, post: Post, level: int, source: str, article_id: int) -> None:
        fields = comment_fields(post, source=source)
        fields["fingerprint"] = self.free_fingerprint(
            article_id, fields["fingerprint"], source, post
        )
        parent = self.parent_of(post, source, article_id)
        comment = Comment(
            article_id=article_id,
            parent=parent,
            thread=self.conversation_start(parent) if parent else None,
            depth=parent.depth + 1 if parent else 1,
            **fields,
        )
        self.local[post.id] = self.taken[article_id, comment.fingerprint] = comment
        self.result.new[level].append((source, post.id, comment))
        self.result.report.created += 1

    def conversation_start(self, parent: Comment) -> Comment:
        if parent.pk is None:  # planned in this run: its thread, if any, is an object here too
            return parent.thread or parent
        return self.comments[parent.thread_id] if parent.thread_id else parent

    def free_fingerprint(self, article_id: int, usual: str, source: str, post: Post) -> str:
        """The usual fingerprint, unless the article has that text from that address already
        (Disqus keeps both copies of a comment posted twice): then one of the post's own."""
        if (article_id, usual) not in self.taken:
            return usual
        return fingerprint(email="", body=post.body, source=source, post_id=post.id)

    def parent_of(self, post: Post, source: str, article_id: int) -> Comment | None:
        if not post.parent_id:
            return None
        parent = self.local.get(post.parent_id)
        if parent is None and (item := self.items.get((source, post.parent_id))):
            parent = self.comments.get(item.object_id)
        if parent is None or parent.article_id != article_id:
            self.result.report.notes[ORPHAN] += 1
            return None
        return parent

    def plan_update(self, post: Post, item: tuple, source: str) -> None:
        report = self.result.report
        comment = self.comments.get(item.object_id)
        if comment is None:
            report.skipped[DELETED_HERE] += 1
            return
        self.local[post.id] = comment
        if changed_here(comment, item):
            report.skipped[CHANGED_HERE] += 1
            return
        changes = {"status": status_of(post), "body": body_of(post)}
        changes = {
            name: value for name, value in changes.items() if getattr(comment, name) != value
        }
        if "body" in changes:
            body = changes["body"]
            usual = fingerprint(email=comment.email, body=body, source=source, post_id=post.id)
            changes["fingerprint"] = self.free_fingerprint(comment.article_id, usual, source, post)
            self.taken[comment.article_id, changes["fingerprint"]] = comment
        if not changes:
            report.unchanged += 1
            return
        self.result.updates.append((comment, changes, item))
        report.updated += 1


def existing_comments(article_ids, *, imported) -> dict[int, Comment]:
    """The comments of these articles, and those earlier runs imported, wherever they are now."""
    found = Comment.objects.filter(pk__in=imported).only(*COMMENT_FIELDS).in_bulk()
    ids = sorted(article_ids)
    for start in range(0, len(ids), BATCH):
        batch = Comment.objects.filter(article_id__in=ids[start : start + BATCH])
        found.update(batch.only(*COMMENT_FIELDS).in_bulk())
    return found


def changed_here(comment: Comment, item: tuple) -> bool:
    changes = (comment.moderated_at, comment.edited_at)
    return comment.erased_at is not None or any(t and t > item.updated_at for t in changes)


def parents_first(posts: list[Post]) -> tuple[list[tuple[int, Post]], set[str]]:
    """The posts each with its level in the file (1 for a first comment), parents before their
    replies; and the ids of posts caught in, or answering, a circle of parents."""
    by_id = {post.id: post for post in posts}
    level: dict[str, int] = {}
    for post in posts:
        chain, seen, current = [], set(), post
        while current and current.id not in level and current.id not in seen:
            seen.add(current.id)
            chain.append(current)
            current = by_id.get(current.parent_id)
        base = level.get(current.id, -1) if current else 0
        for depth, link in enumerate(reversed(chain), start=1):
            level[link.id] = base + depth if base >= 0 else -1
    circular = {post_id for post_id, at in level.items() if at < 0}
    ordered = [(level[post.id], post) for post in posts if level[post.id] > 0]
    ordered.sort(key=lambda pair: pair[0])
    return ordered, circular
