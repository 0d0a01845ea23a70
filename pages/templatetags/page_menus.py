"""The header's and the footer's links to pages: `{% menu_pages "header" as pages %}`.

Both menus come from one query, made once per request; the cached page showing them depends
on MENU, so a change to a linked page refreshes every cached page of the site.
"""

from django import template

from core.per_request import once_per_request
from pagecache.views import depends_on
from pages import cached_pages as names
from pages.models import Page

register = template.Library()


@register.simple_tag(takes_context=True)
def menu_pages(context, menu: str) -> list[Page]:
    return [page for page in _linked_pages(context.get("request")) if page.menu == menu]


def _linked_pages(request) -> list[Page]:
    linked = Page.objects.in_menus().only("title", "path", "menu")
    if request is None:
        return list(linked)

    def read():
        depends_on(request, names.MENU)
        return list(linked)

    return once_per_request(request, "linked_pages", read)
