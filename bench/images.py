"""How long a 12-megapixel JPEG upload takes to check, re-encode and render.

Run with `make bench-images`. Prints figures; it asserts nothing. Files go to a temporary
folder that is removed afterwards.
"""

import io
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import django
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsblog.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

SIZE = (4000, 3000)
RUNS = 3


def photo_like_jpeg() -> bytes:
    """A 12-megapixel JPEG with grain and gradients: it compresses like a photo, not a flat fill."""
    grain = Image.effect_noise(SIZE, 48)
    sky = Image.linear_gradient("L").resize(SIZE)
    light = Image.radial_gradient("L").resize(SIZE)
    image = Image.merge("RGB", (sky, Image.blend(grain, light, 0.6), Image.blend(grain, sky, 0.3)))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def run_once(data: bytes, storage) -> tuple[float, float, dict]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from images import renditions, uploads

    started = time.perf_counter()
    prepared = uploads.prepare(SimpleUploadedFile("photo.jpg", data, content_type="image/jpeg"))
    name = storage.save(f"images/{prepared.name}", prepared)
    checked = time.perf_counter()
    metadata = renditions.build(storage, name)
    return checked - started, time.perf_counter() - checked, metadata


def main():
    with tempfile.TemporaryDirectory() as media_root:
        os.environ["MEDIA_ROOT"] = media_root
        django.setup()
        from django.core.files.storage import default_storage

        data = photo_like_jpeg()
        print(
            f"Upload: {SIZE[0]} × {SIZE[1]} JPEG ({SIZE[0] * SIZE[1] / 1e6:.0f} MP), "
            f"{len(data) / 1e6:.1f} MB"
        )
        totals = []
        for run in range(1, RUNS + 1):
            prepare, build, metadata = run_once(data, default_storage)
            totals.append(prepare + build)
            print(
                f"run {run}: check and re-encode {prepare:.2f} s, renditions {build:.2f} s, "
                f"total {prepare + build:.2f} s"
            )
        print(f"median total: {statistics.median(totals):.2f} s over {RUNS} runs")
        for entry in [*metadata["webp"], metadata["fallback"], metadata["social"]]:
            size = default_storage.size(entry["name"])
            print(
                f"  {Path(entry['name']).name.split('-', 2)[-1]:<14} "
                f"{entry['width']} × {entry['height']}  {size / 1024:.0f} KB"
            )
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory (max RSS): {peak:.0f} MB")


if __name__ == "__main__":
    main()
