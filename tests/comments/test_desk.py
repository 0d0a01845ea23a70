"""The moderation desk: one click per decision, the whole comment in view, and Undo."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment, ModerationEvent, RejectionReason
from tests.factories import ArticleFactory, CommentFactory, UserFactory

pytestmark = pytest.mark.django_db

DESK = reverse("admin:comments_comment_changelist")
DECIDE = reverse("admin:comments_comment_decide")
REPLY = reverse("admin:comments_comment_reply")
UNDO = reverse("admin:comments_comment_undo")


def press(client, url, comment, value, *, page=(), query="", **fields):
    """Press a desk button as the browser does: the whole desk form, with the button's value."""
    data = {"page_ids": ",".join(str(c.pk) for c in page), "desk_query": query, **fields}
    data[{DECIDE: "decide", REPLY: "reply"}.get(url, "undo")] = value
    return client.post(url, data)


def decide(client, comment, decision, **kwargs):
    return press(client, DECIDE, comment, f"{decision}:{comment.pk}", **kwargs)


def undo_token(client):
    page = client.get(DESK).content.decode()
    match = re.search(r'name="undo" value="([^"]+)"', page)
    return match and match.group(1)


@pytest.mark.parametrize(
    ("decision", "status"),
    [
        ("approve", Comment.Status.APPROVED),
        ("reject", Comment.Status.REJECTED),
        ("spam", Comment.Status.SPAM),
    ],
)
def test_one_click_decides_and_records_who(moderator_client, moderator, decision, status):
    comment = CommentFactory()
    response = decide(moderator_client, comment, decision)
    comment.refresh_from_db()
    assert comment.status == status
    assert comment.moderated_by == moderator
    assert response.status_code == 302
    event = ModerationEvent.objects.get(comment=comment)
    assert (event.from_status, event.to_status, event.moderator) == ("pending", status, moderator)


def test_reject_records_the_chosen_reason(moderator_client):
    comment = CommentFactory()
    decide(moderator_client, comment, "reject", **{f"reason-{comment.pk}": "off-topic"})
    event = ModerationEvent.objects.get(comment=comment)
    assert event.reason == RejectionReason.OFF_TOPIC.label


def test_decision_comes_back_to_the_next_comment_with_the_same_filters(moderator_client):
    article = ArticleFactory()
    first, second, third = CommentFactory.create_batch(3, article=article)
    query = f"status=pending&article__id__exact={article.pk}&p=1"
    response = decide(moderator_client, second, "approve", page=[first, second, third], query=query)
    assert response.url == f"{DESK}?{query}#comment-{third.pk}"
    response = decide(moderator_client, third, "approve", page=[first, third], query=query)
    assert response.url.endswith(f"#comment-{first.pk}")  # the last one: back to the one before


def test_decision_says_what_it_did_once_with_undo(moderator_client):
    comment = CommentFactory(name="Grace Hopper")
    decide(moderator_client, comment, "spam")
    page = moderator_client.get(DESK).content.decode()
    assert "Marked the comment by Grace Hopper as spam." in page
    assert 'name="undo"' in page
    again = moderator_client.get(DESK).content.decode()
    assert "Grace Hopper as spam" not in again


def test_undo_puts_the_comment_back_and_records_it(moderator_client):
    comment = CommentFactory(held_reason="2 links")
    decide(moderator_client, comment, "approve")
    token = undo_token(moderator_client)
    response = press(moderator_client, UNDO, comment, token)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert response.url.endswith(f"#comment-{comment.pk}")
    assert list(comment.events.values_list("to_status", "reason")) == [
        ("approved", ""),
        ("pending", "undone"),
    ]
    assert "Undone: 1 comment put back." in moderator_client.get(DESK).content.decode()


def test_undo_works_once(moderator_client):
    comment = CommentFactory()
    decide(moderator_client, comment, "approve")
    token = undo_token(moderator_client)
    press(moderator_client, UNDO, comment, token)
    decide(moderator_client, comment, "spam")
    press(moderator_client, UNDO, comment, token)  # the old token: not the last decision
    comment.refresh_from_db()
    assert comment.status == Comment.Status.SPAM


def test_undo_leaves_a_comment_another_moderator_decided_since(moderator_client):
    comment = CommentFactory()
    decide(moderator_client, comment, "approve")
    token = undo_token(moderator_client)
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.SPAM)
    press(moderator_client, UNDO, comment, token)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.SPAM
    assert "another moderator has decided since" in moderator_client.get(DESK).content.decode()


