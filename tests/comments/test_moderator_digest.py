"""NEWSBLOG_COMMENTS_NOTIFY=digest: one summary per period, scheduled once, through the queue."""

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import time_machine
from django.core import mail
from django.db import connections
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from comments import moderator_digest
from comments.desk_links import comment_on_desk_url, desk_url
from comments.models import Comment, CommentVersion, ModeratorDigest
from tests.factories import ArticleFactory, CommentFactory
from tests.helpers import comment_form_data

UTC = datetime.UTC
NOON = datetime.datetime(2026, 3, 2, 12, 20, tzinfo=UTC)


@pytest.fixture
def digest(settings):
    settings.COMMENTS_NOTIFY = "digest"
    settings.COMMENTS_DIGEST = "hourly"
    settings.COMMENTS_FLOOD_SECONDS = 0


@pytest.fixture
def database_queue(settings):
    """The site's real queue, which holds a task until its `run_after`."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def absolute(path):
    from django.conf import settings

    return settings.SITE_URL.rstrip("/") + path


def scheduled_digests():
    return DBTaskResult.objects.filter(task_path="comments.moderator_digest.send_digest")


def test_an_hourly_digest_is_due_at_the_end_of_the_hour():
    end = moderator_digest.period_end(NOON, "hourly")
    assert end == datetime.datetime(2026, 3, 2, 13, 0, tzinfo=UTC)
    assert moderator_digest.period_end(end, "hourly") == end + datetime.timedelta(hours=1)


def test_a_daily_digest_is_due_at_the_sites_midnight(settings):
    settings.TIME_ZONE = "Europe/Paris"
    late = datetime.datetime(2026, 3, 2, 23, 30, tzinfo=UTC)  # 00:30 on the 3rd in Paris
    end = moderator_digest.period_end(late, "daily")
    assert end.astimezone(UTC) == datetime.datetime(2026, 3, 3, 23, 0, tzinfo=UTC)


@pytest.mark.django_db
@time_machine.travel(NOON, tick=False)
def test_a_pending_comment_schedules_a_digest_for_the_end_of_the_hour(
    digest, database_queue, post_comment, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(ArticleFactory())
    [task] = scheduled_digests()
    assert task.run_after == datetime.datetime(2026, 3, 2, 13, 0, tzinfo=UTC)
    assert ModeratorDigest.objects.get().due_at == task.run_after
    assert not DBTaskResult.objects.filter(task_path="comments.tasks.send_email").exists()


@pytest.mark.django_db
def test_later_comments_in_the_period_schedule_no_second_digest(
    digest, database_queue, article, post_comment, moderator, django_capture_on_commit_callbacks
):
    for number in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            post_comment(article, body=f"Remark {number}", email=f"r{number}@example.com")
    assert Comment.objects.pending().count() == 3
    assert scheduled_digests().count() == 1


@pytest.mark.django_db
def test_once_the_digest_ran_the_next_comment_schedules_the_next_one(
    digest, database_queue, article, post_comment, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(article, body="First")
    moderator_digest.send_digest.call()
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(article, body="Second", email="other@example.com")
    assert scheduled_digests().count() == 2


@pytest.mark.django_db
def test_a_digest_whose_task_was_lost_is_scheduled_again(digest, database_queue, moderator):
    with time_machine.travel(NOON, tick=False):
        assert moderator_digest.schedule()
    scheduled_digests().delete()  # the queue lost it; its time is long past
    with time_machine.travel(NOON + datetime.timedelta(hours=2), tick=False):
        assert moderator_digest.schedule()
    assert scheduled_digests().count() == 1


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_comments_arriving_at_once_schedule_one_digest(digest, database_queue, moderator):
    article = ArticleFactory()
    url = reverse("comments:post", kwargs={"slug": article.slug})
    readers = 8
    start = threading.Barrier(readers)

    def comment(number):
        data = comment_form_data(article, email=f"r{number}@example.com", body=f"At once {number}")
        try:
            start.wait()
            return Client().post(url, data, REMOTE_ADDR=f"10.3.0.{number + 1}").status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=readers) as pool:
        assert list(pool.map(comment, range(readers))) == [302] * readers
    assert Comment.objects.pending().count() == readers
    assert scheduled_digests().count() == 1


@pytest.mark.django_db
def test_the_digest_counts_pending_comments_by_article_and_held_reason_with_desk_links(
    digest, moderator
):
    harbour = ArticleFactory(title="Harbour reopens")
    storm = ArticleFactory(title="Storm warning")
    CommentFactory.create_batch(2, article=harbour, held_reason="2 links")
    CommentFactory(article=storm)
    CommentFactory(article=storm, approved=True)
    CommentFactory(article=storm, spam=True, held_reason="blocklist: casino")
    moderator_digest.send_digest.call()
    [message] = mail.outbox
    assert message.to == ["moderator@example.com"]
    assert message.subject == "3 comments awaiting moderation (3 new)"
    body = message.body
    assert "3 comments await moderation" in body
    assert (
        "“Harbour reopens”: 2\n  "
        + absolute(desk_url(status="pending", article__id__exact=harbour.pk))
        in body
    )
    assert (
        "“Storm warning”: 1\n  " + absolute(desk_url(status="pending", article__id__exact=storm.pk))
        in body
    )
    assert "- 2 links: 2\n  " + absolute(desk_url(status="pending", held_reason="2 links")) in body
    assert "- no rule held it: 1" in body
    assert "casino" not in body
    assert body.rstrip().endswith(absolute(desk_url(status="pending")))


@pytest.mark.django_db
def test_the_digest_tells_new_comments_since_the_last_one_from_all_pending(digest, moderator):
    with time_machine.travel(NOON, tick=False):
        CommentFactory()
        moderator_digest.send_digest.call()
    with time_machine.travel(NOON + datetime.timedelta(hours=1), tick=False):
        CommentFactory()
        moderator_digest.send_digest.call()
    assert mail.outbox[-1].subject == "2 comments awaiting moderation (1 new)"
    assert "1 arrived since the last digest" in mail.outbox[-1].body


@pytest.mark.django_db
def test_nothing_pending_sends_no_digest_but_records_that_it_ran(digest, moderator):
    CommentFactory(approved=True)
    with time_machine.travel(NOON, tick=False):
        moderator_digest.send_digest.call()
    assert mail.outbox == []
    state = ModeratorDigest.objects.get()
    assert state.ran_at == NOON
    assert state.due_at is None


@pytest.mark.django_db
def test_the_digest_lists_edits_waiting_for_approval(digest, moderator):
    comment = CommentFactory(approved=True)
    CommentVersion.objects.create(comment=comment, body="New text", status="pending")
    moderator_digest.send_digest.call()
    [message] = mail.outbox
    assert message.subject == "Edited comments awaiting approval"
    assert "1 edit of a published comment awaits approval" in message.body
    assert absolute(comment_on_desk_url(comment.pk)) in message.body


@pytest.mark.django_db
def test_without_a_queue_that_can_wait_the_digest_is_sent_at_once(
    digest, article, post_comment, moderator, django_capture_on_commit_callbacks
):
    # The immediate backend (tests, a site without a worker) cannot hold a task until later.
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(article)
    [message] = mail.outbox
    assert message.subject == "1 comment awaiting moderation (1 new)"
