"""ReportLab's parse of a TrueType face (`TTFontFile.extractInfo`), its
per-glyph part done with whole-table reads.

ReportLab reads the cmap, hmtx and loca tables one number at a time (a
`struct.unpack` call each, ~160,000 for a 9,500-glyph CJK face: 30 ms a face
on a build with an empty cache, issue 15 §2).  `fast_extract_info` lets
ReportLab parse the rest (`charInfo=0`: names, head, OS/2, post, hhea, maxp
and their checks, with ReportLab's own errors), then reads those three
tables whole (`struct.unpack_from` of each; no numpy, whose import alone
would be a tenth of a first build, issue 15 §2) and builds the same attributes, the same values in the
same order: charToGlyph, glyphToChar, charWidths, defaultWidth, hmetrics,
glyphPos.  It handles cmap formats 4 and 12 (what fonts have for Unicode)
and answers False for anything else or anything odd — another cmap format,
a table running past the file, a code point mapped twice — and the caller
then lets ReportLab parse the face the slow way, raising its own errors.
tests/test_ttfparse.py holds the two parses equal.
"""
from __future__ import annotations

import struct

from reportlab.pdfbase.ttfonts import TTFontFile

# struct codes of the big-endian numbers the tables hold, and their sizes
_SIZES = {"H": 2, "h": 2, "I": 4}


def fast_extract_info(face) -> bool:
    """Parse `face` (a TTFontFace, file read) as extractInfo(charInfo=1)
    would; False, the face as it was, where only ReportLab's parse will do."""
    before = dict(face.__dict__)
    TTFontFile.extractInfo(face, 0)           # everything before the cmap, ReportLab's checks
    try:
        tables = _Tables(face)
        mapping = tables.cmap()
        if mapping is not None:
            _set_char_info(face, tables, *mapping)
            return True
    except (KeyError, IndexError, ValueError, OverflowError):      # a table missing, short or absurd
        pass
    face.__dict__.clear()                     # ReportLab sets everything again, in its order
    face.__dict__.update(before)
    return False


