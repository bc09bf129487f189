"""Vertical lines → display items: lines laid right to left (§1.7, issue 18 §1).

The vertical analogue of slugs.line_slug and the body grid (G1–G3): a
vertical line is one body em wide and takes one pitch across the page (its
line gap g = pitch − em to the left of its em, as a horizontal line's lies
below it); the first line stands at the right edge of its frame, each next
one a pitch further left; glyphs run down from the frame's top.  A frame's
grid is in characters down (G1: the measure is a whole number of ems) and
lines across.
"""
from __future__ import annotations

import math
from itertools import groupby
from operator import attrgetter
from typing import NamedTuple, Optional, Sequence

from ..compose import ComposerSettings, Metrics, StyledRun, VerticalLine, compose_vertical_paragraph
from ..compose.types import Glyph
from ..display import BLACK, CMYK, Item, Tag, TextRun
from .slugs import EM_BOX_TOP, Slug, translate

# An upright glyph's baseline lies EM_BOX_TOP em below the top of its em cell
# (§1.1 NS: em box −120…880); a glyph turned 90° clockwise has its em box
# across the line, so its baseline lies BASELINE_ACROSS em right of the box's left.
BASELINE_ACROSS = 1.0 - EM_BOX_TOP
DEFAULT_SETTINGS = ComposerSettings()


class Frame(NamedTuple):
    """A rectangle of vertical text, top-left (x, y), in pt."""
    x: float
    y: float
    width: float
    height: float


def chars_down(height: float, body_size: float) -> int:
    """The grid of a vertical frame in characters per line (G1: whole ems)."""
    return max(0, math.floor(height / body_size + 1e-9))


def lines_across(width: float, pitch: float, body_size: float) -> int:
    """How many vertical lines of `pitch` stand side by side in `width` pt
    (the last needs only its em, not its gap: G3's s·N + g·(N − 1))."""
    if width < body_size - 1e-9:
        return 0
    return int((width - body_size) // pitch + 1e-9) + 1


def vertical_slug(line: VerticalLine, body_size: float, pitch: float, color: CMYK = BLACK,
                  tag: Optional[Tag] = None) -> Slug:
    """One vertical line as a slug one pitch wide, its items relative to the
    slug's top-left corner with the line's em against its right edge."""
    chars = sum(1 for g in line.glyphs if g.char and not g.char.isspace())
    return Slug(lines=1, items=tuple(vertical_line_runs(line, pitch - body_size, 0.0, color, tag)),
                kind="line", chars=chars, text=line.text, direction="vertical")


def vertical_lines_items(lines: Sequence[VerticalLine], right: float, top: float, pitch: float,
                         body_size: float, color: CMYK = BLACK,
                         tag: Optional[Tag] = None) -> list[Item]:
    """The lines as TextRuns, the first line's right edge at `right`, each
    next line `pitch` further left, all from `top` down; in reading order
    (top → bottom, right line → left line), so the drawn text, its
    ActualText and the structure tree read as the source does."""
    items: list[Item] = []
    for k, line in enumerate(lines):
        slug = vertical_slug(line, body_size, pitch, color, tag)
        items.extend(translate(slug.items, right - (k + 1) * pitch, top))
    return items


def fill_frames(lines: Sequence[VerticalLine], frames: Sequence[Frame], pitch: float,
                body_size: float, color: CMYK = BLACK,
                tag: Optional[Tag] = None) -> tuple[list[Item], int]:
    """Lay `lines` into `frames` in order (each from its right edge, as many
    lines as stand across it): the items and how many lines found a place
    (the rest are overset)."""
    items: list[Item] = []
    placed = 0
    for frame in frames:
        take = list(lines[placed:placed + lines_across(frame.width, pitch, body_size)])
        items.extend(vertical_lines_items(take, frame.x + frame.width, frame.y, pitch, body_size,
                                          color, tag))
        placed += len(take)
    return items, placed


def set_vertical_block(paragraphs: Sequence[Sequence[StyledRun]], frame: Frame, pitch: float,
                       metrics: Metrics, settings: ComposerSettings = DEFAULT_SETTINGS,
                       indent_em: float = 2.0, color: CMYK = BLACK,
                       tag: Optional[Tag] = None) -> tuple[list[Item], list[VerticalLine]]:
    """Compose paragraphs vertically to the frame's grid (measure: its whole
    characters down, the em the first run's size) and lay them right to
    left in it: the items, and the lines that did not fit (overset)."""
    runs = [list(p) for p in paragraphs if p]
    if not runs:
        return [], []
    size = runs[0][0].size
    measure = chars_down(frame.height, size) * size
    lines = [line for p in runs
             for line in compose_vertical_paragraph(p, measure, metrics, settings, indent_em)]
    items, placed = fill_frames(lines, [frame], pitch, size, color, tag)
    return items, lines[placed:]


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
