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
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "formatter": "line",
                "stream": "ext://sys.stdout",
            }
        },
        "root": {"handlers": ["stdout"], "level": level},
        "loggers": {
            name: {"handlers": ["stdout"], "level": level, "propagate": False} for name in loggers
        },
    }
