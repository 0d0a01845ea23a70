import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from pages.models import Page
from tests.factories import PageFactory

pytestmark = pytest.mark.django_db


def test_a_page_answers_at_its_slug():
    assert PageFactory(slug="about").get_absolute_url() == "/about/"


def test_a_page_under_another_answers_below_it():
    about = PageFactory(slug="about")
    team = PageFactory(slug="team", parent=about)
    assert team.path == "about/team"
    assert team.get_absolute_url() == "/about/team/"


def test_a_new_slug_moves_every_page_below():
    about = PageFactory(slug="about")
    team = PageFactory(slug="team", parent=about)
    ana = PageFactory(slug="ana", parent=team)
    about.slug = "company"
    about.save()
    team.refresh_from_db()
    ana.refresh_from_db()
    assert (team.get_absolute_url(), ana.get_absolute_url()) == (
        "/company/team/",
        "/company/team/ana/",
    )


def test_a_new_parent_moves_every_page_below():
    about, help_page = PageFactory(slug="about"), PageFactory(slug="help")
    team = PageFactory(slug="team", parent=about)
    ana = PageFactory(slug="ana", parent=team)
    team.parent = help_page
    team.save()
    ana.refresh_from_db()
    assert ana.path == "help/team/ana"


def test_a_page_cannot_be_placed_under_a_page_below_it():
    about = PageFactory(slug="about")
    team = PageFactory(slug="team", parent=about)
    about.parent = team
    with pytest.raises(ValidationError) as refused:
        about.full_clean()
    assert "under itself or a page below it" in str(refused.value.message_dict["parent"])
    with pytest.raises(ValidationError):
        about.save()
    about.refresh_from_db()
    assert about.parent is None


def test_a_page_cannot_be_its_own_parent():
    about = PageFactory(slug="about")
    about.parent = about
    with pytest.raises(ValidationError):
        about.full_clean()
    with pytest.raises(IntegrityError):
        Page.objects.filter(pk=about.pk).update(parent=about)


@pytest.mark.parametrize(
    "slug",
    ["admin", "articles", "tags", "authors", "search", "preview", "archive", "feed",
     "corrections", "comments", "media", "static", "category", "tag", "author", "2024"],
)  # fmt: skip
def test_a_top_level_page_cannot_take_an_address_of_the_site(slug):
    page = PageFactory.build(slug=slug, author=PageFactory().author)
    with pytest.raises(ValidationError) as refused:
        page.full_clean()
    assert f"“{slug}” is taken by the site's own addresses" in refused.value.message_dict["slug"][0]


def test_the_admin_address_is_refused_wherever_it_was_moved(settings):
    settings.ADMIN_URL = "newsroom-desk/"
    page = PageFactory.build(slug="newsroom-desk", author=PageFactory().author)
    with pytest.raises(ValidationError):
        page.full_clean()


def test_a_page_below_another_may_use_a_site_word_as_its_slug():
    about = PageFactory(slug="about")
    PageFactory.build(slug="archive", parent=about, author=about.author).full_clean()


def test_two_pages_cannot_share_an_address():
    about = PageFactory(slug="about")
    PageFactory(slug="team", parent=about)
    twin = PageFactory.build(slug="team", parent=about, author=about.author)
    with pytest.raises(ValidationError) as refused:
        twin.full_clean()
    assert refused.value.message_dict["slug"] == [
        "Another page already has the address /about/team/."
    ]


def test_the_same_slug_under_two_parents_is_two_addresses():
    PageFactory(slug="team", parent=PageFactory(slug="about"))
    help_page = PageFactory(slug="help")
    other = PageFactory.build(slug="team", parent=help_page, author=help_page.author)
    other.full_clean()


def test_published_pages_under_a_draft_are_not_published():
    about = PageFactory(slug="about", status=Page.Status.DRAFT)
    team = PageFactory(slug="team", parent=about)
    contact = PageFactory(slug="contact")
    assert list(Page.objects.published()) == [contact]
    assert not team.is_published()
    about.status = Page.Status.PUBLISHED
    about.save()
    assert set(Page.objects.published()) == {about, team, contact}
    assert team.is_published()


def test_a_draft_is_not_published():
    draft = PageFactory(status=Page.Status.DRAFT)
    assert not draft.is_published()
    assert not Page.objects.published().exists()


def test_publishing_dates_the_first_publication():
    page = PageFactory(status=Page.Status.DRAFT)
    assert page.published_at is None
    page.status = Page.Status.PUBLISHED
    page.save()
    first = page.published_at
    assert first is not None
    page.save()
    assert page.published_at == first


def test_the_body_is_cleaned_when_saved():
    page = PageFactory(body='<p>Hello</p><script>alert("x")</script><p onclick="x()">there</p>')
    page.refresh_from_db()
    assert "<script" not in page.body
    assert "onclick" not in page.body
    assert "Hello" in page.body


def test_the_meta_description_falls_back_to_the_start_of_the_body():
    assert PageFactory(body="<p>We write about harbours.</p>").meta_description() == (
        "We write about harbours."
    )
    assert PageFactory(seo_description="Who we are.").meta_description() == "Who we are."
