"""Header and footer links to pages, on every page, refreshed in the page cache when they change."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pages.models import Page
from tests.factories import ArticleFactory, PageFactory


def header(client, url="/"):
    html = client.get(url).content.decode()
    return html[html.index('<header class="site-header">') : html.index("</header>")]


def footer(client, url="/"):
    html = client.get(url).content.decode()
    return html[html.index('<footer class="site-footer">') :]


def is_cached(reader, url) -> bool:
    with CaptureQueriesContext(connection) as queries:
        reader.get(url)
    return len(queries) == 0


@pytest.mark.django_db
@pytest.mark.usefixtures("page_cache_off")
def test_header_and_footer_link_published_pages_in_their_order(client):
    PageFactory(title="Contact", slug="contact", menu="header", menu_order=2)
    PageFactory(title="About", slug="about", menu="header", menu_order=1)
    PageFactory(title="Privacy", slug="privacy", menu="footer")
    PageFactory(title="Draft", slug="draft", menu="header", status=Page.Status.DRAFT)
    PageFactory(title="Unlinked", slug="unlinked")
    top = header(client)
    assert top.index('<a href="/about/">About</a>') < top.index('<a href="/contact/">Contact</a>')
    assert "Privacy" not in top and "Draft" not in top and "Unlinked" not in top
    bottom = footer(client)
    assert '<a href="/privacy/">Privacy</a>' in bottom
    assert "Contact" not in bottom


@pytest.mark.django_db
@pytest.mark.usefixtures("page_cache_off")
def test_same_order_pages_are_linked_by_title(client):
    PageFactory(title="Zebra", slug="zebra", menu="footer")
    PageFactory(title="Apple", slug="apple", menu="footer")
    bottom = footer(client)
    assert bottom.index("Apple") < bottom.index("Zebra")


@pytest.mark.django_db
@pytest.mark.usefixtures("page_cache_off")
def test_a_page_under_a_draft_is_not_linked(client):
    about = PageFactory(slug="about", status=Page.Status.DRAFT)
    PageFactory(title="Team", slug="team", parent=about, menu="footer")
    assert "Team" not in footer(client)


@pytest.mark.django_db
@pytest.mark.usefixtures("page_cache_off")
def test_both_menus_cost_one_query(client, django_assert_num_queries):
    PageFactory(slug="about", menu="header")
    PageFactory(slug="privacy", menu="footer")
    with CaptureQueriesContext(connection) as with_links:
        client.get("/")
    Page.objects.all().delete()
    with CaptureQueriesContext(connection) as without:
        client.get("/")
    assert len(with_links) == len(without)
    assert sum("pages_page" in query["sql"] for query in without.captured_queries) == 1


@pytest.fixture
def cached_site(transactional_db):
    """The index, an article and a page, each stored in the page cache for a reader."""
    article = ArticleFactory()
    page = PageFactory(title="About", slug="about", menu="header")
    reader = Client()
    urls = ["/", article.get_absolute_url(), page.get_absolute_url(), reverse("articles:archive")]
    for url in urls:
        reader.get(url)
    assert all(is_cached(reader, url) for url in urls)
    return reader, urls, page


def test_retitling_a_linked_page_refreshes_every_cached_page(cached_site):
    reader, urls, page = cached_site
    page.title = "Who we are"
    page.save()
    for url in urls:
        assert not is_cached(reader, url), url
        assert '<a href="/about/">Who we are</a>' in header(reader, url), url


def test_moving_a_link_to_the_footer_refreshes_every_cached_page(cached_site):
    reader, urls, page = cached_site
    page.menu = Page.Menu.FOOTER
    page.save()
    for url in urls:
        assert "About" not in header(reader, url), url
        assert '<a href="/about/">About</a>' in footer(reader, url), url


def test_unpublishing_a_linked_page_takes_its_link_off_every_cached_page(cached_site):
    reader, urls, page = cached_site
    page.status = Page.Status.DRAFT
    page.save()
    assert reader.get("/about/").status_code == 404
    assert all("/about/" not in header(reader, url) for url in urls if url != "/about/")


def test_a_new_slug_for_a_linked_page_refreshes_its_links(cached_site):
    reader, urls, page = cached_site
    page.slug = "company"
    page.save()
    assert '<a href="/company/">About</a>' in header(reader, "/")
    assert reader.get("/about/").status_code == 404
    assert reader.get("/company/").status_code == 200


def test_deleting_a_linked_page_takes_its_link_off(cached_site):
    reader, urls, page = cached_site
    page.delete()
    assert "/about/" not in header(reader, "/")


def test_editing_the_body_of_a_linked_page_refreshes_only_that_page(cached_site):
    reader, urls, page = cached_site
    page.body = "<p>New words.</p>"
    page.save()
    assert "New words." in reader.get("/about/").content.decode()
    assert all(is_cached(reader, url) for url in urls if url != "/about/")


def test_a_new_linked_page_appears_on_every_cached_page(cached_site):
    reader, urls, page = cached_site
    PageFactory(title="Contact", slug="contact", menu="header")
    assert all('<a href="/contact/">Contact</a>' in header(reader, url) for url in urls)


def test_an_unlinked_page_leaves_the_rest_of_the_cache_alone(cached_site):
    reader, urls, page = cached_site
    PageFactory(title="Imprint", slug="imprint")
    assert all(is_cached(reader, url) for url in urls)


def test_publishing_a_parent_links_its_linked_child(transactional_db):
    about = PageFactory(slug="about", status=Page.Status.DRAFT)
    PageFactory(title="Team", slug="team", parent=about, menu="footer")
    reader = Client()
    assert "Team" not in footer(reader)
    about.status = Page.Status.PUBLISHED
    about.save()
    assert '<a href="/about/team/">Team</a>' in footer(reader)


def test_retitling_a_parent_refreshes_the_breadcrumbs_below(transactional_db):
    about = PageFactory(title="About", slug="about")
    PageFactory(title="Team", slug="team", parent=about)
    reader = Client()
    reader.get("/about/team/")
    assert is_cached(reader, "/about/team/")
    about.title = "Company"
    about.save()
    assert '<a href="/about/">Company</a>' in reader.get("/about/team/").content.decode()


def test_unpublishing_a_parent_hides_the_cached_pages_below(transactional_db):
    about = PageFactory(slug="about")
    PageFactory(slug="team", parent=about)
    reader = Client()
    assert reader.get("/about/team/").status_code == 200
    about.status = Page.Status.DRAFT
    about.save()
    assert reader.get("/about/team/").status_code == 404


def test_a_new_slug_for_a_parent_moves_the_cached_pages_below(transactional_db):
    about = PageFactory(slug="about")
    PageFactory(slug="team", parent=about)
    reader = Client()
    assert reader.get("/about/team/").status_code == 200
    about.slug = "company"
    about.save()
    assert reader.get("/about/team/").status_code == 404
    assert reader.get("/company/team/").status_code == 200
