import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.search import MAX_QUERY_LENGTH, fallback_search
from tests.factories import ArticleFactory, TagFactory
from tests.helpers import article_form

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text search"
)


def search_page(client, query, **params):
    return client.get(reverse("articles:search"), {"q": query, **params})


def result_titles(response):
    return [article.title for article in response.context["page_obj"]]


def test_finds_demo_article_by_a_word_of_its_text(client, demo_article):
    assert result_titles(search_page(client, "Vladivostok")) == [demo_article.title]


@pytest.mark.parametrize("tag_name", ["Diplomacy", "North Korea"])
def test_finds_demo_article_by_a_tag_name(client, demo_article, tag_name):
    assert demo_article.title in result_titles(search_page(client, tag_name))


def test_finds_an_article_by_a_tag_its_text_never_mentions(client):
    ArticleFactory(title="Quayside reopens", tags=[TagFactory(name="Harbours")])
    assert result_titles(search_page(client, "harbours")) == ["Quayside reopens"]


def test_finds_an_article_by_its_summary(client):
    ArticleFactory(title="Morning briefing", summary="Ferries return to the lagoon.")
    assert result_titles(search_page(client, "lagoon")) == ["Morning briefing"]


@pytest.mark.parametrize("hidden", [{"draft": True}, {"scheduled": True}])
def test_unpublished_articles_are_never_found(client, hidden):
    ArticleFactory(title="Vladivostok summit", tags=[TagFactory(name="Summits")], **hidden)
    assert result_titles(search_page(client, "Vladivostok")) == []
    assert result_titles(search_page(client, "summits")) == []


def test_query_is_kept_in_the_search_box(client):
    page = search_page(client, 'ferry "timetable"').content.decode()
    assert 'name="q" value="ferry &quot;timetable&quot;"' in page


def test_results_say_how_many_articles_match(client):
    ArticleFactory.create_batch(2, title="Ferry news")
    assert "2 articles match “ferry”." in search_page(client, "ferry").content.decode()


def test_no_match_suggests_what_to_do_next(client):
    ArticleFactory(title="Ferry news")
    page = search_page(client, "zeppelin").content.decode()
    assert "No articles match “zeppelin”" in page
    assert f'href="{reverse("articles:archive")}"' in page


def test_empty_search_invites_a_query_and_runs_none(client, django_assert_num_queries):
    ArticleFactory(title="Ferry news")
    with django_assert_num_queries(1):  # the pages linked from the header and footer
        response = search_page(client, "   ")
    assert "Type a word or two" in response.content.decode()
    assert result_titles(response) == []


@pytest.mark.parametrize("query", ["!!!", "&&& | !", "'\"--;", "():*<>", "-"])
def test_query_of_only_punctuation_explains_itself(client, query):
    ArticleFactory(title="Ferry news")
    response = search_page(client, query)
    assert response.status_code == 200
    assert "A search needs at least one word or number" in response.content.decode()


@pytest.mark.parametrize(
    "query", ["ferry & | ! ( ) : *", "ferry -", "ferry OR", '"ferry', "ferry:*", "ferry\x00news"]
)
def test_search_syntax_characters_do_not_break_search(client, query):
    ArticleFactory(title="Ferry news")
    response = search_page(client, query)
    assert response.status_code == 200


def test_a_thousand_character_word_is_shortened_and_searched(client):
    ArticleFactory(title="Ferry news")
    response = search_page(client, "x" * 1000)
    assert response.status_code == 200
    assert response.context["query"] == "x" * MAX_QUERY_LENGTH
    assert "only its beginning was used" in response.content.decode()


def test_a_thousand_character_query_is_cut_between_words_and_still_finds(client):
    ArticleFactory(title="Ferry news")
    response = search_page(client, ("ferry " * 200)[:1000])
    assert response.status_code == 200
    assert response.context["query"].endswith(" ferry")
    assert result_titles(response) == ["Ferry news"]


def test_every_word_must_match(client):
    ArticleFactory(title="Ferry timetable changes")
    ArticleFactory(title="Ferry strike")
    assert result_titles(search_page(client, "ferry timetable")) == ["Ferry timetable changes"]


def test_title_match_ranks_above_body_only_match(client):
    ArticleFactory(title="Market report", body="<p>The ferry was late again.</p>")
    ArticleFactory(title="Ferry services resume", body="<p>Boats are back.</p>")
    assert result_titles(search_page(client, "ferry")) == ["Ferry services resume", "Market report"]


def test_results_are_paginated_and_pages_keep_the_query(client, settings):
    ArticleFactory.create_batch(settings.ARTICLES_PER_PAGE + 2, title="Ferry news")
    first = search_page(client, "ferry")
    assert first.context["paginator"].count == settings.ARTICLES_PER_PAGE + 2
    assert "?q=ferry&amp;page=2" in first.content.decode()
    second = search_page(client, "ferry", page=2)
    assert len(result_titles(second)) == 2


def test_search_page_is_kept_out_of_search_engines(client):
    assert '<meta name="robots" content="noindex' in search_page(client, "x").content.decode()


def test_header_has_a_search_box(client):
    page = client.get(reverse("articles:index")).content.decode()
    assert f'action="{reverse("articles:search")}"' in page
    assert 'type="search"' in page


