import threading

import pytest
from django.db import connection, transaction

from articles.models import Article
from tests.factories import UserFactory

WRITERS = 50


def run_together(work, count):
    """Run `work(i)` in `count` threads released at the same moment; return their errors."""
    barrier = threading.Barrier(count)
    errors = []

    def worker(number):
        try:
            barrier.wait()
            work(number)
        except Exception as error:  # noqa: BLE001 - every failure is collected and asserted on
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_simultaneous_writers_all_succeed():
    author = UserFactory()

    def write_article(number):
        # Read-then-write in one transaction, like the admin's save: the pattern that fails
        # with "database is locked" when SQLite transactions start deferred.
        with transaction.atomic():
            Article.objects.filter(slug__startswith="story").count()
            Article.objects.create(title=f"Story {number}", author=author, body="<p>x</p>")

    errors = run_together(write_article, WRITERS)
    assert errors == []
    assert Article.objects.filter(title__startswith="Story").count() == WRITERS
