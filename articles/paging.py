"""Pages of article lists that stay fast however deep the reader goes.

Django's Paginator fetches page N with OFFSET: the database reads and throws away every full row
before the page, so page 5,000 of 100,000 articles costs fifty thousand rows. This paginator
keeps the same `?page=N` pages (same articles, same order) but finds them with a deferred join:
a subquery picks the page's ids with the OFFSET, over the narrow listing index, and the outer
query fetches only those rows in full. It is still one query per page.

`CountedPaginator` and `Deferred` let a sitemap section give the sitemap index its number of
parts from a cheap count, without building the items the index never shows.
"""

from collections.abc import Sequence

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class DeferredJoinPaginator(Paginator):
    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if bottom == 0:
            return self._get_page(self.object_list[:top], number, self)
        ids = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=ids), number, self)


class CountedPaginator(Paginator):
    """Pages of `object_list` counted by `count()`: a cheaper query than the one that lists them
    (a sitemap section's index entry needs its number of pages, not its items)."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self._count = count

    @cached_property
    def count(self):
        return self._count()


class Deferred(Sequence):
    """A list built by `build()` the first time something reads it."""

    def __init__(self, build):
        self._build = build

    @cached_property
    def _items(self):
        return list(self._build())

    def __getitem__(self, index):
        return self._items[index]

    def __len__(self):
        return len(self._items)
