"""The drawer's TJ arrays: consecutive glyphs of one font subset share one hex
string, kerns split it, subset switches close and reopen the array, and the
glyphs land on the composer's x positions (read back from the PDF operators
and the embedded /Widths, independently of the drawer's own tables)."""
from __future__ import annotations

import shutil
import subprocess

import pikepdf
import pytest

from typeset.display import PageLayout, TextRun
from typeset.draw.pdf import draw_pdf
from typeset.fonts import default_library

SIZE = 9.0
SPACING = 0.25            # a justified line's common space: goes into Tc
KERN = -0.9               # a tightened gap (compressed marks): 100.0 in the TJ array at 9 pt
# (a wider gap is not kerned: it goes into the advance of the glyph before it, see
# test_a_wide_gap_is_the_advance_of_the_glyph_before_it)
LINE = 20


@pytest.fixture(scope="module")
def fonts():
    return default_library()


def _han(fonts, n: int) -> list[str]:
    """n distinct ideographs the body face draws itself."""
    out, cp = [], 0x4E00
    while len(out) < n:
        ch = chr(cp)
        if fonts.has("song", ch) and fonts.resolve("song", ch) == ("song", ch):
            out.append(ch)
        cp += 1
    return out


def _run(fonts, y: float, text: str, kerns=frozenset()) -> TextRun:
    xs, x = [], 0.0
    for k, ch in enumerate(text):
        if k in kerns:
            x += KERN
        xs.append(x)
        x += fonts.advance("song", ch) * SIZE + SPACING
    return TextRun(20.0, y, "song", SIZE, text, tuple(xs))


