"""Photos for newsprint: an image file + its placed frame size → CMYK JPEG bytes and a report.

Any input (RGB, grey, 16-bit, palette, with alpha, CMYK) comes out as an
8-bit CMYK baseline JPEG, cropped to the frame's proportions (cover: around
the photo's focus point, centred by default; never distorted), downsampled
to at most `max_ppi` at placed size, separated through the CMYK output
profile (a table of its colours, interpolated) and held to the newsprint ink limit (print-ready.md §2 "TAC": ISO
12647-3 recommends 220 %, the hard limit is 240 %).  The crop is done here, so the drawer
places the returned image to fill the frame exactly.

Hostile files are held to a pixel budget and a memory budget read from the
header before any pixel is decoded, and a JPEG larger than the print needs is
decoded reduced (libjpeg's DCT scaling through Pillow's `draft`).
"""
from __future__ import annotations

import io
import math
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageCms, ImageOps

from ..errors import InputError
from ..messages import say
from ..runtime import compiled
from . import GCR, TAC_LIMIT, near_limit
from .framing import CENTRE, NO_CROP, ROTATING, cover_crop, open_checked, orientation
from .icc import load_output_profile

# Working memory of the full-size pixels (after a JPEG's reduced decoding):
# Pillow keeps RGB and CMYK in 4 bytes a pixel; a palette image is expanded
# to RGBA once; an EXIF rotation copies the image.  100 MB keeps the peak of a
# build (≈ 200 MB without photos) under 300 MB: a 25 Mpx PNG, or any JPEG.
DECODE_BUDGET = 100_000_000
DEFAULT_MAX_PPI = 200.0         # shops ask 170-200 ppi for newspaper photos, §2 "Images"
# The low end of that window: twice a newsprint screen of 85 lpi (quality
# factor 2).  A JPEG whose reduced decoding (1/2, 1/4, 1/8) still lands at
# or above it is taken as decoded, not resampled again down to the top of
# the window: libjpeg's scaled IDCT is itself a filtered reduction, and the
# resampling it saves is the largest cost of a first build (issue 15 §2).
PRINT_MIN_PPI = 170.0
JPEG_QUALITY = 90
JPEG_HEADROOM = 0.02          # JPEG rounding can add ~1 % ink to noisy pixels; stay under the limit
BYTES_PER_PIXEL = {"1": 2, "L": 1, "P": 5, "PA": 6, "I;16": 2, "I;16B": 2, "I;16L": 2, "LA": 4, "La": 4}


@dataclass(frozen=True)
class PreparedInfo:
    source_mode: str
    source_size: tuple[int, int]
    crop_box: tuple[int, int, int, int]     # in source pixels (after EXIF rotation)
    size: tuple[int, int]                   # output pixels
    ppi: float                              # effective resolution at placed size
    tac_max: float                          # highest pixel TAC after limiting, %
    separation: str                         # how colour was converted
    decoded_size: tuple[int, int] = (0, 0)  # pixels actually decoded (a JPEG's draft may reduce them)


def _draft_for_print(im: Image.Image, placed_w_pt: float, placed_h_pt: float, max_ppi: float,
                     crop: tuple[float, float, float, float] = NO_CROP) -> None:
    """Let libjpeg decode a JPEG at 1/2, 1/4 or 1/8 of its size when that is
    still at least what the frame needs at the low end of the print window
    (`PRINT_MIN_PPI`, or `max_ppi` when that is lower; Pillow's `draft`):
    a 9000 × 9000 photo placed 10 cm wide is decoded at 1125 × 1125.  What
    lands above `max_ppi` is then resampled down to it (`_crop_and_reduce`);
    what lands inside the window is used as decoded."""
    if im.format != "JPEG":
        return
    w, h = im.size
    if orientation(im) in ROTATING:
        w, h = h, w
    ppi = min(max_ppi, PRINT_MIN_PPI)
    need_w, need_h = placed_w_pt / 72.0 * ppi, placed_h_pt / 72.0 * ppi
    box = cover_crop((w, h), placed_w_pt, placed_h_pt, CENTRE, crop)
    crop_w, crop_h = max(1, box[2] - box[0]), max(1, box[3] - box[1])
    scale = min(1.0, max(need_w / crop_w, need_h / crop_h))
    req = (math.ceil(w * scale), math.ceil(h * scale))
    if orientation(im) in ROTATING:
        req = req[::-1]
    im.draft(im.mode, req)


