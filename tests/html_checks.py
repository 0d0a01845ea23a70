"""Re-parsing rendered HTML to check that nothing dangerous survived sanitizing."""

import json
from html.parser import HTMLParser
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "security-vectors"
SAFE_SCHEMES = ("http:", "https:", "mailto:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "data"}
FORBIDDEN_TAGS = {"script", "style", "iframe", "object", "embed", "svg", "math", "form", "base"}


def corpus_vectors():
    """Every string of the shared XSS corpus, or an empty list when the folder is absent."""
    vectors = []
    for path in sorted(CORPUS_DIR.glob("*.json")):
        vectors.extend(json.loads(path.read_text(encoding="utf-8")))
    return vectors


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))

    handle_startendtag = handle_starttag


def problems(html: str, allowed_tags: set[str]) -> list[str]:
    """What in `html` breaks the rules: unknown tags, event handlers, unsafe URLs."""
    collector = _Collector()
    collector.feed(html)
    found = []
    for tag, attrs in collector.elements:
        if tag not in allowed_tags or tag in FORBIDDEN_TAGS:
            found.append(f"tag <{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                found.append(f"attribute {name} on <{tag}>")
            if name in URL_ATTRIBUTES and not _safe_url(value or ""):
                found.append(f"{name}={value!r} on <{tag}>")
    return found


def _safe_url(value: str) -> bool:
    compact = "".join(value.split()).lower()
    if ":" not in compact.split("/")[0].split("?")[0].split("#")[0]:
        return True  # relative URL
    return compact.startswith(SAFE_SCHEMES)
