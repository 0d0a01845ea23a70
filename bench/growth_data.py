"""Fast content for `make bench-growth`: articles, tag links and comments added in bulk.

`grow_to(n)` adds articles (and ten approved comments each) until the database holds `n`, so
the sizes are built one after the other by adding rows, never from scratch. Articles go through
`bulk_create` in batches; tag links and comments through one `executemany` per batch, with the
column values Django would have written for a saved comment.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from articles.models import Article, Tag
from comments.models import Comment, comment_fingerprint

TAGS = 50
COMMENTS_PER_ARTICLE = 10
BATCH = 2000
# A word only a story's twenty articles hold, among the newest 1,000, as readers search for one.
STORY_WORD = "vladivostok"
SYLLABLES = ["ka", "lo", "mer", "tin", "sa", "ve", "ro", "dan", "pe", "lu", "qui", "bra", "no"]

_rng = random.Random(18)  # noqa: S311 - repeatable filler text, nothing secret
_VOCABULARY = ["".join(_rng.choices(SYLLABLES, k=_rng.randint(1, 4))) for _ in range(20000)]


def words(count: int) -> str:
    return " ".join(_rng.choices(_VOCABULARY, k=count))


def grow_to(total: int) -> None:
    author, _ = get_user_model().objects.get_or_create(username="bench")
    if not Tag.objects.exists():
        Tag.objects.bulk_create(
            Tag(name=f"Topic {number}", slug=f"topic-{number}") for number in range(TAGS)
        )
    tags = list(Tag.objects.order_by("pk").values_list("pk", flat=True))
    start = Article.objects.count()
    for first in range(start, total, BATCH):
        with transaction.atomic():
            _add_batch(range(first, min(first + BATCH, total)), author, tags)
    # What the database's own maintenance would do after a big load (PostgreSQL's autovacuum).
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET statement_timeout = 0")  # the site's limit is for requests
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("RESET statement_timeout")
        else:
            cursor.execute("ANALYZE")


def _add_batch(numbers, author, tags) -> None:
    now = timezone.now()
    articles = Article.objects.bulk_create(
        Article(
            title=words(8),
            slug=f"bench-{number}",
            summary=words(25) + (f" {STORY_WORD}" if number < 1000 and number % 50 == 7 else ""),
            body="".join(f"<p>{words(60)}</p>" for _ in range(4)),
            author=author,
            status=Article.Status.PUBLISHED,
            published_at=now - datetime.timedelta(minutes=10 * number + 1),
        )
        for number in numbers
    )
    ids = [article.pk for article in articles]
    if ids[0] is None:  # a database that does not return keys from bulk inserts
        slugs = [f"bench-{number}" for number in numbers]
        ids = list(Article.objects.filter(slug__in=slugs).values_list("pk", flat=True))
    Link = Article.tags.through
    _insert(
        Link,
        ["article_id", "tag_id"],
        [(pk, tags[(pk + step) % len(tags)]) for pk in ids for step in (0, 17)],
    )
    _insert_comments(ids)


def _insert_comments(article_ids) -> None:
    template = Comment(
        article_id=article_ids[0],
        name="Reader",
        email="reader@example.com",
        body="A comment with a few words about the story.",
        status=Comment.Status.APPROVED,
        ip_address="192.0.2.10",
    )
    template.fingerprint = comment_fingerprint(email=template.email, body=template.body)
    fields = [field for field in Comment._meta.concrete_fields if not field.primary_key]
    row = {
        field.column: field.get_db_prep_save(getattr(template, field.attname), connection)
        for field in fields
    }
    columns = list(row)
    bodies = [f"Comment {number}: {template.body}" for number in range(COMMENTS_PER_ARTICLE)]
    prints = [comment_fingerprint(email=template.email, body=body) for body in bodies]
    rows = []
    for pk in article_ids:
        for number in range(COMMENTS_PER_ARTICLE):
            row.update(article_id=pk, body=bodies[number], fingerprint=prints[number])
            rows.append(tuple(row.values()))
    _insert(Comment, columns, rows)


def _insert(model, columns, rows) -> None:
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(column) for column in columns)
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608
