"""Photos for newsprint: an image file + its placed frame size → CMYK JPEG bytes and a report.

Any input (RGB, grey, 16-bit, palette, with alpha, CMYK) comes out as an
8-bit CMYK baseline JPEG, cropped to the frame's proportions (cover: around
the photo's focus point, centred by default; never distorted), downsampled
to at most `max_ppi` at placed size, separated through the CMYK output
profile and held to the newsprint ink limit (print-ready.md §2 "TAC": ISO
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

import numpy as np
from PIL import Image, ImageCms, ImageOps

from ..errors import InputError
from ..messages import say
from . import TAC_LIMIT
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
GCR = 0.6                       # share of the grey component moved to K where ink is over the limit
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


def _separate(im: Image.Image) -> tuple[np.ndarray, str, str]:
    """8-bit pixels to separate, their kind ("L" or "CMYK") and how: grey → K
    only, CMYK as given (RGB: `_separated_rgb`)."""
    if im.mode == "L":
        return np.asarray(im), "L", "grey → K"
    return np.asarray(im.convert("CMYK") if im.mode != "CMYK" else im), "CMYK", "CMYK kept"


def _separated_rgb(im: Image.Image, limit: float) -> tuple[np.ndarray, float, str]:
    """RGB → 8-bit CMYK through the output profile (LittleCMS, the transform
    built once per profile pair: `_rgb_to_cmyk`), then ink held to `limit`
    by `_limited` — which sends only the pixels near the limit through
    `limit_ink`.  Every pixel gets exactly the separation LittleCMS gives it
    and exactly `limit_ink`'s answer (print-ready.md §2 "TAC"); at half the
    cost of interpolating a limited table over every pixel (the table of
    the last version, 0.04 s to build, then ~30 ns a pixel against ~17)."""
    profile = load_output_profile()
    if im.mode != "RGB":
        im = im.convert("RGB")
    cmyk = ImageCms.applyTransform(im, _rgb_to_cmyk(im.info.get("icc_profile") or b"", profile.data))
    cmyk8, tac = _limited(np.asarray(cmyk), "CMYK", limit)
    return cmyk8, tac, f"RGB → {profile.condition} (perceptual)"


@lru_cache(maxsize=8)
def _rgb_to_cmyk(embedded: bytes, output: bytes) -> ImageCms.ImageCmsTransform:
    """The RGB → CMYK transform from a photo's embedded profile (b"": sRGB) to
    the output profile."""
    source = _source_profile(embedded)
    dest = ImageCms.ImageCmsProfile(io.BytesIO(output))
    return ImageCms.buildTransform(source, dest, "RGB", "CMYK", renderingIntent=ImageCms.Intent.PERCEPTUAL)


def _cmyk_floats(rows: np.ndarray, kind: str) -> np.ndarray:
    """CMYK as floats 0..1 of some rows of `_separate`'s pixels."""
    if kind == "L":
        k = 1.0 - rows.astype(np.float64) / 255.0
        zeros = np.zeros_like(k)
        return np.stack([zeros, zeros, zeros, k], axis=2)
    return rows.astype(np.float64) / 255.0


# Ink limiting works on float64 copies of the pixels near the limit (some
# six arrays at a time), in strips of 64k pixels: ~3 MB, which stay in the
# processor's cache through the thirty-odd passes of `_limit_planes` — 1.5×
# faster than strips of 768k (the sample's talent-meeting photo, 570k
# pixels near the limit: 39 → 26 ms) — and a photo all over the limit
# needs no more memory for it than a small one.
STRIP_PIXELS = 64 * 1024
LIMIT_MARGIN = 4              # 8-bit units of total ink below the limit still sent through limit_ink
# what _cmyk_floats and the quantisation make of a grey level: K = floor((1 - v/255) × 255)
_GREY_LEVELS = np.arange(256, dtype=np.float64)
_GREY_TO_K = np.floor((1.0 - _GREY_LEVELS / 255.0) * 255.0).astype(np.uint8)


def _limited(pixels: np.ndarray, kind: str, limit: float) -> tuple[np.ndarray, float]:
    """8-bit CMYK held to `limit`, and its highest pixel TAC in %.

    Only pixels whose ink comes within LIMIT_MARGIN of the limit go through
    `limit_ink` (in strips); the others come out as they went in, which is
    what `limit_ink` and the quantisation give them (their total is under the
    limit, so neither GCR nor UCR applies, and floor(v / 255 × 255) is v for
    every 8-bit v): the bytes are those of limiting every pixel, at a tenth
    of the cost — most of a photo is well under 220 %."""
    out: np.ndarray
    if kind == "L" and limit >= 1.0:
        out = np.zeros(pixels.shape[:2] + (4,), dtype=np.uint8)
        out[..., 3] = _GREY_TO_K[pixels]          # grey carries at most 100 %: nothing to limit
    elif kind == "L":
        out = _limited_every_pixel(pixels, kind, limit)
    else:
        return _limited_cmyk(pixels, limit)
    tac = float(_total_ink(out.reshape(-1, 4)).max()) * 100.0 / 255.0 if out.size else 0.0
    return out, tac


