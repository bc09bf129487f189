"""The photo stage, between the display list and the drawer: image paths in
an issue → safe, print-ready CMYK JPEGs (cropped, separated, ink-limited).

Paths are resolved against the issue's folder and must stay inside it
(no ``../..``, absolute paths or symlinks out) unless explicitly allowed;
their sizes are read from the headers for the layout (`check_images`);
every placed photo is separated before drawing (`prepare_placed`, through
`typeset.photos.separate.prepare_image` and its disk cache), so the drawer
only places prepared bytes.  The CMYK output profile is `photos/icc.py`.
"""
from __future__ import annotations

import hashlib
import io
import math
import os
import warnings
from functools import lru_cache
from typing import Callable, Optional

from PIL import Image

from ..errors import InputError
from ..messages import say
from ..display import ImageItem
from .framing import CENTRE, NO_CROP


def resolve_image(src: str, base_dir: str, allow_outside: bool, source: str = "", line: int = 0) -> str:
    """Absolute path of an image named in the issue, refusing escapes.

    The path is resolved with its symlinks: a link inside the folder that
    points outside is an escape too (the parser only sees the text of src).
    """
    path = os.path.realpath(os.path.join(base_dir, src))
    root = os.path.realpath(base_dir)
    if not allow_outside and os.path.commonpath([path, root]) != root:
        raise InputError(say("image_refused", src=src), file=source, line=line, element="photo")
    if not os.path.isfile(path):
        raise InputError(say("image_missing", src=src), file=source, line=line, element="photo")
    return path


def photo_lines(issue) -> dict[str, int]:
    """src → source line of the first <photo> naming it, so that image errors
    found while drawing point at the issue file, not only at the image."""
    lines: dict[str, int] = {}
    for page in issue.pages:
        for block in page.blocks:
            for photo in (block, *getattr(block, "photos", ())):
                src = getattr(photo, "src", None)
                if src is not None:
                    lines.setdefault(src, photo.line)
    return lines


# Issue 12 §7: cutting more than a quarter of an image away to fit its frame
# changes the picture; the editor is told, and focus= / crop= choose what stays.
MOST_CUT_SILENTLY = 0.25

# print-ready.md §2 "Images": under 100 ppi at its printed size a newspaper
# photo fails the print check (print/checks_content.py holds it to this);
# the editor is told at layout, with the photo's element, not only by the
# preflight's page number.
LEAST_PRINT_PPI = 100.0


def crop_warnings(issue, pages, sizes: dict[str, tuple[int, int]]) -> list:
    """A warning for each placed photo whose frame cuts more than
    MOST_CUT_SILENTLY of the image (of what its crop= leaves) away; `sizes`
    are the images' pixel sizes from their headers (check_images)."""
    from ..errors import Warning_
    from .framing import kept_share, printed_ppi
    lines = {photo.id: photo.line for page in issue.pages for block in page.blocks
             for photo in (block, *getattr(block, "photos", ())) if getattr(photo, "src", None)}
    out = []
    for layout in pages:
        for item in layout.items:
            if not isinstance(item, ImageItem):
                continue
            size = sizes.get(item.path)
            cut = 1.0 - kept_share(size, item.w, item.h, item.crop) if size else 0.0
            if cut > MOST_CUT_SILENTLY:
                out.append(Warning_(say("photo_cut", photo=item.name, src=item.path, cut=round(cut * 100),
                                        page=layout.number, kept=_kept_part(size, item)),  # type: ignore[arg-type]
                                    file=issue.source, line=lines.get(item.name, 0), element="photo",
                                    code="photo-crop"))
            ppi = printed_ppi(size, item.w, item.h, item.crop) if size and item.w > 0 and item.h > 0 else None
            if ppi is not None and ppi < LEAST_PRINT_PPI:
                out.append(Warning_(say("photo_low_ppi", photo=item.name, src=item.path, page=layout.number,
                                        ppi=round(ppi), least=round(LEAST_PRINT_PPI)),
                                    file=issue.source, line=lines.get(item.name, 0), element="photo",
                                    code="photo-resolution"))
    return out


