""""——" joins in every face (issue 12 §2, R6: the pair is one dash).

U+2015's ink stops short of its em in the Noto faces (bold serif: 74…926
of 1000), so two glyphs side by side leave a 0.15-em gap — 6 pt in a 40 pt
head.  The drawer lays one bar over their ink; the test renders the page and
reads the pixels along the dash's middle, gap included, and checks the text
still copies as "——".
"""
from __future__ import annotations

import pikepdf
import pypdfium2
import pytest

from typeset.display import PageLayout, TextRun
from typeset.draw.pdf import draw_pdf
from typeset.fonts import default_library

SIZE = 40.0
X, Y = 20.0, 60.0
SCALE = 4                 # 288 dpi


@pytest.fixture(scope="module")
def fonts():
    return default_library()


def _dash_page(face: str) -> bytes:
    run = TextRun(x=X, y=Y, face=face, size=SIZE, text="\u2015\u2015", xs=(0.0, SIZE), actual="\u2014\u2014")
    return draw_pdf([PageLayout(1, 200.0, 100.0, (run,))], default_library())


def _ink_row(pdf: bytes, fonts, face: str) -> list[int]:
    """Grey values along the dash's middle, from its first ink to its last."""
    x0, y0, x1, y1 = fonts.ink_box(face, "\u2015")
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=SCALE, grayscale=True).to_pil()
    row = round((Y - (y0 + y1) / 2 * SIZE) * SCALE)
    left, right = round((X + x0 * SIZE) * SCALE) + 2, round((X + SIZE + x1 * SIZE) * SCALE) - 2
    return [image.getpixel((x, row)) for x in range(left, right)]


@pytest.mark.parametrize("face", ["song", "song-bold", "hei", "kai"])
def test_two_dash_glyphs_draw_as_one_unbroken_bar(fonts, face):
    pdf = _dash_page(face)
    row = _ink_row(pdf, fonts, face)
    assert max(row) < 128, f"a gap in —— ({face}): lightest pixel {max(row)}"


def test_the_noto_dashes_do_leave_a_gap_without_the_bar(fonts):
    """The trap is real: the bold serif's ink covers 0.852 em of each em."""
    x0, _, x1, _ = fonts.ink_box("song-bold", "\u2015")
    assert x0 + (1 - x1) > 0.1


def test_the_joined_dash_still_copies_as_two_em_dashes(fonts, tmp_path):
    path = tmp_path / "dash.pdf"
    path.write_bytes(_dash_page("song-bold"))
    from pdfminer.high_level import extract_text
    assert extract_text(str(path)).strip() == "\u2014\u2014"
    with pikepdf.open(path) as pdf:
        stream = pdf.pages[0].Contents.read_bytes().decode("latin-1")
    assert stream.count(" re f") == 1                    # one bar for the pair
