"""Names of the cached pages an article shows on (see newsblog.page_cache)."""


def pages_to_refresh(before: set[str], after: set[str]) -> set[str]:
    """Cached pages to refresh when an article goes from showing on `before` to `after`.

    When it enters or leaves a month (published, unpublished, redated), that month may gain
    its first article or lose its last, which changes the list of months ("archive").
    """
    months = [{name for name in pages if name.startswith("archive:")} for pages in (before, after)]
    return before | after | ({"archive"} if months[0] != months[1] else set())
