"""The demo article's featured image: an abstract illustration drawn with Pillow.

Railway tracks run towards a low sun under a dusk sky crossed by map lines and signal rings,
in keeping with the story (a leader's train journey to a summit). Drawn from a fixed seed, so
every install gets the same picture, and nothing is downloaded.
"""

import io
import random

from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 1920, 1080
HORIZON = int(HEIGHT * 0.62)
SUN = (int(WIDTH * 0.5), HORIZON + 10, 150)  # centre x, centre y, radius
SKY = [(0.0, (9, 20, 48)), (0.55, (52, 38, 92)), (0.85, (184, 72, 62)), (1.0, (247, 161, 84))]
GROUND = [(0.0, (40, 24, 38)), (1.0, (10, 10, 18))]
SEED = 1953


def demo_illustration() -> bytes:
    """The illustration as JPEG bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT))
    image.paste(gradient(SKY, WIDTH, HORIZON), (0, 0))
    image.paste(gradient(GROUND, WIDTH, HEIGHT - HORIZON), (0, HORIZON))
    rng = random.Random(SEED)  # noqa: S311 - a fixed seed draws the same picture every time
    for overlay in (stars(rng), map_lines(), sun_glow(), signal_rings(), railway()):
        image.paste(overlay, (0, 0), overlay)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92)
    return buffer.getvalue()


def gradient(stops, width, height) -> Image.Image:
    """A vertical gradient through (position, colour) stops."""
    column = Image.new("RGB", (1, height))
    for y in range(height):
        column.putpixel((0, y), colour_at(stops, y / max(1, height - 1)))
    return column.resize((width, height))


def colour_at(stops, position):
    for (start, low), (end, high) in zip(stops, stops[1:], strict=False):
        if position <= end:
            share = (position - start) / (end - start)
            return tuple(round(a + (b - a) * share) for a, b in zip(low, high, strict=True))
    return stops[-1][1]


def layer() -> tuple[Image.Image, ImageDraw.ImageDraw]:
    canvas = Image.new("RGBA", (WIDTH, HEIGHT), (0, 0, 0, 0))
    return canvas, ImageDraw.Draw(canvas)


def stars(rng: random.Random) -> Image.Image:
    canvas, draw = layer()
    for _ in range(260):
        x, y = rng.randrange(WIDTH), rng.randrange(int(HORIZON * 0.7))
        radius = rng.choice((1, 1, 1, 2))
        alpha = rng.randrange(90, 230)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(255, 244, 220, alpha))
    return canvas


def map_lines() -> Image.Image:
    """Curved parallels and meridians, as on a globe seen edge-on."""
    canvas, draw = layer()
    for step in range(1, 9):
        inset = step * 110
        box = (
            -WIDTH // 2 + inset,
            HORIZON - 900 + step * 60,
            WIDTH * 3 // 2 - inset,
            HORIZON + 700,
        )
        draw.arc(box, 180, 360, fill=(170, 190, 255, 38), width=2)
    for x in range(-400, WIDTH + 400, 160):
        draw.line((x, 0, SUN[0] + (x - SUN[0]) // 3, HORIZON), fill=(170, 190, 255, 28), width=2)
    return canvas


def sun_glow() -> Image.Image:
    x, y, radius = SUN
    glow, draw = layer()
    draw.ellipse(
        (x - radius * 2, y - radius * 2, x + radius * 2, y + radius * 2), fill=(255, 170, 90, 120)
    )
    glow = glow.filter(ImageFilter.GaussianBlur(90))
    disc, draw = layer()
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(255, 224, 170, 255))
    draw.rectangle((0, HORIZON, WIDTH, HEIGHT), fill=(0, 0, 0, 0))
    return Image.alpha_composite(glow, disc)


def signal_rings() -> Image.Image:
    """Rings spreading from two points on the horizon and overlapping over the sun."""
    canvas, draw = layer()
    for centre_x, colour in ((WIDTH * 0.3, (120, 170, 255)), (WIDTH * 0.7, (255, 120, 110))):
        for ring in range(1, 7):
            radius = ring * 95
            box = (centre_x - radius, HORIZON - radius, centre_x + radius, HORIZON + radius)
            draw.arc(box, 180, 360, fill=(*colour, 150 - ring * 20), width=3)
    return canvas


def railway() -> Image.Image:
    """Two rails and their sleepers converging on the sun."""
    canvas, draw = layer()
    vanishing_x = SUN[0]
    depth = 1.0
    while depth > 0.02:
        y = HORIZON + (HEIGHT - HORIZON) * depth
        half = 0.36 * WIDTH * depth
        thickness = max(1, round(14 * depth))
        draw.rectangle(
            (vanishing_x - half, y - thickness, vanishing_x + half, y), fill=(90, 60, 60, 220)
        )
        depth *= 0.8
    for side in (-1, 1):
        end_x = vanishing_x + side * 0.32 * WIDTH
        draw.line((vanishing_x, HORIZON, end_x, HEIGHT), fill=(230, 210, 200, 230), width=6)
    return canvas
