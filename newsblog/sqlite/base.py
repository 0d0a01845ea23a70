"""SQLite that waits patiently for the write lock and only briefly to read.

A write transaction (`BEGIN IMMEDIATE`, every `atomic()` block) waits up to OPTIONS["timeout"]
for the lock, so bursts of simultaneous saves queue instead of failing. Everything else waits
only OPTIONS["read_timeout"]: in WAL mode readers are never blocked by writers, so a reader kept
waiting means the file is locked by something else (a backup, a long migration), and the reader
should get the "try again" page at once rather than hang.
"""

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        self.write_timeout = float(params.get("timeout", 5))
        self.read_timeout = float(params.pop("read_timeout", self.write_timeout))
        # What sqlite3.connect() is given covers opening the file and the init commands too.
        params["timeout"] = self.read_timeout
        return params

    def _start_transaction_under_autocommit(self):
        _wait_for_locks(self.connection, self.write_timeout)
        try:
            super()._start_transaction_under_autocommit()
        finally:
            _wait_for_locks(self.connection, self.read_timeout)


def _wait_for_locks(connection, seconds: float) -> None:
    # Straight on the sqlite3 connection: a setting, not a query worth logging or counting.
    connection.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")
