"""PostgreSQL that waits patiently for locks in a transaction and only briefly to read.

A statement outside a transaction (what readers' pages run, in autocommit) gives up waiting for
a lock after OPTIONS["read_lock_timeout"] seconds and runs for at most
OPTIONS["read_statement_timeout"]: a table locked by a migration or a long transaction gives
readers the 503 page at once instead of a worker hung until the client gives up. A transaction
(every `atomic()` block: saves, session writes, the admin's forms, each migration) starts with
`SET LOCAL` raising the lock wait to OPTIONS["write_lock_timeout"], so writers queue behind the
lock as they do on SQLite, and lifting the statement limit, since a migration may rightly run
long. PostgreSQL ends `SET LOCAL` with the transaction.

Either limit raises psycopg's LockNotAvailable or QueryCanceled, both OperationalErrors, which
Django re-raises as django.db.OperationalError: newsblog.views.server_error's 503 page.
"""

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        read_lock = _milliseconds(params.pop("read_lock_timeout", 0))
        read_statement = _milliseconds(params.pop("read_statement_timeout", 0))
        write_lock = _milliseconds(params.pop("write_lock_timeout", 0))
        self.write_waits = f"SET LOCAL lock_timeout = {write_lock}; SET LOCAL statement_timeout = 0"
        # Startup parameters: every connection starts with the readers' limits, no round trip.
        readers = f"-c lock_timeout={read_lock} -c statement_timeout={read_statement}"
        params["options"] = f"{params.get('options', '')} {readers}".strip()
        return params

    def _set_autocommit(self, autocommit):
        super()._set_autocommit(autocommit)
        if not autocommit:
            # Straight on the psycopg connection: a setting, not a query worth logging or
            # counting. psycopg opens the transaction with it.
            with self.wrap_database_errors:
                self.connection.execute(self.write_waits)


def _milliseconds(seconds) -> int:
    """PostgreSQL's unit for both limits; 0 is no limit."""
    return round(float(seconds) * 1000)
