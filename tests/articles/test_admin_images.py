"""Featured images through the admin's article form: what editors see when they upload."""

import pytest
from django.urls import reverse

from articles.models import Article
from tests.factories import ArticleFactory
from tests.images import samples

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_article_add")


def form_data(**overrides):
    data = {
        "title": "Harbour reopens",
        "slug": "harbour-reopens",
        "summary": "",
        "body": "<p>Boats are back.</p>",
        "status": Article.Status.DRAFT,
        "published_at_0": "",
        "published_at_1": "",
        "allow_comments": "on",
        "notes-TOTAL_FORMS": "0",
        "notes-INITIAL_FORMS": "0",
        "image_alt": "Fishing boats moored at the harbour wall",
        "image_caption": "",
        "image_credit": "",
    }
    return {**data, **overrides}


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def stored_files(media_root):
    return sorted(p.relative_to(media_root) for p in media_root.rglob("*") if p.is_file())


def assert_refused(response, message, media_root):
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in " ".join(errors.get("image", []))
    assert message in response.content.decode()
    assert stored_files(media_root) == []


def test_editor_uploads_an_image_and_it_is_stored_with_renditions(editor_client, media_root):
    response = editor_client.post(ADD_URL, form_data(image=samples.upload(samples.jpeg(1200, 800))))
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.image_alt == "Fishing boats moored at the harbour wall"
    assert [e["width"] for e in article.image_renditions["webp"]] == [480, 960, 1200]
    assert len(stored_files(media_root)) == 6  # the image, 3 WebP, the fallback, the social card


def test_image_without_alt_text_is_refused_with_the_reason(editor_client, media_root):
    data = form_data(image=samples.upload(samples.jpeg()), image_alt="")
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "readers who cannot see the image rely on it" in errors["image_alt"][0]
    assert not Article.objects.exists()
    assert stored_files(media_root) == []


def test_article_without_image_needs_no_alt_text(editor_client):
    response = editor_client.post(ADD_URL, form_data(image_alt=""))
    assert response.status_code == 302
    assert Article.objects.get().image_renditions == {}


def test_alt_text_field_explains_why_it_is_needed(editor_client):
    page = editor_client.get(ADD_URL).content.decode()
    assert "screen readers read this aloud" in page


@pytest.mark.parametrize("foreign_format", samples.FOREIGN_FORMATS)
def test_upload_in_another_format_is_a_form_error_and_nothing_is_saved(
    editor_client, media_root, foreign_format
):
    data = form_data(image=samples.upload(samples.FOREIGN_FORMATS[foreign_format]()))
    response = editor_client.post(ADD_URL, data)
    assert_refused(response, "not a JPEG, PNG, GIF or WebP image", media_root)
    assert not Article.objects.exists()


def test_decompression_bomb_is_a_form_error(editor_client, media_root):
    data = form_data(image=samples.upload(samples.bomb_png(), name="tiny.png"))
    response = editor_client.post(ADD_URL, data)
    assert_refused(response, "more than 40 megapixels", media_root)


def test_truncated_upload_is_a_form_error(editor_client, media_root):
    whole = samples.jpeg()
    response = editor_client.post(ADD_URL, form_data(image=samples.upload(whole[:3000])))
    assert_refused(response, "damaged or incomplete", media_root)


def test_oversized_upload_is_a_form_error(editor_client, media_root, settings):
    settings.IMAGE_MAX_UPLOAD_SIZE = 10 * 1024
    response = editor_client.post(ADD_URL, form_data(image=samples.upload(samples.jpeg())))
    assert_refused(response, "images can be at most 10.0\xa0KB", media_root)


def test_refused_replacement_keeps_the_current_image(
    editor_client, media_root, django_capture_on_commit_callbacks
):
    article = ArticleFactory(with_image=True, draft=True)
    before = (article.image.name, article.image_renditions, stored_files(media_root))
    data = form_data(title=article.title, slug=article.slug, image=samples.upload(b"GIF89a junk"))
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(change_url(article), data)
    assert response.status_code == 200
    article.refresh_from_db()
    assert (article.image.name, article.image_renditions, stored_files(media_root)) == before


def test_replacing_the_image_removes_the_old_image_and_its_renditions(
    editor_client, media_root, django_capture_on_commit_callbacks
):
    article = ArticleFactory(with_image=True, draft=True)
    old_files = stored_files(media_root)
    data = form_data(
        title=article.title, slug=article.slug, image=samples.upload(samples.png(1200, 800))
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(change_url(article), data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.image.name.endswith(".png")
    remaining = stored_files(media_root)
    assert not set(old_files) & set(remaining)
    assert len(remaining) == 6


def test_clearing_the_image_removes_it_and_its_renditions(
    editor_client, media_root, django_capture_on_commit_callbacks
):
    article = ArticleFactory(with_image=True, draft=True)
    data = form_data(title=article.title, slug=article.slug, **{"image-clear": "on"})
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(change_url(article), data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert not article.image
    assert article.image_renditions == {}
    assert stored_files(media_root) == []


def test_change_form_previews_the_current_image(editor_client):
    article = ArticleFactory(with_image=True)
    page = editor_client.get(change_url(article)).content.decode()
    thumbnail = article.featured_image().smallest
    assert (
        f'<img src="{thumbnail.url}" width="240" height="160" alt="A teal square of colour">'
        in page
    )


def test_add_form_says_there_is_no_image_yet(editor_client):
    assert "No image yet." in editor_client.get(ADD_URL).content.decode()


def test_file_picker_offers_only_accepted_image_types(editor_client):
    page = editor_client.get(ADD_URL).content.decode()
    assert 'accept="image/jpeg,image/png,image/gif,image/webp"' in page


def test_deleting_articles_in_the_admin_removes_their_images(
    editor_client, media_root, django_capture_on_commit_callbacks
):
    articles = ArticleFactory.create_batch(2, with_image=True)
    data = {
        "action": "delete_selected",
        "_selected_action": [a.pk for a in articles],
        "post": "yes",
    }
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(reverse("admin:articles_article_changelist"), data)
    assert not Article.objects.exists()
    assert stored_files(media_root) == []