def _limited_cmyk(pixels: np.ndarray, limit: float) -> tuple[np.ndarray, float]:
    """`_limited` of 8-bit CMYK.  The total ink is summed once: it picks the
    pixels near the limit and gives the highest TAC of the others.  Pixels
    move as one 32-bit word each (gathering and scattering rows of four
    bytes is slower) and are copied only when some need limiting."""
    flat = np.ascontiguousarray(pixels).reshape(-1, 4)
    if not flat.size:
        return pixels, 0.0
    total = _total_ink(flat)
    threshold = math.floor(limit * 255) - LIMIT_MARGIN
    near = np.flatnonzero(total >= threshold)
    if not near.size:
        return pixels, float(total.max()) * 100.0 / 255.0
    words = flat.view(np.uint32).reshape(-1)
    out = words.copy()
    top = float(np.max(total, where=total < threshold, initial=0))
    for start in range(0, near.size, STRIP_PIXELS):
        strip = near[start:start + STRIP_PIXELS]
        limited = _limited_words(words[strip], limit)
        out[strip] = limited
        top = max(top, float(_total_ink(limited.view(np.uint8).reshape(-1, 4)).max()))
    return out.view(np.uint8).reshape(pixels.shape[:2] + (4,)), top * 100.0 / 255.0


def _limited_words(words: np.ndarray, limit: float) -> np.ndarray:
    """`limit_ink` of pixels given as 32-bit words of C, M, Y, K bytes, as
    words again: in floats, each channel a contiguous row (elementwise, so
    the values are those of `limit_ink`), rounded down so that 8-bit
    quantisation cannot push a pixel back over the limit."""
    planes = np.ascontiguousarray(words.view(np.uint8).reshape(-1, 4).T, dtype=np.float64)
    planes /= 255.0
    _limit_planes(planes[0], planes[1], planes[2], planes[3], limit, GCR)
    planes *= 255.0
    np.floor(planes, out=planes)
    return np.ascontiguousarray(planes.T, dtype=np.uint8).view(np.uint32).reshape(-1)


def _total_ink(flat: np.ndarray) -> np.ndarray:
    """C+M+Y+K of 8-bit pixels (N × 4) in 8-bit units: three adds (numpy's sum
    along an axis of four is some ten times slower)."""
    total = flat[:, 0].astype(np.uint16)
    for channel in (1, 2, 3):
        total += flat[:, channel]
    return total


def _limited_every_pixel(pixels: np.ndarray, kind: str, limit: float) -> np.ndarray:
    """Every pixel through `limit_ink`, in strips (grey under a limit below 100 %)."""
    out = np.empty(pixels.shape[:2] + (4,), dtype=np.uint8)
    rows = max(1, STRIP_PIXELS // max(pixels.shape[1], 1))
    for top in range(0, pixels.shape[0], rows):
        quantised = np.floor(limit_ink(_cmyk_floats(pixels[top:top + rows], kind), limit) * 255.0)
        out[top:top + rows] = quantised.astype(np.uint8)
    return out


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


def limit_ink(cmyk: np.ndarray, limit: float = TAC_LIMIT, gcr: float = GCR) -> np.ndarray:
    """Hold C+M+Y+K ≤ limit: replace grey CMY by K first (GCR), then scale CMY down (UCR)."""
    planes = np.moveaxis(np.asarray(cmyk, dtype=np.float64), -1, 0).copy()
    _limit_planes(planes[0], planes[1], planes[2], planes[3], limit, gcr)
    return np.moveaxis(planes, 0, -1)


def _limit_planes(c: np.ndarray, m: np.ndarray, y: np.ndarray, k: np.ndarray, limit: float, gcr: float) -> None:
    """`limit_ink` in place on the four channels (floats 0..1, each contiguous:
    a channel of an N × 4 array is strided, and every operation here is
    elementwise, so the values are the same either way)."""
    total = c + m
    total += y
    total += k
    keep = total <= limit                 # not over the limit: no grey moves to K
    grey = np.minimum(c, m)
    np.minimum(grey, y, out=grey)
    grey *= gcr
    np.minimum(grey, 1.0 - k, out=grey)
    grey[keep] = 0.0
    c -= grey
    m -= grey
    y -= grey
    k += grey
    cmy = c + m
    cmy += y
    room = limit - k
    np.maximum(room, 0.0, out=room)
    scale = room / np.maximum(cmy, 1e-9)
    scale[cmy <= room] = 1.0
    for channel in (c, m, y):
        channel *= scale
    for channel in (c, m, y, k):
        np.maximum(channel, 0.0, out=channel)
        np.minimum(channel, 1.0, out=channel)


def _encode(cmyk8: np.ndarray) -> bytes:
    pixels = Image.fromarray(cmyk8, "CMYK")
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
    if im.mode in ("L", "CMYK"):
        pixels, kind, how = _separate(im)
        cmyk8, tac = _limited(pixels, kind, tac_limit - JPEG_HEADROOM)
    else:
        cmyk8, tac, how = _separated_rgb(im, tac_limit - JPEG_HEADROOM)
    data = _encode(cmyk8)
    ppi = im.width / (placed_w_pt / 72.0)
    return data, PreparedInfo(mode, size, _in_source_pixels(box, decoded, size), im.size, ppi, tac, how, decoded)


def _in_source_pixels(box, decoded: tuple[int, int], size: tuple[int, int]) -> tuple[int, int, int, int]:
    """A crop box in decoded pixels → in the file's own pixels (a draft decodes fewer)."""
    s = size[0] / decoded[0] if decoded[0] else 1.0
    return tuple(round(v * s) for v in box)
