"""The newsprint ink limit in numpy: 8-bit CMYK (or grey) pixels held to a
total ink (print-ready.md §2 "TAC"), by GCR first, then UCR (`limit_ink`);
and RGB pixels separated through a table held to it (`interpolated`).

This is the oracle of the C limiter and separator (_inklimit.c), which separate.py uses
when it is built; without it (no C compiler, or PAIBAN_PURE_PYTHON=1) this
module does the work, with the same bytes (tests/print/test_inklimit.py).
Grey photos under a limit of 100 % or more, and every photo when the C
limiter is built, are separated without numpy (separate.py): its import is
0.13 CPU-s, a fifth of a first build of the sample (issue 15 §2).
"""
from __future__ import annotations

import numpy as np

from . import GCR, TAC_LIMIT, near_limit


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


def limited(pixels: np.ndarray, kind: str, limit: float) -> tuple[np.ndarray, float]:
    """8-bit CMYK (`kind` "CMYK"; "L": grey, under a limit below 100 %)
    held to `limit`, and its highest pixel TAC in %.

    Only pixels whose ink comes within LIMIT_MARGIN of the limit go through
    `limit_ink` (in strips); the others come out as they went in, which is
    what `limit_ink` and the quantisation give them (their total is under the
    limit, so neither GCR nor UCR applies, and floor(v / 255 × 255) is v for
    every 8-bit v): the bytes are those of limiting every pixel, at a tenth
    of the cost — most of a photo is well under 220 %."""
    if kind != "L":
        return _limited_cmyk(pixels, limit)
    out = _limited_every_pixel(pixels, kind, limit)
    tac = float(_total_ink(out.reshape(-1, 4)).max()) * 100.0 / 255.0 if out.size else 0.0
    return out, tac


def _limited_cmyk(pixels: np.ndarray, limit: float) -> tuple[np.ndarray, float]:
    """`limited` of 8-bit CMYK.  The total ink is summed once: it picks the
    pixels near the limit and gives the highest TAC of the others.  Pixels
    move as one 32-bit word each (gathering and scattering rows of four
    bytes is slower) and are copied only when some need limiting."""
    flat = np.ascontiguousarray(pixels).reshape(-1, 4)
    if not flat.size:
        return pixels, 0.0
    total = _total_ink(flat)
    threshold = near_limit(limit)
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



def interpolated(rgb: np.ndarray, table: bytes, step: int) -> tuple[np.ndarray, int]:
    """8-bit RGB pixels (H × W × 3) → the CMYK the separation table gives
    them (separate.py `_separation_table`: 8-bit CMYK of the colours 0,
    step, 2 × step … 255 on each axis, red the slowest), and the highest
    total ink in 8-bit units.  The oracle of _inklimit.c `separate_rgb`, in
    the same integers: the tetrahedron of the cell a pixel is in (its
    diagonal, and the edges along its largest then its middle fraction),
    weights that are fractions of `step` summing to it, rounded down."""
    points = 255 // step + 1
    nodes = np.frombuffer(table, dtype=np.uint8).reshape(-1, 4).astype(np.int64)
    flat = np.asarray(rgb, dtype=np.int64).reshape(-1, 3)
    last = flat == 255                        # 255 is the far end of the last cell
    cell = np.where(last, points - 2, flat // step)
    frac = np.where(last, step, flat % step)
    strides = np.array([points * points, points, 1])
    first = cell @ strides
    order = np.argsort(-frac, axis=1, kind="stable")          # axes by fraction, largest first
    hi, mid, lo = (np.take_along_axis(frac, order[:, [i]], axis=1)[:, 0] for i in range(3))
    second = first + strides[order[:, 0]]
    third = second + strides[order[:, 1]]
    weighted = (nodes[first] * (step - hi)[:, None] + nodes[second] * (hi - mid)[:, None]
                + nodes[third] * (mid - lo)[:, None] + nodes[first + strides.sum()] * lo[:, None])
    cmyk = (weighted // step).astype(np.uint8)
    top = int(cmyk.astype(np.int64).sum(axis=1).max()) if cmyk.size else 0
    return cmyk.reshape(np.shape(rgb)[:2] + (4,)), top
