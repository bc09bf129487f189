"""FontLibrary face key → registered ReportLab TTFont name (embedded as subsets with ToUnicode).

ReportLab embeds each TTFont as ≤256-glyph simple TrueType subsets
(FontFile2) and writes a ToUnicode CMap for each, so text extraction gives
back the source characters (print-ready.md §4).  Parsing a shipped face
takes ~0.03 s (measured: bench/font_load.py), so no parse cache is needed.
"""
from __future__ import annotations

import re

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

NAME_PREFIX = "TS-"
_registered: dict[tuple[str, str], str] = {}
_reportlab_to_unicode = ttfonts.makeToUnicodeCMap


def _utf16_hex(cp: int) -> str:
    return chr(cp).encode("utf-16-be").hex().upper()


def make_to_unicode_cmap(fontname: str, subset) -> str:
    """ReportLab's ToUnicode CMap, with code points beyond U+FFFF as surrogate pairs.

    ReportLab 5.1 writes `<%04X>`, so 𠮷 U+20BB7 becomes <20BB7>, which
    readers take as U+20BB "₻" (measured with pdftotext).  PDF 1.7 §9.10.3:
    the destination is UTF-16BE.
    """
    cmap = _reportlab_to_unicode(fontname, subset)
    for i, cp in enumerate(subset):
        if cp > 0xFFFF:
            cmap = cmap.replace("<%02X> <%04X>" % (i, cp), "<%02X> <%s>" % (i, _utf16_hex(cp)))
    return cmap


ttfonts.makeToUnicodeCMap = make_to_unicode_cmap   # used by TTFont.addObjects


def font_name(face: str) -> str:
    """ReportLab font name of a face key ("sys:Foo-2:U+20BB7" → "TS-sys-Foo-2-U-20BB7")."""
    return NAME_PREFIX + re.sub(r"[^A-Za-z0-9]+", "-", face).strip("-")


def register_face(lib, face: str) -> str:
    """Register `face` of FontLibrary `lib` with ReportLab once per process; return its name."""
    path = lib.path(face)
    key = (face, path)
    if key not in _registered:
        name = font_name(face)
        # asciiReadable=0: subsets may then use byte 32+ for glyphs, fewer subsets.
        pdfmetrics.registerFont(TTFont(name, path, asciiReadable=0))
        _check_not_aliased(name, path)
        _registered[key] = name
    return _registered[key]


def _check_not_aliased(name: str, path: str) -> None:
    """ReportLab silently reuses an earlier font with the same PostScript name."""
    registered = pdfmetrics.getFont(name).face.filename
    if registered != path:
        raise ValueError(f"{path} has the PostScript name of {registered}: "
                         "ReportLab would draw it with the other font")


def register_all(lib) -> dict[str, str]:
    """Register every shipped face of `lib`; face key → ReportLab name."""
    return {face: register_face(lib, face) for face in lib.faces}
