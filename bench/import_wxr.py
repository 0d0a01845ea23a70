"""Does the WordPress import's memory stay flat as the export grows? `make bench-import`.

Writes two generated exports, 2,000 posts with 10,000 comments and 20,000 posts with 100,000
comments (BENCH_IMPORT_POSTS sets the smaller; the larger is ten times it), imports each in a
fresh process on a fresh SQLite database, and prints each one's peak memory (the process's
maximum resident set size) and items per second. Exits non-zero when the larger import's peak
is more than 1.5 times the smaller's.
"""

import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
POSTS = int(os.environ.get("BENCH_IMPORT_POSTS", "2000"))
COMMENTS_PER_POST = 5
LIMIT = 1.5
WORDS = ["harbour", "boat", "tide", "light", "keeper", "rope", "sail", "gull", "pier", "storm"]
HEADER = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Bench</title><link>https://bench.example.com</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_blog_url>https://bench.example.com</wp:base_blog_url>
<wp:author><wp:author_login>writer</wp:author_login><wp:author_email>w@example.com</wp:author_email>
<wp:author_display_name>Writer</wp:author_display_name></wp:author>
"""


def words(rng, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count))


def comment_xml(rng, wp_id: int, parent: int) -> str:
    return (
        f"<wp:comment><wp:comment_id>{wp_id}</wp:comment_id>"
        f"<wp:comment_author>Reader {wp_id % 97}</wp:comment_author>"
        f"<wp:comment_author_email>r{wp_id}@example.com</wp:comment_author_email>"
        f"<wp:comment_author_IP>203.0.113.{wp_id % 250}</wp:comment_author_IP>"
        f"<wp:comment_date_gmt>2019-03-0{1 + wp_id % 9} 10:00:00</wp:comment_date_gmt>"
        f"<wp:comment_content><![CDATA[<p>{words(rng, 30)}</p>]]></wp:comment_content>"
        f"<wp:comment_approved>{rng.choice(['1', '1', '1', '0'])}</wp:comment_approved>"
        f"<wp:comment_type></wp:comment_type><wp:comment_parent>{parent}</wp:comment_parent>"
        "</wp:comment>"
    )


def post_xml(rng, wp_id: int) -> str:
    first = wp_id * COMMENTS_PER_POST
    comments = "".join(
        comment_xml(rng, first + n, first + n - 1 if n and rng.random() < 0.4 else 0)
        for n in range(COMMENTS_PER_POST)
    )
    body = "".join(f"<p>{escape(words(rng, 60))}</p>" for _ in range(5))
    return (
        f"<item><title>{words(rng, 6)}</title><dc:creator>writer</dc:creator>"
        f"<content:encoded><![CDATA[{body}<!--more-->{body}]]></content:encoded>"
        f"<excerpt:encoded></excerpt:encoded><wp:post_id>{wp_id}</wp:post_id>"
        f"<wp:post_date>2019-03-01 10:00:00</wp:post_date>"
        f"<wp:post_date_gmt>2019-03-01 10:00:00</wp:post_date_gmt>"
        f"<wp:post_name>post-{wp_id}</wp:post_name><wp:status>publish</wp:status>"
        f"<wp:post_type>post</wp:post_type>"
        f'<category domain="post_tag" nicename="t{wp_id % 40}">Topic {wp_id % 40}</category>'
        f"{comments}</item>\n"
    )


def write_export(path: Path, posts: int) -> None:
    rng = random.Random(posts)
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for wp_id in range(1, posts + 1):
            out.write(post_xml(rng, wp_id))
        out.write("</channel></rss>\n")


def child(export: str) -> None:
    """In a fresh process: migrate an empty database, import, print the figures as JSON."""
    import django

    django.setup()
    from django.core.management import call_command

    from transfer.wordpress import import_wordpress

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    report = import_wordpress(Path(export))
    seconds = time.perf_counter() - started
    items = report.total("post") + report.total("comment")
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"items": items, "seconds": seconds, "peak_mib": peak_kib / 1024}))


def measure(folder: Path, posts: int) -> dict:
    export = folder / f"export-{posts}.xml"
    write_export(export, posts)
    database = folder / f"bench-{posts}.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsblog.settings",
        "DJANGO_DEBUG": "",
        "DJANGO_SECRET_KEY": "bench-only-" + "k" * 50,
        "DJANGO_ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": f"sqlite:///{database}",
        "CACHE_URL": "locmemcache://bench-import",
        "MEDIA_ROOT": str(folder / "media"),
    }
    command = [sys.executable, "-m", "bench.import_wxr", "--child", str(export)]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        sys.exit(f"The import of {posts} posts failed:\n{done.stderr[-3000:]}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["megabytes"] = export.stat().st_size / 1e6
    return figures


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2])
        return
    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        results = [(n, measure(Path(folder), n)) for n in (POSTS, POSTS * 10)]
    for posts, r in results:
        print(
            f"{posts:>6} posts, {posts * COMMENTS_PER_POST:>6} comments ({r['megabytes']:.0f} MB): "
            f"peak {r['peak_mib']:.0f} MiB, {r['items'] / r['seconds']:.0f} items/s "
            f"({r['seconds']:.0f} s)"
        )
    ratio = results[1][1]["peak_mib"] / results[0][1]["peak_mib"]
    print(f"Peak memory ratio, large to small: {ratio:.2f} (limit {LIMIT})")
    if ratio > LIMIT:
        sys.exit(1)


if __name__ == "__main__":
    main()
