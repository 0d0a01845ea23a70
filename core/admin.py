"""What the admin's pages share.

- `NonceMediaMixin`: the rich-text editor's inline import map carries the response's CSP nonce.
- `DateHierarchyMixin`: the change list, with the year check its date hierarchy lacks in
  Django 5.2. A year out of range in a date hierarchy address (`?published_at__year=9999`, or one
  too long for the C library) raised ValueError or OverflowError out of Django's change list: a
  500 for any staff member who edits the address. Django fixed it after 5.2 (ticket #37357) by
  treating such a year as an incorrect lookup, which the change list answers with its usual
  "?e=1" page; so does this. Drop it once the project runs on a Django with that fix.
"""

import datetime

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from js_asset import Media


class NonceMediaMixin:
    """Renders the change form's media with this response's CSP nonce.

    The rich-text editor loads its modules through an inline `<script type="importmap">`;
    the policy allows no inline script except one carrying the response's nonce.
    """

    def render_change_form(self, request, context, *args, **kwargs):
        context["media"] = Media.from_media(context["media"], nonce=str(request.csp_nonce))
        return super().render_change_form(request, context, *args, **kwargs)


class DateHierarchyChangeList(ChangeList):
    def get_filters(self, request):
        if self.date_hierarchy:
            year = request.GET.get(f"{self.date_hierarchy}__year")
            if year is not None and not _year_in_range(year):
                raise IncorrectLookupParameters("date hierarchy year out of range")
        return super().get_filters(request)


def _year_in_range(year: str) -> bool:
    try:
        number = int(year)
    except ValueError:
        return True  # not a number: Django's own check refuses it
    # The hierarchy also looks at the year after, so the last year a date can have is out too.
    return datetime.MINYEAR <= number < datetime.MAXYEAR


class DateHierarchyMixin:
    """For a ModelAdmin with `date_hierarchy`: a year out of range is refused, not a 500."""

    def get_changelist(self, request, **kwargs):
        return DateHierarchyChangeList
