"""A comment's "History" page shows its moderation history, to the second, not Django's blank."""

import datetime
import re

import pytest
import time_machine
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from comments import moderation
from comments.models import Comment
from tests.factories import CommentFactory, UserFactory

pytestmark = pytest.mark.django_db

FIRST = datetime.datetime(2026, 3, 2, 9, 15, 7, tzinfo=datetime.UTC)


def history_url(comment):
    return reverse("admin:comments_comment_history", args=[comment.pk])


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def decided(moderator):
    moderator.first_name, moderator.last_name = "Mona", "Moderator"
    moderator.save()
    comment = CommentFactory()
    with time_machine.travel(FIRST, tick=False):
        moderation.approve(comments=Comment.objects.filter(pk=comment.pk), moderator=moderator)
    with time_machine.travel(FIRST + datetime.timedelta(seconds=41), tick=False):
        moderation.reject(
            comments=Comment.objects.filter(pk=comment.pk), moderator=moderator, reason="uncivil"
        )
    return comment


def test_history_lists_each_decision_to_the_second_with_moderator_and_reason(
    moderator_client, decided
):
    page = text(moderator_client.get(history_url(decided)).content.decode())
    assert "doesn’t have a change history" not in page
    assert "2 Mar 2026, 09:15:07 Mona Moderator Pending → to Approved -" in page
    assert (
        "2 Mar 2026, 09:15:48 Mona Moderator Approved → to Rejected "
        "It is not civil towards others." in page
    )
    assert page.index("09:15:07") < page.index("09:15:48")


def test_decisions_the_site_made_itself_say_automatic(moderator_client, settings):
    comment = CommentFactory()
    comment.events.create(from_status="pending", to_status="approved", reason="trusted commenter")
    page = text(moderator_client.get(history_url(comment)).content.decode())
    assert "automatic Pending → to Approved trusted commenter" in page


def test_a_comment_nobody_decided_on_says_so(moderator_client):
    page = moderator_client.get(history_url(CommentFactory())).content.decode()
    assert "No moderator has decided on this comment yet." in page


def test_admin_log_entries_are_listed_too(moderator_client, decided):
    admin = UserFactory(username="admin-person", first_name="Ada", last_name="Admin")
    LogEntry.objects.create(
        user=admin,
        content_type=ContentType.objects.get_for_model(Comment),
        object_id=str(decided.pk),
        object_repr=str(decided),
        action_flag=CHANGE,
        change_message="Changed email.",
    )
    page = text(moderator_client.get(history_url(decided)).content.decode())
    assert "Changes made in the admin" in page
    assert "admin-person (Ada Admin) Changed email." in page


def test_the_change_page_shows_the_history_to_the_second(moderator_client, decided):
    url = reverse("admin:comments_comment_change", args=[decided.pk])
    page = text(moderator_client.get(url).content.decode())
    assert "2 Mar 2026, 09:15:07" in page
    assert "2 Mar 2026, 09:15:48" in page


def test_an_editor_without_the_permission_cannot_see_the_history(editor_client, decided):
    assert editor_client.get(history_url(decided)).status_code == 403


def test_a_history_address_naming_no_comment_leads_back_to_the_admin(moderator_client):
    response = moderator_client.get("/admin/comments/comment/not-a-number/history/")
    assert response.status_code == 302
