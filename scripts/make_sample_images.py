"""Scene recipes → the sample issue's photos (issues/images/*.jpg), drawn with Pillow.

The photos of the real pages cannot be shipped, so each is replaced by a
stylised, deterministic scene on the same subject (CC0, see issues/README.md).
Run from the repository root: python scripts/make_sample_images.py
"""
from __future__ import annotations

import os
import random
import sys

from PIL import Image, ImageDraw, ImageFilter

OUT_DIR = os.path.join(os.path.dirname(__file__), os.pardir, "issues", "images")
JPEG_QUALITY = 80

Color = tuple[int, int, int]


def mix(a: Color, b: Color, t: float) -> Color:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))


def gradient(size: tuple[int, int], top: Color, bottom: Color) -> Image.Image:
    """A vertical gradient, the sky or a wall behind everything."""
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        draw.line([(0, y), (width, y)], fill=mix(top, bottom, y / max(height - 1, 1)))
    return image


def buildings(draw, rng, width: int, ground: int, color: Color, count: int) -> None:
    """A row of blocky buildings with lit windows standing on `ground`."""
    x = -20
    while x < width:
        w, h = rng.randint(50, 110), rng.randint(ground // 3, ground - 30)
        draw.rectangle([x, ground - h, x + w, ground], fill=color)
        window = mix(color, (255, 236, 180), 0.55)
        for wy in range(ground - h + 12, ground - 14, 18):
            for wx in range(x + 8, x + w - 10, 16):
                if rng.random() < 0.45:
                    draw.rectangle([wx, wy, wx + 7, wy + 9], fill=window)
        x += w + rng.randint(4, 18) * (count > 0)


def tree(draw, x: int, ground: int, size: int, leaf: Color) -> None:
    draw.rectangle([x - size // 10, ground - size, x + size // 10, ground], fill=(92, 70, 52))
    for dx, dy, r in ((0, -1.2, 0.55), (-0.35, -0.9, 0.45), (0.35, -0.9, 0.45)):
        cx, cy, radius = x + dx * size, ground + dy * size, r * size
        draw.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], fill=leaf)


def person(draw, x: int, feet: int, height: int, shirt: Color) -> None:
    """A simple standing figure: legs, rounded body, head."""
    head = height // 7
    body_top = feet - height + 2 * head
    draw.rectangle([x - head // 2, feet - height // 2.4, x + head // 2, feet], fill=(50, 55, 70))
    draw.rounded_rectangle([x - head, body_top, x + head, feet - height // 2.4 + 4],
                           radius=head // 2, fill=shirt)
    draw.ellipse([x - head * 0.7, body_top - 1.5 * head, x + head * 0.7, body_top - 0.1 * head],
                 fill=(236, 200, 170))
    draw.chord([x - head * 0.72, body_top - 1.55 * head, x + head * 0.72, body_top - 0.6 * head],
               180, 360, fill=(35, 30, 30))


def crowd(draw, rng, width: int, rows: list[tuple[int, int]], shirts: list[Color]) -> None:
    """Rows of figures, back rows first; rows are (feet y, height)."""
    for feet, height in rows:
        step = height // 3
        for x in range(rng.randint(0, step), width, step):
            person(draw, x + rng.randint(-4, 4), feet + rng.randint(-3, 3), height,
                   rng.choice(shirts))


def defence_education(rng) -> Image.Image:
    """Students in camouflage on a school ground, a speaker under a banner."""
    image = gradient((900, 540), (150, 196, 236), (226, 238, 246))
    draw = ImageDraw.Draw(image)
    buildings(draw, rng, 900, 300, (206, 196, 180), 1)
    draw.rectangle([0, 300, 900, 540], fill=(196, 94, 70))            # running track
    draw.rectangle([300, 150, 600, 190], fill=(200, 30, 36))           # red banner
    draw.rectangle([380, 230, 520, 300], fill=(120, 80, 60))           # lectern stage
    person(draw, 450, 262, 100, (40, 70, 50))
    crowd(draw, rng, 900, [(380, 70), (440, 85), (510, 100), (570, 120)],
          [(86, 110, 70), (96, 120, 78), (74, 96, 62)])
    return image


def talent_meeting(rng) -> Image.Image:
    """A meeting hall: red backdrop, a long table, rows of attendees."""
    image = gradient((640, 420), (150, 24, 30), (110, 16, 22))
    draw = ImageDraw.Draw(image)
    draw.rectangle([90, 40, 550, 80], fill=(236, 200, 90))             # slogan board
    draw.rectangle([0, 250, 640, 420], fill=(84, 62, 52))
    crowd(draw, rng, 640, [(240, 80)], [(30, 34, 48), (240, 240, 240)])
    draw.rectangle([40, 190, 600, 250], fill=(232, 232, 226))          # table cloth
    crowd(draw, rng, 640, [(390, 110), (450, 130)], [(30, 34, 48), (60, 64, 80), (200, 200, 205)])
    return image


def donated_bins(rng, height: int = 830) -> Image.Image:
    """A row of new green and grey sorting bins in front of tall houses
    (upright: the sample sets it three columns wide and 40 lines tall)."""
    dy = height - 440
    image = gradient((640, height), (160, 204, 240), (232, 240, 246))
    draw = ImageDraw.Draw(image)
    buildings(draw, rng, 640, 280 + dy, (226, 214, 196), 1)
    draw.rectangle([0, 280 + dy, 640, height], fill=(168, 168, 160))
    colors = [(38, 130, 74), (96, 104, 116), (38, 130, 74), (40, 90, 160), (196, 60, 50)]
    for i, color in enumerate(colors):
        x = 60 + i * 110
        draw.rounded_rectangle([x, 250 + dy, x + 80, 380 + dy], radius=8, fill=color)
        draw.rectangle([x - 6, 240 + dy, x + 86, 256 + dy], fill=mix(color, (0, 0, 0), 0.25))
        draw.ellipse([x + 10, 370 + dy, x + 28, 388 + dy], fill=(30, 30, 30))
        draw.ellipse([x + 52, 370 + dy, x + 70, 388 + dy], fill=(30, 30, 30))
    person(draw, 600, 420 + dy, 170, (220, 70, 50))
    return image


def tidy_streets(rng) -> Image.Image:
    """A clean village street lined with trees, perspective to the horizon."""
    image = gradient((640, 440), (120, 180, 232), (220, 234, 244))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 230, 640, 440], fill=(120, 170, 90))
    draw.polygon([(290, 230), (350, 230), (560, 440), (80, 440)], fill=(150, 150, 150))
    draw.line([(320, 230), (320, 440)], fill=(240, 240, 240), width=3)
    for depth in range(7, 0, -1):
        size = 14 + depth * 12
        offset = 40 + depth * 34
        ground = 230 + depth * 28
        for x in (320 - offset - 20, 320 + offset + 20):
            tree(draw, x, ground, size, mix((60, 130, 60), (110, 170, 80), rng.random()))
    person(draw, 250, 420, 120, (240, 180, 40))
    return image


def school_grants(rng, height: int = 1040) -> Image.Image:
    """A small ceremony: stage with a banner, lanterns above, donors and
    students in a line (upright: set three columns wide below an article)."""
    dy = height - 480
    image = gradient((800, height), (244, 232, 220), (226, 210, 196))
    draw = ImageDraw.Draw(image)
    for i in range(5):                                                 # red lanterns under the ceiling
        x = 80 + i * 160
        draw.line([(x, 0), (x, 60 + (i % 2) * 40)], fill=(120, 90, 60), width=3)
        draw.ellipse([x - 34, 60 + (i % 2) * 40, x + 34, 140 + (i % 2) * 40], fill=(214, 40, 36))
        draw.rectangle([x - 18, 136 + (i % 2) * 40, x + 18, 146 + (i % 2) * 40], fill=(246, 210, 110))
    draw.rectangle([60, 40 + dy, 740, 120 + dy], fill=(206, 36, 40))
    for i in range(12):                                                # gold lettering hint
        draw.rectangle([110 + i * 50, 66 + dy, 140 + i * 50, 96 + dy], fill=(246, 210, 110))
    draw.rectangle([0, 340 + dy, 800, height], fill=(150, 40, 40))     # carpet
    for i in range(9):
        x = 70 + i * 82
        person(draw, x, 400 + dy, 220 if i % 2 else 170, (40, 80, 160) if i % 2 else (250, 250, 250))
        if i % 2 == 0:                                                 # red envelopes
            draw.rectangle([x + 14, 300 + dy, x + 40, 336 + dy], fill=(220, 30, 30))
    return image


SCENES = {
    "defence-education.jpg": defence_education,
    "talent-meeting.jpg": talent_meeting,
    "donated-bins.jpg": donated_bins,
    "tidy-streets.jpg": tidy_streets,
    "school-grants.jpg": school_grants,
}


UPSCALE = 3


def save_scene(image: Image.Image, path: str, upscale: int = UPSCALE, quality: int = JPEG_QUALITY) -> None:
    """Smooth, scale up and write a drawn scene as the JPEG an issue uses.

    Drawn small, printed large: scaled up so photos reach the 150 ppi that
    newsprint preflight asks for (print-ready.md §2) at their size."""
    image = image.filter(ImageFilter.SMOOTH)
    image = image.resize((image.width * upscale, image.height * upscale), Image.LANCZOS)
    image.save(path, "JPEG", quality=quality, optimize=True)
    print(f"{path}: {image.size[0]}×{image.size[1]}, {os.path.getsize(path) // 1024} KB")


def main(out_dir: str = OUT_DIR) -> int:
    os.makedirs(out_dir, exist_ok=True)
    for seed, (name, scene) in enumerate(sorted(SCENES.items())):
        save_scene(scene(random.Random(seed)), os.path.join(out_dir, name))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
