"""Moderators see no links they cannot open on the admin's comment pages; editors who may not
moderate cannot open those pages at all."""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import reverse

from comments import moderation
from comments.models import Comment, CommentVersion
from core import roles
from tests.factories import ArticleFactory, CommentFactory
from tests.helpers import staff_member

pytestmark = pytest.mark.django_db


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def links_on_site(page_url: str, html: str) -> set[str]:
    """Every link of the page that stays on this site, as a path with its query."""
    parser = Links()
    parser.feed(html)
    found = set()
    for href in parser.hrefs:
        url = urlsplit(urljoin(f"http://testserver{page_url}", href))
        if url.netloc == "testserver" and url.scheme in ("http", "https"):
            found.add(url.path + (f"?{url.query}" if url.query else ""))
    return found


@pytest.fixture
def moderator_member(db):
    return staff_member(roles.MODERATORS, username="mona", first_name="Mona", last_name="Lisa")


@pytest.fixture
def decided_reply(moderator_member):
    article = ArticleFactory(title="Harbour reopens")
    parent = CommentFactory(article=article, approved=True)
    reply = CommentFactory(article=article, parent=parent, thread=parent, depth=2)
    moderation.approve(comments=Comment.objects.filter(pk=reply.pk), moderator=moderator_member)
    CommentVersion.objects.create(comment=reply, body="An edit to decide.", status="pending")
    return reply


def comment_pages(comment) -> list[str]:
    return [
        reverse("admin:index"),
        reverse("admin:comments_comment_change", args=[comment.pk]),
        reverse("admin:comments_comment_history", args=[comment.pk]),
    ]


def test_every_link_a_moderator_sees_on_the_comment_pages_opens(
    client, moderator_member, decided_reply
):
    client.force_login(moderator_member)
    links = set()
    for url in comment_pages(decided_reply):
        response = client.get(url)
        assert response.status_code == 200, url
        links |= links_on_site(url, response.content.decode())
    assert reverse("admin:comments_comment_changelist") in links
    assert decided_reply.article.get_absolute_url() in links
    refused = {link: client.get(link).status_code for link in sorted(links)}
    refused = {link: status for link, status in refused.items() if status in (403, 404)}
    assert refused == {}


def test_moderated_by_is_the_moderators_name_not_a_link_to_the_user_admin(
    client, moderator_member, decided_reply
):
    client.force_login(moderator_member)
    url = reverse("admin:comments_comment_change", args=[decided_reply.pk])
    page = client.get(url).content.decode()
    assert "Mona Lisa" in page
    assert "/admin/auth/user/" not in page


def test_the_article_link_on_the_change_page_leads_to_its_public_page(
    client, moderator_member, decided_reply
):
    client.force_login(moderator_member)
    url = reverse("admin:comments_comment_change", args=[decided_reply.pk])
    page = client.get(url).content.decode()
    article = decided_reply.article
    assert f'<a href="{article.get_absolute_url()}">Harbour reopens</a>' in page
    assert reverse("admin:articles_article_change", args=[article.pk]) not in page


def test_an_unpublished_articles_title_is_shown_without_a_link(client, moderator_member):
    article = ArticleFactory(title="Draft harbour", draft=True)
    comment = CommentFactory(article=article)
    client.force_login(moderator_member)
    url = reverse("admin:comments_comment_change", args=[comment.pk])
    page = client.get(url).content.decode()
    assert "Draft harbour" in page
    assert article.get_absolute_url() not in page


def test_an_editor_without_the_moderate_permission_is_refused_every_comment_page(
    editor_client, decided_reply
):
    for url in [*comment_pages(decided_reply)[1:], reverse("admin:comments_comment_changelist")]:
        assert editor_client.get(url).status_code == 403, url
