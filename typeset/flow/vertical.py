"""Vertical lines → display items: a column of lines laid right to left (§1.7, issue 18 §1).

The vertical analogue of slugs.line_runs and the body grid (G1, G2): line k
of a block is one body em wide, its right edge k·pitch left of the block's
right edge (the line gap g = pitch − em lies to its left, as a horizontal
line's lies below it); each line's glyphs run down from the block's top.
"""
from __future__ import annotations

from itertools import groupby
from operator import attrgetter
from typing import Optional, Sequence

from ..compose.types import Glyph, VerticalLine
from ..display import BLACK, CMYK, Item, Tag, TextRun
from .slugs import EM_BOX_TOP

# An upright glyph's baseline lies EM_BOX_TOP em below the top of its em cell
# (§1.1 NS: em box −120…880); a glyph turned 90° clockwise has its em box
# across the line, so its baseline lies BASELINE_ACROSS em right of the box's left.
BASELINE_ACROSS = 1.0 - EM_BOX_TOP


def vertical_lines_items(lines: Sequence[VerticalLine], right: float, top: float, pitch: float,
                         body_size: float, color: CMYK = BLACK,
                         tag: Optional[Tag] = None) -> list[Item]:
    """The lines as TextRuns, the first line's right edge at `right`, each
    next line `pitch` further left, all from `top` down; in reading order
    (top → bottom, right line → left line), so the drawn text, its
    ActualText and the structure tree read as the source does."""
    items: list[Item] = []
    for k, line in enumerate(lines):
        items.extend(vertical_line_runs(line, right - k * pitch - body_size, top, color, tag))
    return items


def lines_across(width: float, pitch: float, body_size: float) -> int:
    """How many vertical lines of `pitch` stand side by side in `width` pt
    (the last needs only its em, not its gap: G3's s·N + g·(N − 1))."""
    if width < body_size:
        return 0
    return int((width - body_size) // pitch + 1e-9) + 1


def vertical_line_runs(line: VerticalLine, left: float, top: float, color: CMYK = BLACK,
                       tag: Optional[Tag] = None) -> list[TextRun]:
    """One vertical line whose em column starts at `left`, from `top` down:
    a TextRun per stretch of one face (one for nearly every line: TCY digits
    keep their own sizes in TextRun.sizes), each glyph at its own origin —
    upright: the top of its em cell lowered to the baseline; turned 90°: on
    the baseline across the line, its advance running down.  Every run
    carries its source characters as ActualText, so that a reader takes the
    line whole, top to bottom, with the base characters of the vertical
    forms (V3), not glyphs sorted by their place on the page."""
    return [_vertical_run(list(group), left, top, color, tag)
            for _, group in groupby(line.glyphs, key=attrgetter("face"))]


def _vertical_run(glyphs: list[Glyph], left: float, top: float, color: CMYK,
                  tag: Optional[Tag]) -> TextRun:
    size = max([g.size for g in glyphs])
    baseline = top + EM_BOX_TOP * size            # of an upright glyph of `size` topping the line
    xs = tuple([g.x + (BASELINE_ACROSS * g.size if g.rotate else 0.0) for g in glyphs])
    ys = tuple([top + g.y + (0.0 if g.rotate else EM_BOX_TOP * g.size) - baseline for g in glyphs])
    sizes = tuple([g.size for g in glyphs])
    turns = tuple([g.rotate for g in glyphs])
    return TextRun(x=left, y=baseline, face=glyphs[0].face, size=size,
                   text="".join([g.drawn for g in glyphs]), xs=xs, ys=ys,
                   actual="".join([g.char for g in glyphs]), color=color, tag=tag,
                   turns=turns if any(turns) else (),
                   sizes=sizes if any(s != size for s in sizes) else ())
