"""Renaming and merging tags without breaking their addresses.

A renamed tag keeps a `TagRedirect` from each slug it had (Tag.save), and merging moves the
articles of the other tags onto the one kept, and their addresses with them. `follows_renames`
wraps the tag page and its feed: an address that is no tag's any more, but was, answers 301 to
where the tag is now.
"""

import functools

from django.db import transaction
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse

from articles.models import Tag, TagRedirect


@transaction.atomic
def merge_tags(*, keep: Tag, others) -> int:
    """Give `keep` every article of `others`, send their addresses to it, delete them.
    Returns how many tags were merged into `keep`."""
    merged = 0
    for tag in Tag.objects.filter(pk__in=[t.pk for t in others]).exclude(pk=keep.pk):
        for article in tag.articles.all():
            article.tags.add(keep)  # one by one: each refreshes its pages (articles/signals.py)
        TagRedirect.objects.filter(tag=tag).update(tag=keep)
        old_slug = tag.slug
        tag.delete()
        TagRedirect.point(old_slug, to=keep)
        merged += 1
    return merged


def follows_renames(view, url_name="articles:tag"):
    """`view` for /tags/<slug>/…, with a permanent redirect where a tag used to be."""

    @functools.wraps(view)
    def wrapper(request, *args, slug, **kwargs):
        try:
            return view(request, *args, slug=slug, **kwargs)
        except Http404:
            moved = TagRedirect.objects.select_related("tag").filter(old_slug=slug).first()
            if moved is None:
                raise
        url = reverse(url_name, kwargs={"slug": moved.tag.slug})
        if request.META.get("QUERY_STRING"):
            url += "?" + request.META["QUERY_STRING"]
        return HttpResponsePermanentRedirect(url)

    return wrapper
