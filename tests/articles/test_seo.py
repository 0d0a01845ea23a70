import json
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from articles.models import Article
from tests.factories import ArticleFactory, TagFactory, UserFactory
from tests.helpers import article_form

pytestmark = pytest.mark.django_db


class HeadParser(HTMLParser):
    """Collects what search engines and link previews read from a page's <head>."""

    def __init__(self):
        super().__init__()
        self.meta, self.links, self.scripts = {}, [], []
        self.title, self._in = "", None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta.setdefault(key, []).append(attrs.get("content"))
        elif tag == "link":
            self.links.append(attrs)
        elif tag in ("title", "script"):
            self._in = (tag, attrs)
            if tag == "script":
                self.scripts.append([attrs.get("type"), ""])

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in and self._in[0] == "title":
            self.title += data
        elif self._in and self._in[0] == "script":
            self.scripts[-1][1] += data

    def one(self, key):
        [value] = self.meta[key]
        return value

    def link(self, rel, **attrs):
        return [
            link["href"]
            for link in self.links
            if link.get("rel") == rel and all(link.get(k) == v for k, v in attrs.items())
        ]

    def json_ld(self):
        [data] = [json.loads(text) for kind, text in self.scripts if kind == "application/ld+json"]
        return data


def head(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    parser = HeadParser()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def article(db):
    return ArticleFactory(
        title="Ferry returns",
        summary="Boats are back on the lagoon.",
        author=UserFactory(username="ada", first_name="Ada", last_name="Lovelace"),
        tags=[TagFactory(name="Harbours")],
    )


@pytest.fixture
def pages(article):
    tag = article.tags.get()
    return {
        "index": reverse("articles:index"),
        "article": article.get_absolute_url(),
        "tag": tag.get_absolute_url(),
        "archive": reverse("articles:archive"),
        "author": reverse("articles:author", args=["ada"]),
    }


@pytest.mark.parametrize("page", ["index", "article", "tag", "archive", "author"])
def test_every_page_has_social_cards_canonical_url_and_feeds(client, pages, page):
    parsed = head(client, pages[page])
    url = f"http://testserver{pages[page]}"
    assert parsed.link("canonical") == [url]
    assert parsed.one("og:url") == url
    for key in ("og:title", "og:description", "og:site_name", "twitter:title"):
        assert parsed.one(key)
    assert parsed.one("twitter:card") == "summary"
    assert parsed.one("description")
    assert parsed.link("alternate", type="application/rss+xml")[0] == "http://testserver/feed/"
    assert parsed.link("alternate", type="application/atom+xml") == ["http://testserver/feed/atom/"]


def test_index_describes_the_site(client, pages, settings):
    parsed = head(client, pages["index"])
    assert parsed.title == settings.SITE_NAME
    assert parsed.one("og:title") == settings.SITE_NAME
    assert parsed.one("og:type") == "website"


def test_article_page_uses_title_and_summary_by_default(client, article):
    parsed = head(client, article.get_absolute_url())
    assert parsed.title.startswith("Ferry returns · ")
    assert parsed.one("og:title") == parsed.one("twitter:title") == "Ferry returns"
    assert parsed.one("description") == parsed.one("og:description") == article.summary
    assert parsed.one("og:type") == "article"
    assert parsed.one("article:tag") == "Harbours"


def test_article_without_summary_is_described_by_its_opening_words(client):
    article = ArticleFactory(summary="", body="<p>The <em>ferry</em> is back.</p>")
    assert head(client, article.get_absolute_url()).one("og:description") == "The ferry is back."


def test_long_summary_is_cut_at_a_word_near_what_search_engines_show(client):
    summary = "The harbour authority said on Monday that the ferry would return " * 5
    article = ArticleFactory(summary=summary.strip())
    description = head(client, article.get_absolute_url()).one("description")
    assert 140 <= len(description) <= 155
    assert description.endswith("…")
    assert summary.startswith(description.removesuffix("…"))
    assert summary[len(description) - 1] == " "  # the cut is between two words


def test_editors_seo_title_and_description_replace_the_defaults(client, article):
    article.seo_title = "Ferry back after storm | Lagoon news"
    article.seo_description = "Service resumes on all routes."
    article.save()
    parsed = head(client, article.get_absolute_url())
    assert parsed.title.startswith("Ferry back after storm | Lagoon news · ")
    assert parsed.one("og:title") == "Ferry back after storm | Lagoon news"
    assert parsed.one("description") == parsed.one("twitter:description")
    assert parsed.one("description") == "Service resumes on all routes."
    assert parsed.json_ld()["headline"] == "Ferry returns"


def test_tag_page_announces_its_own_feed(client, article):
    tag = article.tags.get()
    parsed = head(client, tag.get_absolute_url())
    assert parsed.one("og:title") == "Articles tagged “Harbours”"
    feeds = parsed.link("alternate", type="application/rss+xml")
    assert f"http://testserver{reverse('articles:tag-feed', args=[tag.slug])}" in feeds


def test_second_page_of_a_list_is_its_own_canonical_page(client, settings):
    ArticleFactory.create_batch(settings.ARTICLES_PER_PAGE + 1)
    parsed = head(client, reverse("articles:index"), page=2, utm_source="x")
    assert parsed.link("canonical") == ["http://testserver/?page=2"]


def test_article_json_ld_is_a_news_article_with_the_required_fields(client, article):
    data = head(client, article.get_absolute_url()).json_ld()
    url = f"http://testserver{article.get_absolute_url()}"
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Ferry returns"
    assert data["mainEntityOfPage"] == url
    assert data["datePublished"].startswith(article.published_at.strftime("%Y-%m-%dT%H:%M:%S"))
    assert data["dateModified"] >= data["datePublished"]
    assert data["author"] == [
        {"@type": "Person", "name": "Ada Lovelace", "url": "http://testserver/authors/ada/"}
    ]
    assert data["publisher"]["@type"] == "Organization"
    assert data["publisher"]["name"]
    assert data["keywords"] == ["Harbours"]
    assert "image" not in data


def test_json_ld_cannot_be_broken_out_of(client):
    hostile = '</script><script>alert("x")</script><!--'
    article = ArticleFactory(title=hostile, summary=hostile)
    response = client.get(article.get_absolute_url())
    page = response.content.decode()
    assert "<script>alert" not in page
    parser = HeadParser()
    parser.feed(page)
    assert parser.json_ld()["headline"] == hostile


def test_featured_image_becomes_the_social_card(client):
    article = ArticleFactory(with_image=True)
    parsed = head(client, article.get_absolute_url())
    image = f"http://testserver{article.social_image_url()}"
    assert parsed.one("og:image") == parsed.one("twitter:image") == image
    assert parsed.one("twitter:card") == "summary_large_image"
    assert parsed.json_ld()["image"] == [image]


def test_article_without_image_has_no_image_tags(client, article):
    parsed = head(client, article.get_absolute_url())
    assert "og:image" not in parsed.meta and "twitter:image" not in parsed.meta
    assert parsed.one("twitter:card") == "summary"


def test_draft_preview_is_not_indexed_and_names_no_canonical_url(editor_client):
    draft = ArticleFactory(draft=True)
    parsed = head(editor_client, draft.get_absolute_url())
    assert parsed.one("robots") == "noindex, nofollow"
    assert parsed.link("canonical") == []
    assert "datePublished" not in parsed.json_ld()


def test_missing_page_names_no_canonical_url(client):
    response = client.get("/articles/no-such-article/")
    assert response.status_code == 404
    parser = HeadParser()
    parser.feed(response.content.decode())
    assert parser.link("canonical") == []
    assert parser.one("robots") == "noindex, nofollow"


def test_editor_sets_seo_title_and_description_in_the_admin(editor_client, client):
    form = article_form(
        status="published", seo_title="Port open again", seo_description="Ships move again."
    )
    response = editor_client.post(reverse("admin:articles_article_add"), form)
    assert response.status_code == 302
    article = Article.objects.get(slug=form["slug"])
    parsed = head(client, article.get_absolute_url())
    assert parsed.one("og:title") == "Port open again"
    assert parsed.one("og:description") == "Ships move again."
