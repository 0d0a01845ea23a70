import logging


class OneLineFormatter(logging.Formatter):
    """`time level logger message`, with any traceback folded onto the same line.

    One event per line keeps log collectors (journald, Docker, a load balancer's log service)
    from splitting a traceback into dozens of unrelated entries.
    """

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def format(self, record):
        return super().format(record).replace("\r", "").replace("\n", " \\n ")
