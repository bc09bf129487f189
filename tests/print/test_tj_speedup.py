"""The optional C text operators (typeset/draw/_tj.c, issue 15 §7) against
their oracle, pdf._glyph_arrays in Python: pages of text runs drawn with
and without them are the same bytes — runs with subset switches, kerns
(tightened and widened spaces, on and beside switches), spacing 0 and not,
gaps wide enough to hide (left to Python), odd sizes and positions.
Skipped where the extension was not built."""
from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from typeset.display import PageLayout, TextRun
from typeset.draw import pdf
from typeset.draw.pdf import draw_pdf
from typeset.fonts import default_library

built = pytest.mark.skipif(pdf.TJ_LINE is None, reason="the C text operators are not built "
                           "(python3 setup.py build_ext --inplace)")
FONTS = default_library()


def _han(n: int) -> list[str]:
    """n ideographs the body face draws, far apart in the code space."""
    out, cp = [], 0x4E00
    while len(out) < n:
        if FONTS.has("song", chr(cp)) and FONTS.resolve("song", chr(cp)) == ("song", chr(cp)):
            out.append(chr(cp))
        cp += 7
    return out


# Ideographs (more than a font subset holds: lines switch subsets), marks, Latin, digits.
HAN = _han(300)
ALPHABET = HAN + list("，。、“”（）《》——……·%0123456789abcxyz ABC")


def _runs(draw: st.DrawFn) -> list[TextRun]:
    """Runs whose glyphs sit on their advances plus a common space, with
    some spaces tightened or widened (kerns, hidden gaps)."""
    out = []
    for line in range(draw(st.integers(1, 12))):
        text = "".join(draw(st.lists(st.sampled_from(ALPHABET), min_size=1, max_size=24)))
        size = draw(st.sampled_from([9.0, 10.5, 7.3, 12.0]))
        spacing = draw(st.sampled_from([0.0, 0.25, 0.3333333, -0.1, 0.47, 1.1]))
        odd = draw(st.dictionaries(st.integers(0, len(text)), st.sampled_from([-4.5, -0.9, -0.0004, 0.0006, 0.6, 3.0]),
                                   max_size=4))
        xs, x = [], 0.0
        for k, ch in enumerate(text):
            x += odd.get(k, 0.0)
            xs.append(x)
            x += FONTS.advance("song", ch) * size + spacing
        x0 = draw(st.one_of(st.sampled_from([0.0, 30.0, 41.5]), st.floats(0, 500)))   # whole numbers too
        out.append(TextRun(x0, 20.0 + 14 * line, "song", size, text, tuple(xs)))
    return out


runs = st.composite(_runs)


def _drawn(monkeypatch, pages, line):
    monkeypatch.setattr(pdf, "TJ_LINE", line)
    return draw_pdf(pages, FONTS)


@built
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(runs())
def test_c_writes_the_bytes_python_writes(monkeypatch, page_runs):
    # page 2 repeats page 1: its glyphs are known, so C writes its lines (page 1's meet them first)
    pages = [PageLayout(1, 600.0, 400.0, tuple(page_runs)), PageLayout(2, 600.0, 400.0, tuple(page_runs))]
    c_line = pdf.TJ_LINE
    assert _drawn(monkeypatch, pages, c_line) == _drawn(monkeypatch, pages, None)


def _line(text: str, spaces: list[float], x: float = 30.0, y: float = 40.0) -> TextRun:
    xs, pen = [0.0], 0.0
    for ch, space in zip(text, spaces):
        pen += FONTS.advance("song", ch) * 9.0 + space
        xs.append(pen)
    return TextRun(x, y, "song", 9.0, text, tuple(xs[:len(text)]))


@built
def test_c_writes_the_bytes_python_writes_on_the_edge_cases(monkeypatch):
    """Ties for Tc (two spaces as frequent: the smaller one wins, then the
    first met), spaces exactly the kern tolerance off Tc, glyphs of several
    subsets on whole-point positions (operands without a decimal point)."""
    han = HAN[:280]                       # each twice a page: the rare glyphs below go to a later subset
    lines = [TextRun(10.0, 20.0 + k, "song", 9.0, "".join(han[k % 14 * 20:(k % 14 + 1) * 20]),
                     tuple(9.25 * i for i in range(20))) for k in range(28)]     # 10 + 9.25 i: whole every 4th
    tie = "".join(han[270:276])
    rare = [HAN[0] + HAN[k] + HAN[0] + HAN[k - 1] + HAN[k - 2] for k in (299, 296)]   # each met once a page
    lines += [_line(tie, [0.3, 0.3, 0.1, 0.1, 0.5]), _line(tie, [0.1, 0.1, 0.3, 0.3, 0.5], y=60.0),
              _line(tie, [-0.2, 0.2, -0.2, 0.2, 0.1], y=80.0),
              _line(tie, [0.25, 0.25 + 5e-4, 0.25 - 5e-4, 0.25, 0.25], y=100.0),
              _line(rare[0], [0.25, 0.25, 0.25, -0.9], x=20.0, y=120.0),       # switches with Tc
              _line(rare[1], [0.0, 0.0, -0.9, 0.0], x=20.0, y=140.0)]          # a kern on a switch, no Tc
    pages = [PageLayout(1, 600.0, 600.0, tuple(lines)), PageLayout(2, 600.0, 600.0, tuple(lines))]
    c_line, answers = pdf.TJ_LINE, []
    monkeypatch.setattr(pdf, "TJ_LINE", lambda *a: answers.append(c_line(*a)) or answers[-1])
    with_c = draw_pdf(pages, FONTS)
    # page 2: all in C (page 1 may ask twice for a line: again once its new glyphs are filled in)
    assert [k for k, a in enumerate(answers[-len(lines):]) if a is None] == []
    assert with_c == _drawn(monkeypatch, pages, None)


