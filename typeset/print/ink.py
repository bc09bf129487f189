"""Total ink coverage: a PDF → per-page densest-area TAC, rendered in CMYK by Ghostscript.

print-ready.md §5: render with `tiff32nc -dUseTrimBox` (Ghostscript honours
overprint there), then take the highest mean C+M+Y+K over a window of about
15 mm² (§2 "TAC": measured on the rendered page over ~15 mm²).
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pikepdf
from PIL import Image

if TYPE_CHECKING:                # numpy only where pixels are measured (0.15 CPU-s to import)
    import numpy as np

WINDOW_MM2 = 15.0          # §2 "TAC"
TAC_FAIL, TAC_WARN = 240.0, 220.0   # our defaults, §2 "TAC" (ISO 12647-3 says 220 %)
RENDER_DPI = 72            # window ≈ 11 px at 72 dpi; enough for a 15 mm² mean, keeps gs fast
MAX_PAGE_PIXELS = 20_000_000   # a hostile 200-inch page must not make a gigabyte TIFF


@dataclass(frozen=True)
class PageInk:
    page: int
    max_window: float    # highest mean TAC (%) over the window
    max_pixel: float     # highest single-pixel TAC (%)
    mean: float          # page average TAC (%)


class GhostscriptMissing(RuntimeError):
    pass


def render_cmyk(path: str, out_dir: str, dpi: int = RENDER_DPI) -> list[str]:
    """Render every page's TrimBox to CMYK TIFFs; returns their paths in page order."""
    gs = shutil.which("gs")
    if gs is None:
        raise GhostscriptMissing("Ghostscript (gs) is needed for the ink check")
    pattern = os.path.join(out_dir, "p%04d.tif")
    cmd = [gs, "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiff32nc", f"-r{dpi}",
           "-dUseTrimBox", f"-sOutputFile={pattern}", path]
    subprocess.run(cmd, check=True, capture_output=True, timeout=120)
    return sorted(glob.glob(os.path.join(out_dir, "p*.tif")))


def window_px(dpi: int) -> int:
    side_mm = WINDOW_MM2 ** 0.5
    return max(1, round(side_mm / 25.4 * dpi))


def densest_window(tac: np.ndarray, size: int) -> float:
    """Highest mean of tac over any size×size window (integral image, O(pixels))."""
    import numpy as np
    h, w = tac.shape
    size = min(size, h, w)
    integral = np.zeros((h + 1, w + 1), dtype=np.float64)
    # float64 sums: float32 loses whole percents on a big page (2e9 at 20 Mpx × 100 %)
    integral[1:, 1:] = tac.cumsum(0, dtype=np.float64).cumsum(1)
    sums = (integral[size:, size:] - integral[:-size, size:]
            - integral[size:, :-size] + integral[:-size, :-size])
    return float(sums.max()) / (size * size)


def _own_render(tiff_path: str):
    """Open a render of ours without Pillow's decompression-bomb guard: its size
    is bounded by MAX_PAGE_PIXELS.  The guard stays on for everyone else (the
    photos of an issue are checked against it), so it is lifted for this
    call only, not for the process."""
    limit = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None
    try:
        im = Image.open(tiff_path)
        im.load()
        return im
    finally:
        Image.MAX_IMAGE_PIXELS = limit


def page_ink(tiff_path: str, page: int, dpi: int) -> PageInk:
    """The ink of one rendered page (TIFF, CMYK): its densest window, densest pixel and mean."""
    import numpy as np
    with _own_render(tiff_path) as im:
        cmyk = np.asarray(im.convert("CMYK"), dtype=np.float32)
    tac = cmyk.sum(axis=2) * (100.0 / 255.0)
    return PageInk(page, densest_window(tac, window_px(dpi)), float(tac.max()), float(tac.mean()))


def safe_dpi(path: str, dpi: int = RENDER_DPI) -> int:
    """dpi, lowered so the largest page renders to at most MAX_PAGE_PIXELS."""
    with pikepdf.open(path) as pdf:
        largest = max((abs(float(b[2]) - float(b[0])) * abs(float(b[3]) - float(b[1]))
                       for b in (p.trimbox for p in pdf.pages)), default=0.0)
    if largest <= 0:
        return dpi
    limit = int((MAX_PAGE_PIXELS / (largest / 72.0 / 72.0)) ** 0.5)
    return max(1, min(dpi, limit))


def measure_ink(path: str, dpi: int = RENDER_DPI) -> list[PageInk]:
    dpi = safe_dpi(path, dpi)
    with tempfile.TemporaryDirectory(prefix="typeset-ink-") as tmp:
        tiffs = render_cmyk(path, tmp, dpi)
        return [page_ink(t, n, dpi) for n, t in enumerate(tiffs, start=1)]
