"""`make bench-inprocess`: what each page costs inside one Django process, without a server.

Serves each page of `make bench` through Django's WSGI handler in this process, cold (page
cache off) and warm (page cache on; the COLD_ONLY pages cold only), and prints the best time
per request of several batches and the number of Python function calls per request. The
calls count is the same from run to run, so it shows the effect of a change even on a machine
whose speed comes and goes.
"""

import cProfile
import os
import pstats
import subprocess
import sys
import time

from bench.run import COLD_ONLY, ROOT, environment, prepare

BATCH = 20
BATCHES = 7


def main() -> None:
    env = environment()
    pages = prepare(env)
    print(f"{'page':<14}{'mode':<6}{'ms':>8}{'calls':>8}{'× baseline':>12}")
    for mode, seconds in (("cold", "0"), ("warm", "600")):
        code = f"from bench.inprocess import measure; measure({pages!r})"
        run_env = {**env, "NEWSBLOG_PAGE_CACHE_SECONDS": seconds, "BENCH_MODE": mode}
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=run_env, check=True)


def measure(pages: dict) -> None:
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import RequestFactory

    handler = WSGIHandler()

    def get(path):
        environ = RequestFactory()._base_environ(PATH_INFO=path, HTTP_HOST="127.0.0.1")
        status = []
        body = b"".join(handler(environ, lambda line, headers: status.append(line)))
        if not status[0].startswith("200"):
            raise SystemExit(f"{path} answered {status[0]}")
        return body

    mode = os.environ["BENCH_MODE"]
    measured = {
        name: path for name, path in pages.items() if mode == "cold" or name not in COLD_ONLY
    }
    rows = {name: cost(get, path) for name, path in measured.items()}
    for name, (ms, calls) in rows.items():
        ratio = rows["baseline"][0] / ms
        print(f"{name:<14}{mode:<6}{ms:>8.2f}{calls:>8}{ratio:>11.2f}×")


def cost(get, path) -> tuple[float, int]:
    """(best milliseconds per request over BATCHES batches, Python calls per request)."""
    for _ in range(5):
        get(path)  # imports, connections, the cache
    best = float("inf")
    for _ in range(BATCHES):
        started = time.process_time()
        for _ in range(BATCH):
            get(path)
        best = min(best, (time.process_time() - started) / BATCH * 1000)
    profile = cProfile.Profile()
    profile.runcall(lambda: [get(path) for _ in range(BATCH)])
    return best, pstats.Stats(profile).total_calls // BATCH


if __name__ == "__main__":
    main()
