"""Images inside imported post bodies: copied from the --media folder, or dropped and reported."""

import io
import re
import shutil

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image

from articles.models import Article
from pages.models import Page
from tests.factories import ArticleFactory
from tests.images import samples
from tests.transfer.exports import export, item, write
from transfer.wordpress import import_wordpress

pytestmark = pytest.mark.django_db

UPLOADS = "https://old.example.com/wp-content/uploads"
CAPTIONED = (
    '[caption id="attachment_50" align="aligncenter" width="300"]'
    f'<a href="{UPLOADS}/2014/05/harbour.jpg"><img class="size-medium wp-image-50"'
    f' src="{UPLOADS}/2014/05/harbour-300x200.jpg" alt="Boats in the harbour" width="300"'
    ' height="200" /></a> The harbour at dawn[/caption]'
)


def uploads(tmp_path, files):
    media = tmp_path / "uploads"
    media.mkdir(exist_ok=True)
    for name, data in files.items():
        (media / name).parent.mkdir(parents=True, exist_ok=True)
        (media / name).write_bytes(data)
    return media


def run(tmp_path, *posts, media=None, name="export.xml", **options):
    return import_wordpress(write(tmp_path, export(*posts), name), media=media, **options)


def body(slug="post-1"):
    return Article.objects.get(slug=slug).body


def stored_files():
    folders, files = default_storage.listdir("images/body")
    return files


def shown(src):
    """The stored image an address of this site's media names."""
    with default_storage.open(src.removeprefix("/media/")) as handle, Image.open(handle) as image:
        return image.size


def test_a_caption_becomes_a_figure_with_the_image_copied_into_the_sites_media(tmp_path):
    media = uploads(tmp_path, {"2014/05/harbour.jpg": samples.jpeg(800, 600)})
    report = run(tmp_path, item(1, content=f"<p>Before.</p>{CAPTIONED}"), media=media)
    figure = re.fullmatch(
        r'<p>Before\.</p><figure><img src="(/media/images/body/\w+\.jpg)" alt="Boats in the '
        r'harbour" width="800" height="600" loading="lazy"><figcaption>The harbour at dawn'
        r"</figcaption></figure>",
        body(),
    )
    assert figure, body()
    assert shown(figure.group(1)) == (800, 600)  # the original, since no sized copy was there
    assert report.total("body image", "imported") == 1


def test_a_sized_copy_in_the_media_folder_is_used_when_it_is_there(tmp_path):
    media = uploads(
        tmp_path,
        {
            "2014/05/harbour.jpg": samples.jpeg(800, 600),
            "2014/05/harbour-300x200.jpg": samples.jpeg(300, 200),
        },
    )
    run(tmp_path, item(1, content=CAPTIONED), media=media)
    src = re.search(r'src="([^"]+)"', body()).group(1)
    assert shown(src) == (300, 200)


def test_a_plain_image_in_a_post_is_copied_and_keeps_its_alt_text(tmp_path):
    media = uploads(tmp_path, {"2020/01/light.png": samples.png(40, 30)})
    content = f'Look.\n\n<img src="{UPLOADS}/2020/01/light.png" alt="A lighthouse">'
    run(tmp_path, item(1, content=content), media=media)
    assert re.fullmatch(
        r'<p>Look\.</p><p><img src="/media/images/body/\w+\.png" alt="A lighthouse" width="40"'
        r' height="30" loading="lazy"></p>',
        body(),
    ), body()


def test_an_image_of_a_wordpress_com_blog_is_read_from_the_media_folder_too(tmp_path):
    media = uploads(tmp_path, {"2020/01/light.png": samples.png(40, 30)})
    content = (
        '<p><img src="https://oldblog.files.wordpress.com/2020/01/light.png?w=300" alt=""></p>'
    )
    report = run(tmp_path, item(1, content=content), media=media)
    assert re.fullmatch(r'<p><img src="/media/images/body/\w+\.png" alt="" [^>]+></p>', body())
    assert report.total("body image", "imported") == 1


