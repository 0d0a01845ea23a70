import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pages.models import Page
from tests.factories import PageFactory

pytestmark = pytest.mark.django_db

DRAFT = Page.Status.DRAFT


def test_a_published_page_is_shown_with_its_title_body_and_last_update(client):
    page = PageFactory(title="About us", slug="about", body="<p>We report on harbours.</p>")
    Page.objects.filter(pk=page.pk).update(
        updated_at=datetime.datetime(2026, 3, 5, 9, tzinfo=datetime.UTC)
    )
    response = client.get("/about/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="article__title">About us</h1>' in html
    assert "<p>We report on harbours.</p>" in html
    assert "Last updated" in html and "5 March 2026" in html
    assert f'href="{reverse("articles:index")}">← Back to blog' in html
    assert "<title>About us · " in html


def test_a_page_has_its_canonical_link_and_description(client):
    PageFactory(slug="about", seo_description="Who writes this blog.")
    html = client.get("/about/").content.decode()
    assert '<link rel="canonical" href="http://testserver/about/">' in html
    assert '<meta name="description" content="Who writes this blog.">' in html
    assert "noindex" not in html


def test_a_draft_page_is_not_found_by_readers(client):
    PageFactory(slug="about", status=DRAFT)
    assert client.get("/about/").status_code == 404


def test_a_nested_page_answers_below_its_parent_with_breadcrumbs(client):
    about = PageFactory(title="About us", slug="about")
    PageFactory(title="The team", slug="team", parent=about)
    response = client.get("/about/team/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<li><a href="/about/">About us</a></li>' in html
    assert '<li aria-current="page">The team</li>' in html
    assert client.get("/team/").status_code == 404


def test_a_published_page_under_a_draft_is_not_found_by_readers(client):
    about = PageFactory(slug="about", status=DRAFT)
    PageFactory(slug="team", parent=about)
    assert client.get("/about/team/").status_code == 404


def test_an_address_no_page_has_is_not_found(client):
    PageFactory(slug="about")
    for address in ["/nothing-here/", "/about/nothing/", "/about/../", "/about.txt/"]:
        assert client.get(address).status_code == 404, address


def test_the_site_own_addresses_come_before_pages(client):
    # Only code can make one (the form refuses the slug): the archive still answers there.
    PageFactory(slug="archive", title="A page called archive")
    response = client.get(reverse("articles:archive"))
    assert response.status_code == 200
    assert "A page called archive" not in response.content.decode()


def test_editors_preview_a_draft_never_cached_nor_indexed(editor_client):
    PageFactory(title="Privacy", slug="privacy", status=DRAFT)
    response = editor_client.get("/privacy/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview: this page is not visible to readers" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_editors_preview_a_page_under_a_draft(editor_client):
    about = PageFactory(slug="about", status=DRAFT)
    PageFactory(slug="team", parent=about)
    response = editor_client.get("/about/team/")
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_a_preview_seen_by_an_editor_is_not_served_to_readers(client, editor_client):
    PageFactory(slug="privacy", status=DRAFT)
    assert editor_client.get("/privacy/").status_code == 200
    client.cookies.clear()
    assert client.get("/privacy/").status_code == 404


def test_a_published_page_seen_by_an_editor_is_not_a_preview(editor_client):
    PageFactory(slug="about", published_at=timezone.now())
    response = editor_client.get("/about/")
    assert "X-Robots-Tag" not in response
    assert "Preview" not in response.content.decode()


def test_a_script_in_the_body_never_reaches_the_page(client):
    page = PageFactory(slug="about")
    # Even written past the model's save, the page cleans what it shows.
    Page.objects.filter(pk=page.pk).update(body='<p>Hi</p><script>alert("owned")</script>')
    html = client.get("/about/").content.decode()
    assert "alert(" not in html
    assert "<p>Hi</p>" in html
