"""Reading a Disqus export (Disqus's "Custom XML Import Format", which its export also writes).

The file is read as a stream through defusedxml: a document type declaration, an entity or an
external reference is refused before it can expand, and each thread and post is dropped from the
tree once read, so memory holds only the compact records below (a comment's text is stored
already turned into plain text). The whole file is read before anything is written: a post may
answer a post listed after it, and a file that breaks halfway must import nothing.

Lines are counted by feeding the parser one line at a time (`LineReader`), so every refusal can
say where the file went wrong.
"""

import datetime
import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from core.sanitizer import comment_text_from_html

NS = "{http://disqus.com}"
DSQ_ID = "{http://disqus.com/disqus-internals}id"
LONGEST_READ = 64 * 1024


class DisqusFileError(Exception):
    """The file is not a readable Disqus export; nothing of it is imported."""

    def __init__(self, message: str, *, line: int | None = None):
        super().__init__(f"line {line}: {message}" if line else message)
        self.line = line


@dataclass(frozen=True, slots=True)
class Thread:
    id: str
    forum: str
    identifier: str
    link: str
    title: str


@dataclass(frozen=True, slots=True)
class Post:
    id: str
    thread_id: str
    parent_id: str
    name: str
    email: str
    ip_address: str
    created_at: datetime.datetime
    body: str
    is_spam: bool
    is_deleted: bool


@dataclass
class Export:
    threads: dict[str, Thread] = field(default_factory=dict)
    posts: list[Post] = field(default_factory=list)
    post_ids: set[str] = field(default_factory=set)


class LineReader:
    """A binary file read at most one line at a time, remembering the line it is on."""

    def __init__(self, file):
        self.file = file
        self.line = 0
        self._newlines = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.file.readline(min(size, LONGEST_READ) if size > 0 else LONGEST_READ)
        self.line = self._newlines + 1
        self._newlines += chunk.count(b"\n")
        return chunk


def read_export(file) -> Export:
    """Every thread and post of an open binary Disqus export; DisqusFileError if it is not one."""
    reader = LineReader(file)
    export = Export()
    depth = entry_line = 0
    root = None
    try:
        for event, element in iterparse(reader, events=("start", "end"), forbid_dtd=True):
            if event == "start":
                depth += 1
                root = root if root is not None else check_root(element, reader.line)
                entry_line = reader.line if depth == 2 else entry_line
                continue
            depth -= 1
            if depth == 1:
                read_entry(element, export, entry_line)
                root.clear()
    except ParseError as error:
        reason = re.sub(r": line \d+, column \d+$", "", str(error))
        raise DisqusFileError(f"the XML is broken ({reason})", line=error.position[0]) from None
    except DefusedXmlException:
        message = (
            "the file declares a document type or entities, which are refused: they can expand"
            " without end or read other files"
        )
        raise DisqusFileError(message, line=reader.line) from None
    if root is None:
        raise DisqusFileError("the file is empty")
    return export


def check_root(element, line: int):
    if element.tag != f"{NS}disqus":
        name = element.tag.rpartition("}")[2]
        raise DisqusFileError(
            f"this is not a Disqus export: it starts with <{name}>, not Disqus's <disqus>",
            line=line,
        )
    return element


def read_entry(element, export: Export, line: int) -> None:
    if element.tag == f"{NS}thread":
        thread = read_thread(element, line)
        if thread.id in export.threads:
            raise DisqusFileError(f"thread {thread.id} is listed twice", line=line)
        export.threads[thread.id] = thread
    elif element.tag == f"{NS}post":
        post = read_post(element, line)
        if post.id in export.post_ids:
            raise DisqusFileError(f"post {post.id} is listed twice", line=line)
        export.post_ids.add(post.id)
        export.posts.append(post)


def read_thread(element, line: int) -> Thread:
    return Thread(
        id=required_id(element, "thread", line),
        forum=text(element, "forum"),
        identifier=text(element, "id"),
        link=text(element, "link"),
        title=text(element, "title"),
    )


def read_post(element, line: int) -> Post:
    author = element.find(f"{NS}author")
    parent = element.find(f"{NS}parent")
    thread = element.find(f"{NS}thread")
    return Post(
        id=required_id(element, "post", line),
        thread_id=thread.get(DSQ_ID, "") if thread is not None else "",
        parent_id=parent.get(DSQ_ID, "") if parent is not None else "",
        name=text(author, "name") or text(author, "username"),
        email=text(author, "email"),
        ip_address=text(element, "ipAddress"),
        created_at=created_at(text(element, "createdAt"), line),
        body=comment_text_from_html(element.findtext(f"{NS}message") or ""),
        is_spam=text(element, "isSpam").lower() == "true",
        is_deleted=text(element, "isDeleted").lower() == "true",
    )


def text(element, name: str) -> str:
    if element is None:
        return ""
    return (element.findtext(f"{NS}{name}") or "").strip()


def required_id(element, kind: str, line: int) -> str:
    value = (element.get(DSQ_ID) or "").strip()
    if not value:
        raise DisqusFileError(f"a <{kind}> has no dsq:id", line=line)
    return value


def created_at(value: str, line: int) -> datetime.datetime:
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise DisqusFileError(f"a post's createdAt is not a date: {value!r}", line=line) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)
