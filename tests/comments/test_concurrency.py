"""Many readers commenting at the same moment: every comment is stored, nobody sees an error.

Runs against the configured database: the file SQLite test database by default (WAL, writers
queue on the busy timeout), PostgreSQL when DATABASE_URL points there.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from tests.helpers import comment_form_data

READERS = 50


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_comments_are_all_stored(article):
    url = reverse("comments:post", kwargs={"slug": article.slug})
    start = threading.Barrier(READERS)

    def comment(number):
        data = comment_form_data(
            article, email=f"reader{number}@example.com", body=f"Simultaneous remark {number}"
        )
        client = Client()
        try:
            start.wait()
            return client.post(url, data, REMOTE_ADDR=f"10.2.0.{number + 1}").status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=READERS) as pool:
        statuses = list(pool.map(comment, range(READERS)))

    assert statuses == [302] * READERS
    stored = set(Comment.objects.values_list("body", flat=True))
    assert stored == {f"Simultaneous remark {number}" for number in range(READERS)}
