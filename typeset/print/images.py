"""Photos for newsprint: an image file + its placed frame size → CMYK JPEG bytes and a report.

Any input (RGB, grey, 16-bit, palette, with alpha, CMYK) comes out as an
8-bit CMYK baseline JPEG, cropped to the frame's proportions (cover: centred,
never distorted), downsampled to at most `max_ppi` at placed size, separated
through the CMYK output profile and held to the newsprint ink limit
(print-ready.md §2 "TAC": ISO 12647-3 recommends 220 %, the hard limit is 240 %).  The crop is done here, so the drawer
places the returned image to fill the frame exactly.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from ..errors import InputError
from .icc import load_output_profile

MAX_PIXELS = 100_000_000        # decompression-bomb guard: refuse before decoding
DEFAULT_MAX_PPI = 200.0         # shops ask 170-200 ppi for newspaper photos, §2 "Images"
TAC_LIMIT = 2.20                # ISO 12647-3 and the IFRA26 profile: 220 % (§2 "TAC"); preflight warns above it
GCR = 0.6                       # share of the grey component moved to K where ink is over the limit
JPEG_QUALITY = 90
JPEG_HEADROOM = 0.02          # JPEG rounding can add ~1 % ink to noisy pixels; stay under the limit


@dataclass(frozen=True)
class PreparedInfo:
    source_mode: str
    source_size: tuple[int, int]
    crop_box: tuple[int, int, int, int]     # in source pixels (after EXIF rotation)
    size: tuple[int, int]                   # output pixels
    ppi: float                              # effective resolution at placed size
    tac_max: float                          # highest pixel TAC after limiting, %
    separation: str                         # how colour was converted


def _open(path: str) -> Image.Image:
    try:
        im = Image.open(path)
    except FileNotFoundError as err:
        raise InputError(f"image not found: {path}", file=str(path)) from err
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError) as err:
        raise InputError(f"cannot read image: {err}", file=str(path)) from err
    w, h = im.size
    if w * h > MAX_PIXELS:
        im.close()
        raise InputError(f"image is {w}×{h} = {w * h / 1e6:.0f} Mpx, more than the "
                         f"{MAX_PIXELS / 1e6:.0f} Mpx limit (decompression-bomb guard)", file=str(path))
    return im


def cover_crop(size: tuple[int, int], frame_w: float, frame_h: float) -> tuple[int, int, int, int]:
    """Centred box of the frame's aspect ratio, as large as the image allows."""
    w, h = size
    target = frame_w / frame_h
    if w / h > target:                       # too wide: trim the sides
        cw = max(1, round(h * target))
        left = (w - cw) // 2
        return (left, 0, left + cw, h)
    ch = max(1, round(w / target))           # too tall: trim top and bottom
    top = (h - ch) // 2
    return (0, top, w, top + ch)


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


def _resample(im: Image.Image, placed_w_pt: float, placed_h_pt: float, max_ppi: float) -> Image.Image:
    ppi = im.width / (placed_w_pt / 72.0)
    if ppi <= max_ppi:
        return im
    w = max(1, round(placed_w_pt / 72.0 * max_ppi))
    h = max(1, round(placed_h_pt / 72.0 * max_ppi))
    return im.resize((w, h), Image.Resampling.LANCZOS)


def _separate(im: Image.Image) -> tuple[np.ndarray, str]:
    """CMYK as floats 0..1: grey → K only; RGB through the output profile; CMYK as given."""
    if im.mode == "L":
        k = 1.0 - np.asarray(im, dtype=np.float64) / 255.0
        zeros = np.zeros_like(k)
        return np.stack([zeros, zeros, zeros, k], axis=2), "grey → K"
    if im.mode == "CMYK":
        return np.asarray(im, dtype=np.float64) / 255.0, "CMYK kept"
    profile = load_output_profile()
    source = _source_profile(im)
    dest = ImageCms.ImageCmsProfile(io.BytesIO(profile.data))
    cmyk = ImageCms.profileToProfile(im, source, dest, renderingIntent=ImageCms.Intent.PERCEPTUAL,
                                     outputMode="CMYK")
    return np.asarray(cmyk, dtype=np.float64) / 255.0, f"RGB → {profile.condition} (perceptual)"


def _source_profile(im: Image.Image):
    embedded = im.info.get("icc_profile")
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
    out = cmyk.copy()
    c, m, y, k = (out[..., i] for i in range(4))
    over = (c + m + y + k) > limit
    grey = np.minimum(np.minimum(c, m), y) * gcr
    grey = np.where(over, np.minimum(grey, 1.0 - k), 0.0)
    for channel in (c, m, y):
        channel -= grey
    k += grey
    cmy = c + m + y
    room = np.maximum(limit - k, 0.0)
    scale = np.where(cmy > room, room / np.maximum(cmy, 1e-9), 1.0)
    for channel in (c, m, y):
        channel *= scale
    return np.clip(out, 0.0, 1.0)


def _encode(cmyk: np.ndarray) -> bytes:
    # round down so 8-bit quantisation cannot push a pixel back over the limit
    pixels = Image.fromarray(np.floor(cmyk * 255.0).astype(np.uint8), "CMYK")
    out = io.BytesIO()
    pixels.save(out, "JPEG", quality=JPEG_QUALITY, subsampling=0, optimize=False, progressive=False)
    return out.getvalue()


def prepare_image(path: str, placed_w_pt: float, placed_h_pt: float,
                  max_ppi: float = DEFAULT_MAX_PPI, tac_limit: float = TAC_LIMIT) -> tuple[bytes, PreparedInfo]:
    """CMYK JPEG bytes cropped to the frame and a report of what was done.

    The drawer places the bytes with ReportLab:
    ``canvas.drawImage(ImageReader(io.BytesIO(data)), x, y, placed_w_pt, placed_h_pt)``.
    Raises InputError for unreadable files and images over 100 Mpx.
    """
    if placed_w_pt <= 0 or placed_h_pt <= 0:
        raise ValueError(f"placed size must be positive, got {placed_w_pt}×{placed_h_pt} pt")
    with _open(path) as original:
        mode, size = original.mode, original.size
        try:
            im = ImageOps.exif_transpose(original)
            im.load()
        except (OSError, Image.DecompressionBombError) as err:
            raise InputError(f"cannot decode image: {err}", file=str(path)) from err
    box = cover_crop(im.size, placed_w_pt, placed_h_pt)
    im = _to_8bit_base(im.crop(box))
    im = _resample(im, placed_w_pt, placed_h_pt, max_ppi)
    cmyk, how = _separate(im)
    cmyk = limit_ink(cmyk, tac_limit - JPEG_HEADROOM)
    data = _encode(cmyk)
    ppi = im.width / (placed_w_pt / 72.0)
    tac = float((np.floor(cmyk * 255.0) / 255.0).sum(axis=2).max() * 100.0)
    return data, PreparedInfo(mode, size, box, im.size, ppi, tac, how)
