"""Scene recipes → the photos of our own issues (issues/tabloid.xml,
issues/broadsheet.xml) in issues/images/own/, apart from the sample's,
drawn with Pillow like scripts/make_sample_images.py.

The shapes are the point: a 3 : 1 panorama, a 2 : 3 portrait, a square, a
3 : 2 and a wide 16 : 9 photo test how the layout sizes and crops odd frames.  Each is
deterministic and stays under 150 KB.  Run from the repository root:
python scripts/make_own_images.py
"""
from __future__ import annotations

import os
import random
import sys
import zlib

from PIL import Image, ImageDraw

sys.path.insert(0, os.path.dirname(__file__))
from make_sample_images import buildings, crowd, gradient, mix, person, save_scene, tree  # noqa: E402

OUT_DIR = os.path.join(os.path.dirname(__file__), os.pardir, "issues", "images", "own")
JPEG_QUALITY = 78
UPSCALE = 2          # drawn small, printed at ≥ 150 ppi at their size (print-ready.md §2)


def river_panorama(rng) -> Image.Image:
    """3 : 1 — the new riverside greenway: water, a bridge, the town beyond."""
    w, h = 1050, 350
    image = gradient((w, h), (140, 190, 236), (230, 238, 244))
    draw = ImageDraw.Draw(image)
    buildings(draw, rng, w, 170, (196, 200, 206), 1)
    draw.rectangle([0, 170, w, 215], fill=(110, 160, 90))                 # far bank
    draw.rectangle([0, 215, w, 290], fill=(90, 140, 180))                 # the river
    for _k in range(40):                                                   # glints on the water
        x, y = rng.randint(0, w), rng.randint(222, 284)
        draw.line([(x, y), (x + rng.randint(8, 30), y)], fill=(190, 214, 232), width=2)
    draw.rectangle([0, 290, w, h], fill=(200, 180, 140))                  # the greenway path
    for x0 in range(260, 720, 115):                                       # bridge arches
        draw.arc([x0, 190, x0 + 115, 280], 180, 360, fill=(236, 236, 230), width=7)
    draw.rectangle([250, 182, 720, 192], fill=(236, 236, 230))
    for x in range(20, w, 70):
        tree(draw, x, 300, 34, mix((60, 130, 60), (120, 176, 80), rng.random()))
    for x in (160, 420, 610, 880):
        person(draw, x, 340, 46, rng.choice([(220, 70, 50), (40, 90, 160), (240, 180, 40)]))
    return image


def craftsman_portrait(rng) -> Image.Image:
    """2 : 3 — a bamboo weaver at her workbench, seen close."""
    w, h = 440, 660
    image = gradient((w, h), (226, 214, 190), (190, 170, 140))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 470, w, h], fill=(140, 100, 64))                   # workbench
    person(draw, 220, 560, 430, (60, 96, 150))
    for k in range(9):                                                    # woven basket
        y = 470 + k * 14
        draw.arc([90, y - 30, 350, y + 30], 0, 180, fill=(214, 180, 110), width=6)
    for k in range(12):                                                   # bamboo strips
        x = 30 + k * 34 + rng.randint(-6, 6)
        draw.line([(x, 610), (x + rng.randint(-40, 40), 470)], fill=(200, 176, 96), width=4)
    return image


def market_square(rng) -> Image.Image:
    """1 : 1 — a morning market stall: awning, crates of vegetables, buyers."""
    w = h = 520
    image = gradient((w, h), (160, 200, 236), (236, 236, 230))
    draw = ImageDraw.Draw(image)
    buildings(draw, rng, w, 210, (214, 204, 190), 1)
    draw.rectangle([0, 210, w, h], fill=(170, 166, 158))
    for k in range(8):                                                    # striped awning
        draw.rectangle([30 + k * 58, 170, 88 + k * 58, 215], fill=(214, 40, 36) if k % 2 else (246, 240, 230))
    draw.rectangle([40, 330, 480, 400], fill=(130, 96, 60))               # the stall table
    for k in range(9):                                                    # crates of greens, tomatoes, peppers
        color = [(70, 150, 60), (214, 60, 40), (240, 170, 40)][k % 3]
        x = 50 + k * 48
        draw.rectangle([x, 300, x + 40, 332], fill=(150, 110, 70))
        for j in range(5):
            cx, cy = x + 6 + j * 7, 298 - rng.randint(0, 8)
            draw.ellipse([cx - 6, cy - 6, cx + 6, cy + 6], fill=color)
    crowd(draw, rng, w, [(500, 150)], [(40, 90, 160), (230, 230, 230), (90, 60, 120)])
    return image


