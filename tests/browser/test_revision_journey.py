"""An editor compares two revisions of a live article and restores one, in a real browser."""

import pytest

from core import roles
from tests.helpers import NO_PLAYWRIGHT, OUTPUT_DIR, log_in, save_screenshots, unavailable

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason=NO_PLAYWRIGHT).expect

AXE_JS = OUTPUT_DIR.parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
FIRST_TITLE = "Harbour reopens after storm"
SECOND_TITLE = "Harbour reopens after the long storm"


def save_and_continue(page):
    page.get_by_role("button", name="Save and continue editing").first.click()
    expect(page.locator(".messagelist .success")).to_be_visible()


def write_two_revisions(page):
    """A published article, then its title changed: two revisions."""
    page.goto("/admin/articles/article/add/")
    page.get_by_label("Title:", exact=True).fill(FIRST_TITLE)
    page.get_by_label("Summary:").fill("Ships are moving again.")
    page.get_by_label("Status:").select_option(label="Publish now")
    save_and_continue(page)
    expect(page.locator(".messagelist")).to_contain_text("Published: it is live at")
    page.get_by_label("Title:", exact=True).fill(SECOND_TITLE)
    save_and_continue(page)


def axe_violations(page):
    page.add_script_tag(path=AXE_JS)
    found = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations",
        WCAG_22_AA,
    )
    return [f"{v['id']}: {v['help']} at {v['nodes'][0]['target']}" for v in found]


def test_editor_compares_two_revisions_and_restores_one(page, staff_member, new_context):
    editor = staff_member("editor", roles.EDITORS)
    log_in(page, editor)
    write_two_revisions(page)
    change_form = page.url

    page.get_by_role("link", name="Revisions").click()
    expect(page.get_by_role("main").get_by_role("table")).to_contain_text(
        "2 revisions, newest first"
    )
    revisions_page = page.url
    save_screenshots(page, "admin-revisions")
    page.get_by_role("button", name="Compare the chosen revisions").click()
    expect(page.locator(".revision-diff ins").first).to_have_text("the long")
    compare_page = page.url
    save_screenshots(page, "admin-revision-compare")

    page.get_by_role("link", name="Restore the revision of").click()
    expect(page.get_by_text("This article is live.")).to_be_visible()
    restore_page = page.url
    save_screenshots(page, "admin-revision-restore")
    page.get_by_role("link", name="Open in the editor without saving").click()
    expect(page.get_by_label("Title:", exact=True)).to_have_value(FIRST_TITLE)
    expect(page.locator(".messagelist .info")).to_contain_text("Nothing changes until you save")

    reader = new_context().new_page()
    reader.goto("/")
    expect(reader.get_by_role("link", name=SECOND_TITLE, exact=True)).to_be_visible()

    page.go_back()
    page.get_by_role("button", name="Restore and publish now").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Restored the revision of")
    assert page.url == change_form
    reader.reload()
    expect(reader.get_by_role("link", name=FIRST_TITLE, exact=True)).to_be_visible()

    if not AXE_JS.exists():
        unavailable("axe-core is not installed: run `npm ci` (needs Node.js)")
    # axe is injected as an inline script, which the admin's CSP rightly refuses.
    checker = new_context(bypass_csp=True).new_page()
    log_in(checker, editor)
    for address in (revisions_page, compare_page, restore_page):
        checker.goto(address)
        assert axe_violations(checker) == [], address