@postgres_only
def test_postgres_ranks_title_above_summary_above_body(client):
    ArticleFactory(title="Weather", summary="Calm seas.", body="<p>A storm passed.</p>")
    ArticleFactory(title="Storm warning", summary="Calm seas.", body="<p>Wind.</p>")
    ArticleFactory(title="Harbour", summary="A storm is coming.", body="<p>Wind.</p>")
    assert result_titles(search_page(client, "storm")) == ["Storm warning", "Harbour", "Weather"]


@postgres_only
def test_postgres_matches_word_forms(client):
    ArticleFactory(title="Leader receives invitation")
    assert result_titles(search_page(client, "invitations")) == ["Leader receives invitation"]


@postgres_only
def test_postgres_supports_quoted_phrases_and_exclusion(client):
    ArticleFactory(title="North Korea and Russia")
    ArticleFactory(title="Korea north of the river")
    assert result_titles(search_page(client, '"north korea"')) == ["North Korea and Russia"]
    assert result_titles(search_page(client, "korea -russia")) == ["Korea north of the river"]


def test_fallback_search_ranks_and_filters_on_any_database():
    ArticleFactory(title="Market report", body="<p>The ferry was late.</p>")
    ArticleFactory(title="Ferry services resume")
    ArticleFactory(title="Nothing here")
    found = fallback_search(Article.objects.published(), "ferry")
    assert [article.title for article in found] == ["Ferry services resume", "Market report"]


def test_finds_an_article_by_a_tag_added_after_it_was_saved(client):
    article = ArticleFactory(title="Quayside reopens")
    article.tags.add(TagFactory(name="Harbours"))
    assert result_titles(search_page(client, "harbours")) == ["Quayside reopens"]


def test_a_removed_tag_no_longer_finds_the_article(client):
    tag = TagFactory(name="Harbours")
    article = ArticleFactory(title="Quayside reopens", tags=[tag])
    article.tags.remove(tag)
    assert result_titles(search_page(client, "harbours")) == []


def test_a_renamed_tag_finds_its_articles_by_the_new_name_only(client):
    tag = TagFactory(name="Harbours")
    ArticleFactory(title="Quayside reopens", tags=[tag])
    tag.name = "Ports"
    tag.save()
    assert result_titles(search_page(client, "ports")) == ["Quayside reopens"]
    assert result_titles(search_page(client, "harbours")) == []


def test_an_edited_article_is_found_by_its_new_words_only(client):
    article = ArticleFactory(title="Ferry news", body="<p>Storm.</p>")
    article.title, article.body = "Harbour news", "<p>Calm.</p>"
    article.save()
    assert result_titles(search_page(client, "harbour calm")) == ["Harbour news"]
    assert result_titles(search_page(client, "ferry")) == []
    assert result_titles(search_page(client, "storm")) == []


def test_bulk_changes_are_searchable_too(client):
    ArticleFactory(title="Ferry news")
    Article.objects.update(title="Harbour news")
    assert result_titles(search_page(client, "harbour")) == ["Harbour news"]


def test_an_article_edited_in_the_admin_is_found_by_its_new_title(editor_client, client):
    article = ArticleFactory(title="Ferry news", tags=[TagFactory(name="Harbours")])
    url = reverse("admin:articles_article_change", args=[article.pk])
    form = article_form(
        title="Lighthouse restored",
        slug=article.slug,
        status="published",
        tags=[tag.pk for tag in article.tags.all()],
        published_at_0=article.published_at.strftime("%Y-%m-%d"),
        published_at_1=article.published_at.strftime("%H:%M:%S"),
    )
    assert editor_client.post(url, form).status_code == 302
    assert result_titles(search_page(client, "lighthouse")) == ["Lighthouse restored"]
    assert result_titles(search_page(client, "harbours")) == ["Lighthouse restored"]
    assert result_titles(search_page(client, "ferry")) == []


sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 index")


@sqlite_only
@pytest.mark.parametrize(
    "query",
    ["ferry NEAR(news)", "ferry AND news", "OR ferry", '"ferry" news*', "ferry -news", "^ferry:"],
)
def test_search_syntax_typed_by_a_reader_is_searched_as_words(client, query):
    ArticleFactory(title="Ferry news: near and or far")
    ArticleFactory(title="Harbour news")
    assert result_titles(search_page(client, query)) == ["Ferry news: near and or far"]


def test_ranks_title_above_summary_above_body(client):
    ArticleFactory(title="Weather", summary="Calm seas.", body="<p>A storm passed.</p>")
    ArticleFactory(title="Storm warning", summary="Calm seas.", body="<p>Wind.</p>")
    ArticleFactory(title="Harbour", summary="A storm is coming.", body="<p>Wind.</p>")
    assert result_titles(search_page(client, "storm")) == ["Storm warning", "Harbour", "Weather"]


def test_a_deleted_article_leaves_the_results(client):
    ArticleFactory(title="Ferry news")
    ArticleFactory(title="Ferry strike").delete()
    assert result_titles(search_page(client, "ferry")) == ["Ferry news"]


def test_a_draft_published_later_is_found_then(client):
    article = ArticleFactory(title="Ferry news", draft=True)
    assert result_titles(search_page(client, "ferry")) == []
    article.status, article.published_at = Article.Status.PUBLISHED, timezone.now()
    article.save()
    assert result_titles(search_page(client, "ferry")) == ["Ferry news"]


@sqlite_only
def test_sqlite_matches_word_forms(client):
    ArticleFactory(title="Leader receives invitation")
    assert result_titles(search_page(client, "invitations")) == ["Leader receives invitation"]
