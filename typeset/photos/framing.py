"""Where a frame cuts a photo, and what a photo's header says (no pixel decoded).

The geometry of the cover crop (focus and crop= of the editor), the image's
size as shown (EXIF rotation applied) and the pixel budget checked from the
header: what layout, `paiban check` and the crop warnings need.  Kept apart
from separate.py, which decodes and separates pixels (Pillow, LittleCMS and
the C ink limiter; numpy only for its oracle and 16-bit files): a build
whose separations come from the cache loads none of it.
"""
from __future__ import annotations

import math
from typing import Optional

from PIL import Image, UnidentifiedImageError

from ..errors import InputError
from ..messages import say

# Budgets checked from the header, before a pixel is decoded (issue 13 §6).  A
# broadsheet page is 390 mm wide: at 200 ppi a full-page photo needs about
# 3,100 × 4,300 px = 13 Mpx, so 50 Mpx leaves room for any honest photo.
MAX_PIXELS = 50_000_000
CENTRE = (0.5, 0.5)           # the default focus: keep the middle of the image
NO_CROP = (0.0, 0.0, 0.0, 0.0)  # the default crop: nothing cut from the edges before fitting
ROTATING = {5, 6, 7, 8}         # EXIF orientations that swap width and height


def open_checked(path: str) -> Image.Image:
    """Open (header only) and hold the image to MAX_PIXELS.  Pillow's own
    guard is lifted for the call so that ours — with our message — answers
    for every size (Pillow raises above 179 Mpx with its own text)."""
    limit = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None
    try:
        im = Image.open(path)
    except FileNotFoundError as err:
        raise InputError(say("image_file_missing"), file=str(path)) from err
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as err:
        raise InputError(say("image_cannot_read", detail=err), file=str(path)) from err
    finally:
        Image.MAX_IMAGE_PIXELS = limit
    w, h = im.size
    if w * h > MAX_PIXELS:
        im.close()
        raise InputError(say("image_too_many_pixels", w=w, h=h, mpx=f"{w * h / 1e6:.0f}",
                             limit=f"{MAX_PIXELS / 1e6:.0f}"), file=str(path))
    return im


def orientation(im: Image.Image) -> int:
    """The EXIF orientation (1–8; 1 when there is none or it cannot be read)."""
    try:
        return int(im.getexif().get(0x0112, 1))
    except (OSError, ValueError, TypeError, SyntaxError):
        return 1


def cover_crop(size: tuple[int, int], frame_w: float, frame_h: float,
               focus: tuple[float, float] = CENTRE,
               crop: tuple[float, float, float, float] = NO_CROP) -> tuple[int, int, int, int]:
    """Box of the frame's aspect ratio, as large as the image allows, placed so
    that the focus point (fx, fy as fractions of the image) sits as near the
    frame's centre as the image's edges allow: (0.5, 0) keeps the top, (0.5, 1)
    the bottom, the default (0.5, 0.5) the middle.  `crop` (the share cut
    from the left, top, right and bottom edges) is taken away first; the
    focus is then a point of what remains."""
    x0, y0, x1, y1 = crop_region(size, crop)
    w, h = x1 - x0, y1 - y0
    fx, fy = focus
    target = frame_w / frame_h
    if w / h > target:                       # too wide: trim the sides
        cw = max(1, round(h * target))
        left = x0 + _place(fx * w - cw / 2, w - cw)
        return (left, y0, left + cw, y1)
    ch = max(1, round(w / target))           # too tall: trim top and bottom
    top = y0 + _place(fy * h - ch / 2, h - ch)
    return (x0, top, x1, top + ch)


def crop_region(size: tuple[int, int], crop: tuple[float, float, float, float] = NO_CROP) -> tuple[int, int, int, int]:
    """The part of the image left by `crop` (shares cut from the left, top,
    right, bottom), in pixels, at least one pixel each way."""
    w, h = size
    left, top, right, bottom = crop
    x0, y0 = min(w - 1, round(w * left)), min(h - 1, round(h * top))
    return (x0, y0, max(x0 + 1, round(w * (1 - right))), max(y0 + 1, round(h * (1 - bottom))))


def _place(start: float, room: int) -> int:
    """`start` held inside 0..room; the centre case rounds down as the old (w - cw) // 2 did."""
    return min(max(0, math.floor(start + 1e-9)), max(0, room))


def kept_share(size: tuple[int, int], frame_w: float, frame_h: float,
               crop: tuple[float, float, float, float] = NO_CROP) -> float:
    """The share of the image's area — of what `crop` leaves of it — that the
    cover crop keeps (1.0: nothing cut away to fit the frame)."""
    x0, y0, x1, y1 = crop_region(size, crop)
    box = cover_crop(size, frame_w, frame_h, CENTRE, crop)
    return (box[2] - box[0]) * (box[3] - box[1]) / float((x1 - x0) * (y1 - y0))


def printed_ppi(size: tuple[int, int], frame_w: float, frame_h: float,
                crop: tuple[float, float, float, float] = NO_CROP) -> float:
    """Pixels per inch of the image as its frame prints it: the cover crop's
    width (the pixels the drawer keeps) over the frame's width in inches."""
    box = cover_crop(size, frame_w, frame_h, CENTRE, crop)
    return (box[2] - box[0]) * 72 / frame_w


def header_size(path: str) -> Optional[tuple[int, int]]:
    """The image's size as it will be shown (EXIF rotation applied), from its header; None if unreadable."""
    try:
        with open_checked(path) as im:
            w, h = im.size
            return (h, w) if orientation(im) in ROTATING else (w, h)
    except InputError:
        return None
