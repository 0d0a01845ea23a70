"""gunicorn serves with several threads per process: sanitizing must be safe in all of them."""

import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from core import sanitizer

THREADS = 8


@pytest.fixture
def frequent_thread_switches():
    """Let Python switch threads every microsecond, so any shared parsing state gets shared."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


def texts(kind: str) -> list[str]:
    return [
        f"{kind} {number}: see https://example.com/{number} and <b>this</b>.\n\n"
        f"<p>Second paragraph {number}</p> <a href='javascript:alert({number})'>x</a>"
        for number in range(200)
    ]


@pytest.mark.parametrize(
    "sanitize", [sanitizer.comment_html, sanitizer.article_html, sanitizer.plain_text]
)
def test_threads_sanitizing_at_once_get_what_one_thread_gets(sanitize, frequent_thread_switches):
    inputs = texts(sanitize.__name__)
    expected = [sanitize.__wrapped__(text) for text in inputs]  # one at a time, not remembered
    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(sanitize.__wrapped__, inputs * 3))
    assert results == expected * 3