def sports_ground(rng) -> Image.Image:
    """16 : 9 — the rebuilt school sports ground on opening day."""
    w, h = 960, 540
    image = gradient((w, h), (130, 184, 236), (226, 236, 246))
    draw = ImageDraw.Draw(image)
    buildings(draw, rng, w, 230, (220, 210, 196), 1)
    draw.rectangle([0, 230, w, h], fill=(196, 94, 70))                    # running track
    draw.ellipse([120, 270, 840, 520], fill=(80, 150, 80))                # the new pitch
    for k in range(1, 6):
        draw.ellipse([120 - 14 * k, 270 - 8 * k, 840 + 14 * k, 520 + 8 * k], outline=(240, 240, 240), width=2)
    draw.rectangle([360, 150, 600, 186], fill=(200, 30, 36))              # red banner
    crowd(draw, rng, w, [(300, 60), (350, 72)], [(240, 240, 240), (40, 80, 160), (214, 60, 40)])
    return image


def community_canteen(rng) -> Image.Image:
    """3 : 2 — a community canteen at noon: serving counter, long tables."""
    w, h = 720, 480
    image = gradient((w, h), (246, 236, 214), (226, 210, 186))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 60, w, 110], fill=(214, 60, 40))                   # menu board
    for k in range(8):
        draw.rectangle([30 + k * 86, 74, 90 + k * 86, 96], fill=(250, 226, 150))
    draw.rectangle([0, 180, w, 230], fill=(200, 200, 196))                # serving counter
    crowd(draw, rng, w, [(200, 80)], [(250, 250, 250)])                   # cooks in white
    draw.rectangle([0, 230, w, h], fill=(176, 150, 120))
    for y in (330, 440):                                                  # long tables, diners
        crowd(draw, rng, w, [(y - 10, 110)], [(120, 80, 60), (60, 90, 140), (150, 150, 156)])
        draw.rectangle([20, y - 40, w - 20, y - 16], fill=(236, 226, 206))
    return image


def tea_class(rng) -> Image.Image:
    """3 : 4 — evening class at the culture centre: a tea table, learners around it."""
    w, h = 480, 640
    image = gradient((w, h), (120, 96, 80), (70, 56, 48))
    draw = ImageDraw.Draw(image)
    for k in range(3):                                                    # warm lamps
        x = 80 + k * 160
        draw.line([(x, 0), (x, 90)], fill=(40, 30, 26), width=2)
        draw.ellipse([x - 30, 80, x + 30, 120], fill=(250, 214, 140))
    crowd(draw, rng, w, [(420, 150)], [(230, 226, 214), (120, 40, 40), (60, 80, 110)])
    draw.rectangle([30, 400, 450, 470], fill=(120, 76, 44))               # the tea table
    for k in range(6):                                                    # cups
        x = 70 + k * 64
        draw.rounded_rectangle([x, 380, x + 26, 402], radius=6, fill=(246, 244, 236))
    person(draw, 240, h - 10, 200, (150, 40, 40))                         # the teacher, seen from behind
    return image


