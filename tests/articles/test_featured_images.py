"""Featured images on articles: what is stored, and how pages show them."""

import re
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import IntegrityError, transaction
from django.urls import reverse
from PIL import Image

from tests.factories import ArticleFactory
from tests.images import samples

pytestmark = pytest.mark.django_db


def tag(page: str, name: str) -> list[str]:
    return re.findall(rf"<{name}\b[^>]*>", page)


def test_image_assigned_in_code_is_re_encoded_under_a_generated_name():
    hostile = ContentFile(samples.jpeg_from_a_phone() + samples.APPENDED, name="../../x.jpg")
    article = ArticleFactory(image=hostile, image_alt="A test picture")
    assert re.fullmatch(r"images/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", article.image.name)
    with article.image.open() as file:
        data = file.read()
    assert b"<script>" not in data
    assert not samples.opened(data).getexif()


def test_database_refuses_an_image_without_alt_text():
    with pytest.raises(IntegrityError):
        ArticleFactory(with_image=True, image_alt="")


def test_saving_again_keeps_the_renditions():
    article = ArticleFactory(with_image=True)
    renditions = article.image_renditions
    article.title = "A new title"
    article.save()
    assert article.image_renditions == renditions


def test_social_image_url_points_at_the_1200_by_630_card():
    article = ArticleFactory(with_image=True)
    url = article.social_image_url()
    assert url == "/media/" + article.image_renditions["social"]["name"]
    with article.image.storage.open(article.image_renditions["social"]["name"]) as file:
        assert samples.opened(file.read()).size == (1200, 630)


def test_social_image_url_is_none_without_an_image():
    assert ArticleFactory().social_image_url() is None


def test_deleting_an_article_removes_its_image_files(
    media_root, django_capture_on_commit_callbacks
):
    article = ArticleFactory(with_image=True)
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert not [p for p in media_root.rglob("*") if p.is_file()]


def test_article_page_leads_with_a_responsive_picture(client):
    article = ArticleFactory(with_image=True, image_alt="Boats at the harbour wall")
    page = client.get(article.get_absolute_url()).content.decode()
    [source] = tag(page, "source")
    webp = article.image_renditions["webp"]
    assert 'type="image/webp"' in source
    srcset = ", ".join(f"/media/{entry['name']} {entry['width']}w" for entry in webp)
    assert f'srcset="{srcset}"' in source
    assert [entry["width"] for entry in webp] == [480, 960, 1200]
    assert 'sizes="(min-width: 42rem) 40rem, calc(100vw - 2rem)"' in source
    [img] = tag(page, "img")
    fallback = article.image_renditions["fallback"]
    assert f'src="/media/{fallback["name"]}"' in img
    assert 'width="960" height="640"' in img
    assert 'alt="Boats at the harbour wall"' in img


def test_article_lead_image_is_fetched_first_not_lazily(client):
    article = ArticleFactory(with_image=True)
    [img] = tag(client.get(article.get_absolute_url()).content.decode(), "img")
    assert 'fetchpriority="high"' in img
    assert "loading=" not in img


def test_article_page_shows_caption_and_credit_under_the_image(client):
    article = ArticleFactory(
        with_image=True, image_caption="Dawn at the quay.", image_credit="Photo: Jo Lee"
    )
    page = client.get(article.get_absolute_url()).content.decode()
    figcaption = re.search(r"<figcaption>(.*?)</figcaption>", page, re.S).group(1)
    assert "Dawn at the quay." in figcaption
    assert "Photo: Jo Lee" in figcaption


def test_alt_text_and_caption_are_escaped(client):
    article = ArticleFactory(
        with_image=True, image_alt='"><script>x</script>', image_caption="<b>hi</b>"
    )
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<script>x" not in page
    assert "<b>hi</b>" not in page


def test_article_without_image_has_no_picture(client):
    page = client.get(ArticleFactory().get_absolute_url()).content.decode()
    assert "<picture>" not in page
    assert "<figure" not in page


def test_index_shows_a_small_lazy_rendition_beside_each_summary(client):
    ArticleFactory(with_image=True, image_alt="Boats at the harbour wall")
    ArticleFactory(title="No picture here")
    page = client.get(reverse("articles:index")).content.decode()
    [source] = tag(page, "source")
    assert 'sizes="(min-width: 42rem) 12rem, 30vw"' in source
    [img] = tag(page, "img")
    assert 'loading="lazy"' in img
    assert "fetchpriority" not in img
    assert 'alt="Boats at the harbour wall"' in img
    assert re.search(r'width="\d+" height="\d+"', img)


def test_pages_with_images_open_no_image_file(client):
    article = ArticleFactory(with_image=True)
    opened = AssertionError("a page request opened an image file")
    with (
        mock.patch.object(Image, "open", side_effect=opened) as image_open,
        mock.patch.object(FileSystemStorage, "open", side_effect=opened) as storage_open,
    ):
        for url in (article.get_absolute_url(), reverse("articles:index")):
            assert client.get(url).status_code == 200
    image_open.assert_not_called()
    storage_open.assert_not_called()


def test_failed_save_keeps_the_old_image_and_removes_the_new_files(
    media_root, django_capture_on_commit_callbacks
):
    taken = ArticleFactory()
    article = ArticleFactory(with_image=True)
    old_files = sorted(p for p in media_root.rglob("*") if p.is_file())
    article.image = ContentFile(samples.png(1200, 800), name="new.png")
    article.slug = taken.slug
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(IntegrityError),
        transaction.atomic(),
    ):
        article.save()
    assert sorted(p for p in media_root.rglob("*") if p.is_file()) == old_files
    article.refresh_from_db()
    assert article.image.name.endswith(".jpg")