def _kept_part(size: tuple[int, int], item) -> str:
    """Which part of the image the frame keeps, in words: "the top", "the middle" …"""
    from .framing import crop_region
    x0, y0, x1, y1 = crop_region(size, item.crop)
    wide = (x1 - x0) / (y1 - y0) > item.w / item.h           # the sides are cut, else top and bottom
    where = item.focus[0] if wide else item.focus[1]
    ends = ("part_left", "part_right") if wide else ("part_top", "part_bottom")
    return say(ends[0] if where < 0.25 else ends[1] if where > 0.75 else "part_middle")


def check_images(issue, allow_outside: bool) -> dict[str, tuple[int, int]]:
    """Every photo of the issue names a readable file inside its folder;
    returns each image's size in pixels as shown (src → (w, h)), read from
    its header, for the layout to keep its shape.

    Layout never opens images, so without this `paiban check` would call an
    issue with a missing photo "fits" and only `build` would fail.  No pixel
    is decoded here: that stays with the drawer.
    """
    from .framing import header_size
    sizes = {}
    for src, line in photo_lines(issue).items():
        size = header_size(resolve_image(src, issue.base_dir, allow_outside, issue.source, line))
        if size:
            sizes[src] = size
    return sizes


# The most ink a separated photo carries: ISO 12647-3 and the IFRA26 profile,
# 220 % (print-ready.md §2 "TAC"); separate.py holds every pixel to it, the
# preflight warns above it.
TAC_LIMIT = 2.20
GCR = 0.6             # share of the grey component moved to K where ink is over the limit
LIMIT_MARGIN = 4      # 8-bit units of total ink below the limit still sent through limit_ink


def near_limit(limit: float) -> int:
    """The least total ink (8-bit units) of a pixel sent through limit_ink."""
    return math.floor(limit * 255) - LIMIT_MARGIN


# Bump when the preparation changes so cached separations are not reused
# (5a: RGB separated through a table held to the ink limit; 4e: a reduced
# decoding inside the 170–200 ppi window is used as decoded — a change of
# 5a23636 that kept "4d", so caches written before it served the older,
# larger separations; a letter as well as a number, so that another
# branch's "4" never serves these bytes).  The cache key also holds a digest
# of the code that prepares (PREPARATION_CODE), so a change forgotten here
# costs a separation again, never a stale one.
PREPARATION_VERSION = "5a"
PREPARATION_CODE = ("separate.py", "inklimit.py", "framing.py", "icc.py", "_inklimit.c")


def image_loader(base_dir: str, allow_outside: bool, source: str,
                 lines: Optional[dict[str, int]] = None) -> Callable:
    """A loader for the drawer: (src, placed width pt, placed height pt,
    focus, crop) → PreparedJPEG.

    Separating a photo for newsprint takes ~0.1 s; editors rebuild the same
    issue many times a day, so results are cached on disk by the image's
    content hash, placed size and framing (the output bytes do not depend on the cache).
    """
    cache: dict = {}
    lines = lines or {}

    def load(src: str, w: float, h: float, focus=CENTRE, crop=NO_CROP):
        key = (src, round(w, 2), round(h, 2), focus, crop)
        if key not in cache:
            line = lines.get(src, 0)
            path = resolve_image(src, base_dir, allow_outside, source, line)
            try:
                data = _quietly_prepared(path, w, h, focus, crop)
            except InputError as e:        # unreadable, corrupt, too many pixels
                raise InputError(say("image_bad", src=src, detail=e.message), file=source, line=line,
                                 element="photo") from None
            except OSError as e:           # e.g. no permission to read it
                raise InputError(say("image_unreadable", src=src, reason=e.strerror), file=source, line=line,
                                 element="photo") from None
            cache[key] = PreparedJPEG(data)
        return cache[key]
    load.prepared = cache              # type: ignore[attr-defined]  # what was placed, for the build's preflight (print/facts.py)
    return load


