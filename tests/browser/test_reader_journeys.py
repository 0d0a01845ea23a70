"""What a reader does on the public pages, in a real browser, seen from the reader's side."""

import pytest

from tests.factories import ArticleFactory, CommentFactory
from tests.helpers import NO_PLAYWRIGHT, PHONE, save_screenshots

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason=NO_PLAYWRIGHT).expect


def test_reader_goes_from_index_to_article_to_tag_and_back_to_blog(page, demo_article):
    other = ArticleFactory(title="Harbour reopens after storm").title
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Latest news")
    save_screenshots(page, "index")

    page.get_by_role("link", name=demo_article.title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(demo_article.title)
    expect(page.get_by_text("by News Desk")).to_be_visible()

    page.get_by_role("list", name="Tags").get_by_role("link", name="Russia").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tagged “Russia”")
    expect(page.get_by_role("link", name=demo_article.title, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=other, exact=True)).to_have_count(0)

    page.get_by_role("link", name="Back to blog").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Latest news")
    expect(page.get_by_role("link", name=other, exact=True)).to_be_visible()


def test_index_and_commented_article_do_not_scroll_sideways_on_a_phone(new_context, demo_article):
    CommentFactory(
        article=demo_article,
        approved=True,
        body="Source: https://example.com/news/2023/09/11/" + "very-long-unbroken-address-" * 4,
    )
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    for path in ("/", demo_article.get_absolute_url()):
        page.goto(path)
        # On a phone the layout grows to fit wide content and the screen then pans sideways.
        sideways = page.evaluate(
            "document.documentElement.scrollWidth - Math.round(visualViewport.width)"
        )
        assert sideways <= 0, f"{path} scrolls {sideways}px sideways"


def test_header_search_shares_the_row_with_the_site_name_on_a_desktop(page, demo_article):
    page.goto("/")
    name = page.locator(".site-name").bounding_box()
    search = page.get_by_role("search").bounding_box()
    # Same row: the search box starts above the site name's bottom edge.
    assert search["y"] < name["y"] + name["height"], (name, search)
    page.goto("/search/?q=Russia")
    expect(page.get_by_role("searchbox")).to_have_count(1)
    expect(page.get_by_role("searchbox")).to_have_value("Russia")
