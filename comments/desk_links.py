"""Links to the moderation desk (the admin's comment list), for mail and admin pages.

The desk reads its filters from the query string: `status` (pending when absent, or approved,
rejected, spam, all), `article__id__exact`, `held_reason`, `q`, and `id`, which shows that one
comment whatever its status. Each comment on it is the element `comment-<pk>`.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse


def desk_url(**params) -> str:
    """The desk's path, with these filters in its query string."""
    path = reverse("admin:comments_comment_changelist")
    return f"{path}?{urlencode(params)}" if params else path


def comment_on_desk_url(comment_pk: int) -> str:
    """The desk showing this one comment, scrolled to it."""
    return desk_url(status="all", id=comment_pk) + f"#comment-{comment_pk}"


def absolute(path: str) -> str:
    """A site path as an address mail can carry (SITE_URL: the worker has no request)."""
    return settings.SITE_URL.rstrip("/") + path
