"""Alias code points: one glyph of a font, copied as other text, or with a wider advance.

Text extraction reads two things of a simple TrueType font: the ToUnicode
CMap (code → text) and /Widths (code → advance, hence each glyph's box).
Two fixes need a code whose glyph is one character's, but whose text or
advance is another's:

* a substituted glyph copies as its source: "——" is drawn with U+2015's
  glyph (typography.md §1.1: U+2014's default glyph is the Latin one), and
  must copy and search as U+2014 — ActualText alone is ignored by pdfplumber
  and mutool;
* a glyph followed by a gap that is not a word space (the ¼-em CJK–digit gap
  of L1, "8月29日") gets that gap in its advance, so no extractor sees a hole
  between the glyph boxes and puts a space into "8 月 29 日" (pdfminer breaks
  words at gaps of 0.1 em, poppler at 0.1 of the font size).

An alias is a code point of the Supplementary Private Use Area-A given, in
the ReportLab face, the glyph of the drawn character and its width plus
`extra` thousandths of an em; rlfonts.make_to_unicode_cmap maps it to the
text it stands for.  The drawn page is unchanged: the same glyph lands at
the same place.
"""
from __future__ import annotations

from typing import NamedTuple, Optional

from .rlfonts import ALIAS_MEANING, ALIAS_TEXT

FIRST = 0xF0000                 # Supplementary Private Use Area-A: never in copy
LAST = 0xFFFFD


class Alias(NamedTuple):
    """What an alias code point is: the character whose glyph it draws, the
    text it copies as, and the thousandths of an em added to its advance."""
    drawn: str
    text: str
    extra: int


_codes: dict[Alias, int] = {}
_aliases: dict[int, Alias] = {}


def alias_of(ch: str) -> Optional[Alias]:
    """The Alias `ch` is, or None for an ordinary character."""
    return _aliases.get(ord(ch)) if len(ch) == 1 else None


def widened(face, ch: str, extra: int) -> str:
    """`ch` (a character or an alias) with `extra`/1000 em more advance."""
    base = alias_of(ch)
    if base is not None:
        return alias(face, base.drawn, base.text, base.extra + extra)
    return alias(face, ch, ch, extra)


def alias(face, drawn: str, text: str, extra: int = 0) -> str:
    """The character to draw for `drawn`'s glyph of ReportLab face `face`,
    copied as `text`, `extra`/1000 em wider; `drawn` itself when nothing
    differs, the face has no glyph for it, or the alias range is used up."""
    if text == drawn and extra == 0:
        return drawn
    glyph = face.charToGlyph.get(ord(drawn))
    if glyph is None:
        return drawn
    key = Alias(drawn, text, extra)
    code = _codes.get(key)
    if code is None:
        code = FIRST + len(_codes)
        if code > LAST:
            return drawn
        _codes[key], _aliases[code] = code, key
        ALIAS_TEXT[code], ALIAS_MEANING[code] = text, (drawn, text, extra)
    if code not in face.charToGlyph:           # each face gets the glyph of its own `drawn`
        width = face.charWidths.get(ord(drawn), face.defaultWidth) + extra
        face.charToGlyph[code] = glyph if extra == 0 else _wider_glyph(face, glyph, width)
        face.charWidths[code] = width
    return chr(code)


def _wider_glyph(face, glyph: int, width: int) -> int:
    """A glyph id of `face` drawing `glyph` with an advance of `width`/1000 em.

    PDF/A (ISO 19005-2 §6.2.11.5) wants a glyph's width in /Widths and in
    the embedded font program to agree; a widened alias sharing its
    character's glyph would have the wider one in /Widths only.  ReportLab's
    subsetter (TTFontFile.makeSubset) copies glyph n's outline from
    face.glyphPos[n] … [n + 1] and its advance from face.hmetrics[n], so an
    id past the font's own whose two glyphPos entries are `glyph`'s makes
    the subset a copy of the outline with the wider advance in hmtx.  (The
    id between two such ids spans nothing that is ever used.)"""
    start, stop = face.glyphPos[glyph], face.glyphPos[glyph + 1]
    new = len(face.glyphPos)
    face.glyphPos += [start, stop]
    lsb = face.hmetrics[glyph][1] if glyph < len(face.hmetrics) else 0
    face.hmetrics += [(0, 0)] * (new - len(face.hmetrics))
    face.hmetrics.append((round(width * face.unitsPerEm / 1000), lsb))
    return new
