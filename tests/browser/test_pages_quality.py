"""Pages in a real browser: WCAG 2.2 AA (axe-core), valid HTML (Nu), the header on one row,
and an editor writing a page in the admin's rich-text editor."""

import pytest
from django.urls import reverse

from core import roles
from pages.models import Page
from tests.factories import PageFactory
from tests.helpers import (
    DESKTOP,
    NO_PLAYWRIGHT,
    OUTPUT_DIR,
    axe_violations,
    html_errors,
    log_in,
    save_screenshots,
)

expect = pytest.importorskip("playwright.sync_api", reason=NO_PLAYWRIGHT).expect
pytestmark = pytest.mark.browser

BODY = (
    "<h2>Who we are</h2><p>A small newsroom on the coast, writing about "
    '<a href="https://example.com/harbours">harbours</a> and ferries.</p>'
    "<ul><li>Three reporters</li><li>One editor</li></ul>"
)


@pytest.fixture
def pages(staff_roles):
    about = PageFactory(title="About us", slug="about", body=BODY, menu="footer")
    team = PageFactory(title="The team", slug="team", parent=about, body=BODY)
    PageFactory(title="Contact", slug="contact", menu="header", menu_order=1)
    PageFactory(title="Advertise", slug="advertise", menu="header", menu_order=2)
    PageFactory(title="Privacy", slug="privacy", menu="footer")
    return about, team


def test_pages_meet_wcag_22_aa_and_are_valid_html(new_context, pages):
    about, team = pages
    page = new_context(bypass_csp=True).new_page()  # axe is injected as an inline script
    served = {}
    for name, url in [("page", about.get_absolute_url()), ("nested-page", team.get_absolute_url())]:
        response = page.goto(url)
        assert response.status == 200
        served[name] = response.text()
        violations = axe_violations(page)
        assert violations == [], "\n".join(violations)
    served["index-with-page-links"] = page.goto("/").text()
    errors = html_errors(served)
    assert errors == [], "\n".join(errors)


def test_a_page_opens_under_its_policy_with_its_links_in_header_and_footer(page, pages):
    about, team = pages
    page.goto(team.get_absolute_url())  # any console error or policy violation fails the test
    expect(page.get_by_role("heading", level=1)).to_have_text("The team")
    breadcrumbs = page.get_by_role("navigation", name="Breadcrumbs")
    expect(breadcrumbs.get_by_role("link", name="About us")).to_have_attribute("href", "/about/")
    site = page.get_by_role("navigation", name="Site", exact=True)
    links = ["Latest news", "Archive", "Contact", "Advertise"]
    expect(site.get_by_role("link")).to_have_text(links)
    footer = page.get_by_role("navigation", name="About the site")
    expect(footer.get_by_role("link")).to_have_text(["About us", "Privacy"])
    save_screenshots(page, "nested-page")
    footer.get_by_role("link", name="About us").click()
    expect(page).to_have_url(f"{page.url.split('/about/')[0]}/about/")


def test_the_header_with_page_links_stays_on_one_row_on_a_desktop(page, pages):
    page.set_viewport_size(DESKTOP)
    page.goto("/")
    page.screenshot(path=OUTPUT_DIR / "screenshots" / "page-links-header.png")
    name = page.locator(".site-name").bounding_box()
    last_link = page.get_by_role("link", name="Advertise").bounding_box()
    search = page.get_by_role("search").bounding_box()
    for box in (last_link, search):
        assert box["y"] < name["y"] + name["height"], (name, box)


def test_an_editor_writes_a_page_in_the_editor_and_publishes_it(new_context, staff_member):
    editor = staff_member("editor", roles.EDITORS)
    page = new_context().new_page()
    log_in(page, editor)
    page.goto(reverse("admin:pages_page_add"))
    page.get_by_label("Title:").press_sequentially("Contact the newsroom")
    expect(page.get_by_label("Slug:")).to_have_value("contact-the-newsroom")
    body = page.locator(".ProseMirror[contenteditable=true]")
    body.click()
    page.keyboard.type("Write to us at the harbour office.")
    page.get_by_label("Status:").select_option("published")
    page.get_by_label("Link from:").select_option("footer")
    page.screenshot(path=OUTPUT_DIR / "screenshots" / "page-admin-form.png", full_page=True)
    page.get_by_role("button", name="Save and continue editing").first.click()
    expect(page.get_by_role("link", name="View on site")).to_be_visible()
    saved = Page.objects.get()
    assert saved.body == "<p>Write to us at the harbour office.</p>"
    page.goto("/")
    page.get_by_role("link", name="Contact the newsroom").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contact the newsroom")
