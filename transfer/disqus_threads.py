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
from collections import defaultdict
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


# Ids per query: SQLite refuses statements with more than 32,766 parameters.
BATCH = 5000


def rows_in(queryset, field: str, values, *fields) -> list:
    """`queryset.filter(<field>__in=values).values_list(*fields)`, a batch of values at a time."""
    values, rows = sorted(set(values)), []
    for start in range(0, len(values), BATCH):
        batch = queryset.filter(**{f"{field}__in": values[start : start + BATCH]})
        rows.extend(batch.values_list(*fields))
    return rows


@dataclass(frozen=True)
class Match:
    article_id: int
    how: str


def match_threads(threads) -> dict[str, Match]:
    """thread id → the article it belongs to, for the threads that match one. Each way of
    matching reads the database once for all threads."""
    threads = list(threads)
    article_type = ContentType.objects.get_for_model(Article)
    ways = [
        (BY_WORDPRESS_ID, wordpress_articles(threads, article_type)),
        (BY_OLD_ADDRESS, old_address_articles(threads, article_type)),
        (BY_ADDRESS, addressed_articles(threads)),
    ]
    live = live_articles({pk for _, found in ways for pk in found.values()})
    matches = {}
    for how, found in ways:
        for thread_id, article_id in found.items():
            if thread_id not in matches and article_id in live:
                matches[thread_id] = Match(article_id, how)
    return matches


def wordpress_post(thread: Thread) -> tuple[str, str] | None:
    """The WordPress post id the thread names, and the host it was on ("" when unknown)."""
    if found := WORDPRESS_IDENTIFIER.fullmatch(thread.identifier):
        return found.group(1), urlsplit(found.group(2)).hostname or ""
    link = urlsplit(thread.link)
    post_id = parse_qs(link.query).get("p", [""])[0]
    return (post_id, link.hostname or "") if post_id.isdigit() and link.path in ("", "/") else None


def wordpress_articles(threads, article_type) -> dict[str, int]:
    """Threads named after a post the WordPress import brought in. A post id that more than
    one imported site has is taken from the site of the identifier's host, or not at all."""
    named = {thread.id: post for thread in threads if (post := wordpress_post(thread))}
    posts = ImportedItem.objects.filter(kind="post", content_type=article_type)
    post_ids = [post_id for post_id, _ in named.values()]
    rows = rows_in(posts, "source_id", post_ids, "source_id", "source", "object_id")
    by_post = defaultdict(dict)
    for post_id, source, object_id in rows:
        by_post[post_id][source] = object_id
    found = {}
    for thread_id, (post_id, host) in named.items():
        sites = by_post.get(post_id, {})
        same_host = [pk for source, pk in sites.items() if urlsplit(source).hostname == host]
        if len(same_host) == 1 or len(sites) == 1:
            found[thread_id] = same_host[0] if len(same_host) == 1 else next(iter(sites.values()))
    return found


def old_address(link: str) -> str:
    parts = urlsplit(link)
    post_id = parse_qs(parts.query).get("p", [""])[0]
    return f"/?p={post_id}" if post_id.isdigit() else unquote(parts.path)


def old_address_articles(threads, article_type) -> dict[str, int]:
    paths = {thread.id: old_address(thread.link) for thread in threads}
    addresses = OldAddress.objects.filter(content_type=article_type)
    targets = dict(rows_in(addresses, "path", paths.values(), "path", "object_id"))
    return {thread_id: targets[path] for thread_id, path in paths.items() if path in targets}


def addressed_articles(threads) -> dict[str, int]:
    """Threads whose link's path is an article's address here, on whatever host."""
    slugs = {thread.id: slug for thread in threads if (slug := article_slug(thread.link))}
    by_slug = dict(rows_in(Article.objects.all(), "slug", slugs.values(), "slug", "pk"))
    return {thread_id: by_slug[slug] for thread_id, slug in slugs.items() if slug in by_slug}


def article_slug(link: str) -> str | None:
    try:
        found = resolve(urlsplit(link).path or "/")
    except Resolver404:
        return None
    return found.kwargs["slug"] if found.view_name == "articles:detail" else None


def live_articles(pks) -> set[int]:
    return {pk for (pk,) in rows_in(Article.objects.all(), "pk", pks, "pk")}
