"""The one place where untrusted HTML is cleaned and marked safe.

Every call to bleach lives here, so replacing it (for example with nh3) touches this file only.
Article bodies come from the admin's rich-text editor and keep a small set of formatting tags,
and figures whose images are files of this site's media (no other image could show under the
site's Content-Security-Policy).
Comments are plain text: escaped, split into paragraphs, with bare URLs turned into links;
comments imported as HTML (from Disqus) are turned into that plain text here.
Structured data for search engines is JSON escaped so that it cannot end its <script> element.
Editors are told what cleaning took from what they wrote (`cleaning_report`), and revisions of a
text are compared word by word with every word escaped (`word_diff`).
"""

import difflib
import html
import json
import re
import threading
from collections import Counter
from functools import lru_cache
from html.parser import HTMLParser

import bleach
from bleach.html5lib_shim import Filter
from bleach.linkifier import Linker, build_url_re
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext
from django_prose_editor.config import allowlist_from_extensions

PROTOCOLS = frozenset({"http", "https", "mailto"})

ARTICLE_EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "ListItem": True,
    "OrderedList": True,
    "Blockquote": True,
    "HardBreak": True,
    "HorizontalRule": True,
    "Link": {"enableTarget": True, "protocols": sorted(PROTOCOLS)},
    "History": True,
    "HTML": True,
    "Figure": True,
    "Caption": True,
    "Image": True,
}
# What the editor can produce with those extensions, in its own words, so that the editor and
# this allowlist cannot drift apart; plus code and preformatted text, which editors type in its
# HTML view. Links get their rel from _OutboundLinkFilter, never from the editor.
_EDITOR_ALLOWS = allowlist_from_extensions(ARTICLE_EDITOR_EXTENSIONS)
ARTICLE_TAGS = frozenset(_EDITOR_ALLOWS["tags"]) | {"code", "pre"}
ARTICLE_ATTRIBUTES = {
    tag: sorted(set(names) - {"rel", "data-file"})
    for tag, names in _EDITOR_ALLOWS["attributes"].items()
} | {"figcaption": ["class"]}
# The classes the editor gives figures and captions; no other class means anything here.
EDITOR_CLASSES = {"figure": "figure", "figcaption": "figure-caption"}

# The numbering styles an ordered list may name (HTML's own).
LIST_NUMBERING = frozenset({"1", "a", "A", "i", "I"})

COMMENT_TAGS = frozenset({"p", "br", "a"})
COMMENT_ATTRIBUTES = {"a": ["href", "rel"]}
COMMENT_LINK_REL = "nofollow ugc noopener"

_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\xa0\u200b-\u200f\u2028\u2029\ufeff]")
# As in Django's json_script: no "<", ">" or "&" survives, so "</script>" cannot end the element.
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}

_BLANK_LINES = re.compile(r"\n\s*\n")
_BLOCK_END = re.compile(r"(?=</(?:p|h[1-6]|li|blockquote|pre)>)|<br\s*/?>", re.IGNORECASE)
_CLEAN_LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.DOTALL)
_CLEAN_COMMENT_TAG = re.compile(r"</?(?:p|br|a)\b[^>]*>")


# Elements whose content is code, not prose: dropped whole rather than left behind as text.
DROPPED_WITH_CONTENT = frozenset({"script", "style"})


class _DropCodeFilter(Filter):
    """Removes script and style elements together with their content."""

    def __iter__(self):
        depth = 0
        for token in super().__iter__():
            name = token.get("name")
            if name in DROPPED_WITH_CONTENT and token["type"] == "StartTag":
                depth += 1
            elif name in DROPPED_WITH_CONTENT and token["type"] == "EndTag":
                depth = max(depth - 1, 0)
            elif depth == 0:
                yield token


class _OutboundLinkFilter(Filter):
    """Only target="_blank" survives, and such links get rel="noopener noreferrer"."""

    def __iter__(self):
        for token in super().__iter__():
            if token["type"] in ("StartTag", "EmptyTag") and token["name"] == "a":
                token["data"] = _outbound_link_attributes(token["data"])
            yield token