def _check_decoded_size(im: Image.Image, path: str) -> None:
    """The working memory of the pixels about to be decoded is within DECODE_BUDGET."""
    w, h = im.size
    need = w * h * BYTES_PER_PIXEL.get(im.mode, 4) * (2 if orientation(im) in ROTATING else 1)
    if need > DECODE_BUDGET:
        raise InputError(say("image_too_big_decoded", w=w, h=h, mb=f"{need / 1e6:.0f}",
                             limit=f"{DECODE_BUDGET / 1e6:.0f}"), file=str(path))


def _to_8bit_base(im: Image.Image) -> Image.Image:
    """Flatten alpha onto white paper and reduce any depth to L, RGB or CMYK."""
    if im.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        import numpy as np
        arr = np.asarray(im, dtype=np.float64)
        top = 65535.0 if im.mode.startswith("I;16") or arr.max() > 255 else 255.0
        return Image.fromarray(np.clip(arr / top * 255.0 + 0.5, 0, 255).astype(np.uint8), "L")
    if im.mode == "P":
        im = im.convert("RGBA")
    if im.mode in ("RGBA", "LA", "PA", "RGBa"):
        paper = Image.new("RGB", im.size, (255, 255, 255))
        paper.paste(im.convert("RGBA"), mask=im.convert("RGBA").getchannel("A"))
        return paper
    if im.mode in ("1", "L", "RGB", "CMYK"):
        return im.convert("L") if im.mode == "1" else im
    return im.convert("RGB")


def _crop_and_reduce(im: Image.Image, box: tuple[int, int, int, int], placed_w_pt: float, placed_h_pt: float,
                     max_ppi: float) -> Image.Image:
    """The crop box, resampled to at most `max_ppi` at placed size in one step
    (no full-size copy of the crop); palette and 1-bit images are expanded
    first, as resampling them would pick nearest pixels."""
    if im.mode in ("P", "PA", "1"):
        im = _to_8bit_base(im)
    crop_w = box[2] - box[0]
    if crop_w / (placed_w_pt / 72.0) <= max_ppi:
        return im.crop(box)
    w = max(1, round(placed_w_pt / 72.0 * max_ppi))
    h = max(1, round(placed_h_pt / 72.0 * max_ppi))
    return im.resize((w, h), Image.Resampling.LANCZOS, box=box)


# What `limit_ink` and the quantisation make of a grey level carrying no
# colour: K = floor((1 - v/255) × 255), in the floats numpy uses.
_GREY_TO_K = [math.floor((1.0 - v / 255.0) * 255.0) for v in range(256)]


def _separated(im: Image.Image, limit: float) -> tuple[Image.Image, float, str]:
    """8-bit L, RGB or CMYK pixels → CMYK held to `limit` (a fraction), its
    highest pixel TAC in %, and how: grey → K only, CMYK as given, RGB
    through the output profile (`_separated_rgb`)."""
    if im.mode == "L" and limit >= 1.0:       # grey carries at most 100 %: nothing to limit
        k = im.point(_GREY_TO_K)
        blank = Image.new("L", im.size, 0)
        darkest = next((level for level, count in enumerate(im.histogram()) if count), 255)
        return Image.merge("CMYK", (blank, blank, blank, k)), _GREY_TO_K[darkest] * 100.0 / 255.0, "grey → K"
    if im.mode == "L":
        return (*_by_the_oracle(im, "L", limit), "grey → K")
    if im.mode == "CMYK":
        return (*_limited(im, limit), "CMYK kept")
    return _separated_rgb(im, limit)


