"""Full-text search over articles: PostgreSQL's ranked search, or a simple fallback elsewhere.

On PostgreSQL each article has a weighted document: title (A), summary and tag names (B), body (C).
Database triggers rebuild it on every change to the article, its tags or a tag's name, and a GIN
index serves the match; results are ranked by where the words were found.
On SQLite an FTS5 index kept by triggers (migration 0013) serves the match, with every word the
reader typed quoted so none of it is read as FTS5 syntax, ranked by bm25 with the same weights.
Elsewhere (or on a SQLite built without FTS5) every word is matched anywhere with ``icontains``
and results are ordered by the same idea: title first, then summary and tags, then body.
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
# The FTS5 table of migration 0013 and the weights of its columns: title, summary, tags, body.
SQLITE_INDEX = "articles_search"
SQLITE_WEIGHTS = (10.0, 4.0, 4.0, 1.0)
_SQLITE_INDEX_BUILT = {}
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
    connection = connections[articles.db]
    if connection.vendor == "postgresql":
        return postgres_search(articles, query)
    if connection.vendor == "sqlite" and has_sqlite_index(connection):
        return sqlite_search(articles, query)
    return fallback_search(articles, query)


def postgres_search(articles, query):
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    return (
        articles.filter(search_document=search_query)
        .annotate(rank=SearchRank(F("search_document"), search_query))
        .order_by("-rank", "-published_at", "-pk")
    )


def has_sqlite_index(connection) -> bool:
    """Whether migration 0013 built the FTS5 index (it does where SQLite has FTS5)."""
    name = connection.settings_dict["NAME"]
    if name not in _SQLITE_INDEX_BUILT:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [SQLITE_INDEX])
            _SQLITE_INDEX_BUILT[name] = cursor.fetchone() is not None
    return _SQLITE_INDEX_BUILT[name]


def sqlite_search(articles, query):
    # Each word as an FTS5 string: quotes cannot occur in a word, so nothing becomes syntax.
    match = " ".join(f'"{word}"' for word in _WORDS.findall(query))
    table = articles.model._meta.db_table
    # bm25 is smaller for better matches; negated, higher ranks first as on PostgreSQL.
    weights = ", ".join(str(weight) for weight in SQLITE_WEIGHTS)
    return articles.extra(  # noqa: S610 - fixed SQL, the match is a parameter
        select={"rank": f"-bm25({SQLITE_INDEX}, {weights})"},
        tables=[SQLITE_INDEX],
        where=[f"{SQLITE_INDEX}.rowid = {table}.id", f"{SQLITE_INDEX} MATCH %s"],
        params=[match],
    ).order_by("-rank", "-published_at", "-pk")


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
