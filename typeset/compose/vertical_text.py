"""Paragraphs set vertically (竖排, issue 18 §1; rule book §1.7 V1–V5).

Line breaking does not depend on the direction.  A vertical paragraph is
broken and justified by the horizontal composer (`compose_paragraph`: the
same breaker, 避头尾 R1–R7, 标点挤压 C1–C4 and the §1.5 orders), with the
measure = the column's height and the advances taken down the column:
- ideographs, marks and everything else set upright: 1 em (their vertical
  advance; a mark's cell is its GB 1 em, §1.1, with the same removable
  blanks: a vertical form's ink sits where the horizontal mark's does,
  turned — 、。， in the upper half (V2), ︵﹁ in the lower, ︶﹂ in the upper);
- a tate-chu-yoko unit (V5: a 1–3-digit number, or an abbreviation of
  1–2 capitals) is one proxy ideograph of 1 em: it never breaks and takes
  no L1 gap, as a Han character;
- rotated Latin and long numbers (V1 R): their horizontal advance, with
  the L1 gaps, word spaces and hyphenation of horizontal text.
Each composed line's inline offsets then become downward offsets, and each
glyph takes its vertical form (V3), its rotation (V1) or its TCY place (V5):
`VerticalLine`s (types.py), which flow/vertical.py lays right to left.
着重号 and ruby (issue 18 §5) come out as on a horizontal line
(`Line.annotations`, positions along the line), with one difference: a
reading's glyphs are oriented as body glyphs are (V1,
`VerticalAdvances.reading_advance`): 注音 (bopomofo, with its tone marks),
CJK and fullwidth characters upright, one em of the reading each; Latin
pinyin (`is_rotated`) turned 90° clockwise, its horizontal advance down
the column (clreq, JLREQ: a Latin reading in vertical text reads along
its base as rotated Latin in the body does), so that zhōng guó takes its
own length and not a full em per letter.  A reading longer than its base
spreads the base down the column as a wide one does across (prepare.py
`_spread_base`); flow/vertical.py sets both right of the line.
"""
from __future__ import annotations

import re
import weakref
from dataclasses import replace
from typing import Optional, Sequence

from .paragraph import DEFAULT_SETTINGS, compose_paragraph
from .prepare import MISSING, TCY_PROXY
from .settings import ComposerSettings
from .types import Annotation, Glyph, Line, Metrics, StyledRun, VerticalLine
from .vertical import TCY_DIGITS, tate_chu_yoko, mark_orientation

# V5: 2–3-digit numbers side by side in one em; a lone digit upright in its cell, as
# CSS `text-combine-upright: digits` sets it (its WPT test: "5 and 12 are upright, and
# 2016 and 242 are not"; css-writing-modes/text-combine-upright-digits-001).
PARAGRAPH_TCY_DIGITS = (1, *TCY_DIGITS)
# Issue 18: short abbreviations upright too, one or two capitals (X光, A股, AI).
TCY_LETTERS = (1, 2)
# A run of half-width, non-space characters: one Latin word or number (V1, V5).
_HALF_WIDTH_TOKEN = re.compile(r"[\x21-\x7e]+")
# Half-width characters whose U50 orientation is U (upright), not R.
UPRIGHT_HALF_WIDTH = frozenset("\u00a7\u00a9\u00ae\u00b0\u00b1\u00b6\u00bc\u00bd\u00be\u00d7\u00f7")


def is_rotated(ch: str) -> bool:
    """V1 R: half-width Latin, digits, spaces and signs (below U+2000) are
    set on their side, 90° clockwise, except the few U50 calls upright."""
    return ch < "\u2000" and ch not in UPRIGHT_HALF_WIDTH


# 注音 tone marks (ˇ ˊ ˋ ˙ and the yin/yang departing tones) are spacing modifier
# letters below U+2000, yet stand upright with their bopomofo in a reading (V1:
# turned, ˊ would read as ˋ).
READING_UPRIGHT = frozenset("\u02c7\u02ca\u02cb\u02d9\u02ea\u02eb")


def reading_rotated(ch: str) -> bool:
    """Whether a ruby reading's glyph is set turned 90° clockwise in vertical
    text (V1 R, as `is_rotated` in the body: Latin pinyin, digits, spaces),
    not upright (CJK, bopomofo and its tone marks, fullwidth forms)."""
    return is_rotated(ch) and ch not in READING_UPRIGHT


