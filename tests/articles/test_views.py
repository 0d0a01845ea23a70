import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.factories import ArticleFactory, TagFactory

pytestmark = pytest.mark.django_db


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_index_lists_newest_published_first_with_details(client):
    tag = TagFactory(name="Harbours")
    older = ArticleFactory(
        title="Older news", published_at=timezone.now() - datetime.timedelta(days=2), tags=[tag]
    )
    newer = ArticleFactory(title="Newer news", summary="Ships are back.")
    html = page(client, reverse("articles:index"))
    assert html.index(newer.title) < html.index(older.title)
    assert "Ships are back." in html
    assert 'href="/tags/harbours/"' in html
    assert newer.author.get_full_name() in html
    assert "Read more" in html
    # Whole seconds: HTML's datetime syntax allows no more than three fraction digits.
    published = timezone.localtime(newer.published_at).strftime("%Y-%m-%dT%H:%M:%S%z")
    assert f'datetime="{published}"' in html


def test_draft_and_scheduled_articles_are_not_on_index(client):
    ArticleFactory(title="Secret draft", draft=True)
    ArticleFactory(title="Tomorrow's story", scheduled=True)
    html = page(client, reverse("articles:index"))
    assert "Secret draft" not in html
    assert "Tomorrow" not in html
    assert "Nothing has been published yet." in html


def test_index_pages_ten_articles_at_a_time(client):
    ArticleFactory.create_batch(11)
    assert page(client, reverse("articles:index")).count('class="summary"') == 10
    assert page(client, reverse("articles:index") + "?page=2").count('class="summary"') == 1


@pytest.mark.parametrize("number", ["3", "0", "abc", "99999999999999999999"])
def test_unknown_page_number_is_404(client, number):
    ArticleFactory.create_batch(11)
    assert client.get(reverse("articles:index"), {"page": number}).status_code == 404


def test_article_page_shows_title_body_tags_and_back_link(client):
    tag = TagFactory(name="Diplomacy")
    article = ArticleFactory(title="Talks", body="<p>One.</p><p>Two.</p>", tags=[tag])
    html = page(client, article.get_absolute_url())
    assert '<h1 class="article__title">Talks</h1>' in html
    assert "<p>One.</p><p>Two.</p>" in html
    assert 'href="/tags/diplomacy/"' in html
    assert "← Back to blog" in html
    assert "Updated" not in html


def test_article_page_says_updated_when_edited_later(client):
    article = ArticleFactory()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        article.save()
        assert "Updated" in page(client, article.get_absolute_url())


@pytest.mark.parametrize(
    "url",
    [
        lambda article: reverse("articles:archive"),
        lambda article: reverse(
            "articles:archive-year", kwargs={"year": article.published_at.year}
        ),
        lambda article: reverse(
            "articles:archive-month",
            kwargs={"year": article.published_at.year, "month": article.published_at.month},
        ),
        lambda article: reverse("articles:author", kwargs={"username": article.author.username}),
    ],
)
def test_archive_and_author_pages_lead_back_to_the_blog(client, url):
    article = ArticleFactory()
    page = client.get(url(article)).content.decode()
    assert f'<a href="{reverse("articles:index")}">← Back to blog</a>' in page


def test_search_page_has_one_search_box(client):
    ArticleFactory(title="Ferry returns")
    page = client.get(reverse("articles:search"), {"q": "ferry"}).content.decode()
    assert page.count('type="search"') == 1
    assert 'value="ferry"' in page
    assert client.get(reverse("articles:index")).content.decode().count('type="search"') == 1


@pytest.mark.parametrize("kind", ["draft", "scheduled"])
def test_unpublished_article_is_404_for_readers(client, kind):
    article = ArticleFactory(**{kind: True})
    assert client.get(article.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("kind", ["draft", "scheduled"])
def test_editor_previews_unpublished_article_uncached_and_noindex(editor_client, kind):
    article = ArticleFactory(title="Work in progress", **{kind: True})
    response = editor_client.get(article.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Preview:" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_staff_without_edit_permission_cannot_preview(client, django_user_model):
    user = django_user_model.objects.create_user("viewer", is_staff=True)
    client.force_login(user)
    assert client.get(ArticleFactory(draft=True).get_absolute_url()).status_code == 404


def test_published_article_is_not_marked_as_preview_for_editors(editor_client):
    article = ArticleFactory()
    response = editor_client.get(article.get_absolute_url())
    assert "Preview:" not in response.content.decode()
    assert "X-Robots-Tag" not in response


def test_tag_page_lists_only_its_published_articles(client):
    tag = TagFactory(name="Harbours")
    ArticleFactory(title="Tagged one", tags=[tag])
    ArticleFactory(title="Tagged draft", tags=[tag], draft=True)
    ArticleFactory(title="Untagged one")
    html = page(client, tag.get_absolute_url())
    assert "Tagged one" in html
    assert "Tagged draft" not in html
    assert "Untagged one" not in html
    assert "Tagged “Harbours”" in html


def test_tag_used_only_by_drafts_is_404(client):
    tag = TagFactory(name="Embargoed")
    ArticleFactory(tags=[tag], draft=True)
    ArticleFactory(tags=[tag], scheduled=True)
    assert client.get(tag.get_absolute_url()).status_code == 404


def test_unknown_article_gets_the_sites_404_page(client):
    response = client.get("/articles/no-such-thing/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Back to blog" in response.content.decode()


def test_scheduled_article_appears_on_index_once_its_time_has_passed(client):
    when = timezone.now() + datetime.timedelta(hours=2)
    ArticleFactory(title="Embargoed story", published_at=when)
    assert "Embargoed story" not in page(client, reverse("articles:index"))
    with time_machine.travel(when + datetime.timedelta(seconds=1)):
        assert "Embargoed story" in page(client, reverse("articles:index"))


@pytest.mark.usefixtures("page_cache_off")
@pytest.mark.parametrize("count", [1, 30])
def test_index_query_count_does_not_grow_with_articles(client, django_assert_num_queries, count):
    tags = TagFactory.create_batch(5)
    ArticleFactory.create_batch(count, tags=tags)
    with django_assert_num_queries(4):  # count, articles with authors, their tags, menu pages
        client.get(reverse("articles:index"))


@pytest.mark.usefixtures("page_cache_off")
@pytest.mark.parametrize("count", [1, 30])
def test_tag_page_query_count_does_not_grow(client, django_assert_num_queries, count):
    tags = TagFactory.create_batch(5)
    ArticleFactory.create_batch(count, tags=tags)
    with django_assert_num_queries(5):  # tag, count, articles, their tags, menu pages
        client.get(tags[0].get_absolute_url())


def test_favicon_is_served_for_pages_without_an_icon_link(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")


def test_server_error_shows_the_sites_500_page_without_details(client, monkeypatch):
    def broken(self):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("articles.views.ArticleListView.get_queryset", broken)
    client.raise_request_exception = False
    response = client.get(reverse("articles:index"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert "secret internals" not in html
