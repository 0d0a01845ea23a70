import pytest
from django.urls import reverse

from pages.models import Page
from tests.factories import PageFactory

pytestmark = pytest.mark.django_db

ADD = reverse("admin:pages_page_add")
LIST = reverse("admin:pages_page_changelist")


def page_form(**overrides):
    """What the admin's page form sends, for a published page unless overridden."""
    data = {
        "title": "About us",
        "slug": "about",
        "parent": "",
        "body": "<h2>Who we are</h2><p>A small newsroom.</p>",
        "seo_description": "",
        "status": "published",
        "menu": "footer",
        "menu_order": "0",
    }
    return data | overrides


def change_url(page):
    return reverse("admin:pages_page_change", args=[page.pk])


def test_an_editor_adds_a_page_readers_then_see(editor_client, editor, client):
    response = editor_client.post(ADD, page_form())
    assert response.status_code == 302
    page = Page.objects.get()
    assert (page.author, page.path, page.is_published()) == (editor, "about", True)
    client.logout()
    assert "A small newsroom." in client.get("/about/").content.decode()


def test_an_editor_edits_a_page(editor_client):
    page = PageFactory(slug="about")
    response = editor_client.post(change_url(page), page_form(title="About the newsroom"))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title == "About the newsroom"


def test_a_script_in_the_body_is_cleaned_and_the_editor_told(editor_client, client):
    body = '<p>Hello</p><script>alert("owned")</script><p><a href="javascript:x()">x</a></p>'
    response = editor_client.post(ADD, page_form(body=body), follow=True)
    page = Page.objects.get()
    assert "script" not in page.body and "javascript:" not in page.body
    messages = [str(message) for message in response.context["messages"]]
    assert any("The body was cleaned when saved" in message for message in messages)
    client.logout()
    html = client.get("/about/").content.decode()
    assert "alert(" not in html and "javascript:" not in html


def test_the_page_form_uses_the_article_editor(editor_client):
    html = editor_client.get(ADD).content.decode()
    assert "prose-editor" in html
    assert 'id="id_slug"' in html and "prepopulated" in html


def test_a_reserved_slug_is_refused_with_a_message_and_nothing_lost(editor_client):
    response = editor_client.post(ADD, page_form(slug="feed"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "is taken by the site&#x27;s own addresses (/feed/)" in html
    assert "A small newsroom." in html
    assert not Page.objects.exists()


def test_a_taken_address_is_refused_with_a_message(editor_client):
    PageFactory(slug="about")
    response = editor_client.post(ADD, page_form())
    assert "Another page already has the address /about/." in response.content.decode()
    assert Page.objects.count() == 1


def test_the_parent_chooser_offers_neither_the_page_nor_those_below(editor_client):
    about, contact = PageFactory(slug="about"), PageFactory(slug="contact", title="Contact")
    team = PageFactory(slug="team", parent=about)
    form = editor_client.get(change_url(about)).context["adminform"].form
    assert list(form.fields["parent"].queryset) == [contact]
    assert form.fields["parent"].label_from_instance(team) == f"/about/team/ · {team.title}"
    response = editor_client.post(change_url(about), page_form(parent=team.pk))
    assert response.status_code == 200
    about.refresh_from_db()
    assert about.parent is None


def test_the_list_shows_address_liveness_and_menu(editor_client):
    about = PageFactory(title="About", slug="about", menu="footer")
    PageFactory(title="Team", slug="team", parent=about, status=Page.Status.DRAFT)
    html = editor_client.get(LIST).content.decode()
    assert "/about/team/" in html and "Footer" in html
    assert 'alt="True"' in html and 'alt="False"' in html
    assert "Team" in editor_client.get(LIST, {"status__exact": "draft"}).content.decode()
    assert (
        "About"
        not in editor_client.get(LIST, {"q": "team"}).content.decode().split('id="result_list"')[1]
    )


def test_a_draft_has_preview_and_a_published_page_view_on_site(editor_client):
    draft = PageFactory(slug="draft", status=Page.Status.DRAFT)
    live = PageFactory(slug="live")
    assert (
        'href="/draft/" class="viewsitelink">Preview'
        in editor_client.get(change_url(draft)).content.decode()
    )
    assert ">View on site</a>" in editor_client.get(change_url(live)).content.decode()


def test_moderators_cannot_change_pages(client, moderator):
    client.force_login(moderator)
    assert client.get(ADD).status_code == 403


def test_an_editor_deletes_a_page(editor_client):
    page = PageFactory(slug="about")
    delete = reverse("admin:pages_page_delete", args=[page.pk])
    assert editor_client.post(delete, {"post": "yes"}).status_code == 302
    assert not Page.objects.exists()


def test_a_page_with_pages_below_is_not_deleted_and_the_editor_is_told_why(editor_client):
    about = PageFactory(slug="about")
    PageFactory(title="The team", slug="team", parent=about)
    delete = reverse("admin:pages_page_delete", args=[about.pk])
    html = editor_client.get(delete).content.decode()
    assert "would require deleting the following protected related objects" in html
    assert "The team" in html
    editor_client.post(delete, {"post": "yes"})
    assert Page.objects.count() == 2