def tcy_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the half-width tokens set upright in one em (V5):
    numbers of 1–3 digits and capital abbreviations of 1–2 letters, standing
    alone (12 in 第12期, 8 in 第8号; not 2025, 12.5, GDP or 5G: rotated)."""
    spans = []
    for m in _HALF_WIDTH_TOKEN.finditer(text):
        token = m.group()
        digits = token.isdigit() and token.isascii() and len(token) in PARAGRAPH_TCY_DIGITS
        letters = token.isascii() and token.isalpha() and token.isupper() and len(token) in TCY_LETTERS
        if digits or letters:
            spans.append((m.start(), m.end()))
    return spans


class VerticalAdvances:
    """`Metrics` seen down a column: what the horizontal composer needs to
    break and justify a vertical paragraph (module docstring).  Anything
    else (ink boxes, em boxes) is the wrapped metrics' own."""

    def __init__(self, metrics: Metrics):
        self.metrics = metrics

    def advance(self, face: str, ch: str) -> float:
        """The advance down the column, em: 1 for a TCY unit and upright
        glyphs, the horizontal advance of a rotated one."""
        if ch == TCY_PROXY:
            return 1.0
        if not is_rotated(ch) and mark_orientation(ch, face, self.metrics)[1] == 0:
            return 1.0
        return self.metrics.advance(face, ch)

    def reading_advance(self, face: str, ch: str) -> float:
        """The advance down the column of a ruby reading's glyph, em of the
        reading, by the body's rule (V1, `reading_rotated`): a turned glyph
        (Latin pinyin, a word space) its horizontal advance; an upright one
        (注音, CJK, fullwidth) one em, stacked down the column."""
        return self.metrics.advance(face, ch) if reading_rotated(ch) else 1.0

    def has(self, face: str, ch: str) -> bool:
        """Whether `face` draws `ch` (a TCY unit: always; its digits fall back alone)."""
        return ch == TCY_PROXY or self.metrics.has(face, ch)

    def fallback(self, face: str, ch: str) -> Optional[str]:
        """The face drawing `ch`: the run's own for a TCY unit."""
        return face if ch == TCY_PROXY else self.metrics.fallback(face, ch)

    def __getattr__(self, name: str):
        """Everything else (ink_box, em_box …) as the wrapped metrics say."""
        return getattr(self.metrics, name)


_ADVANCES: "weakref.WeakKeyDictionary[object, VerticalAdvances]" = weakref.WeakKeyDictionary()


def _vertical_advances(metrics: Metrics) -> VerticalAdvances:
    """One wrapper per metrics object, so prepare's glyph cache (kept per
    metrics object) serves every vertical paragraph."""
    try:
        wrapped = _ADVANCES.get(metrics)
        if wrapped is None:
            wrapped = _ADVANCES[metrics] = VerticalAdvances(metrics)
        return wrapped
    except TypeError:            # not weak-referenceable
        return VerticalAdvances(metrics)


def compose_vertical_paragraph(runs: Sequence[StyledRun], height: float, metrics: Metrics,
                               settings: ComposerSettings = DEFAULT_SETTINGS,
                               indent_em: float = 2.0) -> tuple[VerticalLine, ...]:
    """Break and justify one paragraph into vertical lines `height` pt tall.

    The arguments are compose_paragraph's, with the column's height for the
    measure; the lines come in reading order (the first is the rightmost).
    Joining their text gives back the runs' text.  Language tags are not
    passed on: the vertical forms carry their own place in the cell (V2),
    so the Taiwan/Hong Kong centring of horizontal marks does not apply.
    """
    runs = [StyledRun(r.text, r.face, r.size, r.role, reading=r.reading) for r in runs if r.text]
    if not runs:
        return (VerticalLine(glyphs=(), start=0, end=0, width=height, natural=0.0, last=True),)
    text = "".join(r.text for r in runs)
    proxy_runs, source_of, tcy_end = _proxy_runs(runs, tcy_spans(text))
    lines = compose_paragraph(proxy_runs, height, _vertical_advances(metrics), settings, indent_em)
    em = runs[0].size
    return tuple(_vertical_line(line, text, source_of, tcy_end, em, metrics) for line in lines)