@pytest.fixture(scope="module")
def drawn(fonts):
    """Runs that fill the first subset, then lines alternating between the
    first subset's glyphs and new ones (a switch every 1–3 glyphs), with
    kerns on switches, beside switches, on the second glyph and the last."""
    han = _han(fonts, 400)
    old, new = han[:300], han[300:]
    runs = [_run(fonts, 30.0 + 12 * i, "".join(old[i * LINE:(i + 1) * LINE])) for i in range(15)]
    mixed = []
    for i in range(4):
        a, b = old[i * 10:(i + 1) * 10], new[i * 10:(i + 1) * 10]
        mixed.append("".join(a[j // 2] if j % 3 else b[j // 2] for j in range(LINE)))
    kern_sets = [frozenset(), frozenset({1, 3, 6, LINE - 1}), frozenset(range(1, LINE)),
                 frozenset({2, 4, 5, 9, 12})]
    runs += [_run(fonts, 240.0 + 12 * i, t, ks) for i, (t, ks) in enumerate(zip(mixed, kern_sets))]
    page = PageLayout(1, 300.0, 400.0, tuple(runs))
    return runs, draw_pdf([page], fonts)


def _text_objects(pdf_bytes: bytes):
    """Per BT…ET: the glyph origins (x in pt), and the TJ arrays as drawn."""
    pdf = pikepdf.open(__import__("io").BytesIO(pdf_bytes))
    page = pdf.pages[0]
    fonts = page.Resources.Font
    widths = {str(name): (int(f.FirstChar), [float(w) for w in f.Widths]) for name, f in fonts.items()}
    objects = []
    tc, font, size = 0.0, None, 0.0
    for operands, op in pikepdf.parse_content_stream(page):
        op = str(op)
        if op == "BT":
            xs, arrays, x = [], [], 0.0
        elif op == "Tc":
            tc = float(operands[0])
        elif op == "Tf":
            font, size = str(operands[0]), float(operands[1])
        elif op == "Tm":
            x = float(operands[4])
        elif op == "TJ":
            first, w = widths[font]
            arrays.append(list(operands[0]))
            for item in operands[0]:
                if isinstance(item, pikepdf.String):
                    for code in bytes(item):
                        xs.append(x)
                        x += w[code - first] / 1000 * size + tc
                else:
                    x -= float(item) / 1000 * size
        elif op == "ET":
            objects.append((xs, arrays))
    return objects


def test_glyphs_land_on_the_composers_x(drawn):
    runs, pdf = drawn
    objects = _text_objects(pdf)
    assert len(objects) == len(runs)
    for run, (xs, _) in zip(runs, objects):
        assert len(xs) == len(run.text)
        for got, want in zip(xs, run.xs):
            assert got == pytest.approx(run.x + want, abs=1e-3)


def test_one_hex_string_per_stretch_of_glyphs(drawn):
    runs, pdf = drawn
    switches = 0
    for run, (_, arrays) in zip(runs, _text_objects(pdf)):
        switches += len(arrays) - 1
        glyphs = 0
        for array in arrays:
            assert array and isinstance(array[-1], pikepdf.String)    # no kern left dangling
            for prev, item in zip([None] + array, array):
                if isinstance(item, pikepdf.String):
                    assert bytes(item), "an empty string <>"
                    assert not isinstance(prev, pikepdf.String), "two strings where one would do"
                    glyphs += len(bytes(item))
                else:
                    assert isinstance(prev, pikepdf.String) or prev is None
        assert glyphs == len(run.text)
    assert switches > 20            # the mixed lines did switch subsets, often


def test_kerns_and_switches_in_the_stream(drawn):
    _, pdf = drawn
    with pikepdf.open(__import__("io").BytesIO(pdf)) as doc:
        stream = doc.pages[0].Contents.read_bytes()
    assert b"<>" not in stream
    # under Tc a subset switch places its chunk with a Tm of its own (no kern needed)
    assert b" Tf 1 0 0 1 " in stream and b"Tm [100.0<" not in stream
    assert b">100.0<" in stream             # a kern inside a string


def test_a_kern_right_after_a_switch_opens_the_array_without_tc(fonts):
    han = _han(fonts, 300)
    runs = [_run(fonts, 30.0 + 12 * i, "".join(han[i * LINE:(i + 1) * LINE])) for i in range(13)]
    text = "".join(han[j // 2] if j % 3 else han[280 + j // 2] for j in range(LINE))
    xs, x = [], 0.0
    for k, ch in enumerate(text):
        x += KERN if k in (1, 3, 6) else 0.0
        xs.append(x)
        x += fonts.advance("song", ch) * SIZE
    runs.append(TextRun(20.0, 200.0, "song", SIZE, text, tuple(xs)))
    pdf = draw_pdf([PageLayout(1, 300.0, 400.0, tuple(runs))], fonts)
    with pikepdf.open(__import__("io").BytesIO(pdf)) as doc:
        stream = doc.pages[0].Contents.read_bytes()
    assert b"[100.0<" in stream             # a kern right after a subset switch opens the array
    assert _text_objects(pdf)[-1][0] == pytest.approx([20.0 + v for v in xs], abs=1e-3)


def test_pdfminer_reads_justified_glyphs_where_they_stand(drawn, tmp_path):
    """pdfminer adds Tc between the glyphs of one TJ only, not after its last
    (PDF 32000 §9.3.2 says after every glyph): the lines with subset switches
    must read back at the composer's x all the same, up to the line end."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar
    runs, pdf = drawn
    path = tmp_path / "glyphs.pdf"
    path.write_bytes(pdf)
    chars: list = []

    def walk(item):
        if isinstance(item, LTChar):
            chars.append(item)
        elif hasattr(item, "__iter__"):
            for child in item:
                walk(child)
    for page in extract_pages(str(path)):
        walk(page)
    for run in runs[15:]:                      # the lines that switch subsets
        line = sorted((c for c in chars if abs((400.0 - c.y0) - run.y) < SIZE), key=lambda c: c.x0)
        assert [round(c.x0, 2) for c in line] == [round(run.x + v, 2) for v in run.xs]


def test_a_wide_gap_is_the_advance_of_the_glyph_before_it(fonts):
    # "8月29日": the ¼-em gap before 29 must not read as a word space (draw/aliases.py)
    han = _han(fonts, 3)
    xs, x = [], 0.0
    for k, ch in enumerate(han):
        xs.append(x)
        x += fonts.advance("song", ch) * SIZE + (SIZE / 4 if k == 0 else 0.0)
    run = TextRun(20.0, 30.0, "song", SIZE, "".join(han), tuple(xs))
    pdf = draw_pdf([PageLayout(1, 300.0, 400.0, (run,))], fonts)
    (got, arrays), = _text_objects(pdf)
    assert got == pytest.approx([20.0 + v for v in xs], abs=1e-3)     # the glyphs stand where they did
    assert all(isinstance(item, pikepdf.String) for array in arrays for item in array)   # no kern
    with pikepdf.open(__import__("io").BytesIO(pdf)) as doc:
        widths = sorted({float(w) for f in doc.pages[0].Resources.Font.values() for w in f.Widths})
    assert 1250.0 in widths and 1000.0 in widths          # 月 + ¼ em beside the plain ideographs


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_text_extracts_in_order(drawn, tmp_path):
    runs, pdf = drawn
    path = tmp_path / "glyphs.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout
    lines = [line for line in text.splitlines() if line.strip()]
    assert [line.replace(" ", "") for line in lines] == [run.text for run in runs]


def test_the_commonest_characters_share_the_first_subset(fonts):
    """Subset codes go to the document's characters by frequency, not by first
    appearance: a character met late but often lands in the first subset."""
    han = _han(fonts, 300)
    rare, common = han[:290], han[290]
    runs = [_run(fonts, 30.0 + 12 * i, "".join(rare[i * 10:(i + 1) * 10])) for i in range(29)]
    runs += [_run(fonts, 30.0 + 12 * (29 + i), common * LINE) for i in range(3)]
    pdf = draw_pdf([PageLayout(1, 300.0, 600.0, tuple(runs))], fonts)
    objects = _text_objects(pdf)
    with pikepdf.open(__import__("io").BytesIO(pdf)) as doc:
        stream = doc.pages[0].Contents.read_bytes()
    assert len(objects[-1][1]) == 1                     # the common character's line: one array
    first_font = stream.split(b" Tf", 1)[0].rsplit(b" ", 2)[-2]
    assert stream.count(first_font + b" 9 Tf") >= 4     # first run and the three common lines
    assert stream.rsplit(b"Tm ", 1)[1].startswith(first_font + b" 9 Tf")
