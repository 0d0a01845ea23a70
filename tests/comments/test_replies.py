"""Readers answer each other's comments: Reply links, threads, levels, withdrawn parents, staff."""

from html.parser import HTMLParser

import pytest
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from comments import moderation, privacy
from comments.models import Comment, ModerationEvent
from core import roles
from tests.factories import ArticleFactory, CommentFactory, UserFactory
from tests.helpers import staff_member

pytestmark = pytest.mark.django_db

NOT_REPLYABLE = "The comment you are replying to is not open for replies"


def reply_to(comment, **fields):
    """An approved reply to `comment`, placed the way submit_comment places one."""
    fields.setdefault("status", Comment.Status.APPROVED)
    return CommentFactory(
        article=comment.article,
        parent=comment,
        thread_id=comment.thread_id or comment.pk,
        depth=comment.depth + 1,
        **fields,
    )


def page_of(article, client=None, **params):
    return (client or Client()).get(article.get_absolute_url(), params).content.decode()


class CommentTree(HTMLParser):
    """Which comment each comment of a page sits under, read from the nested lists."""

    def __init__(self, page):
        super().__init__()
        self.items = []  # the open <li> elements, innermost last: their comment ids or None
        self.parent_of = {}
        self.feed(page)
        assert self.items == [], "a comment list was left open"

    def handle_starttag(self, tag, attrs):
        if tag == "li":
            ident = dict(attrs).get("id", "")
            comment = int(ident.removeprefix("comment-")) if ident.startswith("comment-") else None
            if comment is not None:
                enclosing = [item for item in self.items if item is not None]
                self.parent_of[comment] = enclosing[-1] if enclosing else None
            self.items.append(comment)

    def handle_endtag(self, tag):
        if tag == "li":
            self.items.pop()


def test_every_shown_comment_has_a_reply_link_that_opens_the_form_answering_it(article):
    comment = CommentFactory(article=article, approved=True, name="Ada Lovelace")
    page = page_of(article)
    link = f'href="?replyto={comment.pk}#leave-a-comment"'
    assert link in page
    assert 'aria-label="Reply to Ada Lovelace">Reply</a>' in page

    form = page_of(article, replyto=comment.pk)
    assert "Replying to <strong>Ada Lovelace</strong>" in form
    assert f'<a href="{article.get_absolute_url()}#leave-a-comment">Cancel reply</a>' in form
    assert f'<input type="hidden" name="parent" value="{comment.pk}"' in form
    assert 'id="leave-a-comment"' in form


@pytest.mark.parametrize("target", ["pending", "rejected", "unknown", "other article", "abc"])
def test_a_reply_link_to_a_comment_readers_cannot_see_shows_a_plain_form(article, target):
    comment = {
        "pending": lambda: CommentFactory(article=article),
        "rejected": lambda: CommentFactory(article=article, rejected=True),
        "other article": lambda: CommentFactory(approved=True),
    }.get(target, lambda: None)()
    form = page_of(article, replyto=comment.pk if comment else target.replace("unknown", "999"))
    assert "Replying to" not in form
    assert '<input type="hidden" name="parent" id="id_parent">' in form


def test_a_reply_waits_for_a_moderator_in_its_thread_at_the_next_level(article, post_comment):
    comment = CommentFactory(article=article, approved=True, name="Ada")
    response = post_comment(article, parent=str(comment.pk), body="I answer Ada.")
    assert response.status_code == 302
    reply = Comment.objects.get(body="I answer Ada.")
    assert (reply.parent, reply.thread, reply.depth) == (comment, comment, 2)
    assert reply.status == Comment.Status.PENDING
    assert "I answer Ada." not in page_of(article)


def test_replies_nest_to_the_deepest_level_and_deeper_ones_join_it(settings, article, post_comment):
    settings.COMMENTS_FLOOD_SECONDS = 0
    first = CommentFactory(article=article, approved=True)
    second = reply_to(first)
    third = reply_to(second)
    post_comment(article, parent=str(third.pk), body="Answering the third level.")
    deepest = Comment.objects.get(body="Answering the third level.")
    assert (deepest.parent, deepest.thread, deepest.depth) == (second, first, 3)

    settings.COMMENTS_MAX_DEPTH = 2
    post_comment(article, parent=str(second.pk), body="Answering at two levels.")
    capped = Comment.objects.get(body="Answering at two levels.")
    assert (capped.parent, capped.thread, capped.depth) == (first, first, 2)


def test_the_page_shows_replies_nested_under_the_comments_they_answer(article):
    first = CommentFactory(article=article, approved=True, body="Level one")
    second = reply_to(first, body="Level two")
    third = reply_to(second, body="Level three")
    sibling = reply_to(first, body="Another level two")
    later = CommentFactory(article=article, approved=True, body="A later thread")
    CommentFactory(article=article, parent=first, thread=first, depth=2, body="Still pending")
    page = page_of(article)
    assert CommentTree(page).parent_of == {
        first.pk: None,
        second.pk: first.pk,
        third.pk: second.pk,
        sibling.pk: first.pk,
        later.pk: None,
    }
    assert "Still pending" not in page
    assert "5 comments" in page  # replies count; the pending one does not


