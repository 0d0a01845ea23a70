"""Load generation: wrk when installed (apt-get install wrk), else a small threaded client."""

import http.client
import re
import shutil
import subprocess
import threading
import time
from urllib.parse import urlsplit

WRK = shutil.which("wrk")
NAME = "wrk" if WRK else "Python threads (install wrk for steadier figures)"
CONNECTIONS = 8
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def load(url: str, *, seconds: int) -> dict:
    """{"rps", "p50", "p99"} (latencies in ms) for `seconds` of keep-alive GETs."""
    return _wrk(url, seconds) if WRK else _threads(url, seconds)


def _wrk(url: str, seconds: int) -> dict:
    command = [WRK, "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in output:
        raise SystemExit(f"{url} answered errors:\n{output}")

    def latency(percent):
        found = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)$", output, re.M)
        if found is None:
            raise SystemExit(f"{url}: no latency figures in wrk's output:\n{output}")
        value, unit = found.groups()
        return float(value) * UNITS[unit]

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return {"rps": rps, "p50": latency(50), "p99": latency(99)}


def _threads(url: str, seconds: int) -> dict:
    parts = urlsplit(url)
    latencies, deadline = [], time.monotonic() + seconds

    def worker():
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        while time.monotonic() < deadline:
            started = time.monotonic()
            connection.request("GET", parts.path)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"{url} answered {response.status}")
            latencies.append((time.monotonic() - started) * 1000)

    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    pick = lambda share: latencies[min(len(latencies) - 1, int(len(latencies) * share))]  # noqa: E731
    return {"rps": len(latencies) / seconds, "p50": pick(0.5), "p99": pick(0.99)}


def page_weight(base: str, path: str) -> dict:
    """Bytes of the page's HTML and stylesheets, and any resource from another site."""
    html = _get(base + path)
    text = html.decode()
    sheets = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', text)
    css = sum(len(_get(base + href)) for href in sheets if href.startswith("/"))
    return {
        "html": len(html),
        "css": css,
        "total": len(html) + css,
        "third_party": _foreign(text, base),
    }


def _foreign(text: str, base: str) -> list[str]:
    """Resources the page makes the browser load from another site (links to pages, such as the
    canonical address or feeds, load nothing)."""
    loaded = re.findall(r'<(?:script|img|source|iframe)[^>]+src(?:set)?="([^"]+)"', text)
    loaded += [
        re.search(r'href="([^"]+)"', tag).group(1)
        for tag in re.findall(r"<link[^>]+>", text)
        if re.search(r'rel="(?:stylesheet|preload|modulepreload|icon)"', tag) and "href=" in tag
    ]
    host = urlsplit(base).netloc
    return [url for url in loaded if urlsplit(url.split()[0]).netloc not in ("", host)]


def _get(url: str) -> bytes:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.request("GET", parts.path)
    return connection.getresponse().read()
