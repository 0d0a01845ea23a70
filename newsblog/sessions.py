"""Sessions kept in the database and read from the shared cache, working while it is down.

Django's cached_db engine reads the database when the cache does not answer, but then fails
putting the session back into the cache, and fails checking whether a new session key is taken:
every reader with a session (a commenter, an editor) would get an error page while Redis is
down. Here both fall back to the database alone. Deleting a session (logging out) still fails
while the cache is down, as in Django: the cached copy would outlive the deletion and let the
session back in once the cache returns.
"""

from django.contrib.sessions.backends import cached_db, db
from redis.exceptions import RedisError

# What the shared caches we support (Redis, a folder) raise when their store fails.
CACHE_ERRORS = (OSError, RedisError)


class SessionStore(cached_db.SessionStore):
    def load(self):
        try:
            return super().load()
        except CACHE_ERRORS:
            # Only storing what the database had can fail here; the cache's own read cannot.
            return db.SessionStore.load(self)

    def exists(self, session_key):
        try:
            return super().exists(session_key)
        except CACHE_ERRORS:
            return db.SessionStore.exists(self, session_key)
