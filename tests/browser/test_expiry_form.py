"""The article form's "Unpublish at" field in a real browser: set, refused with its reason, and
shown in the state; axe finds nothing on the form in any of these."""

import pytest
from django.urls import reverse

from articles.models import Article
from core import roles
from tests.factories import ArticleFactory
from tests.helpers import NO_PLAYWRIGHT, axe_violations, log_in, save_screenshots

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason=NO_PLAYWRIGHT).expect


def unpublish_at(page, date, time):
    page.locator("#id_expires_at_0").fill(date)
    page.locator("#id_expires_at_1").fill(time)


def save(page):
    page.get_by_role("button", name="Save and continue editing").first.click()


def test_the_unpublish_field_is_accessible_set_refused_and_stated(new_context, staff_member):
    editor = staff_member("edna", roles.EDITORS)
    article = ArticleFactory(title="Embargoed report", author=editor)
    page = new_context(bypass_csp=True).new_page()  # axe is injected as an inline script
    log_in(page, editor)
    page.goto(reverse("admin:articles_article_change", args=[article.pk]))
    expect(page.get_by_text("Unpublish at:")).to_be_visible()
    assert axe_violations(page) == []

    unpublish_at(page, "2001-01-01", "09:00:00")  # before its publication
    save(page)
    error = page.locator(".field-expires_at .errorlist")
    expect(error).to_contain_text("The unpublish time must be after the publication date.")
    save_screenshots(page, "article-form-unpublish-error")
    assert axe_violations(page) == []

    unpublish_at(page, "2099-12-04", "09:00:00")
    save(page)
    expect(page.locator(".messagelist .success")).to_contain_text("It unpublishes on 4 December")
    expect(page.locator(".field-state")).to_contain_text("Published · unpublishes on 4 Dec 2099")
    assert Article.objects.get(pk=article.pk).expires_at.year == 2099
    assert axe_violations(page) == []
