import datetime
from xml.etree import ElementTree

import feedparser
import pytest
from django.urls import reverse

from articles.feeds import FEED_ARTICLES
from articles.models import Article
from tests.factories import ArticleFactory, TagFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def fetch_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


@pytest.fixture
def published(db):
    tag = TagFactory(name="Harbours")
    return ArticleFactory(
        title="Ferry returns",
        summary="Boats are back.",
        body="<p>Full <strong>story</strong> here.</p>",
        tags=[tag, TagFactory(name="Transport")],
    )


def test_rss_feed_is_rss_2_with_absolute_links(client, published):
    response, feed = fetch_feed(client, reverse("articles:feed"))
    assert response["Content-Type"].startswith("application/rss+xml")
    assert feed.version == "rss20"
    assert feed.feed.link == "http://testserver/"
    [entry] = feed.entries
    assert entry.title == "Ferry returns"
    assert entry.link == f"http://testserver{published.get_absolute_url()}"
    assert entry.id == entry.link


def test_rss_feed_has_every_element_rss_2_requires(client, published):
    response = client.get(reverse("articles:feed"))
    rss = ElementTree.fromstring(response.content)  # noqa: S314 - our own output
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    channel = rss.find("channel")
    for required in ("title", "link", "description"):
        assert channel.findtext(required)
    item = channel.find("item")
    for element in ("title", "link", "description", "guid", "pubDate"):
        assert item.findtext(element)


def test_atom_feed_is_atom_1_with_every_required_element(client, published):
    response, feed = fetch_feed(client, reverse("articles:feed-atom"))
    assert response["Content-Type"].startswith("application/atom+xml")
    assert feed.version == "atom10"
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own output
    for required in ("id", "title", "updated"):
        assert root.findtext(ATOM + required)
    assert root.find(ATOM + "link[@rel='self']").get("href") == "http://testserver/feed/atom/"
    entry = root.find(ATOM + "entry")
    for required in ("id", "title", "updated", "published", "author/" + ATOM + "name"):
        assert entry.findtext(ATOM + required)


@pytest.mark.parametrize("feed_name", ["articles:feed", "articles:feed-atom"])
def test_feed_items_carry_full_text_summary_author_dates_and_tags(client, published, feed_name):
    _, feed = fetch_feed(client, reverse(feed_name))
    [entry] = feed.entries
    assert entry.content[0].value == "<p>Full <strong>story</strong> here.</p>"
    assert entry.summary == "Boats are back."
    assert entry.author == published.author_name()
    assert sorted(tag.term for tag in entry.tags) == ["Harbours", "Transport"]
    published_at = datetime.datetime(*entry.published_parsed[:6], tzinfo=datetime.UTC)
    assert published_at == published.published_at.replace(microsecond=0)


@pytest.mark.parametrize("feed_name", ["articles:feed", "articles:feed-atom"])
def test_feed_content_is_sanitized_even_if_stored_html_is_not(client, published, feed_name):
    Article.objects.filter(pk=published.pk).update(
        body='<p onclick="steal()">Hi</p><script>alert(1)</script><a href="javascript:x">y</a>'
    )
    _, feed = fetch_feed(client, reverse(feed_name))
    content = feed.entries[0].content[0].value
    assert "script" not in content and "onclick" not in content and "javascript" not in content
    assert "Hi" in content


@pytest.mark.parametrize("feed_name", ["articles:feed", "articles:feed-atom"])
def test_feed_item_description_is_the_summary_readers_see_not_the_seo_text(client, feed_name):
    ArticleFactory(summary="Boats are back.", seo_description="Ferry news for search engines.")
    _, feed = fetch_feed(client, reverse(feed_name))
    assert feed.entries[0].summary == "Boats are back."


@pytest.mark.parametrize("feed_name", ["articles:feed", "articles:feed-atom"])
def test_drafts_and_scheduled_articles_are_not_in_feeds(client, published, feed_name):
    ArticleFactory(title="Secret draft", draft=True)
    ArticleFactory(title="Tomorrow's news", scheduled=True)
    _, feed = fetch_feed(client, reverse(feed_name))
    assert [entry.title for entry in feed.entries] == ["Ferry returns"]


def test_feed_lists_the_newest_articles_first_up_to_its_size(client):
    now = datetime.datetime.now(tz=datetime.UTC)
    for days in range(FEED_ARTICLES + 2):
        ArticleFactory(title=f"Day {days}", published_at=now - datetime.timedelta(days=days))
    _, feed = fetch_feed(client, reverse("articles:feed"))
    titles = [entry.title for entry in feed.entries]
    assert titles == [f"Day {days}" for days in range(FEED_ARTICLES)]


def test_tag_feed_has_only_that_tags_published_articles(client, published):
    harbours = published.tags.get(name="Harbours")
    ArticleFactory(title="Other news")
    ArticleFactory(title="Harbour draft", tags=[harbours], draft=True)
    _, feed = fetch_feed(client, reverse("articles:tag-feed", args=[harbours.slug]))
    assert feed.version == "rss20"
    assert "Harbours" in feed.feed.title
    assert feed.feed.link == f"http://testserver{harbours.get_absolute_url()}"
    assert [entry.title for entry in feed.entries] == ["Ferry returns"]


def test_feed_of_a_tag_only_drafts_use_is_not_found(client):
    tag = TagFactory(name="Embargoed")
    ArticleFactory(tags=[tag], draft=True)
    ArticleFactory(tags=[tag], scheduled=True)
    assert client.get(reverse("articles:tag-feed", args=[tag.slug])).status_code == 404


def test_feed_of_an_empty_site_is_still_valid(client):
    _, feed = fetch_feed(client, reverse("articles:feed-atom"))
    assert feed.entries == []


def test_footer_links_to_the_feeds(client):
    page = client.get(reverse("articles:index")).content.decode()
    assert f'href="{reverse("articles:feed")}"' in page
    assert f'href="{reverse("articles:feed-atom")}"' in page