def _separated_rgb(im: Image.Image, limit: float) -> tuple[Image.Image, float, str]:
    """RGB → 8-bit CMYK held to `limit`: each pixel interpolated in the
    separation table (`_separation_table`: the output profile's LittleCMS
    separation of a grid of colours, each held to the limit), by the C
    separator (_inklimit.c `separate_rgb`) when it is built, else by its
    oracle, inklimit.py `interpolated` (numpy), with the same bytes.

    Total ink is linear in the table's entries, so an interpolated pixel
    carries no more than the grid points around it and stays under the
    limit they keep (print-ready.md §2 "TAC").  LittleCMS itself separates
    8-bit RGB through a table it interpolates; this one also carries the
    ink limit, and costs ~15 ns a pixel against ~35 for LittleCMS and the
    limiter after it (issue 15 §2: a first build separates every photo)."""
    profile = load_output_profile()
    if im.mode != "RGB":
        im = im.convert("RGB")
    table = _separation_table(im.info.get("icc_profile") or b"", profile.data, limit)
    fast = compiled("typeset.photos._inklimit")
    if fast is None:
        from . import inklimit
        import numpy as np
        pixels, top = inklimit.interpolated(np.asarray(im), table, SEPARATION_STEP)
        data = pixels.tobytes()
    else:
        data, top = fast.separate_rgb(im.tobytes(), table)
    cmyk = Image.frombuffer("CMYK", im.size, data, "raw", "CMYK", 0, 1)
    return cmyk, top * 100.0 / 255.0, f"RGB → {profile.condition} (perceptual)"


# The separation table's grid: a point every SEPARATION_STEP levels on each
# RGB axis, 0 … 255 (52 a side, 140,608 colours: 4 ms to separate, 0.55 MB).
# Against LittleCMS pixel by pixel (and the limiter after it) the sample's
# photos differ by 0.4 of 255 on average, 1 at the 99th percentile — the
# step of LittleCMS's own table is 8.  _inklimit.c's GRID_STEP is the same
# number (tests/print/test_inklimit.py).
SEPARATION_STEP = 5


@lru_cache(maxsize=8)
def _separation_table(embedded: bytes, output: bytes, limit: float) -> bytes:
    """The separation table of a photo's embedded profile (b"": sRGB) into
    the output profile, held to `limit`: 8-bit CMYK of each grid colour,
    red the slowest axis, blue the fastest."""
    levels = bytes(range(0, 256, SEPARATION_STEP))
    points = len(levels)
    red = bytes(v for v in levels for _ in range(points * points))
    green = bytes(v for v in levels for _ in range(points)) * points
    blue = levels * (points * points)
    size = (points ** 3, 1)
    grid = Image.merge("RGB", [Image.frombytes("L", size, plane) for plane in (red, green, blue)])
    cmyk = ImageCms.applyTransform(grid, _rgb_to_cmyk(embedded, output))
    assert cmyk is not None                   # (None only for a transform in place)
    return _limited(cmyk, limit)[0].tobytes()


def _limited(cmyk: Image.Image, limit: float) -> tuple[Image.Image, float]:
    """A CMYK image held to `limit`, and its highest pixel TAC in %: by the C
    limiter (_inklimit.c) when it is built, else by its oracle, inklimit.py
    (numpy), with the same bytes."""
    fast = compiled("typeset.photos._inklimit")
    if fast is None:
        return _by_the_oracle(cmyk, "CMYK", limit)
    data, top = fast.limit_cmyk(cmyk.tobytes(), limit, GCR, near_limit(limit))
    return Image.frombytes("CMYK", cmyk.size, data), top * 100.0 / 255.0


