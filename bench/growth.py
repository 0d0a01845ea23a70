"""`make bench-growth`: do the public pages keep their speed as the site grows?

Builds a throwaway database (SQLite under var/bench-growth/, or `<name>_growth` on the
PostgreSQL server of DATABASE_URL), grows it from 1,000 to 10,000 to 100,000 articles with ten
approved comments each (1,000,000 at the top) by adding rows, and at each size times the index,
a deep index page (the middle one: page 5,000 of 10,000 at the top), a tag page, search for a
story's word, the sitemap index, its articles', tags' and archives' sections and the feed,
through Django in this process, with the page cache off. Prints the median of RUNS requests
after a warm-up and the peak memory Python allocated during one request, then each page's ratio
of the largest size to the smallest, and exits 1 when one is above TARGET.
BENCH_GROWTH_SIZES="1000,10000" runs smaller sizes.
"""

import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsblog.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ["NEWSBLOG_PAGE_CACHE_SECONDS"] = "0"  # cold: a cached page does not count

SIZES = [int(size) for size in os.environ.get("BENCH_GROWTH_SIZES", "1000,10000,100000").split(",")]
RUNS = int(os.environ.get("BENCH_GROWTH_RUNS", "7"))
TARGET = 1.5


def pages(size: int) -> dict[str, str]:
    from bench.growth_data import STORY_WORD

    middle = max(1, size // 10 // 2)  # ten articles a page
    return {
        "index": "/",
        "index, deep page": f"/?page={middle}",
        "tag page": "/tags/topic-7/",
        "search": f"/search/?q={STORY_WORD}",
        "sitemap index": "/sitemap.xml",
        "sitemap, articles": "/sitemap-articles.xml",
        "sitemap, tags": "/sitemap-tags.xml",
        "sitemap, archives": "/sitemap-archives.xml",
        "feed": "/feed/",
    }


def measure(client, path: str) -> tuple[float, float]:
    """(median milliseconds per request, peak KB Python allocated in one request)."""
    get(client, path)  # warm-up: connections, templates, the database's own cache
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        get(client, path)
        timings.append(time.perf_counter() - started)
    tracemalloc.start()
    get(client, path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return statistics.median(timings) * 1000, peak / 1024


def get(client, path):
    response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def use_bench_database(connection) -> None:
    test = connection.settings_dict.setdefault("TEST", {})
    if connection.vendor == "sqlite":
        folder = ROOT / "var" / "bench-growth"
        folder.mkdir(parents=True, exist_ok=True)
        test["NAME"] = str(folder / "growth.sqlite3")
    else:
        test["NAME"] = f"{connection.settings_dict['NAME']}_growth"


def report(results: dict) -> bool:
    """Print the table; True when every page is within TARGET from the smallest to the largest."""
    smallest, largest = SIZES[0], SIZES[-1]
    print(f"\n{'page':<20}{'articles':>10}{'ms':>10}{'peak KB':>10}")
    for (name, size), (ms, peak) in results.items():
        print(f"{name:<20}{size:>10,}{ms:>10.1f}{peak:>10.0f}")
    print(f"\n{'page':<20}{f'time {largest:,}/{smallest:,}':>22}{'memory':>9}{'target':>8}")
    passed = True
    for name in dict.fromkeys(name for name, _ in results):
        time_ratio = results[name, largest][0] / results[name, smallest][0]
        memory_ratio = results[name, largest][1] / results[name, smallest][1]
        verdict = "PASS" if time_ratio <= TARGET else "MISS"
        passed = passed and verdict == "PASS"
        print(f"{name:<20}{time_ratio:>21.2f}×{memory_ratio:>8.2f}×{TARGET:>7.1f}×  {verdict}")
    return passed


def main() -> None:
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from bench.growth_data import grow_to

    setup_test_environment()
    use_bench_database(connection)
    original_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    results = {}
    try:
        client = Client(HTTP_HOST="localhost")
        for size in SIZES:
            started = time.perf_counter()
            grow_to(size)
            print(
                f"{size:,} articles on {connection.vendor}, "
                f"grown in {time.perf_counter() - started:.0f} s",
                flush=True,
            )
            for name, path in pages(size).items():
                results[name, size] = measure(client, path)
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)
    sys.exit(0 if report(results) else 1)


if __name__ == "__main__":
    main()
