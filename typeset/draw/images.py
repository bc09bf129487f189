"""Image paths in an issue → safe, print-ready ReportLab images (CMYK, cropped).

Paths are resolved against the issue's folder and must stay inside it
(no ``../..``, absolute paths or symlinks out) unless explicitly allowed;
conversion to newsprint CMYK is `typeset.print.images.prepare_image`.
"""
from __future__ import annotations

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


def image_loader(base_dir: str, allow_outside: bool, source: str) -> Callable:
    """A loader for the drawer: (src, placed width pt, placed height pt) → ImageReader."""
    from ..print.images import prepare_image
    cache: dict = {}

    def load(src: str, w: float, h: float):
        key = (src, round(w, 2), round(h, 2))
        if key not in cache:
            path = resolve_image(src, base_dir, allow_outside, source)
            data, _info = prepare_image(path, w, h)
            cache[key] = ImageReader(io.BytesIO(data))
        return cache[key]
    return load
