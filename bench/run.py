"""`make bench`: the site under gunicorn on loopback, driven by wrk (or a Python client).

Builds a throw-away site under var/bench/ (SQLite and a file cache, unless DATABASE_URL or
CACHE_URL say otherwise), then measures each page twice: cold (page cache off, every request
rendered) and warm (page cache on), each next to a trivial baseline view measured in the same
server, and prints requests/s, p50/p99 latency and the ratio to the baseline. The pages in
COLD_ONLY show how a cold page's cost divides and are measured cold only.
"""

import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench import client

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench"
PORT = int(os.environ.get("BENCH_PORT", "8060"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "3"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
TARGETS = {("article", "warm"): 0.6, ("article", "cold"): 0.2}
# Pages that show how a cold page's cost divides; the page cache never serves them.
COLD_ONLY = {"article-data"}
SIZE_BUDGET = 50 * 1024
QUIET = ["--access-logfile", "/dev/null"]


def environment() -> dict:
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_DEBUG"}
    env.setdefault("DATABASE_URL", f"sqlite:///{WORK / 'db.sqlite3'}")
    env.setdefault("CACHE_URL", f"filecache://{WORK / 'cache'}")
    env.setdefault("DJANGO_SECRET_KEY", "bench-only-" + "7c4e1a9f3b8d2e6a0f5c" * 3)
    env["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1"
    env["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    env["STATIC_ROOT"] = str(WORK / "static")
    return env


def prepare(env: dict) -> dict:
    """A fresh database with the benchmark's content; returns the pages to measure."""
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    static = ["collectstatic", "--noinput", "-v0", "-i", "admin", "-i", "django_prose_editor"]
    subprocess.run([*manage, *static], cwd=ROOT, env=env, check=True)
    found = subprocess.run(
        [sys.executable, "-c", "from bench.pages import main; main()"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(line.split(" ", 1) for line in found.stdout.split("\n") if line)


def serve(env: dict, *, page_cache: bool) -> subprocess.Popen:
    # Recycling a worker (every 20,000 requests in production) costs a Django start-up; at these
    # rates it lands inside some runs and not others, which is noise, not serving.
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{PORT}", "GUNICORN_MAX_REQUESTS": "0"}
    if not page_cache:
        env["NEWSBLOG_PAGE_CACHE_SECONDS"] = "0"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "gunicorn.conf.py",
            "--access-logfile",
            "/dev/null",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    # The socket opens before the workers have loaded the site: wait for an answer.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/bench/baseline/", timeout=1).close()
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


def measure_all(env: dict, pages: dict) -> list[dict]:
    rows = []
    for mode in ("cold", "warm"):
        server = serve(env, page_cache=mode == "warm")
        try:
            rows += measure_mode(mode, pages)
        finally:
            server.terminate()
            server.wait(timeout=30)
    return rows


def measure_mode(mode: str, pages: dict) -> list[dict]:
    """Each page in ROUNDS short runs, each right after a run of the baseline; the ratio is the
    median of the rounds. On a shared machine the load from elsewhere comes and goes, and
    adjacent runs see much the same of it."""
    rows, baselines = [], []
    run(pages["baseline"], seconds=1)
    for name, path in pages.items():
        if name == "baseline" or (mode == "warm" and name in COLD_ONLY):
            continue
        run(path, seconds=1)  # warm-up: imports, connections, the cache
        pairs = [(run(pages["baseline"]), run(path)) for _ in range(ROUNDS)]
        baselines += [baseline for baseline, _ in pairs]
        results = [result for _, result in pairs]
        ratio = statistics.median(result["rps"] / baseline["rps"] for baseline, result in pairs)
        rows.append({"page": name, "mode": mode, "ratio": ratio, **median_of(results)})
    return [{"page": "baseline", "mode": mode, "ratio": 1.0, **median_of(baselines)}, *rows]


def median_of(results: list[dict]) -> dict:
    return {key: statistics.median(result[key] for result in results) for key in results[0]}


def run(path: str, *, seconds: int = SECONDS) -> dict:
    return client.load(f"http://127.0.0.1:{PORT}{path}", seconds=seconds)


def report(rows: list[dict], pages: dict, size: dict) -> bool:
    print(f"\nNewsBlog bench: {machine()}")
    print(f"load generator: {client.NAME}; database {database()}")
    print(
        f"each page: median of {ROUNDS} runs of {SECONDS} s, each right after a {SECONDS} s run "
        "of the baseline view;\n× baseline is the median of those paired ratios\n"
    )
    print(f"{'page':<14}{'mode':<6}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'× baseline':>12}")
    ok = True
    for row in rows:
        ratio = row["ratio"]
        target = TARGETS.get((row["page"], row["mode"]))
        verdict = "" if target is None else (" ok" if ratio >= target else f" BELOW {target}")
        ok &= not verdict.startswith(" BELOW")
        print(
            f"{row['page']:<14}{row['mode']:<6}{row['rps']:>9.0f}{row['p50']:>9.1f}"
            f"{row['p99']:>9.1f}{ratio:>11.2f}×{verdict}"
        )
    within = size["total"] <= SIZE_BUDGET
    ok &= within and not size["third_party"]
    print(
        f"\narticle page: {size['html']} B HTML + {size['css']} B CSS = {size['total']} B "
        f"({'ok' if within else 'over'} the {SIZE_BUDGET} B budget); "
        f"third-party requests: {size['third_party'] or 'none'}"
    )
    return ok


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    with open("/proc/cpuinfo") as info:
        models = [line.split(":", 1)[1].strip() for line in info if line.startswith("model name")]
    cpu = models[0] if models else cpu
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def database() -> str:
    url = os.environ.get("DATABASE_URL", "sqlite")
    cache = os.environ.get("CACHE_URL", "file cache")
    return f"{url.split(':', 1)[0]}, cache {cache.split(':', 1)[0]}"


def main() -> None:
    env = environment()
    pages = prepare(env)
    server = serve(env, page_cache=True)
    try:
        size = client.page_weight(f"http://127.0.0.1:{PORT}", pages["article"])
    finally:
        server.terminate()
        server.wait(timeout=30)
    rows = measure_all(env, pages)
    sys.exit(0 if report(rows, pages, size) else 1)


if __name__ == "__main__":
    main()