def prepare_placed(pages, load: Callable) -> None:
    """Separate every photo the display lists place, before drawing: the
    drawer then only places prepared JPEGs (its loader calls find them in
    `load`'s cache) and never converts colour itself."""
    for page in pages:
        for item in page.items:
            if isinstance(item, ImageItem):
                load(item.path, item.w, item.h, item.focus, item.crop)


class PreparedJPEG:
    """A prepared (CMYK JPEG) photo as ReportLab's drawImage takes it without
    decoding it.

    Given an ImageReader, drawImage decodes every pixel to RGB and digests
    them only to name the image for reuse (≈ 15 ms a photo, 75 ms for the
    sample); the JPEG itself is embedded as it is either way (DCTDecode).
    Given anything else, it names the image by str() — here the SHA-256 of
    the JPEG bytes, so the name depends on the content only, never on a
    path or a cache — and reads the stream through `jpeg_fh`.
    """

    def __init__(self, data: bytes):
        self.data = data
        self.key = "typeset-jpeg:" + hashlib.sha256(data).hexdigest()

    def __str__(self) -> str:
        return self.key

    @property
    def size(self) -> tuple[int, int]:
        """Width and height in pixels, from the JPEG's header (nothing decoded)."""
        with Image.open(io.BytesIO(self.data)) as im:
            return im.size

    def jpeg_fh(self):
        return io.BytesIO(self.data)


def _quietly_prepared(path: str, w: float, h: float, focus=CENTRE, crop=NO_CROP) -> bytes:
    """prepared_bytes without Pillow's DecompressionBombWarning: between 89 and
    179 Mpx Pillow warns on stderr (a stray multi-line message under the
    user's error) while our own pixel limit, checked right after opening,
    is what refuses or accepts the image."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        return prepared_bytes(path, w, h, focus, crop)


def _separation_key() -> str:
    """What else the prepared bytes depend on: the CMYK profile RGB photos are
    separated through (TYPESET_CMYK_PROFILE, by content) and the Pillow and
    numpy that separate, limit and encode them.  Without it a new profile
    or library would be served the old separations from the cache."""
    import PIL
    from .icc import colour_settings
    text = f"{colour_settings()}|pillow {PIL.__version__}|numpy {_numpy_version()}|code {_code_digest()}"
    return hashlib.sha256(text.encode()).hexdigest()[:12]


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """SHA-256 of the files of PREPARATION_CODE beside this one (a missing
    one counts as empty: a wheel without the C source)."""
    digest = hashlib.sha256()
    folder = os.path.dirname(os.path.abspath(__file__))
    for name in PREPARATION_CODE:
        try:
            with open(os.path.join(folder, name), "rb") as f:
                digest.update(name.encode() + b"\0" + f.read())
        except OSError:
            digest.update(name.encode() + b"\0")
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _numpy_version() -> str:
    """numpy's version, read from its installed metadata: the same string as
    numpy.__version__ without importing numpy (0.15 CPU-s, framing.py), which
    a build whose separations are all cached never needs."""
    from importlib.metadata import version
    return version("numpy")


def prepared_bytes(path: str, w: float, h: float, focus=CENTRE, crop=NO_CROP) -> bytes:
    """Print-ready CMYK JPEG for `path` placed at w × h pt, through the disk cache."""
    from ..fonts import cache_dir
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    framing = "" if (focus, crop) == (CENTRE, NO_CROP) else "-" + hashlib.sha256(
        repr((focus, crop)).encode()).hexdigest()[:12]
    name = f"{digest[:32]}-{w:.2f}x{h:.2f}{framing}-v{PREPARATION_VERSION}-{_separation_key()}.jpg"
    cached = os.path.join(cache_dir(), "images", name)
    try:
        with open(cached, "rb") as f:
            return f.read()
    except OSError:
        pass
    from .separate import prepare_image          # LittleCMS and the limiter: only when a photo is separated
    data, _info = prepare_image(path, w, h, focus=focus, crop=crop)
    try:
        os.makedirs(os.path.dirname(cached), exist_ok=True)
        tmp = f"{cached}.{os.getpid()}.tmp"
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, cached)
    except OSError:
        pass                                  # a read-only cache only costs time
    return data
