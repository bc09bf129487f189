"""draw/ttfparse.py: the whole-table parse of a face sets exactly what
ReportLab's extractInfo sets — same attributes, values and order — for the
shipped faces, system faces and made-up cmaps (format 4 through glyph
arrays and deltas, format 12), and declines what it does not read (format
6, a truncated cmap), where ReportLab's own parse then answers."""
from __future__ import annotations

import glob
import io
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFontFace

from typeset.draw import ttfparse

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted(glob.glob(str(ROOT / "fonts" / "*.ttf")))
SYSTEM = sorted(glob.glob("/usr/share/fonts/truetype/**/*.ttf", recursive=True))[:12]


class _Fast(TTFontFace):
    """A face parsed by fast_extract_info alone (`declined`: it answered False)."""

    def extractInfo(self, charInfo=1):
        self.declined = not ttfparse.fast_extract_info(self)


def _state(face) -> list:
    """The face's attributes in order, the scale lambda by its values."""
    return [(k, [v(x) for x in (0, 1, 500, 2048)] if k == "_pdfScale" else v)
            for k, v in face.__dict__.items() if k != "declined"]


def _same_as_reportlab(source) -> None:
    fast = _Fast(io.BytesIO(source) if isinstance(source, bytes) else source)
    assert not fast.declined
    slow = TTFontFace(io.BytesIO(source) if isinstance(source, bytes) else source)
    assert repr(_state(fast)) == repr(_state(slow))          # repr: 500 and 500.0 differ too


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: Path(p).name)
def test_shipped_faces_parse_as_reportlab_parses_them(path):
    _same_as_reportlab(path)


@pytest.mark.skipif(not SYSTEM, reason="no system TrueType fonts")
@pytest.mark.parametrize("path", SYSTEM, ids=lambda p: Path(p).name)
def test_system_faces_parse_as_reportlab_parses_them(path):
    _same_as_reportlab(path)


def _font(mapping: dict[int, str], upem: int = 2048, glyphs: int = 40) -> bytes:
    """A small TrueType font: `glyphs` empty glyphs of varied advances, `mapping` as its cmap."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    order = [".notdef"] + [f"g{i}" for i in range(1, glyphs)]
    builder = FontBuilder(upem, isTTF=True)
    builder.setupGlyphOrder(order)
    builder.setupCharacterMap(mapping)
    builder.setupGlyf({name: TTGlyphPen(None).glyph() for name in order})
    # the last advances repeat: hmtx then lists fewer full metrics than glyphs
    builder.setupHorizontalMetrics({name: (min(100 + 37 * i, 900), 0) for i, name in enumerate(order)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Parse", "styleName": "Regular", "psName": "Parse-Regular"})
    builder.setupOS2()
    builder.setupPost()
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


def test_format_4_glyph_arrays_and_deltas():
    """Scattered glyphs (idRangeOffset ≠ 0), a run (idDelta), a space and no
    no-break space (ReportLab copies one to the other)."""
    scattered = {0x4E00 + i: f"g{(i * 7) % 31 + 1}" for i in range(24)}
    run = {0x41 + i: f"g{i + 5}" for i in range(10)}
    _same_as_reportlab(_font({**scattered, **run, 0x20: "g3"}))


def test_format_12_beyond_the_bmp_and_units_other_than_1000():
    _same_as_reportlab(_font({0x20BB7: "g9", 0x20BB8: "g10", 0x4E00: "g2", 0xA0: "g4"}, upem=1000))
    _same_as_reportlab(_font({0x20BB7: "g9", 0x4E00: "g2", 0xA0: "g4"}, upem=1024))


def _with_format_6(source: bytes) -> bytes:
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.tables._c_m_a_p import cmap_format_6
    font = TTFont(io.BytesIO(source))
    table = cmap_format_6(6)
    table.platformID, table.platEncID, table.language, table.cmap = 3, 1, 0, {0x41: "g1", 0x42: "g2"}
    font["cmap"].tables = [table]
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def test_another_cmap_format_is_left_to_reportlab():
    source = _with_format_6(_font({0x41: "g1"}))
    assert _Fast(io.BytesIO(source)).declined
    from typeset.draw.rlfonts import CachedTTFontFace
    assert _state(CachedTTFontFace(io.BytesIO(source))) == _state(TTFontFace(io.BytesIO(source)))


def test_a_cmap_past_the_end_of_the_file_is_declined():
    source = bytearray(_font({0x4E00 + i: f"g{(i * 7) % 31 + 1}" for i in range(24)}))
    face = TTFontFace(io.BytesIO(bytes(source)))
    cmap = face.table["cmap"]["offset"]
    source[cmap + 4 + 4:cmap + 4 + 8] = (len(source) - 20).to_bytes(4, "big")   # first subtable: near the end
    source[cmap + 4 + 12:cmap + 4 + 16] = (len(source) - 20).to_bytes(4, "big")
    fast = _Fast(io.BytesIO(bytes(source)))
    assert fast.declined


@pytest.mark.parametrize("cut", [3, 4, 9])
def test_a_glyph_array_past_its_subtable_maps_to_glyph_0(cut):
    """ReportLab's guard: glyph-array entries that start at or past the end
    the format-4 subtable declares are glyph 0 (an odd cut leaves one that
    starts just before the end, read whole)."""
    source = bytearray(_font({0x4E00 + i: f"g{(i * 7) % 31 + 1}" for i in range(24)}))
    face = TTFontFace(io.BytesIO(bytes(source)))
    cmap = face.table["cmap"]["offset"]
    count = int.from_bytes(source[cmap + 2:cmap + 4], "big")
    subtables = {cmap + int.from_bytes(source[cmap + 8 + 8 * record:cmap + 12 + 8 * record], "big")
                 for record in range(count)}                  # records may share one subtable
    for at in subtables:
        if int.from_bytes(source[at:at + 2], "big") == 4:
            length = int.from_bytes(source[at + 2:at + 4], "big")
            source[at + 2:at + 4] = (length - cut).to_bytes(2, "big")
    _same_as_reportlab(bytes(source))
    assert 0 in TTFontFace(io.BytesIO(bytes(source))).charToGlyph.values()
