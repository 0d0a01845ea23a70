"""The unpublish time in the admin: its words in the list and form, its filters, its checks."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from articles import revisions
from articles.models import Article
from tests.factories import ArticleFactory
from tests.helpers import article_form

pytestmark = pytest.mark.django_db

ADD = reverse("admin:articles_article_add")
CHANGELIST = reverse("admin:articles_article_changelist")
NOW = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.UTC)
EXPIRES = datetime.datetime(2026, 12, 4, 9, 0, tzinfo=datetime.UTC)
ERROR = "The unpublish time must be after the publication date."


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def expired(**fields):
    """An article that came down a day ago, after three days up."""
    defaults = {
        "published_at": NOW - datetime.timedelta(days=3),
        "expires_at": NOW - datetime.timedelta(days=1),
    }
    return ArticleFactory(**defaults | fields)


def test_list_and_form_say_when_an_article_unpublishes(editor_client):
    live = ArticleFactory(title="Live until Friday", expires_at=EXPIRES)
    ArticleFactory(
        title="Coming and going",
        published_at=datetime.datetime(2026, 12, 2, 9, 0, tzinfo=datetime.UTC),
        expires_at=EXPIRES,
    )
    expired(
        title="Come down", expires_at=datetime.datetime(2026, 11, 30, 18, 0, tzinfo=datetime.UTC)
    )
    html = editor_client.get(CHANGELIST).content.decode()
    for words in (
        "Published · unpublishes on 4 Dec 2026, 09:00",
        "Scheduled for 2 Dec 2026, 09:00 · unpublishes on 4 Dec 2026, 09:00",
        "Expired on 30 Nov 2026, 18:00",
    ):
        assert f'<td class="field-state">{words}</td>' in html
    form = editor_client.get(change_url(live)).content.decode()
    assert '<div class="readonly">Published · unpublishes on 4 Dec 2026, 09:00</div>' in form


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ({"unpublishes": "soon"}, ["Down on Friday"]),
        ({"unpublishes": "later"}, ["Down next month"]),
        ({"unpublishes": "expired"}, ["Come down"]),
        ({"state": "expired"}, ["Come down"]),
        ({"state": "published"}, ["Down next month", "Down on Friday", "Stays up"]),
    ],
)
def test_filters_find_articles_by_their_unpublish_time(editor_client, query, titles):
    ArticleFactory(title="Down on Friday", expires_at=EXPIRES)
    ArticleFactory(title="Down next month", expires_at=EXPIRES + datetime.timedelta(days=30))
    ArticleFactory(title="Stays up")
    expired(title="Come down")
    response = editor_client.get(CHANGELIST, query)
    assert sorted(a.title for a in response.context["cl"].result_list) == titles


def test_the_filters_are_offered_in_the_list(editor_client):
    html = editor_client.get(CHANGELIST).content.decode()
    for words in ("Unpublishes soon (within 7 days)", "Unpublishes later", "Expired"):
        assert words in html


def test_an_unpublish_time_before_publication_is_an_error_beside_it(editor_client):
    form = article_form(
        status="schedule",
        published_at_0="2026-12-04",
        published_at_1="09:00",
        expires_at_0="2026-12-03",
        expires_at_1="09:00",
    )
    response = editor_client.post(ADD, form)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["expires_at"] == [ERROR]
    assert response.context["adminform"].form.data["title"] == "Port reopens after storm"
    assert not Article.objects.exists()


def test_a_refused_unpublish_time_leaves_the_state_of_the_saved_article(editor_client):
    article = ArticleFactory(title="Live", published_at=NOW - datetime.timedelta(hours=1))
    published_at = NOW - datetime.timedelta(hours=1)
    form = article_form(
        title="Live",
        slug=article.slug,
        status="published",
        published_at_0=published_at.strftime("%Y-%m-%d"),
        published_at_1=published_at.strftime("%H:%M:%S"),
        expires_at_0="2001-01-01",
        expires_at_1="09:00",
    )
    response = editor_client.post(change_url(article), form)
    assert response.context["adminform"].form.errors["expires_at"] == [ERROR]
    page = response.content.decode()
    assert "Expired on" not in page
    assert '<div class="readonly">Published</div>' in page


def test_publishing_now_an_article_whose_unpublish_time_passed_is_an_error(editor_client):
    form = article_form(status="published", expires_at_0="2026-11-30", expires_at_1="09:00")
    response = editor_client.post(ADD, form)
    assert response.context["adminform"].form.errors["expires_at"] == [ERROR]
    assert not Article.objects.exists()


def test_saving_with_an_unpublish_time_says_when_it_comes_down(editor_client):
    form = article_form(status="published", expires_at_0="2026-12-04", expires_at_1="09:00")
    response = editor_client.post(ADD, form, follow=True)
    article = Article.objects.get()
    assert article.expires_at == EXPIRES
    assert "It unpublishes on 4 December at 09:00." in messages_of(response)[0]


def test_saving_an_expired_article_as_it_is_keeps_it_expired_and_dated(editor_client):
    article = expired(title="Come down")
    published_at, expires_at = article.published_at, article.expires_at
    form = article_form(
        title="Come down, typo fixed",
        slug=article.slug,
        status="published",
        published_at_0="2026-11-28",
        published_at_1="12:00",
        expires_at_0="2026-11-30",
        expires_at_1="12:00",
    )
    response = editor_client.post(change_url(article), form, follow=True)
    article.refresh_from_db()
    assert (article.title, article.published_at, article.expires_at) == (
        "Come down, typo fixed",
        published_at,
        expires_at,
    )
    assert "Expired: its unpublish time has passed" in messages_of(response)[0]


def test_the_status_of_an_expired_article_says_so(editor_client):
    html = editor_client.get(change_url(expired())).content.decode()
    assert '<option value="published" selected>Published (expired)</option>' in html


def test_publish_action_puts_an_expired_article_back_up(editor_client):
    article = expired()
    editor_client.post(CHANGELIST, {"action": "publish", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.is_published()
    assert (article.published_at, article.expires_at) == (NOW, None)


def test_an_expired_article_moved_back_to_draft_is_unpublished(editor_client):
    article = expired()
    editor_client.post(CHANGELIST, {"action": "unpublish", "_selected_action": [article.pk]})
    html = editor_client.get(CHANGELIST).content.decode()
    assert '<td class="field-state">Unpublished</td>' in html


def test_revisions_compare_the_unpublish_time(editor_client):
    editor_client.post(ADD, article_form(status="published"))
    article = Article.objects.get()
    later = {"expires_at_0": "2026-12-04", "expires_at_1": "09:00", "slug": article.slug}
    editor_client.post(change_url(article), article_form(status="published", **later))
    newest, oldest = revisions.versions_of(article)
    url = reverse("admin:articles_article_revision_compare", args=[article.pk])
    html = editor_client.get(f"{url}?from={oldest.pk}&to={newest.pk}").content.decode()
    assert "Unpublish at" in html and "4 Dec 2026, 09:00" in html
