"""Full-text search over articles: PostgreSQL's ranked search, or a simple fallback elsewhere.

On PostgreSQL each article has a weighted document: title (A), summary and tag names (B), body (C).
Database triggers rebuild it on every change to the article, its tags or a tag's name, and a GIN
index serves the match; results are ranked by where the words were found.
Other databases (SQLite in development) match every word anywhere with ``icontains`` and order
by the same idea: title first, then summary and tags, then body.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When

from articles.models import Tag

# Stemming and stop words; the database triggers of migration 0005 build documents with it too.
SEARCH_CONFIG = "english"
MAX_QUERY_LENGTH = 200
# The fallback adds a few conditions per word; more words than this add nothing useful.
MAX_FALLBACK_WORDS = 10
_WORDS = re.compile(r"\w+")
# Control characters (NUL above all) cannot go into a PostgreSQL query and mean nothing here.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def clean_query(raw: str, *, max_length: int | None = MAX_QUERY_LENGTH) -> str:
    """The reader's query with spacing tidied, cut to a length worth searching for."""
    query = " ".join(_CONTROL.sub(" ", raw).split())
    if max_length is None or len(query) <= max_length:
        return query
    # Cut between words where there is a space to cut at, so no word is searched half-typed.
    return query[: max_length + 1].rsplit(" ", 1)[0][:max_length]


def has_words(query: str) -> bool:
    return bool(_WORDS.search(query))


def search(articles: QuerySet, query: str) -> QuerySet:
    """`articles` matching the query, best matches first; none for a query without words."""
    if not has_words(query):
        return articles.none()
    if connections[articles.db].vendor == "postgresql":
        return postgres_search(articles, query)
    return fallback_search(articles, query)


def postgres_search(articles, query):
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    return (
        articles.filter(search_document=search_query)
        .annotate(rank=SearchRank(F("search_document"), search_query))
        .order_by("-rank", "-published_at", "-pk")
    )


def fallback_search(articles, query):
    words = list(dict.fromkeys(_WORDS.findall(query.lower())))[:MAX_FALLBACK_WORDS]
    score = Value(0)
    for word in words:
        in_title = Q(title__icontains=word)
        in_summary = Q(summary__icontains=word)
        in_tags = Exists(Tag.objects.filter(articles=OuterRef("pk"), name__icontains=word))
        in_body = Q(body__icontains=word)
        articles = articles.filter(in_title | in_summary | in_tags | in_body)
        score = score + _points(in_title, 4) + _points(in_summary | in_tags, 2)
        score = score + _points(in_body, 1)
    return articles.annotate(rank=score).order_by("-rank", "-published_at", "-pk")


def _points(condition, points):
    return Case(When(condition, then=Value(points)), default=Value(0), output_field=IntegerField())