@pytest.mark.parametrize("target", ["unknown", "pending", "rejected", "spam", "erased", "foreign"])
def test_replying_to_a_comment_readers_cannot_see_is_refused_with_the_text_kept(
    client, article, post_comment, target
):
    comment = {
        "pending": lambda: CommentFactory(article=article),
        "rejected": lambda: CommentFactory(article=article, rejected=True),
        "spam": lambda: CommentFactory(article=article, spam=True),
        "erased": lambda: CommentFactory(article=article, rejected=True, erased_at=timezone.now()),
        "foreign": lambda: CommentFactory(article=ArticleFactory(), approved=True),
    }.get(target, lambda: None)()
    before = Comment.objects.count()
    response = post_comment(
        article, parent=str(comment.pk if comment else 12345), body="My careful answer."
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert NOT_REPLYABLE in page
    assert "My careful answer.</textarea>" in page
    assert Comment.objects.count() == before
    # Sent again as it comes back, it is a new comment.
    assert '<input type="hidden" name="parent" id="id_parent">' in page


@pytest.mark.parametrize("value", ["9" * 30, "²", "١٢", "-1", "1e3", " 1 2 "])
def test_an_impossible_comment_to_answer_is_a_plain_form_or_a_form_error(
    article, post_comment, value
):
    assert "Replying to" not in page_of(article, replyto=value)
    response = post_comment(article, parent=value, body="Kept anyway.")
    assert response.status_code == 400
    assert NOT_REPLYABLE in response.content.decode()


def test_a_reply_meets_every_defence_like_any_comment(article, post_comment):
    comment = CommentFactory(article=article, approved=True)
    assert post_comment(article, parent=str(comment.pk), website="spam.example").status_code == 400
    assert post_comment(article, parent=str(comment.pk), body="One.").status_code == 302
    assert post_comment(article, parent=str(comment.pk), body="Two.").status_code == 429
    assert list(article.comments.filter(parent=comment).values_list("body", flat=True)) == ["One."]


@pytest.mark.parametrize("withdraw", ["reject", "mark_as_spam", "erase"])
def test_a_withdrawn_comment_keeps_its_replies_under_a_placeholder(article, moderator, withdraw):
    gone = {"approved": True, "email": "gone@example.com"}
    first = CommentFactory(article=article, name="Gone Writer", body="Gone text", **gone)
    second = reply_to(first, body="The answer stays")
    lone = CommentFactory(article=article, body="Withdrawn alone", **gone)
    if withdraw == "erase":  # with COMMENTS_ERASE_TEXT="remove", the default
        privacy.erase_commenter(email="gone@example.com", moderator=moderator)
    else:
        getattr(moderation, withdraw)(
            comments=Comment.objects.filter(pk__in=[first.pk, lone.pk]), moderator=moderator
        )
    page = page_of(article)
    assert "This comment was removed." in page
    assert "The answer stays" in page
    assert CommentTree(page).parent_of == {first.pk: None, second.pk: first.pk}
    for gone in ("Gone Writer", "Gone text", f"replyto={first.pk}", "Withdrawn alone"):
        assert gone not in page


def test_a_withdrawn_reply_with_a_shown_answer_keeps_its_place(article, moderator):
    first = CommentFactory(article=article, approved=True)
    second = reply_to(first, body="Withdrawn middle")
    third = reply_to(second, body="Deepest answer")
    moderation.reject(comments=Comment.objects.filter(pk=second.pk), moderator=moderator)
    page = page_of(article)
    assert CommentTree(page).parent_of == {first.pk: None, second.pk: first.pk, third.pk: second.pk}
    assert "Withdrawn middle" not in page
    assert "Deepest answer" in page


@pytest.mark.parametrize(
    ("role", "shown_as"),
    [
        (roles.EDITORS, "Editor"),
        (roles.MODERATORS, "Moderator"),
        (roles.AUTHORS, "Author"),
        (None, "Staff"),
    ],
)
def test_staff_writing_while_logged_in_are_marked_with_their_role(
    client, article, post_comment, role, shown_as
):
    user = staff_member(role, username="writer") if role else UserFactory(is_staff=True)
    client.force_login(user)
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'value="{user.email}"' in page  # staff need not type who they are
    post_comment(article, name="Sam Staff", email=user.email)
    comment = Comment.objects.get()
    assert (comment.user, comment.staff_role) == (user, shown_as)
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.APPROVED)
    assert f'<span class="comment__role">{shown_as}</span>' in page_of(article)


def test_readers_are_not_marked_as_staff(article, post_comment):
    post_comment(article)
    assert (Comment.objects.get().user, Comment.objects.get().staff_role) == (None, "")


