import pytest
from django.core.files.storage import default_storage

from images import renditions, uploads
from tests.images import samples


def stored(data: bytes) -> str:
    prepared = uploads.prepare(samples.upload(data))
    return default_storage.save(f"images/{prepared.name}", prepared)


def built(data: bytes) -> dict:
    return renditions.build(default_storage, stored(data))


def file_of(entry: dict):
    with default_storage.open(entry["name"]) as file:
        return samples.opened(file.read())


def test_large_image_gets_webp_renditions_480_960_and_1600_wide():
    metadata = built(samples.jpeg(2400, 1600))
    assert [(e["width"], e["height"]) for e in metadata["webp"]] == [
        (480, 320),
        (960, 640),
        (1600, 1067),
    ]
    for entry in metadata["webp"]:
        image = file_of(entry)
        assert image.format == "WEBP"
        assert image.size == (entry["width"], entry["height"])


def test_renditions_are_never_wider_than_the_image():
    metadata = built(samples.jpeg(700, 350))
    assert [e["width"] for e in metadata["webp"]] == [480, 700]
    assert metadata["fallback"]["width"] == 700
    assert file_of(metadata["webp"][-1]).size == (700, 350)


def test_widths_follow_the_setting(settings):
    settings.IMAGE_WIDTHS = [320, 640]
    assert [e["width"] for e in built(samples.jpeg(2000, 1000))["webp"]] == [320, 640]


@pytest.mark.parametrize(
    ("sample", "fallback_format"),
    [
        (samples.jpeg, "JPEG"),
        (samples.png, "PNG"),
        (samples.gif, "GIF"),
        (samples.webp, "JPEG"),
    ],
    ids=["jpeg", "png", "gif", "webp"],
)
def test_fallback_is_in_the_original_format_or_jpeg_for_webp(sample, fallback_format):
    metadata = built(sample(1200, 800))
    fallback = file_of(metadata["fallback"])
    assert fallback.format == fallback_format
    assert fallback.size == (960, 640)


def test_fallback_of_a_transparent_webp_is_png():
    metadata = built(samples.webp(600, 400, mode="RGBA"))
    assert file_of(metadata["fallback"]).format == "PNG"


def test_social_card_is_a_1200_by_630_jpeg():
    metadata = built(samples.jpeg(2000, 2000))
    card = file_of(metadata["social"])
    assert (card.format, card.size) == ("JPEG", (1200, 630))
    assert (metadata["social"]["width"], metadata["social"]["height"]) == (1200, 630)


def test_social_card_of_a_small_image_keeps_the_shape_without_upscaling():
    card = file_of(built(samples.jpeg(600, 600))["social"])
    assert card.size == (600, 315)


def test_renditions_carry_no_metadata_or_appended_bytes():
    metadata = built(samples.jpeg_from_a_phone() + samples.APPENDED)
    entries = [*metadata["webp"], metadata["fallback"], metadata["social"]]
    for entry in entries:
        with default_storage.open(entry["name"]) as file:
            data = file.read()
        assert b"<script>" not in data
        assert not samples.opened(data).getexif()


def test_renditions_are_named_after_their_image_and_sit_beside_it():
    source = stored(samples.jpeg(1000, 500))
    metadata = renditions.build(default_storage, source)
    stem = source.removesuffix(".jpg")
    assert metadata["source"] == source
    assert metadata["webp"][0]["name"].startswith(stem + "-")
    assert metadata["webp"][0]["name"].endswith("-480w.webp")
    assert metadata["social"]["name"].endswith("-social.jpg")


def test_building_again_gives_new_names_so_cached_copies_are_never_reused():
    source = stored(samples.jpeg(1000, 500))
    first = renditions.build(default_storage, source)
    second = renditions.build(default_storage, source)
    assert first["webp"][0]["name"] != second["webp"][0]["name"]


def test_failed_build_leaves_no_renditions_behind(monkeypatch):
    source = stored(samples.jpeg(1000, 500))
    before = set(default_storage.listdir("images")[1])

    def broken_card(image):
        raise OSError("disk full")

    monkeypatch.setattr(renditions, "social_card", broken_card)
    with pytest.raises(OSError):
        renditions.build(default_storage, source)
    assert set(default_storage.listdir("images")[1]) == before


def test_picture_is_built_from_metadata_with_urls_and_srcset():
    metadata = built(samples.jpeg(2000, 1000))
    picture = renditions.Picture.from_metadata(metadata, default_storage)
    assert picture.srcset == ", ".join(
        f"/media/{e['name']} {e['width']}w" for e in metadata["webp"]
    )
    assert picture.fallback.url == f"/media/{metadata['fallback']['name']}"
    assert renditions.Picture.from_metadata({}, default_storage) is None