def _by_the_oracle(im: Image.Image, kind: str, limit: float) -> tuple[Image.Image, float]:
    """inklimit.limited (numpy, imported only here) of an L or CMYK image, as CMYK."""
    from . import inklimit
    import numpy as np
    pixels, tac = inklimit.limited(np.asarray(im), kind, limit)
    return Image.fromarray(pixels, "CMYK"), tac


@lru_cache(maxsize=8)
def _rgb_to_cmyk(embedded: bytes, output: bytes) -> ImageCms.ImageCmsTransform:
    """The RGB → CMYK transform from a photo's embedded profile (b"": sRGB) to
    the output profile."""
    source = _source_profile(embedded)
    dest = ImageCms.ImageCmsProfile(io.BytesIO(output))
    return ImageCms.buildTransform(source, dest, "RGB", "CMYK", renderingIntent=ImageCms.Intent.PERCEPTUAL)


def _source_profile(embedded: bytes):
    """The photo's own RGB profile, else sRGB."""
    if embedded:
        try:
            prof = ImageCms.ImageCmsProfile(io.BytesIO(embedded))
            if prof.profile.xcolor_space.strip() == "RGB":
                return prof
        except (OSError, ImageCms.PyCMSError):
            pass
    return ImageCms.createProfile("sRGB")


def _encode(pixels: Image.Image) -> bytes:
    out = io.BytesIO()
    pixels.save(out, "JPEG", quality=JPEG_QUALITY, subsampling=0, optimize=False, progressive=False)
    return out.getvalue()


def prepare_image(path: str, placed_w_pt: float, placed_h_pt: float,
                  max_ppi: float = DEFAULT_MAX_PPI, tac_limit: float = TAC_LIMIT,
                  focus: tuple[float, float] = CENTRE,
                  crop: tuple[float, float, float, float] = NO_CROP) -> tuple[bytes, PreparedInfo]:
    """CMYK JPEG bytes cropped to the frame (`crop` first, then around
    `focus`) and a report of what was done.

    The drawer places the bytes with ReportLab:
    ``canvas.drawImage(ImageReader(io.BytesIO(data)), x, y, placed_w_pt, placed_h_pt)``.
    Raises InputError for unreadable files and images over the pixel or memory budget,
    both checked from the header before anything is decoded.
    """
    if placed_w_pt <= 0 or placed_h_pt <= 0:
        raise ValueError(f"placed size must be positive, got {placed_w_pt}×{placed_h_pt} pt")
    with open_checked(path) as original:
        mode, size = original.mode, original.size
        _draft_for_print(original, placed_w_pt, placed_h_pt, max_ppi, crop)
        _check_decoded_size(original, path)
        decoded = original.size
        try:
            original.load()
            # exif_transpose copies the pixels even when there is nothing to turn
            im = ImageOps.exif_transpose(original) if orientation(original) != 1 else original
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as err:
            raise InputError(say("image_cannot_decode", detail=err), file=str(path)) from err
        box = cover_crop(im.size, placed_w_pt, placed_h_pt, focus, crop)
        # a new image (crop or resize) before the file, and with it `original`, is closed
        im = _to_8bit_base(_crop_and_reduce(im, box, placed_w_pt, placed_h_pt, max_ppi))
    cmyk, tac, how = _separated(im, tac_limit - JPEG_HEADROOM)
    data = _encode(cmyk)
    ppi = im.width / (placed_w_pt / 72.0)
    return data, PreparedInfo(mode, size, _in_source_pixels(box, decoded, size), im.size, ppi, tac, how, decoded)


def _in_source_pixels(box, decoded: tuple[int, int], size: tuple[int, int]) -> tuple[int, int, int, int]:
    """A crop box in decoded pixels → in the file's own pixels (a draft decodes fewer)."""
    s = size[0] / decoded[0] if decoded[0] else 1.0
    return tuple(round(v * s) for v in box)
