"""Reading a WordPress export (WXR) as a stream, one channel entry at a time.

`read(path)` yields one `Entry` per child of the channel (site fields, authors, terms, items),
each turned into plain dicts and then cleared from the tree, so memory stays flat whatever the
file's size. The parser is defusedxml's: a DTD, entity declarations (the "billion laughs") and
external entities are refused before anything is expanded or fetched. Every refusal, and any
XML error (a truncated file, a wrong root), is a `WXRError` naming the line where it broke.

WordPress has written its namespace as http:// and as https:// (WordPress.com) and in versions
1.0 to 1.2; all are read the same way, as the `wp:`, `excerpt:`, `content:` and `dc:` prefixes.
"""

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from xml.parsers import expat

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from defusedxml.ElementTree import iterparse as defused_iterparse

PREFIXES = [
    ("excerpt", re.compile(r"^https?://wordpress\.org/export/1\.[012]/excerpt/$")),
    ("wp", re.compile(r"^https?://wordpress\.org/export/1\.[012]/$")),
    ("content", re.compile(r"^https?://purl\.org/rss/1\.0/modules/content/$")),
    ("dc", re.compile(r"^https?://purl\.org/dc/elements/1\.1/$")),
]
CHANNEL_LISTS = {"wp:author": "author", "wp:category": "category", "wp:tag": "tag"}
REFUSALS = {
    "DTDForbidden": "it declares a document type (DTD), which a WordPress export never has",
    "EntitiesForbidden": "it declares entities (an entity-expansion attack, or a tampered file)",
    "ExternalReferenceForbidden": "it refers to an external entity (a file or web address)",
}


NOT_WXR = "This is an RSS feed, not a WordPress export: it declares no wp: namespace."


class WXRError(Exception):
    """The file cannot be imported; the message says why and where."""


@dataclass
class Entry:
    kind: str  # "site", "author", "category", "tag", "term" or "item"
    data: dict
    line: int


class _LineTarget(ET.TreeBuilder):
    """A tree builder that notes the line where each entry of the channel starts."""

    def __init__(self):
        super().__init__()
        self.expat = None
        self.depth = 0
        self.lines = {}

    def start(self, tag, attrs):
        element = super().start(tag, attrs)
        self.depth += 1
        if self.depth == 3:
            self.lines[element] = self.expat.CurrentLineNumber
        return element

    def end(self, tag):
        self.depth -= 1
        return super().end(tag)


def local_name(tag: str, names: dict) -> str:
    """'{https://wordpress.org/export/1.2/}post_id' → 'wp:post_id'."""
    if tag not in names:
        uri, _, local = tag[1:].rpartition("}") if tag.startswith("{") else ("", "", tag)
        prefix = next((p for p, pattern in PREFIXES if uri and pattern.match(uri)), uri)
        names[tag] = f"{prefix}:{local}" if prefix else local
    return names[tag]


def read(path):
    """Yield the entries of the export at `path`; raise WXRError where the file is wrong."""
    target = _LineTarget()
    parser = DefusedXMLParser(target=target, forbid_dtd=True)
    target.expat = parser.parser
    names = {}
    try:
        yield from _entries(
            defused_iterparse(path, ("start-ns", "start", "end"), parser=parser), target, names
        )
    except DefusedXmlException as error:
        reason = REFUSALS.get(type(error).__name__, str(error))
        raise WXRError(f"Line {parser.parser.CurrentLineNumber}: refused, {reason}.") from None
    except (ET.ParseError, expat.ExpatError) as error:
        line = getattr(error, "position", (parser.parser.CurrentLineNumber,))[0]
        raise WXRError(f"Line {line}: the XML is broken ({error}).") from None


def _entries(events, target, names):
    depth = 0
    channel = None
    saw_wp = False
    for event, element in events:
        if event == "start-ns":
            saw_wp = saw_wp or bool(PREFIXES[1][1].match(element[1]))
            continue
        if event == "start":
            depth += 1
            _check_shape(depth, local_name(element.tag, names), target.expat.CurrentLineNumber)
            if depth == 1 and not saw_wp:
                raise WXRError(NOT_WXR)
            channel = element if depth == 2 else channel
            continue
        depth -= 1
        if depth == 2:
            line = target.lines.pop(element, 0)
            yield entry_of(element, names, line)
            element.clear()
            channel.remove(element)


def _check_shape(depth: int, name: str, line: int) -> None:
    if depth == 1 and name != "rss":
        raise WXRError(
            f"Line {line}: the file starts with <{name}>, not a WordPress export's <rss>."
        )
    if depth == 2 and name != "channel":
        raise WXRError(f"Line {line}: <{name}> where a WordPress export has its <channel>.")


def entry_of(element, names, line: int) -> Entry:
    name = local_name(element.tag, names)
    if name == "item":
        return Entry("item", item_of(element, names), line)
    if name in CHANNEL_LISTS or name == "wp:term":
        kind = CHANNEL_LISTS.get(name, "term")
        return Entry(kind, fields_of(element, names), line)
    return Entry("site", {name: (element.text or "").strip()}, line)


def fields_of(element, names) -> dict:
    return {local_name(child.tag, names): child.text or "" for child in element}


def item_of(element, names) -> dict:
    item = {"categories": [], "meta": {}, "comments": []}
    for child in element:
        name = local_name(child.tag, names)
        if name == "category":
            item["categories"].append(
                (child.get("domain", ""), child.get("nicename", ""), child.text or "")
            )
        elif name == "wp:postmeta":
            meta = fields_of(child, names)
            item["meta"][meta.get("wp:meta_key", "")] = meta.get("wp:meta_value", "")
        elif name == "wp:comment":
            item["comments"].append(
                {k: v for k, v in fields_of(child, names).items() if k != "wp:commentmeta"}
            )
        else:
            item[name] = child.text or ""
    return item
