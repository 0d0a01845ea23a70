"""Figures in article bodies, in a real browser: accessible and valid on the public page, shown
under the site's Content-Security-Policy, and made with the editor's Figure button."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from articles.models import Article
from core import roles
from tests.factories import ArticleFactory
from tests.helpers import NO_PLAYWRIGHT, OUTPUT_DIR, axe_violations, html_errors, log_in
from tests.images import samples

expect = pytest.importorskip("playwright.sync_api", reason=NO_PLAYWRIGHT).expect
pytestmark = pytest.mark.browser

ALT = "Two ferries moored at the harbour wall"


def stored_image():
    return default_storage.save("images/2026/01/ferries.jpg", ContentFile(samples.jpeg(640, 480)))


@pytest.fixture
def article_with_figure(staff_roles):
    src = default_storage.url(stored_image())
    body = (
        "<p>The ferries are back.</p>"
        f'<figure class="figure"><img src="{src}" alt="{ALT}" width="640" height="480">'
        '<figcaption class="figure-caption">Both ferries at dawn on Monday</figcaption></figure>'
        "<p>Crossings start at seven.</p>"
    )
    return ArticleFactory(title="Ferries return", body=body)


def expect_loaded(image):
    expect(image).to_be_visible()
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("img => img.naturalWidth") > 0, "the image did not load"


def test_an_article_with_a_figure_meets_wcag_22_aa_and_is_valid_html(
    new_context, article_with_figure
):
    page = new_context(bypass_csp=True).new_page()  # axe is injected as an inline script
    response = page.goto(article_with_figure.get_absolute_url())
    assert response.status == 200
    violations = axe_violations(page)
    assert violations == [], "\n".join(violations)
    errors = html_errors({"article-with-figure": response.text()})
    assert errors == [], "\n".join(errors)


def test_a_figure_shows_its_image_and_caption_under_the_sites_policy(page, article_with_figure):
    page.goto(article_with_figure.get_absolute_url())  # a policy violation fails the test
    figure = page.locator(".article__body figure")
    expect_loaded(figure.get_by_role("img", name=ALT))
    expect(figure.locator("figcaption")).to_have_text("Both ferries at dawn on Monday")
    page.screenshot(path=OUTPUT_DIR / "screenshots" / "article-figure.png", full_page=True)


def test_an_editor_adds_a_figure_with_an_image_of_the_site(new_context, staff_member):
    src = default_storage.url(stored_image())
    editor = staff_member("editor", roles.EDITORS)
    page = new_context().new_page()
    log_in(page, editor)
    page.goto(reverse("admin:articles_article_add"))
    page.get_by_label("Title:", exact=True).fill("Ferries return")
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.get_by_role("button", name="figure", exact=True).click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Image URL").fill(src)
    dialog.get_by_label("Alternative Text").fill(ALT)
    dialog.get_by_label("Caption").fill("Both ferries at dawn")
    dialog.get_by_role("button", name="Insert").click()
    expect_loaded(page.locator(".ProseMirror").get_by_role("img", name=ALT))
    page.screenshot(path=OUTPUT_DIR / "screenshots" / "editor-figure.png", full_page=True)
    page.get_by_role("button", name="Save and continue editing").first.click()
    expect(page.locator(".messagelist .warning")).to_have_count(0)
    body = Article.objects.get().body
    assert f'<img src="{src}" alt="{ALT}" loading="lazy">' in body
    assert "<figcaption" in body and "Both ferries at dawn</figcaption></figure>" in body
