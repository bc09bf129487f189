"""The CJK line composer: styled runs in, lines with glyph positions out (pure; no PDF).

Stages, one module each, driven by `compose_paragraph` (paragraph.py):
  classes.py   the §1.1 class table and the §1.2 prohibition sets
  prepare.py   runs → per-character widths, blanks, gaps, shrink/stretch, breaks (C1–C6, L1–L4)
  breaker.py   total-fit (Knuth–Plass style) or greedy line breaking (§1.3, §1.5 孤字, R7)
  justify.py   one line → glyph x positions, §1.5 shrink and expansion orders;
               the line's 着重号 and ruby readings (Line.annotations, positions
               along the line: the placing stage picks the side, under/over a
               horizontal line, right of a vertical one)
  vertical.py  vertical labels (§1.7 V1–V6)
  vertical_text.py  vertical paragraphs: the same breaker down a column (§1.7 V1–V5, issue 18 §1)
  trace.py     trace_lines and line_quality for tests and `check`
Settings are one frozen dataclass (settings.py); data types live in types.py.
"""
from .classes import char_class, classify
from .paragraph import compose_paragraph
from .settings import ComposerSettings
from .trace import line_quality, trace_lines
from .types import Annotation, Glyph, Line, Metrics, StyledRun, VerticalLine
from .vertical import compose_vertical
from .vertical_text import compose_vertical_paragraph

__all__ = ["compose_paragraph", "compose_vertical", "compose_vertical_paragraph", "ComposerSettings",
           "trace_lines", "line_quality", "StyledRun", "Glyph", "Line", "VerticalLine", "Metrics",
           "char_class", "classify", "Annotation"]
