"""An editor shares a draft with a review link, a reader without an account opens it, the
editor revokes it and the reader's link then says it has expired; in a real browser."""

import pytest
from django.urls import reverse

from articles import review_links
from core import roles
from tests.factories import ArticleFactory
from tests.helpers import (
    NO_PLAYWRIGHT,
    PHONE,
    axe_violations,
    html_errors,
    log_in,
    save_screenshots,
)

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason=NO_PLAYWRIGHT).expect

TITLE = "Harbour plans leaked"


def change_page(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def shared_draft(editor):
    return ArticleFactory(draft=True, title=TITLE, author=editor, body="<p>Plans for the quay.</p>")


def test_editor_shares_a_draft_reader_opens_it_editor_revokes_it(page, staff_member, new_context):
    editor = staff_member("editor", roles.EDITORS)
    draft = shared_draft(editor)
    log_in(page, editor)
    page.goto(change_page(draft))
    panel = page.get_by_role("region", name="Review links")
    expect(panel).to_contain_text("No review links yet.")
    panel.get_by_label("Works for").select_option(label="30 days")
    panel.get_by_role("button", name="Make a review link").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Review link made")
    address = panel.get_by_label("Address of the link made").input_value()
    save_screenshots(page, "admin-review-links")

    reader = new_context().new_page()
    response = reader.goto(address)
    assert response.status == 200
    assert "no-store" in response.headers["cache-control"]
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(reader.get_by_role("status")).to_contain_text("Preview: not published yet.")
    expect(reader.locator("form#leave-a-comment, #comments")).to_have_count(0)
    save_screenshots(reader, "review-link-preview")

    page.reload()
    expect(panel.get_by_role("row").nth(1)).to_contain_text("1 time")
    panel.get_by_role("button", name="Revoke").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Review link revoked")
    expect(panel.get_by_role("row").nth(1)).to_contain_text("Revoked")
    expect(panel.get_by_role("button", name="Revoke")).to_have_count(0)

    response = reader.goto(address)
    assert response.status == 410
    expect(reader.get_by_role("heading", level=1)).to_have_text("This preview link has expired")
    expect(reader.get_by_text("Plans for the quay.")).to_have_count(0)
    save_screenshots(reader, "review-link-expired")


@pytest.fixture
def panel_with_links(staff_member):
    """A draft with a link in use and a revoked one: every kind of row the panel shows."""
    editor = staff_member("editor", roles.EDITORS)
    draft = shared_draft(editor)
    review_links.create(article=draft, user=editor, days=1)
    review_links.revoke(link=review_links.create(article=draft, user=editor))
    live = review_links.create(article=draft, user=editor)
    return editor, draft, live


def test_review_links_panel_has_no_wcag_22_aa_violations(new_context, panel_with_links):
    editor, draft, _ = panel_with_links
    page = new_context(bypass_csp=True).new_page()  # axe runs as an inline script
    log_in(page, editor)
    found = {}
    for width in ("desktop", "phone"):
        if width == "phone":
            page.set_viewport_size(PHONE)
        assert page.goto(change_page(draft)).status == 200
        found[width] = axe_violations(page)
    assert found == {"desktop": [], "phone": []}


def test_review_links_panel_fits_a_phone_without_scrolling_the_page(new_context, panel_with_links):
    editor, draft, _ = panel_with_links
    page = new_context(viewport=PHONE).new_page()
    log_in(page, editor)
    page.goto(change_page(draft))
    panel = page.get_by_role("region", name="Review links")
    expect(panel.get_by_role("button", name="Make a review link")).to_be_visible()
    revoke = panel.get_by_role("button", name="Revoke").first
    revoke.scroll_into_view_if_needed()
    expect(revoke).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_shared_and_expired_pages_are_valid_html_with_no_wcag_violation(
    new_context, panel_with_links, live_server
):
    _, _, live = panel_with_links
    page = new_context(bypass_csp=True).new_page()
    served, found = {}, {}
    address = live.get_absolute_url()
    for name in ("review-link-preview", "review-link-expired"):
        if name == "review-link-expired":
            review_links.revoke(link=live)
        response = page.goto(address)
        served[name] = response.text()
        found[name] = axe_violations(page)
    assert found == {"review-link-preview": [], "review-link-expired": []}
    errors = html_errors(served)
    assert errors == [], "\n".join(errors)
