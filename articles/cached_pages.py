"""The names of the cached pages articles show on (see pagecache): defined here and nowhere else.

URLs declare what each page depends on with these, models say which names a change touches,
and articles/signals.py refreshes them whenever an article, a tag or an author changes.
"""

# Every list of articles: the index, the feeds, the sitemap.
ARTICLES = "articles"
# The list of months that have articles, and each month page's links to the months around it.
ARCHIVE = "archive"


def article(*, slug: str) -> str:
    return f"article:{slug}"


def tag(*, slug: str) -> str:
    return f"tag:{slug}"


def author(*, username: str) -> str:
    return f"author:{username}"


def year(*, year: int) -> str:
    return f"archive:{year}"


def month(*, year: int, month: int) -> str:
    return f"archive:{year}-{month}"


def pages_to_refresh(before: set[str], after: set[str]) -> set[str]:
    """Cached pages to refresh when an article goes from showing on `before` to `after`.

    When it enters or leaves a month (published, unpublished, redated), that month may gain
    its first article or lose its last, which changes the list of months (ARCHIVE).
    """
    months = [{name for name in pages if name.startswith("archive:")} for pages in (before, after)]
    return before | after | ({ARCHIVE} if months[0] != months[1] else set())