def _outbound_link_attributes(attrs):
    target_key = (None, "target")
    rel_key = (None, "rel")
    attrs = {key: value for key, value in attrs.items() if key != rel_key}
    if attrs.get(target_key) == "_blank":
        attrs[rel_key] = "noopener noreferrer"
    else:
        attrs.pop(target_key, None)
    return attrs


def _url_is_safe(value: str, protocols=PROTOCOLS) -> bool:
    """Relative, or with an allowed scheme. Stricter than bleach alone, which lets
    "javascript:123" through because it parses like a host and port."""
    compact = _INVISIBLE.sub("", value).lower()
    head = re.split(r"[/?#]", compact, maxsplit=1)[0]
    if ":" not in head:
        return True
    return head.split(":", 1)[0] in protocols


def is_site_media(src: str) -> bool:
    """Whether an image address is a file in this site's media: the page's Content-Security-
    Policy (img-src) would block any other, so such an image would show as broken."""
    if _INVISIBLE.search(src) or "\\" in src or ".." in src:
        return False
    prefixes = [settings.MEDIA_URL]
    if settings.MEDIA_ORIGIN:
        prefixes.append(settings.MEDIA_ORIGIN.rstrip("/") + "/")
    return any(src.startswith(prefix) and len(src) > len(prefix) for prefix in prefixes)


def _article_attribute(tag, name, value):
    if name not in ARTICLE_ATTRIBUTES.get(tag, ()):
        return False
    if name == "type":
        return value in LIST_NUMBERING
    if name == "class":
        return value == EDITOR_CLASSES.get(tag)
    if name in ("width", "height"):
        return value.isdigit() and len(value) < 6
    if name == "src":
        return is_site_media(value)
    return name != "href" or _url_is_safe(value)


class _SiteImageFilter(Filter):
    """An image whose address was refused is removed whole; every image keeps an alt (empty
    for a decorative one), as readers with screen readers need, and loads only when scrolled
    near (the sanitizer sets loading, never the editor)."""

    def __iter__(self):
        for token in super().__iter__():
            if token["type"] in ("StartTag", "EmptyTag") and token["name"] == "img":
                if (None, "src") not in token["data"]:
                    continue
                token["data"].setdefault((None, "alt"), "")
                token["data"][(None, "loading")] = "lazy"
            yield token


def _comment_attribute(tag, name, value):
    if name not in COMMENT_ATTRIBUTES.get(tag, ()):
        return False
    return name != "href" or _url_is_safe(value, protocols={"http", "https"})


def clean_article_html(value: str) -> str:
    """Sanitized article HTML for storing. Empty editor output becomes an empty string."""
    cleaned = _tools.article_cleaner.clean(value or "").strip()
    return "" if cleaned in ("", "<p></p>") else cleaned


# Pages show the same bodies and comments over and over, and cleaning is the costliest part of
# rendering them (bleach parses the whole fragment). The functions below depend only on their
# text, so each process remembers its most recent results; sizes bound the memory used.
@lru_cache(maxsize=256)
def article_html(value: str) -> SafeString:
    """Article HTML ready for a template: cleaned again on the way out, then marked safe."""
    return mark_safe(clean_article_html(value))  # noqa: S308 - cleaned by the allowlist above


def _nofollow(attrs, new=False):
    attrs[(None, "rel")] = COMMENT_LINK_REL
    return attrs


def _only_web_links(attrs, new=False):
    href = attrs.get((None, "href"), "")
    return attrs if href.startswith(("http://", "https://")) else None


