"""How long a reader waits for search results, and for the feed and sitemap, with many articles.

Run with `make bench-search` (SQLite) or with DATABASE_URL set to a PostgreSQL server. Builds a
throwaway test database (test_<name>) with BENCH_ARTICLES articles of about 800 words (default
5,000), times whole requests through Django, prints figures and drops the database. It asserts
nothing.
"""

import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsblog.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

ARTICLES = int(os.environ.get("BENCH_ARTICLES", "5000"))
RUNS = 5
SYLLABLES = ["ka", "lo", "mer", "tin", "sa", "ve", "ro", "dan", "pe", "lu", "qui", "bra", "no"]


def fill(random_words) -> None:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from articles.models import Article, Tag

    author = get_user_model().objects.create(username="bench")
    tags = [Tag.objects.create(name=f"Topic {number}") for number in range(50)]
    now = timezone.now()
    for start in range(0, ARTICLES, 500):
        Article.objects.bulk_create(
            Article(
                title=random_words(8),
                slug=f"bench-{number}",
                summary=random_words(25),
                body="".join(f"<p>{random_words(80)}</p>" for _ in range(10)),
                author=author,
                status=Article.Status.PUBLISHED,
                published_at=now - datetime.timedelta(hours=number),
            )
            for number in range(start, min(start + 500, ARTICLES))
        )
    Link = Article.tags.through
    links = [
        Link(article_id=pk, tag_id=tags[pk % len(tags)].pk)
        for pk in Article.objects.values_list("pk", flat=True)
    ]
    Link.objects.bulk_create(links, batch_size=1000)


def median_ms(client, url) -> float:
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return statistics.median(timings) * 1000


def main():
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    original_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        rng = random.Random(5)  # noqa: S311 - repeatable filler text, nothing secret
        vocabulary = ["".join(rng.choices(SYLLABLES, k=rng.randint(1, 4))) for _ in range(20000)]
        started = time.perf_counter()
        fill(lambda count: " ".join(rng.choices(vocabulary, k=count)))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as the database's own maintenance would, after a big load
        print(
            f"{ARTICLES} articles of ~800 words on {connection.vendor}, "
            f"loaded in {time.perf_counter() - started:.0f} s; median of {RUNS} requests:"
        )
        client = Client(HTTP_HOST="localhost")
        rare = max(vocabulary, key=len)
        for label, url in [
            ("search, a rare word", f"/search/?q={rare}"),
            ("search, a word in most articles", f"/search/?q={vocabulary[0]}"),
            ("search, a tag name", "/search/?q=topic+7"),
            ("search, no match", "/search/?q=vladivostok"),
            ("RSS feed", "/feed/"),
            ("sitemap of articles, first 50,000", "/sitemap-articles.xml"),
        ]:
            print(f"  {label:36} {median_ms(client, url):8.1f} ms")
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)


if __name__ == "__main__":
    main()
