"""The whole site as one JSON document, written as a stream (docs/export-json.md lists every key).

The rows are export_data's, the same content the WXR export carries; each article (with its
comments) is encoded and written on its own, so memory holds one article at a time.
"""

import json
from datetime import UTC, datetime
from importlib.metadata import version

from django.conf import settings
from django.utils import timezone

from transfer import export_data

FORMAT = "newsblog-export"
FORMAT_VERSION = 1


def encode(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=_plain)


def _plain(value):
    if isinstance(value, datetime):  # full precision, in UTC: nothing lost on the way back
        return value.astimezone(UTC).isoformat()
    raise TypeError(f"Cannot export {type(value).__name__}")


def head() -> dict:
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "generator": f"NewsBlog {version('newsblog')}",
        "created_at": timezone.now(),
        "site": {
            "name": settings.SITE_NAME,
            "url": export_data.site_url(),
            "language": settings.LANGUAGE_CODE,
            "time_zone": settings.TIME_ZONE,
        },
    }


def write(out) -> None:
    """Write the export to the text stream `out`."""
    out.write(encode(head())[:-1])  # the head's keys, then the lists below, in one object
    for name, rows in sections():
        out.write(f', "{name}": [')
        for number, row in enumerate(rows):
            out.write(("," if number else "") + "\n" + encode(row))
        out.write("\n]")
    out.write("}\n")


def sections():
    def articles():
        for article in export_data.articles():
            yield {**article, "comments": list(article["comments"])}

    yield "authors", export_data.authors()
    yield "tags", export_data.tags()
    yield "articles", articles()
    yield "pages", export_data.pages()
