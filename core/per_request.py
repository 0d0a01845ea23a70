"""Work a page asks for more than once while it renders, done once per request."""

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def once_per_request(request, name: str, compute: Callable[[], T]) -> T:
    """`compute()` the first time this request asks for `name`, its remembered result after."""
    remembered = request.__dict__.setdefault("_once_per_request", {})
    if name not in remembered:
        remembered[name] = compute()
    return remembered[name]