@built
def test_c_writes_most_lines_of_a_body_text_page(monkeypatch):
    """On justified body lines (one common space, many subset switches) the
    C code writes the operators of every line, not Python: a line with
    glyphs not met before at its size is asked for again once Python has
    filled them into the tables (page 2 repeats page 1: known at once)."""
    rng = random.Random(15)
    lines = []
    for k in range(40):
        text = "".join(rng.choice(HAN) for _ in range(16))
        xs = tuple(9.0 * i + 0.25 * i for i in range(16))
        lines.append(TextRun(30.0, 20.0 + 12 * k, "song", 9.0, text, xs))
    pages = [PageLayout(1, 600.0, 600.0, tuple(lines)), PageLayout(2, 600.0, 600.0, tuple(lines))]
    answers = []
    c_line = pdf.TJ_LINE
    monkeypatch.setattr(pdf, "TJ_LINE", lambda *a: answers.append(c_line(*a)) or answers[-1])
    with_c = draw_pdf(pages, FONTS)
    assert sum(a is not None for a in answers) == 80 and all(a is not None for a in answers[-40:])
    assert with_c == _drawn(monkeypatch, pages, None)


@built
def test_a_line_with_a_glyph_not_in_the_table_is_left_to_python():
    """tj_line writes only what its Table knows: a character the table was
    not given (Python has not met it yet), a subset without its operators,
    or head and tail that are not ASCII give None (Python writes the line);
    a line with gaps to hide gives them, (k, gap) (Python widens the glyphs)."""
    from typeset.draw import _tj
    table = _tj.Table()
    table.subset(0, "/F1+0 9 Tf [")
    table.add("一", 0, 0x21, 9.0)
    table.add("二", 1, 0x22, 9.0)                  # subset 1: no operators given

    def line(text, head="BT ", tail=" ET"):
        return _tj.tj_line(table, text, tuple(9.25 * k for k in range(len(text))), 9.0, 0.45, True,
                           10.0, 20.0, 10.0, head, tail)
    assert line("一一") == "BT 0.25 Tc 1 0 0 1 10 20 Tm /F1+0 9 Tf [<2121>] TJ ET"
    assert line("一三") is None and line("一二") is None and line("一一", tail=" 终") is None
    table.subset(1, "/F1+1 9 Tf [")
    assert line("一二") == ("BT 0.25 Tc 1 0 0 1 10 20 Tm /F1+0 9 Tf [<21>] TJ "
                           "/F1+1 9 Tf 1 0 0 1 19.25 20 Tm [<22>] TJ ET")
    table.add(" ", 0, 0x20, 2.5)
    wide = (0.0, 9.25, 19.5)                        # 1 pt after 二: wider than 0.05 em past Tc
    assert _tj.tj_line(table, "一二一", wide, 9.0, 0.45, True, 10.0, 20.0, 10.0, "", "") == [(1, 1.0)]
    spaced = (0.0, 9.25, 19.5, 22.25)               # the wide gap before a space is not hidden
    assert _tj.tj_line(table, "一二 一", spaced, 9.0, 0.45, True, 10.0, 20.0, 10.0, "", "").startswith("0.25 Tc")
    with pytest.raises(ValueError):
        table.add("一", 0, 256, 9.0)               # a subset's byte is 0..255
    with pytest.raises(ValueError):
        table.subset(2, "/F1+2 9 Tf 【")           # operators are ASCII


def test_an_extension_without_the_table_is_not_used():
    """A _tj built from an older _tj.c (tj_line without Table) would be called
    with arguments it does not take: pdf.py then writes every line in Python."""
    import os
    import subprocess
    import sys
    code = ("import sys, types; old = types.ModuleType('typeset.draw._tj'); old.tj_line = print; "
            "sys.modules['typeset.draw._tj'] = old; from typeset.draw import pdf; "
            "print(pdf.TJ_LINE is None and pdf._TJ_TABLE is None)")
    from pathlib import Path
    root = Path(pdf.__file__).resolve().parents[2]          # the checkout this typeset comes from
    env = {**{k: v for k, v in os.environ.items() if k != "PAIBAN_PURE_PYTHON"}, "PYTHONPATH": str(root)}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=root,
                         check=True)
    assert run.stdout.strip() == "True"


@built
@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.sampled_from(ALPHABET + ["\U00020000", "\U0010FFFF", "\x00", "\ue000"]), max_size=3000))
def test_c_counts_the_characters_as_counter_does(text):
    """_tj.counts is Counter(text) as a dict: the same counts, in the order
    of first occurrence (assign_by_frequency's ties go by it)."""
    from collections import Counter

    from typeset.draw import _tj
    counts, counter = _tj.counts(text), Counter(text)
    assert counts == counter and list(counts) == list(counter)
