"""WordPress post content made ready for the sanitizer: block comments, shortcodes, the summary.

Gutenberg stores its blocks' settings in HTML comments (`<!-- wp:image {"id":5} -->`); they are
removed. `[caption]` becomes a figure with its caption (images are copied by wp_body_images.py);
every other shortcode (`[gallery]`, `[embed]`, plugins' own) is removed, its enclosed text kept,
and counted by name for the report. What comes out still goes through core/sanitizer.py.
"""

import html
import re
from collections import Counter

from django.utils.text import Truncator

from core import sanitizer

SUMMARY_MAX = 500
BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.DOTALL)
MORE = re.compile(r"<!--\s*more\b.*?-->", re.IGNORECASE | re.DOTALL)
CAPTION = re.compile(r"\[(caption|wp_caption)\b([^\]]*)\](.*?)\[/\1\]", re.DOTALL)
# An opening or closing shortcode tag: [name attr="x"], [name/], [/name]; not [[escaped]].
SHORTCODE = re.compile(r"(?<!\[)\[(/?)([a-zA-Z][\w-]*)\b((?:[^\]\"']|\"[^\"]*\"|'[^']*')*)\](?!\])")
CAPTION_ATTRIBUTE = re.compile(r"""caption=(["'])(.*?)\1""", re.DOTALL)
MEDIA_ELEMENT = re.compile(r"^\s*((?:<a\b[^>]*>)?\s*<img\b[^>]*>\s*(?:</a>)?)(.*)$", re.DOTALL)


def article_body(content: str, shortcodes: Counter, images=None) -> str:
    """Sanitized HTML of a post's content, with shortcode kinds counted into `shortcodes`, and
    its images copied by `images` (transfer.wp_body_images.BodyImages) or else removed."""
    content = BLOCK_COMMENT.sub("", content or "")
    content = MORE.sub("", content)
    content = CAPTION.sub(lambda match: _figure(match, shortcodes), content)
    content = SHORTCODE.sub(lambda match: _strip(match, shortcodes), content)
    content = images.rewrite(content) if images else content
    return sanitizer.clean_article_html(_paragraphs(content))


def summary(*, excerpt: str, content: str) -> str:
    """The excerpt, or else the text before `<!--more-->`, as plain text of at most 500 chars."""
    text = sanitizer.plain_text(excerpt or "")
    if not text and MORE.search(content or ""):
        before = MORE.split(content, maxsplit=1)[0]
        text = sanitizer.plain_text(SHORTCODE.sub("", BLOCK_COMMENT.sub("", before)))
    return Truncator(text).chars(SUMMARY_MAX)


def _figure(match, shortcodes: Counter) -> str:
    shortcodes[match.group(1)] += 1
    attributes, inner = match.group(2), match.group(3)
    media = MEDIA_ELEMENT.match(inner)
    element, caption = (media.group(1), media.group(2)) if media else ("", inner)
    named = CAPTION_ATTRIBUTE.search(attributes)
    caption = (named.group(2) if named else caption).strip()
    return f"<figure>{element}<figcaption>{caption}</figcaption></figure>"


def _strip(match, shortcodes: Counter) -> str:
    if not match.group(1):  # count each shortcode once, at its opening tag
        shortcodes[match.group(2).lower()] += 1
    return ""


def _paragraphs(content: str) -> str:
    """WordPress's classic editor stores paragraphs as blank lines (its wpautop adds <p> only
    when showing a post); blocks already have their elements."""
    if re.search(r"<(p|div|h[1-6]|ul|ol|blockquote|figure|pre|table)\b", content, re.IGNORECASE):
        return content
    parts = [part.strip() for part in re.split(r"\n\s*\n", content) if part.strip()]
    return "".join(f"<p>{part.replace(chr(10), '<br>')}</p>" for part in parts)


def comment_text(content: str) -> str:
    """A WordPress comment's HTML as the plain text readers' comments are stored in here:
    paragraphs as blank lines, line breaks kept, tags dropped, entities decoded."""
    marked = re.sub(r"</p\s*>", "\n\n", content or "", flags=re.IGNORECASE)
    marked = re.sub(r"<br\s*/?>", "\n", marked, flags=re.IGNORECASE)
    text = sanitizer.strip_tags(marked)
    lines = (" ".join(line.split()) for line in html.unescape(text).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
