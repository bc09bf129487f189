"""Image paths in an issue → safe, print-ready ReportLab images (CMYK, cropped).

Paths are resolved against the issue's folder and must stay inside it
(no ``../..``, absolute paths or symlinks out) unless explicitly allowed;
conversion to newsprint CMYK is `typeset.print.images.prepare_image`.
"""
from __future__ import annotations

import hashlib
import io
import os
from typing import Callable

from reportlab.lib.utils import ImageReader

from ..errors import InputError


def resolve_image(src: str, base_dir: str, allow_outside: bool, source: str = "") -> str:
    """Absolute path of an image named in the issue, refusing escapes."""
    path = os.path.realpath(os.path.join(base_dir, src))
    root = os.path.realpath(base_dir)
    if not allow_outside and os.path.commonpath([path, root]) != root:
        raise InputError(f"image {src!r} is outside the issue's folder; refused "
                         f"(use --allow-outside-images to permit it)", file=source, element="photo")
    if not os.path.isfile(path):
        raise InputError(f"image not found: {src!r}", file=source, element="photo")
    return path


# Bump when the preparation changes so cached separations are not reused.
PREPARATION_VERSION = "1"


def image_loader(base_dir: str, allow_outside: bool, source: str) -> Callable:
    """A loader for the drawer: (src, placed width pt, placed height pt) → ImageReader.

    Separating a photo for newsprint takes ~0.1 s; editors rebuild the same
    issue many times a day, so results are cached on disk by the image's
    content hash and placed size (the output bytes do not depend on the cache).
    """
    cache: dict = {}

    def load(src: str, w: float, h: float):
        key = (src, round(w, 2), round(h, 2))
        if key not in cache:
            path = resolve_image(src, base_dir, allow_outside, source)
            cache[key] = ImageReader(io.BytesIO(prepared_bytes(path, w, h)))
        return cache[key]
    return load


def prepared_bytes(path: str, w: float, h: float) -> bytes:
    """Print-ready CMYK JPEG for `path` placed at w × h pt, through the disk cache."""
    from ..fonts import cache_dir
    from ..print.images import prepare_image
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    name = f"{digest[:32]}-{w:.2f}x{h:.2f}-v{PREPARATION_VERSION}.jpg"
    cached = os.path.join(cache_dir(), "images", name)
    try:
        with open(cached, "rb") as f:
            return f.read()
    except OSError:
        pass
    data, _info = prepare_image(path, w, h)
    try:
        os.makedirs(os.path.dirname(cached), exist_ok=True)
        tmp = f"{cached}.{os.getpid()}.tmp"
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, cached)
    except OSError:
        pass                                  # a read-only cache only costs time
    return data
