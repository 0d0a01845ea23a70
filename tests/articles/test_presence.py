"""Two people on one article: the second sees who is editing since when, and may take over."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import presence
from core import roles
from tests.factories import ArticleFactory
from tests.helpers import article_form, staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(db):
    return ArticleFactory(title="Harbour reopens")


@pytest.fixture
def edna(db):
    client = Client()
    client.force_login(
        staff_member(roles.EDITORS, username="edna", first_name="Edna", last_name="K")
    )
    return client


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def check_in(client, article):
    return client.post(reverse("admin:articles_article_check_in", args=[article.pk]))


def test_the_second_editor_sees_who_has_been_editing_since_when(editor_client, edna, article):
    edna.get(change_url(article))
    since = timezone.localtime().strftime("%H:%M")
    html = editor_client.get(change_url(article)).content.decode()
    assert f"Edna K has been editing since {since}." in html
    assert ">Take over</button>" in html


def test_the_editor_is_not_told_about_themself(editor_client, article):
    editor_client.get(change_url(article))
    html = editor_client.get(change_url(article)).content.decode()
    assert "has been editing since" not in html
    assert check_in(editor_client, article).json() == {"editing": True}


def test_the_second_editor_becomes_the_editor_once_the_first_is_gone(editor_client, edna, article):
    edna.get(change_url(article))
    assert check_in(editor_client, article).json()["editing"] is False
    presence.cache.delete(presence._key(article.pk))  # Edna stopped checking in
    assert check_in(editor_client, article).json() == {"editing": True}


def test_taking_over_makes_me_the_editor_and_tells_the_first(editor_client, edna, article):
    edna.get(change_url(article))
    response = editor_client.post(reverse("admin:articles_article_take_over", args=[article.pk]))
    assert response.status_code == 302
    assert response.url == change_url(article)
    assert check_in(editor_client, article).json() == {"editing": True}
    answer = check_in(edna, article).json()
    assert answer["editing"] is False
    assert answer["message"].startswith("Ada Writer")
    assert "has been editing since" in answer["message"]


def test_saving_frees_the_article(editor_client, edna, article):
    editor_client.get(change_url(article))
    form = article_form(title=article.title, slug=article.slug)
    assert editor_client.post(change_url(article), form).status_code == 302
    assert check_in(edna, article).json() == {"editing": True}


def test_check_in_and_take_over_are_posts_for_editors_only(moderator_client, editor, article):
    take_over = reverse("admin:articles_article_take_over", args=[article.pk])
    assert check_in(moderator_client, article).status_code == 403
    assert moderator_client.post(take_over).status_code == 403
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(take_over).status_code == 403
    assert client.get(take_over).status_code == 405
    assert presence.current(article.pk) is None