class _Tables:
    """The numbers of one face's head, hhea, cmap, hmtx and loca tables, read
    as ReportLab reads them (big-endian; bounds checked: ReportLab would
    fail on a short table, this answers ValueError instead)."""

    def __init__(self, face):
        self.face = face
        self.data = face._ttf_data
        head = face.table["head"]["offset"]
        self.index_to_loc_format = self.ushort(head + 50)
        self.glyph_data_format = self.ushort(head + 52)
        self.h_metrics = self.ushort(face.table["hhea"]["offset"] + 34)

    def ushort(self, pos: int) -> int:
        """The unsigned 16-bit number at `pos`."""
        return self.array(pos, 1, "H")[0]

    def ulong(self, pos: int) -> int:
        """The unsigned 32-bit number at `pos`."""
        return self.array(pos, 1, "I")[0]

    def array(self, pos: int, count: int, code: str) -> tuple[int, ...]:
        """`count` big-endian numbers of struct `code` (H, h, I) from `pos`."""
        if pos < 0 or count < 0 or pos + _SIZES[code] * count > len(self.data):
            raise ValueError("table past the end of the file")
        return struct.unpack_from(f">{count}{code}", self.data, pos)

    def cmap(self) -> "tuple[list[int], list[int]] | None":
        """(code points, glyphs) of the subtable ReportLab picks, in the order
        it reads them; None for a format other than 4 and 12, or a code point
        listed twice."""
        if self.glyph_data_format != 0:
            return None                                   # ReportLab raises its TTFError
        start = self.face.table["cmap"]["offset"]
        offset = self._chosen_subtable(start)
        if offset is None:
            return None
        offset += start
        fmt = self.ushort(offset)
        mapping = self._format_4(offset) if fmt == 4 else self._format_12(offset) if fmt == 12 else None
        if mapping is None or len(set(mapping[0])) != len(mapping[0]):
            return None
        return mapping

    def _chosen_subtable(self, start: int) -> "int | None":
        """ReportLab's choice among the cmap's subtables (the last Unicode one wins)."""
        version, count = self.ushort(start), self.ushort(start + 2)
        if count == 0 and version != 0:
            count = version
        records = self.array(start + 4, 4 * count, "H")
        chosen, enc = None, 0
        for platform, encoding, high, low in zip(*[iter(records)] * 4):
            if platform == 3 or (platform == 1 and encoding == 1) or (platform == 0 and encoding != 5):
                enc, chosen = 1, (high << 16) | low
            elif platform == 1 and encoding == 0 and enc != 1:
                enc, chosen = 2, (high << 16) | low
        return chosen

    def _format_4(self, offset: int) -> tuple[list[int], list[int]]:
        """Segment mapping to delta values (ReportLab's reading, its guard
        against offsets past the subtable included)."""
        limit = offset + self.ushort(offset + 2)
        segments = self.ushort(offset + 6) // 2
        ends = self.array(offset + 14, segments, "H")
        starts = self.array(offset + 16 + 2 * segments, segments, "H")
        deltas = self.array(offset + 16 + 4 * segments, segments, "h")
        ranges_at = offset + 16 + 6 * segments
        range_offsets = self.array(ranges_at, segments, "H")
        _check_mapped(starts, ends)
        chars: list[int] = []
        glyphs: list[int] = []
        for segment, (start, end, delta, range_offset) in enumerate(zip(starts, ends, deltas, range_offsets)):
            run = range(start, end + 1)
            chars.extend(run)
            if range_offset == 0:
                glyphs.extend([(char + delta) & 0xFFFF for char in run])
            else:
                glyphs.extend(self._glyph_array(ranges_at + 2 * segment + range_offset, len(run), delta, limit))
        return chars, glyphs

    def _glyph_array(self, at: int, count: int, delta: int, limit: int) -> list[int]:
        """The glyphs of `count` code points read from a format-4 glyph array
        at `at`: 0 from the subtable's end (`limit`) on, and where it holds 0."""
        inside = max(0, min(count, (limit - at + 1) // 2))      # entries that start before `limit`
        if inside and at + 2 * inside > len(self.data):
            raise ValueError("glyph index past the end of the file")
        found = struct.unpack_from(f">{inside}H", self.data, at) if inside else ()
        return [(glyph + delta) & 0xFFFF if glyph else 0 for glyph in found] + [0] * (count - inside)

    def _format_12(self, offset: int) -> tuple[list[int], list[int]]:
        """Segmented coverage: runs of code points onto runs of glyphs."""
        groups = self.ulong(offset + 12)
        table = self.array(offset + 16, 3 * groups, "I")
        starts, ends, first_glyphs = table[0::3], table[1::3], table[2::3]
        _check_mapped(starts, ends)
        chars: list[int] = []
        glyphs: list[int] = []
        for start, end, first in zip(starts, ends, first_glyphs):
            chars.extend(range(start, end + 1))
            glyphs.extend(range(first, first + end - start + 1))
        return chars, glyphs

    def hmetrics(self) -> tuple[list, list]:
        """(widths in 1/1000 em, ReportLab's hmetrics) of every glyph:
        hmetrics are (advance, left side bearing) in font units, except
        that over the glyphs that only have a side bearing ReportLab
        repeats the last advance as it has scaled it to 1/1000 em."""
        at = self.face.table["hmtx"]["offset"]
        pairs = self.array(at, 2 * self.h_metrics, "H")
        rest = max(0, self.face.numGlyphs - self.h_metrics)
        bearings = self.array(at + 4 * self.h_metrics, rest, "H")
        scale = self.face._pdfScale
        advances = list(pairs[0::2])
        widths = advances[:] if self.face.unitsPerEm == 1000 else [scale(aw) for aw in advances]  # scale: x → x
        widths += [widths[-1]] * rest
        hmetrics = list(zip(advances, pairs[1::2])) + [(widths[-1], lsb) for lsb in bearings]
        return widths, hmetrics

    def glyph_positions(self) -> list:
        """The loca table: where each glyph starts in glyf (and where the last ends)."""
        at, count = self.face.table["loca"]["offset"], self.face.numGlyphs + 1
        if self.index_to_loc_format == 0:
            return [half << 1 for half in self.array(at, count, "H")]
        if self.index_to_loc_format == 1:
            return list(self.array(at, count, "I"))
        raise ValueError("unknown loca format")          # ReportLab raises its TTFError


MAX_MAPPED = 0x220000         # code points a cmap may list here: twice Unicode's; more is not a font


def _check_mapped(starts, ends) -> None:
    """ValueError when the ranges start..end hold more code points than MAX_MAPPED."""
    if sum(max(0, end - start + 1) for start, end in zip(starts, ends)) > MAX_MAPPED:
        raise ValueError("cmap maps more code points than Unicode has")


def _set_char_info(face, tables: _Tables, chars: list[int], glyphs: list[int]) -> None:
    """The attributes ReportLab's cmap, hmtx and loca reading sets, in its order."""
    face.charToGlyph = dict(zip(chars, glyphs))
    face.glyphToChar = _glyph_to_char(chars, glyphs, len(set(glyphs)) == len(glyphs))
    widths, face.hmetrics = tables.hmetrics()
    face.defaultWidth = widths[0]
    face.charWidths = char_widths = _char_widths(chars, glyphs, widths)
    face.glyphPos = tables.glyph_positions()
    loca = face.table["loca"]["offset"]
    face._pos = loca + len(face.glyphPos) * (2 if tables.index_to_loc_format == 0 else 4)
    if 0x20 in face.charToGlyph:
        face.charToGlyph[0xA0] = face.charToGlyph[0x20]
        char_widths[0xA0] = char_widths[0x20]
    elif 0xA0 in face.charToGlyph:
        face.charToGlyph[0x20] = face.charToGlyph[0xA0]
        char_widths[0x20] = char_widths[0xA0]
    for name in SET_IN_ORDER:                 # the attributes in the order ReportLab sets them
        face.__dict__[name] = face.__dict__.pop(name)


def _glyph_to_char(chars: list, glyphs: list, one_each: bool) -> dict[int, list[int]]:
    """Glyph → its code points in cmap order, glyphs in the order they first
    appear (`one_each`: no glyph has two code points, the common case)."""
    if one_each:
        return {glyph: [char] for char, glyph in zip(chars, glyphs)}
    glyph_to_char: dict[int, list[int]] = {}
    for char, glyph in zip(chars, glyphs):
        glyph_to_char.setdefault(glyph, []).append(char)
    return glyph_to_char


def _char_widths(chars: list[int], glyphs: list[int], widths: list) -> dict[int, float]:
    """Code point → width in 1/1000 em, in ReportLab's order: by glyph, a
    glyph's code points as the cmap lists them (a stable sort); none past
    the glyphs hmtx covers."""
    order = sorted(range(len(glyphs)), key=glyphs.__getitem__)
    covered = len(widths)
    return {chars[i]: widths[glyphs[i]] for i in order if glyphs[i] < covered}


SET_IN_ORDER = ("charToGlyph", "glyphToChar", "charWidths", "hmetrics", "defaultWidth", "glyphPos")
