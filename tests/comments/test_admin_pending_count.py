"""The admin's home page and navigation sidebar show moderators how many comments wait."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db

DESK = "/admin/comments/comment/"


def comments_link(page: str) -> str | None:
    """The "Comments" link of the app list (home page or sidebar), if there is one."""
    match = re.search(rf'id="comments-comment">\s*(<a href="{DESK}".*?</a>)', page, re.DOTALL)
    return match.group(1) if match else None


def accessible_name(link: str) -> str:
    """What a screen reader announces: the aria-label, else the text."""
    if label := re.search(r'aria-label="([^"]*)"', link):
        return label.group(1)
    return " ".join(re.sub(r"<[^>]+>", "", link).split())


def visible_text(link: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", link).split())


def pending_counts(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if "COUNT(" in q["sql"] and "comments_comment" in q["sql"] and "'pending'" in q["sql"]
    ]


@pytest.fixture
def waiting():
    CommentFactory.create_batch(3)
    CommentFactory(approved=True)
    CommentFactory(spam=True)
    CommentFactory(rejected=True)


def test_the_admin_home_page_shows_moderators_the_pending_count(moderator_client, waiting):
    page = moderator_client.get(reverse("admin:index")).content.decode()
    link = comments_link(page)
    assert link is not None
    assert accessible_name(link) == "Comments, 3 pending"
    assert visible_text(link) == "Comments 3 pending"
    assert '<span class="pending-count">3 pending</span>' in link


def test_the_navigation_sidebar_shows_it_on_other_admin_pages(moderator_client, waiting):
    comment = CommentFactory()
    page = moderator_client.get(reverse("admin:comments_comment_change", args=[comment.pk]))
    assert 'id="nav-sidebar"' in page.content.decode()
    assert accessible_name(comments_link(page.content.decode())) == "Comments, 4 pending"


def test_no_pending_comments_shows_zero(moderator_client):
    page = moderator_client.get(reverse("admin:index")).content.decode()
    assert accessible_name(comments_link(page)) == "Comments, 0 pending"


def test_the_count_costs_one_query_per_page(moderator_client, waiting):
    comment = CommentFactory()
    for url in (
        reverse("admin:index"),
        reverse("admin:comments_comment_change", args=[comment.pk]),
    ):
        with CaptureQueriesContext(connection) as queries:
            assert moderator_client.get(url).status_code == 200
        assert len(pending_counts(queries)) == 1, url


def test_staff_who_cannot_moderate_see_no_count_and_cost_no_query(editor_client, waiting):
    with CaptureQueriesContext(connection) as queries:
        page = editor_client.get(reverse("admin:index")).content.decode()
    assert 'class="pending-count' not in page
    assert pending_counts(queries) == []