def test_reply_is_published_and_approves_the_comment_it_answers(moderator_client, moderator):
    parent = CommentFactory(name="Ada")
    press(moderator_client, REPLY, parent, str(parent.pk), **{f"reply-{parent.pk}": "Thank you!"})
    parent.refresh_from_db()
    reply = Comment.objects.get(parent=parent)
    assert parent.status == reply.status == Comment.Status.APPROVED
    assert (reply.body, reply.user, reply.staff_role) == ("Thank you!", moderator, "Moderator")
    page = Client().get(parent.article.get_absolute_url()).content.decode()
    assert "Thank you!" in page
    assert "Published your reply to Ada." in moderator_client.get(DESK).content.decode()


def test_undo_after_a_reply_withdraws_it_and_puts_the_comment_back(moderator_client):
    parent = CommentFactory()
    press(moderator_client, REPLY, parent, str(parent.pk), **{f"reply-{parent.pk}": "Noted."})
    press(moderator_client, UNDO, parent, undo_token(moderator_client))
    parent.refresh_from_db()
    assert parent.status == Comment.Status.PENDING
    assert Comment.objects.get(parent=parent).status == Comment.Status.REJECTED


def test_empty_reply_publishes_nothing_and_says_so(moderator_client):
    parent = CommentFactory()
    press(moderator_client, REPLY, parent, str(parent.pk), **{f"reply-{parent.pk}": "  "})
    assert not Comment.objects.filter(parent=parent).exists()
    parent.refresh_from_db()
    assert parent.status == Comment.Status.PENDING
    assert "Write your reply before publishing it." in moderator_client.get(DESK).content.decode()


def test_the_same_reply_twice_is_refused_and_kept(moderator_client):
    parent = CommentFactory()
    for _ in range(2):
        press(moderator_client, REPLY, parent, str(parent.pk), **{f"reply-{parent.pk}": "Noted."})
    assert Comment.objects.filter(parent=parent).count() == 1
    page = moderator_client.get(DESK, {"status": "all"}).content.decode()
    assert "You have already published this reply on this article." in page
    assert ">Noted.</textarea>" in page


def test_a_bulk_action_that_changes_nothing_says_so_and_offers_no_undo(moderator_client):
    comment = CommentFactory(approved=True)
    moderator_client.post(
        f"{DESK}?status=all", {"action": "approve", "index": 0, "_selected_action": [comment.pk]}
    )
    page = moderator_client.get(DESK).content.decode()
    assert "Nothing changed: the selected comments were already there." in page
    assert 'name="undo"' not in page


def test_too_long_reply_is_refused_and_kept_for_the_moderator(moderator_client):
    parent = CommentFactory()
    text = "word " * 1200
    press(moderator_client, REPLY, parent, str(parent.pk), **{f"reply-{parent.pk}": text})
    assert not Comment.objects.filter(parent=parent).exists()
    page = moderator_client.get(DESK).content.decode()
    assert "the limit is 5000" in page
    assert text.strip() in page


def test_bulk_action_offers_undo(moderator_client):
    chosen = CommentFactory.create_batch(3)
    moderator_client.post(
        DESK, {"action": "approve", "index": 0, "_selected_action": [c.pk for c in chosen]}
    )
    page = moderator_client.get(f"{DESK}?status=all").content.decode()
    assert "3 comments approved." in page
    press(moderator_client, UNDO, chosen[0], undo_token_from(page))
    assert set(Comment.objects.values_list("status", flat=True)) == {"pending"}


def undo_token_from(page):
    return re.search(r'name="undo" value="([^"]+)"', page).group(1)


