"""Which article a Disqus thread belongs to.

A thread is matched, in this order:
- by WordPress id: Disqus's WordPress plugin names its threads "123 http://old.example/?p=123",
  and a link may still be WordPress's own `/?p=123`; the post imported from WordPress with that id
  (an ImportedItem of kind "post") is the article;
- by old WordPress address: the thread's link is an address the WordPress import recorded for
  an article (an OldAddress: `/2010/01/15/slug/`, `/?p=123`), whatever the host;
- by address: the path of the thread's link, whatever the host (sites move), is an article's
  address here (`articles:detail`).
Anything else matches no article and is reported with its link and title.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from django.contrib.contenttypes.models import ContentType
from django.urls import Resolver404, resolve

from articles.models import Article
from transfer.disqus_file import Thread
from transfer.models import ImportedItem, OldAddress

WORDPRESS_IDENTIFIER = re.compile(r"(\d+)\s+(\S+)")
BY_ADDRESS = "address"
BY_WORDPRESS_ID = "WordPress id"
BY_OLD_ADDRESS = "old WordPress address"


@dataclass(frozen=True)
class Match:
    article_id: int
    how: str


def match_thread(thread: Thread) -> Match | None:
    wordpress = wordpress_post(thread)
    if wordpress and (article_id := imported_article(*wordpress)):
        return Match(article_id, BY_WORDPRESS_ID)
    if article_id := old_address_of(thread.link):
        return Match(article_id, BY_OLD_ADDRESS)
    if article_id := article_at(thread.link):
        return Match(article_id, BY_ADDRESS)
    return None


def wordpress_post(thread: Thread) -> tuple[str, str] | None:
    """The WordPress post id the thread names, and the host it was on ("" when unknown)."""
    if found := WORDPRESS_IDENTIFIER.fullmatch(thread.identifier):
        return found.group(1), urlsplit(found.group(2)).hostname or ""
    link = urlsplit(thread.link)
    post_id = parse_qs(link.query).get("p", [""])[0]
    return (post_id, link.hostname or "") if post_id.isdigit() and link.path in ("", "/") else None


def imported_article(post_id: str, host: str) -> int | None:
    items = ImportedItem.objects.filter(
        kind="post", source_id=post_id, content_type=ContentType.objects.get_for_model(Article)
    ).values_list("source", "object_id")
    live = set(Article.objects.filter(pk__in=[pk for _, pk in items]).values_list("pk", flat=True))
    candidates = {source: object_id for source, object_id in items if object_id in live}
    same_host = [pk for source, pk in candidates.items() if urlsplit(source).hostname == host]
    if len(same_host) == 1:
        return same_host[0]
    return next(iter(candidates.values())) if len(candidates) == 1 else None


def old_address_of(link: str) -> int | None:
    parts = urlsplit(link)
    post_id = parse_qs(parts.query).get("p", [""])[0]
    path = f"/?p={post_id}" if post_id.isdigit() else unquote(parts.path)
    found = OldAddress.objects.filter(
        path=path, content_type=ContentType.objects.get_for_model(Article)
    ).values_list("object_id", flat=True)
    return Article.objects.filter(pk__in=found).values_list("pk", flat=True).first()


def article_at(link: str) -> int | None:
    path = urlsplit(link).path
    try:
        found = resolve(path or "/")
    except Resolver404:
        return None
    if found.view_name != "articles:detail":
        return None
    return Article.objects.filter(slug=found.kwargs["slug"]).values_list("pk", flat=True).first()
