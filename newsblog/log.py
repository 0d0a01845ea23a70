import logging
from collections.abc import Iterable


class OneLineFormatter(logging.Formatter):
    """`time level logger message`, with any traceback folded onto the same line.

    One event per line keeps log collectors (journald, Docker, a load balancer's log service)
    from splitting a traceback into dozens of unrelated entries.
    """

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def format(self, record):
        return super().format(record).replace("\r", "").replace("\n", " \\n ")


class SkipLoggedOutage(logging.Filter):
    """Leaves out warnings about an outage that has been logged already.

    While the cache is down, the page cache and the health check would each write a warning,
    traceback and all, for every request. The error they carry says whether its outage was
    logged (`outage_logged`, see newsblog.redis_cache); errors are always kept.
    """

    def filter(self, record):
        if record.levelno >= logging.ERROR:
            return True
        carried = [record.exc_info[1]] if record.exc_info else []
        carried += record.args if isinstance(record.args, tuple) else []
        return not any(getattr(error, "outage_logged", False) for error in carried)


def logging_config(level: str = "INFO", *, loggers: Iterable[str] = ()) -> dict:
    """Every event as one line on stdout at `level`: Django's LOGGING and gunicorn's
    logconfig_dict, so the site's and the server's lines look alike.

    `loggers` write to stdout themselves instead of through the root logger: gunicorn's error
    and access logs must, or gunicorn keeps its own handlers and format for them.
    """
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"line": {"()": "newsblog.log.OneLineFormatter"}},
        "filters": {
            "logged_outage": {"()": "newsblog.log.SkipLoggedOutage"},
            # A client's mistake (4xx) is one line without a traceback (newsblog.bad_requests).
            "client_errors": {"()": "newsblog.bad_requests.ClientErrorsWithoutTraceback"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "line",
                "filters": ["logged_outage", "client_errors"],
                "stream": "ext://sys.stdout",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            name: {"handlers": ["console"], "level": level, "propagate": False} for name in loggers
        },
    }