class _Tools(threading.local):
    """bleach's cleaners and linker keep the state of the fragment they are parsing, so two
    threads using one at once corrupt each other's output (gunicorn serves with several
    threads). Each thread gets its own set, made the first time it uses one."""

    def __init__(self):
        self.article_cleaner = bleach.Cleaner(
            # The dropped elements pass bleach's allowlist (with no attributes) only so that
            # _DropCodeFilter can see where they end and remove their content too.
            tags=ARTICLE_TAGS | DROPPED_WITH_CONTENT,
            attributes=_article_attribute,
            protocols=PROTOCOLS,
            strip=True,
            strip_comments=True,
            filters=[_DropCodeFilter, _OutboundLinkFilter, _SiteImageFilter],
        )
        self.comment_cleaner = bleach.Cleaner(
            tags=COMMENT_TAGS,
            attributes=_comment_attribute,
            protocols={"http", "https"},
            strip=True,
            strip_comments=True,
        )
        self.imported_comment_cleaner = bleach.Cleaner(
            tags=COMMENT_TAGS | DROPPED_WITH_CONTENT,
            attributes={"a": ["href"]},
            protocols={"http", "https"},
            strip=True,
            strip_comments=True,
            filters=[_DropCodeFilter],
        )
        self.comment_linker = Linker(
            callbacks=[_only_web_links, _nofollow],
            parse_email=False,
            url_re=build_url_re(protocols=["http", "https"]),
        )


_tools = _Tools()


@lru_cache(maxsize=2048)
def comment_html(text: str) -> SafeString:
    """A reader's plain-text comment as HTML: escaped, paragraphs and line breaks, safe links."""
    paragraphs = [part.strip() for part in _BLANK_LINES.split((text or "").strip())]
    escaped = "".join(
        "<p>{}</p>".format(html.escape(part).replace("\n", "<br>")) for part in paragraphs if part
    )
    linked = _tools.comment_linker.linkify(escaped)
    return mark_safe(_tools.comment_cleaner.clean(linked))  # noqa: S308 - escaped, then cleaned


def comment_text_from_html(value: str) -> str:
    """A comment written as HTML elsewhere (a Disqus export) as the plain text comments are
    stored in: scripts and styles dropped with their content, paragraphs apart by a blank line,
    line breaks kept, and a link as its text followed by its web address when they differ (the
    address becomes a link again when the comment is shown)."""
    cleaned = _tools.imported_comment_cleaner.clean(value or "")
    linked = _CLEAN_LINK.sub(_link_as_text, cleaned)
    spaced = " ".join(linked.split()).replace("</p>", "\n\n")
    spaced = re.sub(r"<br\s*/?>", "\n", spaced)
    # The cleaner's output has no other tags than these, and every "<" of text escaped.
    text = html.unescape(_CLEAN_COMMENT_TAG.sub("", spaced))
    lines = (line.strip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _link_as_text(match: re.Match) -> str:
    href, text = match.group(1), match.group(2)
    web = href.startswith(("http://", "https://"))
    return (
        f"{text} ({href})" if web and html.unescape(text).strip() != html.unescape(href) else text
    )


@lru_cache(maxsize=256)
def plain_text(value: str) -> str:
    """Text content of a fragment of HTML, for excerpts and meta descriptions."""
    spaced = _BLOCK_END.sub(" ", value or "")
    text = bleach.clean(spaced, tags=set(), strip=True, strip_comments=True)
    return " ".join(html.unescape(text).split())


def strip_tags(value: str) -> str:
    """The text of untrusted HTML, without its tags, comments, scripts or styles (still with
    HTML entities, for the caller to decode): imported comments become plain text here."""
    cleaner = bleach.Cleaner(
        tags=DROPPED_WITH_CONTENT, strip=True, strip_comments=True, filters=[_DropCodeFilter]
    )
    return cleaner.clean(value or "")


def json_ld(data: dict) -> SafeString:
    """Structured data (schema.org JSON-LD) in a <script> element that text cannot break out of."""
    text = json.dumps(data, cls=DjangoJSONEncoder).translate(_JSON_SCRIPT_ESCAPES)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text),  # noqa: S308 - JSON with every <, > and & escaped above
    )


def word_diff(old: str, new: str) -> SafeString:
    """Two plain texts as one, words taken out in <del> and words put in in <ins>.

    Line breaks in the texts (a block of an article body each, see `plain_blocks`) are kept as
    <br>. Every word is escaped, so the texts may be anything.
    """
    before, after = _diff_tokens(old), _diff_tokens(new)
    parts = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            parts.append(_diff_words(before[i1:i2]))
            continue
        if operation in ("delete", "replace"):
            parts.append(f"<del>{_diff_words(before[i1:i2])}</del>")
        if operation in ("insert", "replace"):
            parts.append(f"<ins>{_diff_words(after[j1:j2])}</ins>")
    return mark_safe(" ".join(parts).replace(" <br> ", "<br>"))  # noqa: S308 - words escaped


