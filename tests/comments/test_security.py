"""Hostile text posted through the real form never becomes markup on the article page."""

from html.parser import HTMLParser

import pytest

from comments import moderation
from comments.models import NAME_MAX_LENGTH, Comment
from core.sanitizer import COMMENT_TAGS
from tests.html_checks import corpus_vectors

pytestmark = pytest.mark.django_db


OWN_VECTORS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "</textarea><script>alert(1)</script>",
    "</span></div><iframe src=javascript:alert(1)></iframe>",
    '<a href="javascript:alert(1)">click</a>',
    "javascript:alert(document.cookie)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    'https://example.com/"onmouseover="alert(1)',
    "https://example.com/<script>alert(1)</script>",
    "www.example.com/?q=<img src=x onerror=alert(1)>",
    'http://example.com/#"><img src=x onerror=alert(1)>',
    "<<script>script>alert(1)<</script>/script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    '<a href=" &#14;  javascript:alert(1)">x</a>',
    "<style>@import 'javascript:alert(1)';</style>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '" onfocus="alert(1)" autofocus="',
    "<p onclick=alert(1)>paragraph</p>",
    "<!--<img src=x onerror=alert(1)>-->",
    "{{ request }} {% csrf_token %}",
]

BANNED_SCHEMES = ("javascript:", "data:", "vbscript:")
BODY_ATTRIBUTES = {"a": {"href", "rel"}}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "background"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class PageChecker(HTMLParser):
    """Collects every problem: markup inside comments beyond the allowlist, scripts anywhere."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.stack = []  # (tag, allowed tags inside it or None for "not in a comment")

    def handle_starttag(self, tag, attrs):
        allowed = self.stack[-1][1] if self.stack else None
        if allowed is not None and tag not in allowed:
            self.problems.append(f"<{tag}> inside a comment")
        self._check_attributes(tag, attrs, in_body=allowed == COMMENT_TAGS)
        if tag not in VOID:
            self.stack.append((tag, self._allowed_inside(dict(attrs).get("class") or "", allowed)))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def _allowed_inside(self, classes, allowed):
        if "comment__body" in classes.split():
            return COMMENT_TAGS
        if "comment__author" in classes.split():
            return frozenset()
        return allowed

    def _check_attributes(self, tag, attrs, *, in_body):
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{name} on <{tag}>")
            if name in URL_ATTRIBUTES and "".join((value or "").split()).lower().startswith(
                BANNED_SCHEMES
            ):
                self.problems.append(f"{name}={value!r} on <{tag}>")
            if in_body and name not in BODY_ATTRIBUTES.get(tag, set()):
                self.problems.append(f"{name} on <{tag}> inside a comment")


def problems_in(page: str) -> list[str]:
    checker = PageChecker()
    checker.feed(page)
    checker.close()
    return checker.problems


def post_and_approve_all(article, post_comment, moderator, vectors):
    """Post each vector as name and body from its own reader; error pages are checked as well."""
    problems = []
    for number, vector in enumerate(vectors):
        response = post_comment(
            article,
            name=vector[:NAME_MAX_LENGTH],
            body=vector,
            email=f"reader{number}@example.com",
            remote_addr=f"10.1.{number // 200}.{number % 200 + 1}",
        )
        assert response.status_code in (302, 400), vector
        if response.status_code == 400:
            problems += problems_in(response.content.decode())
    moderation.approve(comments=Comment.objects.all(), moderator=moderator)
    return problems


def assert_safe_page(client, article, expected_comments):
    response = client.get(article.get_absolute_url())
    page = response.content.decode()
    assert page.count('class="comment"') == expected_comments
    assert problems_in(page) == []


def test_checker_notices_markup_that_got_through():
    page = (
        '<ol><li class="comment"><span class="comment__author"><b>x</b></span>'
        '<div class="comment__body"><p><a href="javascript:alert(1)" onclick="x">y</a>'
        "<img src=x></p></div></li></ol>"
    )
    assert problems_in(page) == [
        "<b> inside a comment",
        "href='javascript:alert(1)' on <a>",
        "onclick on <a>",
        "onclick on <a> inside a comment",
        "<img> inside a comment",
        "src on <img> inside a comment",
    ]


def test_own_hostile_vectors_render_as_harmless_text(
    settings, client, article, post_comment, moderator
):
    settings.COMMENTS_PER_PAGE = 1000
    assert post_and_approve_all(article, post_comment, moderator, OWN_VECTORS) == []
    assert_safe_page(client, article, Comment.objects.approved().count())
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;"
        in client.get(article.get_absolute_url()).content.decode()
    )


@pytest.mark.skipif(not corpus_vectors(), reason="../shared/security-vectors is not here")
def test_shared_xss_corpus_renders_as_harmless_text(
    settings, client, article, post_comment, moderator
):
    settings.COMMENTS_PER_PAGE = 1000
    vectors = corpus_vectors()
    assert post_and_approve_all(article, post_comment, moderator, vectors) == []
    stored = Comment.objects.approved().count()
    assert stored >= len(vectors) - 5  # only blank or duplicate strings are refused
    assert_safe_page(client, article, stored)
