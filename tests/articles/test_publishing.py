import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory
from tests.helpers import article_form

pytestmark = pytest.mark.django_db

ADD = reverse("admin:articles_article_add")
CHANGELIST = reverse("admin:articles_article_changelist")
NOW = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_publish_now_on_the_form_dates_an_old_draft_now(editor_client):
    draft = ArticleFactory(
        draft=True, published_at=datetime.datetime(2020, 5, 1, tzinfo=datetime.UTC)
    )
    form = article_form(
        slug=draft.slug, status="published", published_at_0="2020-05-01", published_at_1="09:00"
    )
    editor_client.post(change_url(draft), form)
    draft.refresh_from_db()
    assert draft.is_published()
    assert draft.published_at == NOW


def test_publish_now_ignores_a_future_date_the_draft_carried(editor_client):
    form = article_form(status="published", published_at_0="2026-12-24", published_at_1="09:00")
    editor_client.post(ADD, form)
    article = Article.objects.get()
    assert article.is_published()
    assert article.published_at == NOW


def test_schedule_on_the_form_keeps_the_future_date(editor_client):
    form = article_form(status="schedule", published_at_0="2026-12-04", published_at_1="09:00")
    response = editor_client.post(ADD, form, follow=True)
    article = Article.objects.get()
    assert article.is_scheduled()
    assert timezone.localtime(article.published_at).day == 4
    assert "Scheduled: it will appear on 4 December at 09:00." in messages_of(response)[0]


def test_schedule_without_a_date_to_come_is_an_error_beside_the_date(editor_client):
    form = article_form(status="schedule", published_at_0="2020-01-01", published_at_1="09:00")
    response = editor_client.post(ADD, form)
    assert response.status_code == 200
    assert "To schedule the article, give a date and time to come." in response.content.decode()
    assert not Article.objects.exists()


def test_a_scheduled_article_opens_with_schedule_chosen(editor_client):
    article = ArticleFactory(scheduled=True)
    html = editor_client.get(change_url(article)).content.decode()
    assert '<option value="schedule" selected>' in html


def test_editing_a_live_article_keeps_its_publication_date(editor_client):
    article = ArticleFactory()
    published_at = article.published_at
    local = timezone.localtime(published_at)
    form = article_form(
        slug=article.slug,
        status="published",
        published_at_0=local.strftime("%Y-%m-%d"),
        published_at_1=local.strftime("%H:%M:%S"),
    )
    response = editor_client.post(change_url(article), form, follow=True)
    article.refresh_from_db()
    assert article.published_at == published_at
    url = f"http://testserver{article.get_absolute_url()}"
    assert f'Published: it is live at <a href="{url}">{url}</a>.' in messages_of(response)[0]


def test_saving_a_draft_says_readers_do_not_see_it(editor_client):
    response = editor_client.post(ADD, article_form(), follow=True)
    assert messages_of(response)[0].startswith("Saved as draft: readers don’t see it.")


def test_publish_action_publishes_now_whatever_date_drafts_carried(editor_client):
    old = ArticleFactory(
        draft=True, published_at=datetime.datetime(2020, 5, 1, tzinfo=datetime.UTC)
    )
    scheduled = ArticleFactory(scheduled=True)
    editor_client.post(
        CHANGELIST, {"action": "publish", "_selected_action": [old.pk, scheduled.pk]}
    )
    for article in (old, scheduled):
        article.refresh_from_db()
        assert article.is_published()
        assert article.published_at == NOW


def test_publish_action_leaves_live_articles_dated_as_they_were(editor_client):
    live = ArticleFactory()
    published_at = live.published_at
    editor_client.post(CHANGELIST, {"action": "publish", "_selected_action": [live.pk]})
    live.refresh_from_db()
    assert live.published_at == published_at


