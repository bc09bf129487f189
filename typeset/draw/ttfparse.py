"""ReportLab's parse of a TrueType face (`TTFontFile.extractInfo`), its
per-glyph part done with whole-table reads.

ReportLab reads the cmap, hmtx and loca tables one number at a time (a
`struct.unpack` call each, ~160,000 for a 9,500-glyph CJK face: 30 ms a face
on a build with an empty cache, issue 15 §2).  `fast_extract_info` lets
ReportLab parse the rest (`charInfo=0`: names, head, OS/2, post, hhea, maxp
and their checks, with ReportLab's own errors), then reads those three
tables with numpy and builds the same attributes, the same values in the
same order: charToGlyph, glyphToChar, charWidths, defaultWidth, hmetrics,
glyphPos.  It handles cmap formats 4 and 12 (what fonts have for Unicode)
and answers False for anything else or anything odd — another cmap format,
a table running past the file, a code point mapped twice — and the caller
then lets ReportLab parse the face the slow way, raising its own errors.
tests/test_ttfparse.py holds the two parses equal.
"""
from __future__ import annotations

import numpy as np
from reportlab.pdfbase.ttfonts import TTFontFile


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
        return int(self.array(pos, 1, ">u2")[0])

    def ulong(self, pos: int) -> int:
        """The unsigned 32-bit number at `pos`."""
        return int(self.array(pos, 1, ">u4")[0])

    def array(self, pos: int, count: int, dtype: str) -> np.ndarray:
        """`count` numbers of `dtype` from `pos`, as int64."""
        size = np.dtype(dtype).itemsize * count
        if pos < 0 or count < 0 or pos + size > len(self.data):
            raise ValueError("table past the end of the file")
        return np.frombuffer(self.data, dtype=dtype, count=count, offset=pos).astype(np.int64)

    def cmap(self) -> "tuple[np.ndarray, np.ndarray] | None":
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
        if mapping is None or np.unique(mapping[0]).size != mapping[0].size:
            return None
        return mapping

    def _chosen_subtable(self, start: int) -> "int | None":
        """ReportLab's choice among the cmap's subtables (the last Unicode one wins)."""
        version, count = self.ushort(start), self.ushort(start + 2)
        if count == 0 and version != 0:
            count = version
        records = self.array(start + 4, 4 * count, ">u2").reshape(-1, 4)
        chosen, enc = None, 0
        for platform, encoding, high, low in records.tolist():
            if platform == 3 or (platform == 1 and encoding == 1) or (platform == 0 and encoding != 5):
                enc, chosen = 1, (high << 16) | low
            elif platform == 1 and encoding == 0 and enc != 1:
                enc, chosen = 2, (high << 16) | low
        return chosen

    def _format_4(self, offset: int) -> "tuple[np.ndarray, np.ndarray]":
        """Segment mapping to delta values (ReportLab's reading, its guard
        against offsets past the subtable included)."""
        limit = offset + self.ushort(offset + 2)
        segments = self.ushort(offset + 6) // 2
        ends = self.array(offset + 14, segments, ">u2")
        starts = self.array(offset + 16 + 2 * segments, segments, ">u2")
        deltas = self.array(offset + 16 + 4 * segments, segments, ">i2")
        ranges_at = offset + 16 + 6 * segments
        range_offsets = self.array(ranges_at, segments, ">u2")
        chars, segment = _ranges(starts, ends)
        glyphs = (chars + deltas[segment]) & 0xFFFF
        indexed = range_offsets[segment] != 0
        where = ((chars - starts[segment]) * 2 + range_offsets[segment] + ranges_at + 2 * segment)[indexed]
        inside = where < limit
        looked_up = np.zeros(where.size, dtype=np.int64)
        if inside.any():
            if where[inside].max() + 2 > len(self.data):
                raise ValueError("glyph index past the end of the file")
            raw = np.frombuffer(self.data, dtype=np.uint8)
            found = raw[where[inside]].astype(np.int64) << 8 | raw[where[inside] + 1]
            looked_up[inside] = np.where(found != 0, (found + deltas[segment][indexed][inside]) & 0xFFFF, 0)
        glyphs[indexed] = looked_up
        return chars, glyphs

    def _format_12(self, offset: int) -> "tuple[np.ndarray, np.ndarray]":
        """Segmented coverage: runs of code points onto runs of glyphs."""
        groups = self.ulong(offset + 12)
        table = self.array(offset + 16, 3 * groups, ">u4").reshape(-1, 3)
        chars, segment = _ranges(table[:, 0], table[:, 1])
        return chars, chars + (table[:, 2] - table[:, 0])[segment]

    def hmetrics(self) -> tuple[list, list]:
        """(widths in 1/1000 em, ReportLab's hmetrics) of every glyph:
        hmetrics are (advance, left side bearing) in font units, except
        that over the glyphs that only have a side bearing ReportLab
        repeats the last advance as it has scaled it to 1/1000 em."""
        at = self.face.table["hmtx"]["offset"]
        pairs = self.array(at, 2 * self.h_metrics, ">u2").reshape(-1, 2)
        rest = max(0, self.face.numGlyphs - self.h_metrics)
        bearings = self.array(at + 4 * self.h_metrics, rest, ">u2").tolist()
        scale = self.face._pdfScale
        advances = pairs[:, 0].tolist()
        widths = advances[:] if self.face.unitsPerEm == 1000 else [scale(aw) for aw in advances]  # scale: x → x
        widths += [widths[-1]] * rest
        hmetrics = list(zip(advances, pairs[:, 1].tolist())) + [(widths[-1], lsb) for lsb in bearings]
        return widths, hmetrics

    def glyph_positions(self) -> list:
        """The loca table: where each glyph starts in glyf (and where the last ends)."""
        at, count = self.face.table["loca"]["offset"], self.face.numGlyphs + 1
        if self.index_to_loc_format == 0:
            return (self.array(at, count, ">u2") << 1).tolist()
        if self.index_to_loc_format == 1:
            return self.array(at, count, ">u4").tolist()
        raise ValueError("unknown loca format")          # ReportLab raises its TTFError