def _diff_tokens(text: str) -> list[str]:
    return re.findall(r"\n|[^\s]+", (text or "").strip())


def _diff_words(tokens: list[str]) -> str:
    return " ".join("<br>" if word == "\n" else html.escape(word) for word in tokens)


def plain_blocks(value: str) -> str:
    """Text content of article HTML with one line per paragraph, heading or list item."""
    marked = _BLOCK_END.sub("\n", clean_article_html(value))
    text = html.unescape(bleach.clean(marked, tags=set(), strip=True, strip_comments=True))
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


# What cleaning an article body can take away, in editors' words, by kind of change.
_REPORT_PHRASES = {
    "heading": (
        "%(count)d heading level %(level)s was removed (its text was kept)",
        "%(count)d headings level %(level)s were removed (their text was kept)",
    ),
    "element": (
        "%(count)d <%(name)s> element was removed (its text was kept)",
        "%(count)d <%(name)s> elements were removed (their text was kept)",
    ),
    "code": (
        "%(count)d <%(name)s> element was removed with its content",
        "%(count)d <%(name)s> elements were removed with their content",
    ),
    "unsafe link": (
        "%(count)d link with an unsafe address was removed (its text was kept)",
        "%(count)d links with an unsafe address were removed (their text was kept)",
    ),
    "handler": (
        "%(count)d script attribute (%(name)s) was removed",
        "%(count)d script attributes (%(name)s) were removed",
    ),
    "attribute": (
        "%(count)d %(name)s attribute was removed",
        "%(count)d %(name)s attributes were removed",
    ),
    "comment": ("%(count)d HTML comment was removed", "%(count)d HTML comments were removed"),
    "foreign image": (
        "%(count)d image from another site was removed (only images stored here can be shown)",
        "%(count)d images from another site were removed (only images stored here can be shown)",
    ),
}


def cleaning_report(value: str) -> list[str]:
    """What `clean_article_html` takes from this HTML, one sentence per kind of change, e.g.
    "1 heading level 1 was removed (its text was kept)". Empty when nothing is lost."""
    finder = _LossFinder()
    finder.feed(value or "")
    finder.close()
    sentences = []
    for (kind, name), count in finder.losses.items():
        singular, plural = _REPORT_PHRASES[kind]
        level = name[1:] if kind == "heading" else ""
        sentences.append(
            ngettext(singular, plural, count) % {"count": count, "name": name, "level": level}
        )
    return sentences


class _LossFinder(HTMLParser):
    """Counts the elements and attributes of a fragment that the article allowlist drops."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.losses = Counter()
        self.dropping = 0

    def handle_starttag(self, tag, attrs):
        if tag in DROPPED_WITH_CONTENT:
            self.losses["code", tag] += not self.dropping
            self.dropping += 1
            return
        if self.dropping:
            return
        if tag not in ARTICLE_TAGS:
            heading = re.fullmatch(r"h[1-6]", tag)
            self.losses["heading" if heading else "element", tag] += 1
            return
        if tag == "img" and not is_site_media(dict(attrs).get("src") or ""):
            self.losses["foreign image", ""] += 1
            return
        for name, attr_value in attrs:
            self._judge_attribute(tag, name, attr_value or "")

    def _judge_attribute(self, tag, name, value):
        if name == "href" and tag == "a" and not _url_is_safe(value):
            self.losses["unsafe link", ""] += 1
        elif name.startswith("on"):
            self.losses["handler", name] += 1
        elif name not in ("rel", "loading") and not _article_attribute(tag, name, value):
            self.losses["attribute", name] += 1

    def handle_endtag(self, tag):
        if tag in DROPPED_WITH_CONTENT and self.dropping:
            self.dropping -= 1

    def handle_comment(self, data):
        self.losses["comment", ""] += 1
