"""Editors at the article form in a real browser: nothing typed is lost, two people on one
article, a new tag with Enter, and a form comfortable to write in."""

import pytest
from django.urls import reverse

from articles import editing, presence
from articles.models import Article
from core import roles
from tests.factories import ArticleFactory
from tests.helpers import (
    DESKTOP,
    NO_PLAYWRIGHT,
    OUTPUT_DIR,
    PHONE,
    log_in,
    save_screenshots,
    unavailable,
)

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason=NO_PLAYWRIGHT).expect

AXE_JS = OUTPUT_DIR.parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
LONG_TITLE = (
    "Harbour authority reopens the northern quay after the storm, and the ferries to the "
    "islands run to the winter timetable from Monday"
)


@pytest.fixture(autouse=True)
def quick(monkeypatch):
    """Autosave after one idle second and check in every second: the journeys wait less."""
    monkeypatch.setattr(editing, "AUTOSAVE_IDLE_SECONDS", 1)
    monkeypatch.setattr(presence, "HEARTBEAT_SECONDS", 1)


@pytest.fixture
def article(staff_roles):
    return ArticleFactory(title="Harbour reopens", body="<p>Ships are back in port.</p>")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def body_editor(page):
    return page.locator(".ProseMirror[contenteditable=true]")


def open_as(new_context, user, url):
    page = new_context().new_page()
    log_in(page, user)
    page.goto(url)
    return page


def type_changes(page, title):
    page.get_by_label("Title:", exact=True).fill(title)
    body_editor(page).click()
    page.keyboard.press("End")
    page.keyboard.type(" The ferries follow on Monday.")
    expect(page.get_by_text("Autosaved at")).to_be_visible()


def test_typed_text_survives_a_closed_tab_and_is_restored(new_context, staff_member, article):
    editor = staff_member("editor", roles.EDITORS)
    page = open_as(new_context, editor, change_url(article))
    type_changes(page, "Harbour reopens to ferries")
    leaving = []
    page.on("dialog", lambda dialog: (leaving.append(dialog.type), dialog.dismiss()))
    page.close(run_before_unload=True)  # the browser asks first: the editor stays
    page.wait_for_timeout(300)
    assert leaving == ["beforeunload"]
    page.context.close()  # the tab is gone, nothing saved

    reader = new_context().new_page()
    reader.goto(article.get_absolute_url())
    expect(reader.get_by_role("heading", level=1)).to_have_text("Harbour reopens")

    page = open_as(new_context, editor, change_url(article))
    notice = page.locator(".editing-unsaved")
    expect(notice).to_contain_text("You have unsaved changes from")
    expect(notice).to_contain_text("(title, body)")
    expect(notice).to_contain_text("The ferries follow on Monday.")
    save_screenshots(page, "article-unsaved-changes")
    page.get_by_role("link", name="Restore").click()
    expect(page.get_by_label("Title:", exact=True)).to_have_value("Harbour reopens to ferries")
    expect(body_editor(page)).to_contain_text("The ferries follow on Monday.")
    assert Article.objects.get(pk=article.pk).title == "Harbour reopens"

    page.on("dialog", lambda dialog: pytest.fail(f"Save asked first: {dialog.type}"))
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.get_by_text("was changed successfully")).to_be_visible()
    reader.reload()
    expect(reader.get_by_role("heading", level=1)).to_have_text("Harbour reopens to ferries")
    page.goto(change_url(article))
    expect(page.locator(".editing-unsaved")).to_have_count(0)


def test_text_typed_while_the_site_is_unreachable_is_kept_and_offered_back(
    new_context, staff_member, article, browser_errors
):
    editor = staff_member("editor", roles.EDITORS)
    context = new_context()
    page = context.new_page()
    log_in(page, editor)
    page.goto(change_url(article))
    page.route("**/autosave/", lambda route: route.abort("internetdisconnected"))
    page.get_by_label("Title:", exact=True).fill("Harbour reopens, offline")
    expect(page.get_by_text("Not autosaved: the site cannot be reached.")).to_be_visible()
    page.close()  # the connection never came back before the tab was closed
    # The aborted autosaves are what this test stages; Chromium logs each as an error.
    browser_errors[:] = [e for e in browser_errors if "ERR_INTERNET_DISCONNECTED" not in e]

    page = context.new_page()  # the same browser, later, online
    page.goto(change_url(article))
    notice = page.locator(".editing-unsaved")
    expect(notice).to_contain_text("You have unsaved changes from")
    expect(notice).to_contain_text("Harbour reopens, offline")
    assert Article.objects.get(pk=article.pk).title == "Harbour reopens"


