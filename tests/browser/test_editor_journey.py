"""An editor writes, illustrates and publishes an article in the admin, in a real browser."""

import feedparser
import pytest

from core import roles
from tests.helpers import NO_PLAYWRIGHT, log_in
from tests.images import samples

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason=NO_PLAYWRIGHT).expect

ALT_TEXT = "Cranes unloading containers on the quay at dusk"


def write_body(page):
    """A heading and a paragraph with a link, made with the rich-text editor's own controls."""
    editor = page.locator(".ProseMirror[contenteditable=true]")
    editor.click()
    page.locator(".prose-menubar__selected").click()  # the block-type menu
    page.get_by_role("button", name="Heading 2").click()
    page.keyboard.type("What the harbour master said")
    page.keyboard.press("Enter")
    page.keyboard.type("Ships may enter again, says the port notice")
    for _ in "port notice":
        page.keyboard.press("Shift+ArrowLeft")
    page.get_by_role("button", name="insert link").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("URL").fill("https://example.com/port-notice")
    dialog.get_by_role("button", name="Update").click()
    expect(editor.get_by_role("link", name="port notice")).to_be_visible()


def add_new_tag(page, name):
    with page.expect_popup() as popup:
        page.get_by_title("Add another tag").click()
    popup.value.get_by_label("Name:").fill(name)
    popup.value.get_by_role("button", name="Save", exact=True).click()
    popup.value.wait_for_event("close")
    expect(page.locator(".field-tags")).to_contain_text(name)


def add_featured_image(page, photo):
    page.get_by_label("Featured image:").set_input_files(photo)
    page.get_by_label("Alt text:").fill(ALT_TEXT)
    page.get_by_label("Caption:").fill("The quay on Monday evening.")


def expect_image_shown(page):
    image = page.get_by_role("img", name=ALT_TEXT)
    expect(image).to_be_visible()
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("img => img.naturalWidth") > 0, "the image did not load"


def feed_titles(page):
    """What a feed reader finds: the feed the page advertises, and the titles in it."""
    address = page.locator("link[rel=alternate][type='application/rss+xml']").get_attribute("href")
    feed = feedparser.parse(page.request.get(address).body())
    return [entry.title for entry in feed.entries]


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "quay.jpg"
    path.write_bytes(samples.jpeg(1600, 1000))
    return path


def test_editor_writes_previews_and_publishes_an_article(page, staff_member, photo):
    log_in(page, staff_member("editor", roles.EDITORS))
    page.get_by_role("main").get_by_role("row", name="Articles").get_by_role(
        "link", name="Add"
    ).click()
    page.get_by_label("Title:", exact=True).fill("Harbour reopens after the storm")
    write_body(page)
    add_new_tag(page, "Harbours")
    add_featured_image(page, photo)
    page.get_by_role("button", name="Save and continue editing").first.click()
    expect(page.get_by_text("was added successfully")).to_be_visible()

    page.get_by_role("link", name="Preview").click()
    expect(page.get_by_role("status")).to_have_text(
        "Preview: this draft is not visible to readers."
    )
    body = page.locator(".article__body")
    expect(body.get_by_role("heading", level=2)).to_have_text("What the harbour master said")
    expect(body.get_by_role("link", name="port notice")).to_have_attribute(
        "href", "https://example.com/port-notice"
    )
    expect(page.get_by_role("list", name="Tags")).to_have_text("Harbours")
    expect_image_shown(page)
    expect(page.get_by_role("figure")).to_contain_text("The quay on Monday evening.")

    page.go_back()
    page.get_by_label("Status:").select_option(label="Publish now")
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.get_by_text("was changed successfully")).to_be_visible()

    page.get_by_role("link", name="View site").click()
    expect(
        page.get_by_role("link", name="Harbour reopens after the storm", exact=True)
    ).to_be_visible()
    expect_image_shown(page)
    assert "Harbour reopens after the storm" in feed_titles(page)
