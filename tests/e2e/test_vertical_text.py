"""A vertical column (竖排, issue 18 §1) drawn with the shipped fonts and read back.

A paragraph composed by compose_vertical_paragraph, laid out by
flow/vertical.py and drawn by the normal draw stage (draw_pdf): readers
return it in reading order (top → bottom, right line → left line) with
the base characters of the vertical forms; the rendered page shows 、。，
at the top right of their cells (V2), Latin turned on its side (V1) and
the tate-chu-yoko digits centred across the line (V5).
"""
from __future__ import annotations

import io
import shutil
import subprocess

import numpy as np
import pikepdf
import pypdfium2
import pytest

from typeset.compose import StyledRun
from typeset.compose.vertical_text import compose_vertical_paragraph
from typeset.display import BoxItem, PageLayout, TextRun
from typeset.draw.pdf import draw_pdf
from typeset.fonts.library import default_library
from typeset.flow.vertical import vertical_lines_items

TEXT = ("本报讯 记者从市统计局获悉，今年第12期报告显示：全市GDP增长5.2%，2025年居民收入"
        "达到“新高”。专家认为——这是稳中向好的信号……（完）AI产业、新能源产业、数字经济，是主要动力。")
SIZE, PITCH, HEIGHT_EM = 10.5, 16.0, 20
RIGHT, TOP = 280.0, 30.0
DPI = 288
SCALE = DPI / 72


@pytest.fixture(scope="module")
def column():
    """(lines, display items, PDF bytes) of TEXT set in one vertical block."""
    lib = default_library()
    lines = compose_vertical_paragraph([StyledRun(TEXT, "song", SIZE)], HEIGHT_EM * SIZE, lib)
    items = vertical_lines_items(lines, RIGHT, TOP, PITCH, SIZE)
    frame = BoxItem(RIGHT - 8 * PITCH, TOP - 4, 8 * PITCH + 4, HEIGHT_EM * SIZE + 8)
    pdf = draw_pdf([PageLayout(1, 300.0, 260.0, (frame, *items))], lib)
    return lines, items, pdf


@pytest.fixture(scope="module")
def pixels(column):
    """The page rendered in grey, 0 = ink, 255 = paper."""
    page = pypdfium2.PdfDocument(column[2])[0]
    return np.asarray(page.render(scale=SCALE, grayscale=True).to_pil().convert("L"))


def test_the_column_has_several_lines_and_keeps_the_text(column):
    lines, _, _ = column
    assert len(lines) >= 4
    assert "".join(line.text for line in lines) == TEXT


def test_pdfium_reads_the_column_in_reading_order(column):
    lines, _, pdf = column
    text = pypdfium2.PdfDocument(pdf)[0].get_textpage().get_text_range()
    assert text.replace("\r", "").split("\n") == [line.text for line in lines]


def test_poppler_raw_reads_the_column_in_reading_order(column, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils not installed")
    lines, _, pdf = column
    path = tmp_path / "vertical.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    assert out.strip("\f\n").split("\n") == [line.text for line in lines]


def test_every_character_copies_as_its_source_not_its_vertical_form(column):
    from pdfminer.high_level import extract_text
    text = extract_text(io.BytesIO(column[2]))       # pdfminer: the ToUnicode CMap only
    got = [ch for ch in text if not ch.isspace()]
    assert sorted(got) == sorted(ch for ch in TEXT if not ch.isspace())
    assert not any("\ufe10" <= ch <= "\ufe4f" for ch in text)


def test_the_stream_has_each_line_as_actual_text_and_turned_glyphs(column):
    lines, _, pdf = column
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        stream = doc.pages[0].Contents.read_bytes()
    for line in lines:
        hex_text = "FEFF" + line.text.encode("utf-16-be").hex().upper()
        assert f"/ActualText <{hex_text}>".encode() in stream
    assert b" 0 -1 1 0 " in stream                   # V1: Latin turned 90° clockwise


def test_the_display_list_draws_the_vertical_forms(column):
    _, items, _ = column
    drawn = "".join(it.text for it in items if isinstance(it, TextRun))
    for form in "\ufe10\ufe11\ufe12\ufe13\ufe41\ufe42\ufe31\ufe19\ufe35\ufe36":
        assert form in drawn


def _cells(lines, char: str):
    """(left, top, height) in pt of each upright glyph `char` (its cell down to the next glyph)."""
    for k, line in enumerate(lines):
        left = RIGHT - k * PITCH - SIZE
        for g, nxt in zip(line.glyphs, [*line.glyphs[1:], None]):
            if g.char == char:
                bottom = nxt.y if nxt is not None else g.y + SIZE
                yield left, TOP + g.y, min(SIZE, bottom - g.y)


def _ink_centre(pixels, left: float, top: float, width: float, height: float):
    """Centre of the ink inside a box (pt) as fractions of its width and height."""
    x0, y0 = int(left * SCALE), int(top * SCALE)
    box = pixels[y0:int((top + height) * SCALE), x0:int((left + width) * SCALE)]
    ys, xs = np.nonzero(box < 128)
    assert len(xs), "no ink"
    return xs.mean() / box.shape[1], ys.mean() / (height * SCALE)


@pytest.mark.parametrize("mark", ["，", "。", "、"])
def test_pause_and_stop_marks_sit_at_the_top_right_of_their_cells(column, pixels, mark):
    cells = list(_cells(column[0], mark))
    assert cells
    for left, top, height in cells:
        cx, cy = _ink_centre(pixels, left, top, SIZE, height)
        assert cx > 0.6                                  # right of the line's centre
        assert (cy * height) < 0.5 * SIZE                # in the cell's upper half


def test_latin_is_turned_on_its_side(column, pixels):
    lines, _, _ = column
    for k, line in enumerate(lines):
        gdp = [g for g in line.glyphs if g.char in "GDP"]
        if len(gdp) == 3:
            left = RIGHT - k * PITCH - SIZE
            top, bottom = TOP + gdp[0].y, TOP + gdp[-1].y + 0.75 * SIZE
            x0, y0 = int(left * SCALE), int(top * SCALE)
            box = pixels[y0:int(bottom * SCALE), x0:int((left + SIZE) * SCALE)]
            ys, xs = np.nonzero(box < 128)
            tall, wide = (ys.max() - ys.min()) / SCALE, (xs.max() - xs.min()) / SCALE
            assert tall > 1.6 * SIZE and wide < 0.8 * SIZE     # three letters down, one letter across
            assert all(g.rotate == 90 for g in gdp)
            return
    pytest.fail("GDP not found on one line")


def test_tate_chu_yoko_digits_are_centred_across_the_line(column, pixels):
    lines, _, _ = column
    for k, line in enumerate(lines):
        digits = [g for g in line.glyphs if g.char in "12" and g.rotate == 0]
        if digits:
            left = RIGHT - k * PITCH - SIZE
            cx, _ = _ink_centre(pixels, left, TOP + digits[0].y, SIZE, SIZE)
            assert abs(cx - 0.5) < 0.06
            return
    pytest.fail("no tate-chu-yoko number")
