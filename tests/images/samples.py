"""Image files for tests, good and hostile, made in memory."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

GPS = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (51.0, 30.0, 26.0),
    ExifTags.GPS.GPSLongitudeRef: "W",
    ExifTags.GPS.GPSLongitude: (0.0, 7.0, 39.0),
}
ROTATE_90 = 6  # EXIF orientation: the camera was turned; viewers rotate 90° clockwise
APPENDED = b"<html><script>alert('appended')</script></html>"


def picture(width=800, height=600, mode="RGB") -> Image.Image:
    """A picture with detail in it (a gradient with a bar), not a flat colour."""
    image = Image.linear_gradient("L").resize((width, height)).convert(mode)
    image.paste("red" if mode != "L" else 128, (width // 4, height // 3, width // 2, height // 2))
    if mode == "RGBA":
        image.putalpha(Image.linear_gradient("L").rotate(90).resize((width, height)))
    return image


def encoded(image: Image.Image, image_format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def jpeg(width=800, height=600, **options) -> bytes:
    return encoded(picture(width, height), "JPEG", **options)


def png(width=800, height=600, mode="RGB") -> bytes:
    return encoded(picture(width, height, mode), "PNG")


def gif(width=800, height=600) -> bytes:
    return encoded(picture(width, height), "GIF")


def webp(width=800, height=600, mode="RGB") -> bytes:
    return encoded(picture(width, height, mode), "WEBP")


def jpeg_from_a_phone(width=600, height=400) -> bytes:
    """A JPEG as phones make them: GPS position, orientation, a comment and XMP."""
    image = picture(width, height)
    exif = image.getexif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = ROTATE_90
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(GPS)
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description city="London"/></x:xmpmeta>'
    return encoded(image, "JPEG", exif=exif, comment=b"shot at home", xmp=xmp)


def camera_mpo(width=640, height=480) -> bytes:
    """A camera JPEG carrying a second picture (Pillow calls the format MPO)."""
    return encoded(
        picture(width, height), "MPO", save_all=True, append_images=[picture(width, height)]
    )


def png_chunk(kind: bytes, data: bytes) -> bytes:
    checksum = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", checksum)


def bomb_png(width=10_000, height=10_000) -> bytes:
    """A valid black-and-white PNG of width × height pixels that compresses to a few KB."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1 bit per pixel, greyscale
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte, then the pixels
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", data)
        + png_chunk(b"IEND", b"")
    )


def psd(width=32, height=32) -> bytes:
    """A minimal Photoshop file (Pillow reads these, so only the allow-list keeps them out)."""
    header = b"8BPS" + struct.pack(">H6xHIIHH", 1, 3, height, width, 8, 3)
    sections = struct.pack(">III", 0, 0, 0)  # colour mode data, resources, layers: all empty
    return header + sections + struct.pack(">H", 0) + b"\x80" * (3 * width * height)


FOREIGN_FORMATS = {
    "TIFF": lambda: encoded(picture(64, 64), "TIFF"),
    "BMP": lambda: encoded(picture(64, 64), "BMP"),
    "ICO": lambda: encoded(picture(64, 64), "ICO"),
    "PSD": psd,
    "PDF": lambda: encoded(picture(64, 64), "PDF"),
    "SVG": lambda: (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b"<script>alert(1)</script></svg>"
    ),
    "HTML": lambda: b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
}


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image
