"""A small streaming XML writer: each element goes to the output as soon as it is written.

It writes text the way WordPress's exporter does (`wxr_cdata()`): element text as CDATA, with
any "]]>" inside split across two sections, so HTML survives untouched. Characters XML 1.0
cannot carry at all (control characters other than tab and newlines) are dropped, since no
parser would read a file that has them.
"""

import re
from xml.sax.saxutils import escape, quoteattr

NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
INDENT = "\t"


def xml_text(value) -> str:
    return NOT_XML.sub("", "" if value is None else str(value))


def cdata(value) -> str:
    text = xml_text(value).replace("]]>", "]]]]><![CDATA[>")
    return f"<![CDATA[{text}]]>"


class XMLWriter:
    def __init__(self, out):
        self.out = out
        self.depth = 0

    def raw(self, text: str) -> None:
        self.out.write(text)

    def _tag(self, name: str, attrs: dict | None) -> str:
        attributes = "".join(f" {key}={quoteattr(xml_text(v))}" for key, v in (attrs or {}).items())
        return f"{name}{attributes}"

    def open(self, name: str, attrs: dict | None = None) -> None:
        self.raw(f"{INDENT * self.depth}<{self._tag(name, attrs)}>\n")
        self.depth += 1

    def close(self, name: str) -> None:
        self.depth -= 1
        self.raw(f"{INDENT * self.depth}</{name}>\n")

    def cdata(self, name: str, value, attrs: dict | None = None) -> None:
        """An element whose text may hold anything (HTML, names, addresses)."""
        self.raw(f"{INDENT * self.depth}<{self._tag(name, attrs)}>{cdata(value)}</{name}>\n")

    def text(self, name: str, value, attrs: dict | None = None) -> None:
        """An element with plain, escaped text (numbers, URLs, dates)."""
        content = escape(xml_text(value))
        self.raw(f"{INDENT * self.depth}<{self._tag(name, attrs)}>{content}</{name}>\n")
