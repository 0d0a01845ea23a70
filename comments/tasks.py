"""Mail leaves through the task queue, never from the reader's or moderator's request.

`send_email` is queued once the transaction that decided on the mail commits. The worker
(`manage.py db_worker`) sends it; a mail server that is down or refuses makes it queue itself
again, MAIL_RETRY_SECONDS later and then twice as long each time, up to MAIL_ATTEMPTS attempts
in all. Each failed attempt is logged and recorded as a failed task in the queue's table (with
its error); the log says whether another attempt follows or the mail was given up.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone
from django_tasks import task, task_backends

logger = logging.getLogger(__name__)


@task()
def send_email(*, subject: str, body: str, to: list[str], headers: dict, attempt: int = 1):
    message = EmailMessage(subject=subject, body=body, to=to, headers=headers)
    try:
        message.send()
    except Exception:
        if attempt >= settings.MAIL_ATTEMPTS:
            logger.exception("Gave up emailing %r after %d attempts", subject, attempt)
            raise
        delay = retry_delay(attempt)
        logger.warning(
            "Could not email %r (attempt %d of %d), trying again in %d s",
            subject,
            attempt,
            settings.MAIL_ATTEMPTS,
            delay.total_seconds(),
            exc_info=True,
        )
        _retry(subject=subject, body=body, to=to, headers=headers, attempt=attempt, delay=delay)
        raise  # this attempt is recorded as failed; the retry is a task of its own


def retry_delay(attempt: int) -> timedelta:
    """How long to wait after the `attempt`th failure: doubling from MAIL_RETRY_SECONDS."""
    return timedelta(seconds=settings.MAIL_RETRY_SECONDS * 2 ** (attempt - 1))


def _retry(*, delay: timedelta, attempt: int, **message) -> None:
    retry = send_email
    # The immediate backend (tests, a site without a worker) cannot wait: it tries at once.
    if task_backends[send_email.backend].supports_defer:
        retry = send_email.using(run_after=timezone.now() + delay)
    retry.enqueue(attempt=attempt + 1, **message)


def queue_email(*, subject: str, body: str, to: list[str], headers: dict | None = None) -> None:
    """Queue a plain-text email; a queue that cannot take it is logged, never raised."""
    try:
        send_email.enqueue(subject=subject, body=body, to=to, headers=headers or {})
    except Exception:
        logger.exception("Could not queue the email %r", subject)