def _proxy_runs(runs: list[StyledRun], spans: list[tuple[int, int]]
                ) -> tuple[list[StyledRun], list[int], dict[int, int]]:
    """The runs with each TCY span inside one run replaced by TCY_PROXY;
    the source position of every proxy-text position (and of its end); and
    each TCY unit's source start → end."""
    starts = dict(spans)
    out: list[StyledRun] = []
    source_of: list[int] = []
    tcy_end: dict[int, int] = {}
    k = 0
    for run in runs:
        run_start, end_of_run, chars = k, k + len(run.text), []
        while k < end_of_run:
            end = starts.get(k)
            source_of.append(k)
            if end is not None and end <= end_of_run:
                chars.append(TCY_PROXY)
                tcy_end[k] = end
                k = end
            else:
                chars.append(run.text[k - run_start])
                k += 1
        out.append(StyledRun("".join(chars), run.face, run.size, run.role, reading=run.reading))
    source_of.append(k)
    return out, source_of, tcy_end


def _vertical_line(line: Line, text: str, source_of: list[int], tcy_end: dict[int, int],
                   em: float, metrics: Metrics) -> VerticalLine:
    """A line composed along the inline axis → the same line set down a column."""
    glyphs: list[Glyph] = []
    for g in line.glyphs:
        glyphs.extend(_vertical_glyphs(g, text, source_of, tcy_end, em, metrics))
    notes = tuple(_vertical_note(n, text, source_of, tcy_end, metrics) for n in line.annotations)
    return VerticalLine(tuple(glyphs), source_of[line.start], source_of[line.end], line.width,
                        line.natural, line.last, line.indent, line.gaps_expand_em, line.shrink_em,
                        line.extent, notes)


def _vertical_note(note: Annotation, text: str, source_of: list[int], tcy_end: dict[int, int],
                   metrics: Metrics) -> Annotation:
    """A line's 着重号 or ruby reading composed along the inline axis → the
    same down the column: its positions along the line stay (a dot's centre,
    a reading glyph's top, as Glyph.y), its slice maps to the source text
    (a dotted TCY unit's one dot: its digits), each upright reading glyph
    is centred across its em column, and each turned one (`reading_rotated`,
    turns 90) has its em box fill that column (across 0, as a rotated body
    glyph's em box fills its line's em)."""
    across: tuple[float, ...] = ()
    turns: tuple[int, ...] = ()
    dotted = note.text
    if note.kind == "ruby":
        turned = [reading_rotated(ch) for ch in note.text]
        across = tuple(0.0 if turn else (1.0 - metrics.advance(face, ch)) * note.size / 2
                       for face, ch, turn in zip(note.faces, note.text, turned))
        turns = tuple(90 if turn else 0 for turn in turned) if any(turned) else ()
    elif TCY_PROXY in dotted:
        units = iter([text[source_of[k]:tcy_end[source_of[k]]] for k in range(note.start, note.end)
                      if source_of[k] in tcy_end])
        dotted = "".join(next(units) if ch == TCY_PROXY else ch for ch in dotted)
    return replace(note, start=source_of[note.start], end=source_of[note.end], text=dotted, across=across,
                   turns=turns)


def _vertical_glyphs(g: Glyph, text: str, source_of: list[int], tcy_end: dict[int, int],
                     em: float, metrics: Metrics) -> list[Glyph]:
    """One glyph of a line composed along the inline axis, set down the
    column: its inline x becomes its y; across the column it is centred in
    the line's em (a smaller run's glyphs too)."""
    index, y, across = source_of[g.index], g.x, (em - g.size) / 2
    if g.char == TCY_PROXY:                                          # V5
        digits = tate_chu_yoko(text, index, tcy_end[index], g.face, g.size, y / g.size, metrics)
        return [Glyph(d.char, d.x + across, d.face, d.size, d.index, d.draw, d.y) for d in digits]
    if g.char == "" or is_rotated(g.char):                           # V1 R (and an added hyphen)
        return [Glyph(g.char, across, g.face, g.size, index, g.draw, y, rotate=90)]
    if g.draw == MISSING:
        return [Glyph(g.char, across, g.face, g.size, index, g.draw, y)]
    form, rotate = mark_orientation(g.char, g.face, metrics)
    if form:                                                         # V3 (V2: the form's ink)
        return [Glyph(g.char, across, g.face, g.size, index, form, y)]
    if rotate:                                                       # V1 Tr without a form, R
        return [Glyph(g.char, across, g.face, g.size, index, g.draw, y, rotate=90)]
    width = metrics.advance(g.face, g.char) * g.size                 # upright (U, Tu)
    return [Glyph(g.char, (em - width) / 2, g.face, g.size, index, g.draw, y)]
