"""Styled runs + measure → composed, justified lines (the composer's main entry)."""
from __future__ import annotations

from typing import Sequence

from . import classes as C
from .breaker import break_lines
from .justify import build_lines
from .prepare import HALF, prepare, release_wide_rubies
from .settings import ComposerSettings
from .trace import LOOSE_LIMIT_EM
from .types import Line, Metrics, StyledRun

DEFAULT_SETTINGS = ComposerSettings()
# A story's first paragraph opens with its dateline (本报讯（记者 钟离䶮）).  In
# an 11-character column the indented first line holds 9 em, the credit and
# the name kept whole (names are never split) 10¼ em at their tightest: the
# line would be letter-spaced, 本 报 讯 （记 者.  Such a paragraph is set
# without the indent when that makes its first line no looser than the
# spacing limit (§1.5, LOOSE_LIMIT_EM); the dateline, in its own face,
# starts the story as plainly as the indent would.
DATELINE_ROLE = "dateline"


def compose_paragraph(runs: Sequence[StyledRun], measure: float, metrics: Metrics,
                      settings: ComposerSettings = DEFAULT_SETTINGS,
                      indent_em: float = 2.0) -> tuple[Line, ...]:
    """Break and justify one paragraph.

    runs: the paragraph's text in styled runs, composed as one character
    sequence (C6); the em is the size of the first run.  measure: column
    width in pt.  indent_em: first-line indent (§1.5: 2 em; with an OPEN
    mark first and `open_at_line_start="half"` it becomes 1.5 em + the mark
    at ½ em, C4).  Returns the lines in order; joining their text gives back
    the runs' text exactly (a hyphen added at a break is a glyph with
    char="" and draw="-"; a word space at a break is kept, with no width).
    Glyph.x is measured from the column's left edge, so the first line's
    glyphs include its indent (Line.indent).  An empty paragraph gives one
    empty last line.  The lines are `PackedLine`s: ordinary Lines whose
    Glyphs are made on first use of `.glyphs` (types.py).
    """
    runs = [r for r in runs if r.text]
    if not runs:
        return (Line(glyphs=(), start=0, end=0, width=measure, natural=0.0, last=True),)
    lines = _composed(runs, measure, metrics, settings, indent_em)
    if indent_em > 0 and runs[0].role == DATELINE_ROLE and _loose(lines[0]):
        unindented = _composed(runs, measure, metrics, settings, 0.0)
        if not _loose(unindented[0]):
            return unindented
    return lines


def _composed(runs: Sequence[StyledRun], measure: float, metrics: Metrics, settings: ComposerSettings,
              indent_em: float) -> tuple[Line, ...]:
    p = prepare(runs, metrics, settings)
    measure_em = measure / p.em
    indent = _first_indent(p.cls[0], indent_em, settings)
    if p.rubies:
        release_wide_rubies(p, measure_em - indent)
    ranges = break_lines(p, measure_em, measure_em - indent)
    return build_lines(p, ranges, measure_em, indent)


def _loose(line: Line) -> bool:
    """Stretched past the spacing limit (a last line is never stretched)."""
    return line.gaps_expand_em > LOOSE_LIMIT_EM + 1e-9


def _first_indent(first_class: int, indent_em: float, settings: ComposerSettings) -> float:
    """C4: at paragraph start the 2-em indent becomes 1.5 em + OPEN at ½ em."""
    if first_class == C.OPEN and settings.open_at_line_start == "half" and indent_em >= HALF:
        return indent_em - HALF
    return indent_em