def test_a_missing_or_broken_image_is_dropped_the_caption_kept_and_both_listed(tmp_path):
    media = uploads(tmp_path, {"2014/05/broken.jpg": b"not an image"})
    content = f'{CAPTIONED}<p><img src="{UPLOADS}/2014/05/broken.jpg" alt="x"></p>'
    report = run(tmp_path, item(1, content=content), media=media)
    assert body() == "<figure><figcaption>The harbour at dawn</figcaption></figure><p></p>"
    reasons = {why for kind, why in report.reasons if kind == "body image"}
    assert "missing from the media folder: 2014/05/harbour-300x200.jpg" in reasons
    assert any(why.startswith("refused") and why.endswith("2014/05/broken.jpg") for why in reasons)
    assert "body image: missing from the media folder: 2014/05/harbour-300x200.jpg: 1" in (
        report.table()
    )


def test_an_image_used_twice_or_imported_again_is_stored_once(tmp_path):
    media = uploads(tmp_path, {"2014/05/harbour.jpg": samples.jpeg()})
    posts = [item(1, content=CAPTIONED), item(2, content=CAPTIONED)]
    run(tmp_path, *posts, media=media)
    first = body("post-1")
    assert first == body("post-2")
    assert len(stored_files()) == 1
    again = run(tmp_path, *posts, media=media, name="again.xml")
    assert len(stored_files()) == 1
    assert body("post-1") == first
    assert again.total("post", "unchanged") == 2
    assert again.total("body image", "unchanged") == 1


def test_without_a_media_folder_body_images_are_dropped_and_reported(tmp_path):
    report = run(tmp_path, item(1, content=CAPTIONED))
    assert body() == "<figure><figcaption>The harbour at dawn</figcaption></figure>"
    assert report.reasons[("body image", "no --media folder given")] == 1
    assert not default_storage.exists("images/body")


def test_an_image_from_another_site_is_not_fetched_but_dropped_and_reported(tmp_path):
    media = uploads(tmp_path, {})
    content = '<p>A <img src="https://elsewhere.example/cat.jpg" alt="cat"> here.</p>'
    report = run(tmp_path, item(1, content=content), media=media)
    assert body() == "<p>A  here.</p>"
    assert (
        report.reasons[
            ("body image", "not an upload of the exported site: https://elsewhere.example/cat.jpg")
        ]
        == 1
    )


def test_an_image_path_outside_the_media_folder_is_not_read(tmp_path):
    (tmp_path / "secret.png").write_bytes(samples.png())
    media = uploads(tmp_path, {})
    content = f'<p><img src="{UPLOADS}/../../secret.png" alt=""></p>'
    report = run(tmp_path, item(1, content=content), media=media)
    assert "<img" not in body()
    assert report.total("body image", "skipped") == 1


def test_images_in_pages_are_copied_too(tmp_path):
    media = uploads(tmp_path, {"2014/05/harbour.jpg": samples.jpeg()})
    run(tmp_path, item(7, post_type="page", slug="about", content=CAPTIONED), media=media)
    assert re.search(r'<figure><img src="/media/images/body/\w+\.jpg"', Page.objects.get().body)


def test_a_dry_run_reads_no_image_and_stores_nothing(tmp_path):
    media = uploads(tmp_path, {"2014/05/harbour.jpg": samples.jpeg()})
    report = run(tmp_path, item(1, content=CAPTIONED), media=media, dry_run=True)
    assert not Article.objects.exists()
    assert report.reasons[("body image", "dry run: files not read")] == 1
    assert not default_storage.exists("images/body")


def test_an_exported_figure_imports_back_the_same(tmp_path, settings):
    settings.SITE_URL = "https://news.example.org/"
    stored = default_storage.save("images/2026/01/quay.png", ContentFile(samples.png(64, 48)))
    figure = (
        '<figure class="figure"><img src="/media/{}" alt="The quay" width="64" height="48"'
        ' loading="lazy"><figcaption class="figure-caption">The quay at dawn</figcaption>'
        "</figure><p>Text.</p>"
    )
    ArticleFactory(slug="quay", body=figure.format(stored))
    export = tmp_path / "site.xml"
    call_command("export_wordpress", output=str(export), stderr=io.StringIO())
    assert f'src="https://news.example.org/media/{stored}"' in export.read_text()
    media = shutil.copytree(default_storage.location, tmp_path / "uploads")
    Article.objects.all().delete()

    report = import_wordpress(export, media=media)
    imported = body("quay")
    src = re.search(r'src="/media/([^"]+)"', imported).group(1)
    assert imported == figure.format(src)
    assert src != stored and shown(f"/media/{src}") == (64, 48)
    assert report.total("body image", "imported") == 1