MAX_MAPPED = 0x220000         # code points a cmap may list here: twice Unicode's; more is not a font


def _ranges(starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every integer of each range start..end (none where end < start), in
    order, and the index of the range each came from."""
    lengths = np.maximum(ends - starts + 1, 0)
    if int(lengths.sum()) > MAX_MAPPED:
        raise ValueError("cmap maps more code points than Unicode has")
    segment = np.repeat(np.arange(lengths.size), lengths)
    first = np.cumsum(lengths) - lengths
    return starts[segment] + (np.arange(segment.size) - first[segment]), segment


def _set_char_info(face, tables: _Tables, chars: np.ndarray, glyphs: np.ndarray) -> None:
    """The attributes ReportLab's cmap, hmtx and loca reading sets, in its order."""
    char_list, glyph_list = chars.tolist(), glyphs.tolist()
    face.charToGlyph = dict(zip(char_list, glyph_list))
    face.glyphToChar = _glyph_to_char(char_list, glyph_list, np.unique(glyphs).size == glyphs.size)
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


def _char_widths(chars: np.ndarray, glyphs: np.ndarray, widths: list) -> dict[int, float]:
    """Code point → width in 1/1000 em, in ReportLab's order: by glyph, a
    glyph's code points as the cmap lists them (a stable sort); none past
    the glyphs hmtx covers.  The widths go through numpy and back to the
    same Python ints or floats."""
    order = np.argsort(glyphs, kind="stable")
    order = order[glyphs[order] < len(widths)]
    return dict(zip(chars[order].tolist(), np.asarray(widths)[glyphs[order]].tolist()))


SET_IN_ORDER = ("charToGlyph", "glyphToChar", "charWidths", "hmetrics", "defaultWidth", "glyphPos")