def stacked_garage(rng) -> Image.Image:
    """4 : 3 — a two-level stacker garage in an old residential yard."""
    w, h = 640, 480
    image = gradient((w, h), (150, 196, 236), (226, 236, 244))
    draw = ImageDraw.Draw(image)
    buildings(draw, rng, w, 300, (214, 196, 170), 1)
    draw.rectangle([0, 300, w, h], fill=(150, 150, 146))
    for _level, y in enumerate((250, 360)):                                # steel frame, cars on two levels
        draw.rectangle([40, y - 6, 600, y], fill=(60, 90, 130))
        for k in range(5):
            x = 60 + k * 108
            color = rng.choice([(200, 40, 40), (240, 240, 240), (40, 40, 44), (60, 110, 170)])
            draw.rounded_rectangle([x, y - 56, x + 86, y - 14], radius=12, fill=color)
            draw.ellipse([x + 10, y - 24, x + 28, y - 6], fill=(20, 20, 20))
            draw.ellipse([x + 58, y - 24, x + 76, y - 6], fill=(20, 20, 20))
    for x in range(40, 620, 112):
        draw.rectangle([x, 170, x + 8, 420], fill=(60, 90, 130))
    person(draw, 610, 470, 120, (240, 180, 40))
    return image


def fire_drill(rng) -> Image.Image:
    """3 : 2 — a fire drill in front of a tower block: red engine, hoses, residents."""
    w, h = 720, 480
    image = gradient((w, h), (170, 200, 230), (230, 236, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle([380, 30, 620, 330], fill=(210, 204, 196))             # tower block
    for y in range(50, 320, 26):
        for x in range(396, 610, 30):
            draw.rectangle([x, y, x + 16, y + 14], fill=(150, 176, 200))
    draw.rectangle([0, 330, w, h], fill=(160, 160, 156))
    draw.rectangle([60, 250, 360, 350], fill=(206, 30, 30))               # the engine
    draw.rectangle([280, 210, 360, 260], fill=(206, 30, 30))
    draw.line([(80, 240), (440, 120)], fill=(200, 200, 200), width=8)     # ladder
    for x in (100, 180, 300):
        draw.ellipse([x - 22, 330, x + 22, 374], fill=(30, 30, 30))
    draw.arc([420, 200, 700, 460], 200, 320, fill=(150, 200, 240), width=6)   # water
    crowd(draw, rng, w, [(470, 110)], [(240, 170, 40), (40, 80, 160), (240, 240, 240)])
    return image


def chess_match(rng) -> Image.Image:
    """4 : 3 — a youth go tournament: rows of boards, young players bent over them."""
    w, h = 640, 480
    image = gradient((w, h), (236, 232, 222), (210, 204, 190))
    draw = ImageDraw.Draw(image)
    draw.rectangle([60, 30, 580, 80], fill=(40, 90, 150))                 # banner
    for _row, y in enumerate((230, 380)):
        crowd(draw, rng, w, [(y - 20, 120)], [(240, 240, 240), (200, 50, 50), (40, 80, 160)])
        for k in range(4):                                                # boards with stones
            x = 40 + k * 150
            draw.rectangle([x, y, x + 110, y + 60], fill=(222, 180, 110))
            for j in range(14):
                sx, sy = x + rng.randint(6, 104), y + rng.randint(6, 54)
                draw.ellipse([sx - 4, sy - 4, sx + 4, sy + 4],
                             fill=(20, 20, 20) if j % 2 else (250, 250, 250))
    return image


SCENES = {
    "river-panorama.jpg": river_panorama,
    "craftsman-portrait.jpg": craftsman_portrait,
    "market-square.jpg": market_square,
    "sports-ground.jpg": sports_ground,
    "community-canteen.jpg": community_canteen,
    "tea-class.jpg": tea_class,
    "stacked-garage.jpg": stacked_garage,
    "fire-drill.jpg": fire_drill,
    "chess-match.jpg": chess_match,
}


def main(out_dir: str = OUT_DIR) -> int:
    os.makedirs(out_dir, exist_ok=True)
    for name, scene in sorted(SCENES.items()):
        # seeded by name: adding a scene leaves the others as they were
        save_scene(scene(random.Random(zlib.crc32(name.encode()))), os.path.join(out_dir, name), UPSCALE, JPEG_QUALITY)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