def test_list_and_form_say_each_state_in_words(editor_client):
    ArticleFactory(title="A draft", draft=True)
    ArticleFactory(
        title="Coming", published_at=datetime.datetime(2026, 12, 4, 9, 0, tzinfo=datetime.UTC)
    )
    ArticleFactory(title="Live one")
    gone = ArticleFactory(title="Taken down")
    editor_client.post(CHANGELIST, {"action": "unpublish", "_selected_action": [gone.pk]})
    html = editor_client.get(CHANGELIST).content.decode()
    for words in ("Draft", "Scheduled for 4 Dec 2026, 09:00", "Published", "Unpublished"):
        assert f'<td class="field-state">{words}</td>' in html
    form = editor_client.get(change_url(gone)).content.decode()
    assert '<div class="readonly">Unpublished</div>' in form


@pytest.mark.parametrize(
    ("state", "titles"),
    [
        ("draft", ["A draft"]),
        ("scheduled", ["Coming"]),
        ("published", ["Live one"]),
        ("unpublished", ["Taken down"]),
    ],
)
def test_state_filter_offers_each_state(editor_client, state, titles):
    ArticleFactory(title="A draft", draft=True)
    ArticleFactory(title="Coming", scheduled=True)
    ArticleFactory(title="Live one")
    gone = ArticleFactory(title="Taken down")
    gone.status = Article.Status.DRAFT
    gone.save()
    response = editor_client.get(CHANGELIST, {"state": state})
    assert [a.title for a in response.context["cl"].result_list] == titles


def test_an_unpublished_article_published_again_is_published(editor_client):
    article = ArticleFactory()
    article.status = Article.Status.DRAFT
    article.save()
    assert article.unpublished_at == NOW
    editor_client.post(CHANGELIST, {"action": "publish", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.is_published()
    assert article.unpublished_at is None


def test_a_draft_that_was_never_live_is_not_unpublished():
    article = ArticleFactory(draft=True)
    article.title = "Still a draft"
    article.save()
    assert article.unpublished_at is None


def test_second_article_with_a_title_gets_the_next_free_address(editor_client):
    ArticleFactory(title="Port reopens after storm", slug="port-reopens-after-storm")
    ArticleFactory(title="Port reopens after storm", slug="port-reopens-after-storm-2")
    response = editor_client.post(ADD, article_form(), follow=True)
    assert Article.objects.filter(slug="port-reopens-after-storm-3").exists()
    assert any("so this one got “port-reopens-after-storm-3”" in m for m in messages_of(response))


def test_editor_is_told_what_the_sanitizer_changed(editor_client):
    body = '<h1>Big</h1><p>A <a href="javascript:alert(1)">link</a>.</p>'
    response = editor_client.post(ADD, article_form(body=body), follow=True)
    warnings = [m for m in response.context["messages"] if m.level_tag == "warning"]
    assert [str(m) for m in warnings] == [
        "The body was cleaned when saved: 1 heading level 1 was removed (its text was kept); "
        "1 link with an unsafe address was removed (its text was kept)."
    ]


def test_editor_is_told_when_images_from_another_site_were_removed(editor_client):
    body = (
        '<p>A <img src="https://elsewhere.example/a.jpg" alt="a"></p>'
        '<figure><img src="http://elsewhere.example/b.jpg" alt="b"><figcaption>B</figcaption>'
        '</figure><figure><img src="/media/images/c.jpg" alt="c"></figure>'
    )
    response = editor_client.post(ADD, article_form(body=body), follow=True)
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert warnings == [
        "The body was cleaned when saved: 2 images from another site were removed "
        "(only images stored here can be shown)."
    ]
    assert Article.objects.get().body == (
        "<p>A </p><figure><figcaption>B</figcaption></figure>"
        '<figure><img src="/media/images/c.jpg" alt="c" loading="lazy"></figure>'
    )


def test_no_note_when_the_sanitizer_changed_nothing(editor_client):
    response = editor_client.post(ADD, article_form(), follow=True)
    assert [m for m in response.context["messages"] if m.level_tag == "warning"] == []
