import io
import re
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from PIL import ExifTags, Image, ImageCms, ImageFile

from images import uploads
from tests.images import samples

ACCEPTED = {
    "JPEG": samples.jpeg,
    "PNG": samples.png,
    "GIF": samples.gif,
    "WEBP": samples.webp,
}


def refusal(data: bytes, **upload_options) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        uploads.prepare(samples.upload(data, **upload_options))
    return caught.value


@pytest.mark.parametrize("image_format", ACCEPTED)
def test_accepted_format_is_stored_in_its_own_format(image_format):
    prepared = uploads.prepare(samples.upload(ACCEPTED[image_format](), name="upload.bin"))
    assert samples.opened(prepared.read()).format == image_format
    assert prepared.name.endswith("." + uploads.EXTENSIONS[image_format])


@pytest.mark.parametrize("foreign_format", samples.FOREIGN_FORMATS)
def test_file_that_is_not_jpeg_png_gif_or_webp_is_refused_whatever_its_name(foreign_format):
    error = refusal(samples.FOREIGN_FORMATS[foreign_format](), name="holiday.jpg")
    assert error.code == "unsupported"
    assert "not a JPEG, PNG, GIF or WebP image" in error.messages[0]


def test_camera_jpeg_with_a_second_picture_is_accepted_as_jpeg():
    prepared = uploads.prepare(samples.upload(samples.camera_mpo()))
    assert prepared.image_format == "JPEG"
    assert samples.opened(prepared.read()).format == "JPEG"


def test_png_declaring_ten_thousand_pixels_square_is_refused_before_decoding():
    bomb = samples.bomb_png(10_000, 10_000)
    assert len(bomb) < 13_000
    with mock.patch.object(ImageFile.ImageFile, "load") as load:
        error = refusal(bomb, name="small.png")
    load.assert_not_called()
    assert error.code == "too_many_pixels"
    assert "more than 40 megapixels" in error.messages[0]


def test_image_just_over_our_ceiling_is_refused_where_pillow_would_only_warn():
    # Pillow itself only warns up to twice its limit; 41 megapixels is within that range.
    with mock.patch.object(ImageFile.ImageFile, "load") as load:
        error = refusal(samples.bomb_png(6_404, 6_404), name="small.png")
    load.assert_not_called()
    assert error.code == "too_many_pixels"


def test_pixel_ceiling_is_a_setting(settings):
    settings.IMAGE_MAX_PIXELS = 100_000
    assert refusal(samples.png(400, 300)).code == "too_many_pixels"
    uploads.prepare(samples.upload(samples.png(300, 300)))


def test_truncated_image_is_refused():
    whole = samples.jpeg(800, 600)
    error = refusal(whole[: len(whole) // 2])
    assert error.code == "damaged"
    assert "damaged or incomplete" in error.messages[0]


def test_png_with_corrupt_pixel_data_is_refused():
    whole = bytearray(samples.png(300, 200))
    start = whole.index(b"IDAT") + 20
    whole[start : start + 40] = b"\xff" * 40
    assert refusal(bytes(whole), name="photo.png").code == "damaged"


def test_file_over_the_upload_limit_is_refused_with_both_sizes(settings):
    settings.IMAGE_MAX_UPLOAD_SIZE = 50 * 1024
    error = refusal(samples.jpeg(2000, 1500, quality=95))
    assert error.code == "too_large"
    assert re.search(
        r"This file is [\d.]+\xa0KB; images can be at most 50\.0\xa0KB", error.messages[0]
    )


def test_default_upload_limit_is_ten_megabytes():
    oversized = samples.upload(b"\0" * (10 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError) as caught:
        uploads.prepare(oversized)
    assert caught.value.code == "too_large"
    assert "at most 10.0\xa0MB" in caught.value.messages[0]


def test_stored_jpeg_carries_no_gps_position_or_other_exif():
    original = samples.jpeg_from_a_phone()
    assert samples.opened(original).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    stored = uploads.prepare(samples.upload(original)).read()
    image = samples.opened(stored)
    assert not image.getexif()
    assert "exif" not in image.info
    assert b"Exif\0\0" not in stored
    assert b"PhoneMaker" not in stored


def test_stored_jpeg_carries_no_comment_or_xmp():
    stored = uploads.prepare(samples.upload(samples.jpeg_from_a_phone())).read()
    image = samples.opened(stored)
    assert "comment" not in image.info
    assert "xmp" not in image.info
    assert b"shot at home" not in stored
    assert b"London" not in stored


def test_orientation_is_applied_before_the_metadata_goes():
    prepared = uploads.prepare(samples.upload(samples.jpeg_from_a_phone(600, 400)))
    assert prepared.dimensions == (400, 600)
    assert samples.opened(prepared.read()).size == (400, 600)


def test_png_text_chunks_are_not_stored():
    from PIL import PngImagePlugin

    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "Jane at 12 Home Street")
    original = samples.encoded(samples.picture(200, 100), "PNG", pnginfo=text)
    stored = uploads.prepare(samples.upload(original, name="a.png")).read()
    assert b"Home Street" not in stored
    assert not samples.opened(stored).text


def test_colour_profile_is_applied_and_not_stored():
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    original = samples.encoded(samples.picture(200, 100), "JPEG", icc_profile=profile)
    stored = samples.opened(uploads.prepare(samples.upload(original)).read())
    assert "icc_profile" not in stored.info


@pytest.mark.parametrize("image_format", ACCEPTED)
def test_bytes_appended_after_the_image_are_not_stored(image_format):
    hostile = ACCEPTED[image_format]() + samples.APPENDED
    stored = uploads.prepare(samples.upload(hostile)).read()
    assert b"<script>" not in stored
    assert b"appended" not in stored


def test_transparency_survives_re_encoding():
    original = samples.png(200, 100, mode="RGBA")
    stored = samples.opened(uploads.prepare(samples.upload(original, name="a.png")).read())
    assert stored.mode == "RGBA"


def test_huge_original_is_stored_no_larger_than_the_big_image_threshold():
    prepared = uploads.prepare(samples.upload(samples.jpeg(5000, 2500)))
    assert prepared.dimensions == (uploads.STORED_MAX_EDGE, uploads.STORED_MAX_EDGE // 2)


@pytest.mark.parametrize(
    "name", ["../../etc/passwd.jpg", "/var/www/x.png", "..\\..\\evil.gif", "a.php"]
)
def test_stored_name_is_generated_and_ignores_the_uploaded_name(name):
    prepared = uploads.prepare(samples.upload(samples.jpeg(), name=name))
    assert re.fullmatch(r"[0-9a-f]{32}\.jpg", prepared.name)


@pytest.mark.parametrize(
    ("image_format", "mode"),
    [("PNG", m) for m in ("1", "L", "LA", "P", "RGBA")] + [("JPEG", "CMYK"), ("JPEG", "L")],
)
def test_image_in_any_colour_mode_of_its_format_is_stored(image_format, mode):
    original = samples.encoded(samples.picture(300, 200).convert(mode), image_format)
    prepared = uploads.prepare(samples.upload(original))
    assert samples.opened(prepared.read()).mode in ("RGB", "RGBA")
    assert prepared.dimensions == (300, 200)


def test_pillow_itself_refuses_images_over_our_ceiling():
    # 49 megapixels is under Pillow's own default limit (about 89), so only our setting stops it.
    with pytest.raises(Image.DecompressionBombWarning):
        Image.open(io.BytesIO(samples.bomb_png(7_000, 7_000)))
