"""A moved blog's old links keep working: each old address answers 301 with the new one."""

import pytest

from articles.models import Article, Tag
from pages.models import Page
from tests.transfer.exports import author, export, item, write
from transfer.wordpress import import_wordpress

pytestmark = pytest.mark.django_db


@pytest.fixture
def moved(tmp_path):
    entries = [
        author("jane"),
        item(
            123, slug="hello-world", date="2014-05-04 12:30:00", categories=["news"], tags=["boats"]
        ),
        item(124, slug="short-link", link="https://old.example.com/short-link/"),
        item(7, post_type="page", slug="about", link="https://old.example.com/about/"),
    ]
    import_wordpress(write(tmp_path, export(*entries)))
    return Article.objects.get(slug="hello-world")


def redirects(client, old, new):
    response = client.get(old)
    assert (response.status_code, response["Location"]) == (301, new)


@pytest.mark.parametrize(
    "old",
    ["/?p=123", "/2014/05/04/hello-world/", "/2014/05/hello-world/"],
)
def test_old_post_addresses_redirect_to_the_article(client, moved, old):
    redirects(client, old, moved.get_absolute_url())


def test_a_permalink_of_any_other_shape_redirects_too(client, moved):
    redirects(client, "/short-link/", Article.objects.get(slug="short-link").get_absolute_url())


def test_category_and_tag_addresses_redirect_to_the_tag(client, moved):
    redirects(client, "/category/news/", Tag.objects.get(slug="news").get_absolute_url())
    redirects(client, "/tag/boats/", Tag.objects.get(slug="boats").get_absolute_url())


def test_author_address_redirects_to_the_author_page(client, moved):
    redirects(client, "/author/jane/", "/authors/jane/")


def test_page_short_link_redirects_to_the_page(client, moved):
    page = Page.objects.get(slug="about")
    if not hasattr(page, "get_absolute_url"):
        pytest.skip("pages have no public address yet")
    redirects(client, "/?page_id=7", page.get_absolute_url())


def test_a_slug_changed_later_still_redirects_in_one_hop(client, moved):
    moved.slug = "hello-again"
    moved.save()
    redirects(client, "/?p=123", "/articles/hello-again/")


def test_the_feed_keeps_its_address(client, moved):
    response = client.get("/feed/")
    assert response.status_code == 200
    assert "hello-world" in response.content.decode()


def test_a_cached_index_does_not_swallow_short_links(client, moved):
    assert client.get("/").status_code == 200
    assert client.get("/").status_code == 200  # now from the page cache
    redirects(client, "/?p=123", moved.get_absolute_url())
    assert client.get("/?p=999").status_code == 404


@pytest.mark.parametrize(
    "unknown",
    [
        "/?p=999",
        "/?p=abc",
        "/?page_id=8",
        "/2014/05/04/nothing/",
        "/2014/05/nothing/",
        "/category/none/",
        "/tag/none/",
        "/author/nobody/",
        "/no-such-permalink/",
    ],
)
def test_unknown_old_addresses_are_not_found(client, moved, unknown):
    assert client.get(unknown).status_code == 404


def test_the_index_with_other_parameters_is_still_the_index(client, moved):
    assert client.get("/?utm_source=x").status_code == 200
