"""An author writes an article and submits it for review; an editor finds it at the top of the
list and publishes it; readers then see it. In a real browser, with the pages checked by axe."""

import pytest
from django.urls import reverse

from articles.models import Article
from core import roles
from tests.factories import ArticleFactory
from tests.helpers import NO_PLAYWRIGHT, OUTPUT_DIR, axe_violations, log_in, save_screenshots

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason=NO_PLAYWRIGHT).expect

TITLE = "Ferries return to the northern quay"
LIST_URL = reverse("admin:articles_article_changelist")


def write_and_submit(page):
    page.goto(reverse("admin:articles_article_add"))
    page.get_by_label("Title:", exact=True).fill(TITLE)
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.keyboard.type("The first ferry of the winter timetable left at seven.")
    status = page.get_by_label("Status:")
    options = status.locator("option").all_inner_texts()
    assert [option.strip() for option in options] == ["Draft", "Submit for review"]
    expect(page.locator("#id_expires_at_0, #id_published_at_0")).to_have_count(0)
    status.select_option(label="Submit for review")
    save_screenshots(page, "author-article-form")
    page.screenshot(path=OUTPUT_DIR / "author-article-form.png", full_page=True)
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator(".messagelist .success")).to_contain_text("Submitted for review")


def editor_ready(page):
    """The rich-text editor is up and named for screen readers (the checks wait for it)."""
    expect(page.locator(".ProseMirror[contenteditable=true]")).to_have_attribute(
        "aria-label", "Body"
    )


def test_an_author_submits_and_an_editor_publishes(new_context, staff_member):
    author = staff_member("ann", roles.AUTHORS)
    editor = staff_member("edna", roles.EDITORS)
    ArticleFactory(title="Yesterday's harbour news")
    ArticleFactory(title="An editor's own draft", draft=True, author=editor)
    writer = new_context().new_page()
    log_in(writer, author)
    write_and_submit(writer)
    row = writer.get_by_role("row").filter(has_text=TITLE)
    expect(row).to_contain_text("Submitted for review by")
    expect(writer.get_by_role("option", name="Publish selected articles now")).to_have_count(0)

    desk = new_context().new_page()
    log_in(desk, editor)
    expect(desk.get_by_role("link", name="Articles, 1 submitted").first).to_be_visible()
    desk.get_by_role("link", name="Articles, 1 submitted").first.click()
    first = desk.locator("#result_list tbody tr").first
    expect(first).to_contain_text(TITLE)
    expect(first).to_contain_text("Submitted for review by")
    save_screenshots(desk, "editor-article-list-submitted")
    desk.screenshot(path=OUTPUT_DIR / "editor-article-list.png", full_page=True)
    first.get_by_role("link", name=TITLE).click()
    desk.get_by_label("Status:").select_option(label="Publish now")
    desk.get_by_role("button", name="Save", exact=True).first.click()
    expect(desk.locator(".messagelist .success")).to_contain_text("Published: it is live at")
    article = Article.objects.get(title=TITLE)
    assert article.is_published() and article.submitted_at is None
    assert article.author == author

    reader = new_context().new_page()
    assert reader.goto(article.get_absolute_url()).status == 200
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)


def test_the_authors_form_and_the_editors_list_have_no_wcag_22_aa_violations(
    new_context, staff_member
):
    author = staff_member("ann", roles.AUTHORS)
    editor = staff_member("edna", roles.EDITORS)
    # axe is injected as an inline script, which the admin's CSP rightly refuses.
    page = new_context(bypass_csp=True).new_page()
    log_in(page, author)
    page.goto(reverse("admin:articles_article_add"))
    editor_ready(page)
    assert axe_violations(page) == []
    write_and_submit(page)
    page.locator("#result_list").get_by_role("link", name=TITLE).click()  # its form, submitted
    editor_ready(page)
    assert axe_violations(page) == []

    desk = new_context(bypass_csp=True).new_page()
    log_in(desk, editor)
    assert axe_violations(desk) == []  # the home page with the count
    desk.goto(LIST_URL)
    assert axe_violations(desk) == []
