"""The CJK line composer: styled runs in, lines with glyph positions out (pure; no PDF)."""
from .classes import char_class, classify
from .paragraph import compose_paragraph
from .settings import ComposerSettings
from .trace import line_quality, trace_lines
from .types import Glyph, Line, Metrics, StyledRun
from .vertical import compose_vertical

__all__ = ["compose_paragraph", "compose_vertical", "ComposerSettings", "trace_lines",
           "line_quality", "StyledRun", "Glyph", "Line", "Metrics", "char_class", "classify"]
