"""FontLibrary face key → registered ReportLab TTFont name (embedded as subsets with ToUnicode).

ReportLab embeds each TTFont as ≤256-glyph simple TrueType subsets
(FontFile2) and writes a ToUnicode CMap for each, so text extraction gives
back the source characters (print-ready.md §4).  Parsing a shipped face
takes ~0.03 s (measured: bench/font_load.py), so no parse cache is needed.
"""
from __future__ import annotations

import re

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

NAME_PREFIX = "TS-"
_registered: dict[tuple[str, str], str] = {}


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
        _registered[key] = name
    return _registered[key]


def register_all(lib) -> dict[str, str]:
    """Register every shipped face of `lib`; face key → ReportLab name."""
    return {face: register_face(lib, face) for face in lib.faces}