def test_a_moderators_own_reply_is_published_at_once_and_refreshes_the_cached_page(
    moderator_client, moderator, article, post_comment
):
    comment = CommentFactory(article=article, approved=True)
    assert "Thanks, noted." not in page_of(article)  # now in the page cache
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = post_comment(
            article, using=moderator_client, parent=str(comment.pk), body="Thanks, noted."
        )
    reply = Comment.objects.get(body="Thanks, noted.")
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{reply.pk}"
    assert reply.status == Comment.Status.APPROVED
    assert (reply.moderated_by, reply.moderated_at is not None) == (moderator, True)
    [event] = ModerationEvent.objects.filter(comment=reply)
    assert (event.moderator, event.reason) == (moderator, "moderator's own reply")
    assert (event.from_status, event.to_status) == ("pending", "approved")
    page = page_of(article)
    assert "Thanks, noted." in page
    assert "2 comments" in page
    assert mail.outbox == []  # nobody is asked to moderate it


def test_an_editors_reply_waits_for_a_moderator(editor_client, article, post_comment):
    comment = CommentFactory(article=article, approved=True)
    post_comment(article, using=editor_client, parent=str(comment.pk), body="Editor's note.")
    assert Comment.objects.get(body="Editor's note.").status == Comment.Status.PENDING


def test_a_moderators_comment_caught_by_the_spam_rules_is_not_published(
    settings, moderator_client, article, post_comment
):
    settings.COMMENTS_BLOCKLIST = ["casino"]
    post_comment(article, using=moderator_client, body="Casino night")
    assert Comment.objects.get().status == Comment.Status.SPAM


def test_pages_hold_whole_threads(settings, article):
    settings.COMMENTS_PER_PAGE = 2
    threads = CommentFactory.create_batch(3, article=article, approved=True)
    replies = [reply_to(reply_to(thread)) for thread in threads]
    first_page = page_of(article)
    second_page = page_of(article, **{"comments-page": 2})
    for thread, deepest in zip(threads[:2], replies[:2], strict=True):
        assert f'id="comment-{thread.pk}"' in first_page
        assert f'id="comment-{deepest.pk}"' in first_page
    assert f'id="comment-{threads[2].pk}"' not in first_page
    assert CommentTree(second_page).parent_of == {
        threads[2].pk: None,
        replies[2].parent_id: threads[2].pk,
        replies[2].pk: replies[2].parent_id,
    }
    assert "Page 1 of 2" in first_page
    assert "9 comments" in first_page  # every approved comment, replies too
    reply_link = f"?comments-page=2&amp;replyto={threads[2].pk}#leave-a-comment"
    assert reply_link in second_page


def test_a_withdrawn_first_comment_without_shown_replies_takes_no_place_on_a_page(
    settings, article
):
    settings.COMMENTS_PER_PAGE = 1
    CommentFactory(article=article, rejected=True)
    shown = CommentFactory(article=article, approved=True, body="The only one")
    page = page_of(article)
    assert "The only one" in page
    assert "Page 1 of" not in page
    assert f'id="comment-{shown.pk}"' in page


def test_readers_see_their_own_pending_reply_and_what_it_answers(client, article, post_comment):
    comment = CommentFactory(article=article, approved=True, name="Ada")
    post_comment(article, parent=str(comment.pk), body="My answer to Ada.")
    yours = page_of(article, client).split('id="your-comments-title"')[1].split("</section>")[0]
    assert "My answer to Ada." in yours
    assert "in reply to Ada" in yours
    assert "My answer to Ada." not in page_of(article)


def test_each_reply_form_is_cached_apart_from_the_plain_page(article):
    comment = CommentFactory(article=article, approved=True, name="Ada")
    assert "Replying to" not in page_of(article)
    assert "Replying to <strong>Ada</strong>" in page_of(article, replyto=comment.pk)
    assert "Replying to" not in page_of(article)


def test_one_level_of_conversation_turns_replies_off(settings, article):
    comment = CommentFactory(article=article, approved=True)
    settings.COMMENTS_MAX_DEPTH = 1
    assert "replyto=" not in page_of(article)
    assert "Replying to" not in page_of(article, replyto=comment.pk)


def test_closed_comments_have_no_reply_links(article):
    CommentFactory(article=article, approved=True)
    article.allow_comments = False
    article.save()
    assert "replyto=" not in page_of(article)


def test_the_form_address_in_a_page_answering_a_comment_replies_again_after_an_error(
    article, post_comment
):
    comment = CommentFactory(article=article, approved=True, name="Ada")
    response = post_comment(article, parent=str(comment.pk), name="")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Replying to <strong>Ada</strong>" in page
    assert f'name="parent" value="{comment.pk}"' in page
    assert reverse("comments:post", kwargs={"slug": article.slug}) + "#error-summary" in page
