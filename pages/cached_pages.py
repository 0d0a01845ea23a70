"""The names of the cached pages pages show on (see pagecache): defined here and nowhere else.

A page's address depends on its own name and on those of the pages above it (its breadcrumbs,
and whether it is shown at all); every page of the site that shows the header and footer links
depends on MENU, which the menus' template tag adds while it renders them (pages/templatetags/).
pages/signals.py refreshes them whenever a page changes.
"""

# Every list of pages: the sitemap.
PAGES = "pages"
# The header's and the footer's links to pages, shown on every page of the site.
MENU = "pages:menu"


def page(*, path: str) -> str:
    return f"page:{path}"