@pytest.mark.parametrize("url", [DECIDE, REPLY, UNDO])
def test_get_never_changes_anything(moderator_client, url):
    comment = CommentFactory()
    response = moderator_client.get(url, {"decide": f"approve:{comment.pk}", "reply": comment.pk})
    assert response.status_code == 405
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_buttons_need_the_csrf_token(moderator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    comment = CommentFactory()
    assert decide(client, comment, "approve").status_code == 403
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


@pytest.mark.parametrize("url", [DESK, DECIDE, REPLY, UNDO])
def test_editors_get_403_everywhere_on_the_desk(editor_client, url):
    comment = CommentFactory()
    assert editor_client.get(url).status_code in (403, 405)
    response = editor_client.post(
        url, {"decide": f"approve:{comment.pk}", "reply": comment.pk, f"reply-{comment.pk}": "x"}
    )
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_staff_with_only_the_moderate_permission_use_the_desk():
    member = UserFactory(is_staff=True)
    member.user_permissions.add(
        Permission.objects.get(codename="can_moderate"),
        Permission.objects.get(codename="view_comment"),
    )
    client = Client()
    client.force_login(member)
    comment = CommentFactory()
    assert client.get(DESK).status_code == 200
    decide(client, comment, "approve")
    comment.refresh_from_db()
    assert comment.is_approved()


def test_a_bad_button_value_is_refused(moderator_client):
    comment = CommentFactory()
    for value in ["publish:1", f"approve:{comment.pk}x", "", "approve:"]:
        assert moderator_client.post(DECIDE, {"decide": value}).status_code == 403
    bad_reason = {"decide": f"reject:{comment.pk}", f"reason-{comment.pk}": "boring"}
    assert moderator_client.post(DECIDE, bad_reason).status_code == 403
    assert moderator_client.post(DECIDE, {"decide": "approve:999999"}).status_code == 404
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_desk_shows_each_comment_whole_with_its_context(moderator_client):
    article = ArticleFactory(title="Harbour reopens after the storm")
    earlier = CommentFactory(article=article, email="ada@example.net", approved=True)
    CommentFactory(email="ADA@example.net", spam=True)
    long_text = "The harbour master said the repairs took three weeks. " * 6
    CommentFactory(
        article=article,
        parent=earlier,
        depth=2,
        thread=earlier,
        name="Ada Lovelace",
        email="ada@example.net",
        body=long_text,
        ip_address="203.0.113.0",
        is_ip_shortened=True,
        held_reason="2 links",
    )
    page = moderator_client.get(DESK).content.decode()
    assert "<h1>Moderate comments</h1>" in page
    assert "Select comment to change" not in page
    assert long_text.strip() in page
    assert earlier.body in page and "In reply to" in page
    assert "ada@example.net" in page and "203.0.113.0 (shortened)" in page
    assert "Held: 2 links" in page
    assert "Earlier from this address: 1 approved, 0 rejected, 1 spam, 0 pending." in page
    assert f'<a href="{article.get_absolute_url()}">Harbour reopens after the storm</a>' in page


def test_pending_comments_come_first_and_oldest_first(moderator_client):
    now = timezone.now()
    for hours, body in [(1, "Newest wait"), (5, "Longest wait"), (3, "Middle wait")]:
        CommentFactory(body=body, created_at=now - datetime.timedelta(hours=hours))
    CommentFactory(body="Already approved", approved=True)
    page = moderator_client.get(DESK).content.decode()
    order = [page.index(text) for text in ["Longest wait", "Middle wait", "Newest wait"]]
    assert order == sorted(order)
    assert "Already approved" not in page  # the Approved tab has it


def test_status_counts_are_shown(moderator_client):
    CommentFactory.create_batch(3)
    CommentFactory(approved=True)
    CommentFactory.create_batch(2, spam=True)
    page = " ".join(moderator_client.get(DESK).content.decode().split())
    for label, count in [("Pending", 3), ("Approved", 1), ("Rejected", 0), ("Spam", 2), ("All", 6)]:
        assert f'{label} <span class="desk-count">({count})</span>' in page


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"held_reason": "2 links"}, "Held one", "Plain one"),
        ({"q": "harbour"}, "Held one", "Plain one"),
        ({"q": "plain@example.com"}, "Plain one", "Held one"),
        ({"status": "spam"}, "Spam one", "Plain one"),
    ],
)
def test_desk_filters_and_search(moderator_client, query, shown, hidden):
    CommentFactory(body="Held one about the harbour", held_reason="2 links")
    CommentFactory(body="Plain one", email="plain@example.com")
    CommentFactory(body="Spam one", spam=True)
    page = moderator_client.get(DESK, query).content.decode()
    assert shown in page and hidden not in page


def test_the_link_to_one_comment_shows_it_with_its_buttons(moderator_client):
    wanted = CommentFactory(body="The one the email is about")
    CommentFactory(body="Some other comment")
    page = moderator_client.get(DESK, {"status": "all", "id": wanted.pk}).content.decode()
    assert "The one the email is about" in page and "Some other comment" not in page
    assert f'value="approve:{wanted.pk}"' in page


def desk_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(DESK).status_code == 200
    return len(queries)


def test_desk_query_count_does_not_grow_with_the_queue(moderator_client):
    articles = ArticleFactory.create_batch(3)
    counts = []
    for total in (1, 20, 200):
        while Comment.objects.pending().count() < total:
            n = Comment.objects.count()
            parent = CommentFactory(article=articles[n % 3], approved=True) if n % 4 == 0 else None
            CommentFactory(
                article=articles[n % 3],
                parent=parent,
                thread=parent,
                depth=2 if parent else 1,
                email=f"reader{n % 7}@example.com",
                held_reason="2 links" if n % 5 == 0 else "",
            )
        counts.append(desk_queries(moderator_client))
    assert counts[0] == counts[1] == counts[2], counts


def test_the_comment_page_leads_to_its_place_on_the_desk(moderator_client):
    comment = CommentFactory()
    page = moderator_client.get(reverse("admin:comments_comment_change", args=[comment.pk]))
    link = f"{DESK}?status=all&amp;id={comment.pk}#comment-{comment.pk}"
    assert f'href="{link}">Decide on the desk</a>' in page.content.decode()