def test_two_editors_on_one_article(new_context, staff_member, article):
    edna = staff_member("edna", roles.EDITORS)
    edna.first_name, edna.last_name = "Edna", "Krabappel"
    edna.save()
    first = open_as(new_context, edna, change_url(article))
    first.get_by_label("Title:", exact=True).fill("Harbour reopens at dawn")

    second = open_as(new_context, staff_member("ada", roles.EDITORS), change_url(article))
    notice = second.locator(".editing-presence")
    expect(notice).to_contain_text("Edna Krabappel has been editing since")
    save_screenshots(second, "article-someone-editing")
    second.get_by_role("button", name="Take over").click()
    expect(notice).to_be_hidden()
    expect(first.locator(".editing-presence")).to_contain_text("has been editing since")

    second.get_by_label("Title:", exact=True).fill("Harbour reopens at noon")
    second.get_by_role("button", name="Save", exact=True).first.click()
    expect(second.get_by_text("was changed successfully")).to_be_visible()

    first.get_by_role("button", name="Save", exact=True).first.click()
    conflict = first.locator(".editing-conflict")
    expect(conflict).to_contain_text("saved this article at")
    expect(conflict).to_contain_text("noon")
    expect(conflict).to_contain_text("dawn")
    expect(first.get_by_label("Title:", exact=True)).to_have_value("Harbour reopens at dawn")
    assert Article.objects.get(pk=article.pk).title == "Harbour reopens at noon"
    save_screenshots(first, "article-save-conflict")
    first.get_by_role("button", name="Keep my version").click()
    expect(first.get_by_text("was changed successfully")).to_be_visible()
    assert Article.objects.get(pk=article.pk).title == "Harbour reopens at dawn"


def test_a_new_tag_is_created_with_enter(new_context, staff_member):
    page = open_as(
        new_context, staff_member("editor", roles.EDITORS), reverse("admin:articles_article_add")
    )
    page.get_by_label("Title:", exact=True).fill("Ferries return")
    tags = page.locator(".field-tags")
    expect(tags).to_contain_text("To add a new tag, type its name and press Enter.")
    tags.locator(".select2-search__field").click()
    page.keyboard.type("Harbours")
    page.keyboard.press("Enter")
    expect(tags.locator(".select2-selection__choice")).to_have_text(["×Harbours"])
    expect(tags).to_contain_text("New tag “Harbours” created and added.")
    save_screenshots(page, "article-new-tag")
    assert page.context.pages == [page]  # no popup
    page.get_by_role("button", name="Save and continue editing").first.click()
    expect(page.get_by_text("was added successfully")).to_be_visible()
    article = Article.objects.get(title="Ferries return")
    assert [tag.name for tag in article.tags.all()] == ["Harbours"]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_form_is_made_for_writing(new_context, staff_member, viewport):
    article = ArticleFactory(title=LONG_TITLE)
    page = new_context(viewport=viewport).new_page()
    log_in(page, staff_member("editor", roles.EDITORS))
    page.goto(change_url(article))
    body = body_editor(page).bounding_box()
    assert body["height"] >= 0.6 * viewport["height"], "the body editor opens too small"
    title = page.get_by_label("Title:", exact=True).bounding_box()
    assert title["width"] >= min(600, viewport["width"] - 60), "the title field is narrow"
    heading = page.locator("#content > h2").bounding_box()
    for button in page.locator(".object-tools a").all():
        box = button.bounding_box()
        overlaps = (
            box["y"] < heading["y"] + heading["height"]
            and heading["y"] < box["y"] + box["height"]
            and box["x"] < heading["x"] + heading["width"]
            and heading["x"] < box["x"] + box["width"]
        )
        assert not overlaps, "a button runs over the headline"
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    if viewport is DESKTOP:
        save_screenshots(page, "article-form-long-title")


def axe_violations(page):
    page.add_script_tag(path=AXE_JS)
    return page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => `${v.id}: ${v.help} at ${v.nodes.map(n => n.target).join(', ')}`)",
        WCAG_22_AA,
    )


def test_the_article_form_and_its_notices_have_no_wcag_22_aa_violations(
    new_context, staff_member, article
):
    if not AXE_JS.exists():
        unavailable("axe-core is not installed: run `npm ci` (needs Node.js)")
    editor = staff_member("editor", roles.EDITORS)
    edna = staff_member("edna", roles.EDITORS)
    # The checker is injected as an inline script, which the admin's CSP rightly refuses.
    page = new_context(bypass_csp=True).new_page()
    log_in(page, editor)
    page.goto(change_url(article))
    type_changes(page, "Harbour reopens to ferries")
    presence.take_over(article.pk, edna)
    page.goto(change_url(article))  # unsaved changes and someone else editing
    expect(page.locator(".editing-unsaved")).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], "\n".join(violations)

    page.get_by_role("link", name="Restore").click()
    Article.objects.get(pk=article.pk).save()  # someone saves meanwhile
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator(".editing-conflict")).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], "\n".join(violations)

    page.goto(reverse("admin:articles_article_add"))
    violations = axe_violations(page)
    assert violations == [], "\n".join(violations)
